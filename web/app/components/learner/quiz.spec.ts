import { classify } from '~/offline/learner-client';
import { readEnrollment, type EnrollmentDetail, type EnrollmentSummary } from './enrollment';
import { formQuestions, quizSchema, readQuestions, toApiAnswers } from './quiz';
import { readResult } from './result';

const questions = [
  { id: 'q-single', type: 'single' as const },
  { id: 'q-multi', type: 'multiple' as const },
  { id: 'q-tf', type: 'true_false' as const },
];

describe('the quiz form schema', () => {
  it('accepts a complete form and turns it into the API shape', () => {
    const parsed = quizSchema(questions).safeParse({ attemptId: 'a1', answers: { 'q-single': '2', 'q-multi': ['3', '0'], 'q-tf': 'false' } });
    expect(parsed.success).toBe(true);
    if (!parsed.success) return;
    expect(toApiAnswers(questions, parsed.data.answers)).toEqual({ 'q-single': 2, 'q-multi': [0, 3], 'q-tf': false });
  });

  it('names every unanswered question, and a single checkbox still counts as a list', () => {
    const parsed = quizSchema(questions).safeParse({ attemptId: 'a1', answers: { 'q-multi': '1' } });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const paths = parsed.error.issues.map((issue) => issue.path.join('.')).sort();
    expect(paths).toEqual(['answers.q-single', 'answers.q-tf']);
    expect(parsed.error.issues.every((issue) => issue.message === 'Soal ini belum dijawab.')).toBe(true);
  });

  it('reads the question list the form carries, and none from a tampered field', () => {
    expect(formQuestions(JSON.stringify([{ id: 'q1', type: 'multiple', extra: 1 }]))).toEqual([{ id: 'q1', type: 'multiple' }]);
    expect(formQuestions('[{"id":"q1","type":"essay"}]')).toEqual([]);
    expect(formQuestions('not json')).toEqual([]);
    expect(formQuestions(null)).toEqual([]);
  });

  it('refuses an option that is not an index', () => {
    expect(quizSchema(questions).safeParse({ attemptId: 'a1', answers: { 'q-single': 'x', 'q-multi': ['1'], 'q-tf': 'true' } }).success).toBe(false);
  });
});

const summary: EnrollmentSummary = {
  id: 'e1',
  course: { slug: 'tksk-dasar', title: 'TKSK', version: 1, versionId: 'v1' },
  status: 'ACTIVE',
  source: 'SELF',
  cycle: 1,
  progress: { percent: 42.4, lessonsFinished: 5, lessonCount: 12 },
  nextStep: 'LESSON',
  dueAt: null,
  enrolledAt: '2026-11-01T00:00:00.000Z',
  completedAt: null,
};

const detail: EnrollmentDetail = {
  ...summary,
  resumeLessonId: 'l6',
  finishedLessonIds: ['l1'],
  pretest: { score: 40, submittedAt: '2026-11-02T00:00:00.000Z', openAttemptId: null, questionCount: 10, timeLimitMinutes: null },
  posttest: {
    bestScore: null,
    passed: false,
    passMark: 70,
    attemptsUsed: 0,
    maxAttempts: 3,
    attemptsLeft: 3,
    openAttemptId: 'a2',
    available: false,
    questionCount: 10,
    timeLimitMinutes: 30,
  },
  gain: null,
  attempts: [],
};

describe('the enrollment as the pages read it', () => {
  it('resumes at the lesson the API names, and reads scores and progress', () => {
    const enrollment = readEnrollment(detail);
    expect(enrollment.next).toEqual({ kind: 'lesson', lessonId: 'l6' });
    expect(enrollment.percent).toBe(42);
    expect(enrollment.pretestScore).toBe(40);
    expect(enrollment.posttestOpenAttemptId).toBe('a2');
    expect(enrollment.finishedLessonIds).toEqual(['l1']);
  });

  it('a list summary knows no lesson, scores or open attempts', () => {
    const enrollment = readEnrollment(summary);
    expect(enrollment.next).toEqual({ kind: 'lesson', lessonId: null });
    expect(enrollment.finishedLessonIds).toEqual([]);
    expect(enrollment.pretestScore).toBeNull();
    expect(enrollment.posttestOpenAttemptId).toBeNull();
  });

  it('a completed enrollment is done whatever the step says', () => {
    expect(readEnrollment({ ...summary, status: 'COMPLETED', nextStep: 'DONE' }).next).toEqual({ kind: 'done' });
    expect(readEnrollment({ ...summary, status: 'COMPLETED', nextStep: 'LESSON' }).next).toEqual({ kind: 'done' });
    expect(readEnrollment({ ...summary, status: 'ACTIVE', nextStep: 'PRETEST' }).next).toEqual({ kind: 'pretest' });
  });
});

describe('the attempt as the pages read it', () => {
  it('gives true/false questions an empty option list', () => {
    expect(
      readQuestions([
        { id: 'q1', type: 'single', prompt: 'Siapa?', options: ['A', 'B'] },
        { id: 'q2', type: 'true_false', prompt: 'Benar?', options: null },
      ]),
    ).toEqual([
      { id: 'q1', type: 'single', prompt: 'Siapa?', options: ['A', 'B'] },
      { id: 'q2', type: 'true_false', prompt: 'Benar?', options: [] },
    ]);
  });

  it('rounds the score and keeps what the API has not revealed as null', () => {
    const result = readResult({
      attemptId: 'a1',
      kind: 'posttest',
      score: 66.7,
      passed: false,
      correctCount: 2,
      total: 3,
      submittedAt: '2026-11-03T00:00:00.000Z',
      revealed: false,
      marked: true,
      results: [{ questionId: 'q1', correct: false, credit: null, yourAnswer: [0, 2], correctAnswer: null, explanation: null, module: 'Mengenal TKSK' }],
      enrollmentStatus: 'ACTIVE',
      attemptsLeft: 2,
    });
    expect(result.score).toBe(67);
    expect(result.attemptsLeft).toBe(2);
    expect(result.marked).toBe(true);
    expect(result.review).toEqual([{ questionId: 'q1', correct: false, given: [0, 2], correctAnswer: null, explanation: null, module: 'Mengenal TKSK' }]);
  });
});

describe('the offline queue reading /api/sync results', () => {
  it('drops applied and duplicate events, drops (and shows) 4xx refusals, keeps server errors for a retry', () => {
    expect(classify({ id: 'x', status: 'applied', statusCode: 200 })).toBe('done');
    expect(classify({ id: 'x', status: 'duplicate', statusCode: 200 })).toBe('done');
    expect(classify({ id: 'x', status: 'rejected', statusCode: 404, message: 'Tidak ditemukan' })).toBe('refused');
    expect(classify({ id: 'x', status: 'rejected', statusCode: 500 })).toBe('retry');
  });
});

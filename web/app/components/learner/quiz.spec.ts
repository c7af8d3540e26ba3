import { readEnrollment } from './enrollment';
import { quizSchema, toApiAnswers } from './quiz';
import { classify } from './client/learner-client';

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

  it('refuses an option that is not an index', () => {
    expect(quizSchema(questions).safeParse({ attemptId: 'a1', answers: { 'q-single': 'x', 'q-multi': ['1'], 'q-tf': 'true' } }).success).toBe(false);
  });
});

describe('the enrollment as the pages read it', () => {
  it('resumes at the lesson the API names, and reads scores and progress', () => {
    const enrollment = readEnrollment({
      id: 'e1',
      course: { slug: 'tksk-dasar', title: 'TKSK' },
      status: 'ACTIVE',
      progress: { percent: 42.4, lessonsFinished: 5, lessonCount: 12 },
      nextStep: 'LESSON',
      resumeLessonId: 'l6',
      finishedLessonIds: ['l1'],
      pretest: { score: 40, openAttemptId: null },
      posttest: { bestScore: null, openAttemptId: 'a2', available: false, attemptsLeft: 3 },
      gain: null,
      dueAt: null,
    });
    expect(enrollment.next).toEqual({ kind: 'lesson', lessonId: 'l6' });
    expect(enrollment.percent).toBe(42);
    expect(enrollment.pretestScore).toBe(40);
    expect(enrollment.posttestOpenAttemptId).toBe('a2');
  });

  it('a completed enrollment is done whatever the step says', () => {
    expect(readEnrollment({ id: 'e', course: { slug: 's', title: 't' }, status: 'COMPLETED', nextStep: 'DONE' }).next).toEqual({ kind: 'done' });
    expect(readEnrollment({ id: 'e', course: { slug: 's', title: 't' }, status: 'ACTIVE', nextStep: 'PRETEST' }).next).toEqual({ kind: 'pretest' });
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

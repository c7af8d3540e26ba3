import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { components } from '~/utils/api-schema';
import type { QuizKind } from '~/utils/api-types';
import type { Answer, QuizQuestion } from './quiz';

export interface ReviewItem {
  questionId: string;
  correct: boolean | null;
  given: Answer | null;
  correctAnswer: Answer | null;
  explanation: string | null;
  /** The module to read again (shown with right/wrong, without the right option). */
  module: string | null;
}

export interface LearnerResult {
  score: number;
  passed: boolean | null;
  revealed: boolean;
  /** Each question says right or wrong (after a post-test, failed or not). */
  marked: boolean;
  attemptsLeft: number | null;
  /** Passed but not completed: the course's field task still waits (decision 026). */
  awaitsFieldTask: boolean;
  review: ReviewItem[];
}

/** The API's AttemptResultDto (submit response, or `result` of GET /api/attempts/:id). */
export function readResult(dto: components['schemas']['AttemptResultDto']): LearnerResult {
  return {
    score: Math.round(dto.score),
    passed: dto.passed,
    revealed: dto.revealed,
    marked: dto.marked,
    attemptsLeft: dto.attemptsLeft,
    awaitsFieldTask: dto.passed === true && dto.enrollmentStatus === 'ACTIVE',
    review: dto.results.map((item) => ({
      questionId: item.questionId,
      correct: item.correct,
      given: item.yourAnswer ?? null,
      correctAnswer: item.correctAnswer ?? null,
      explanation: item.explanation || null,
      module: item.module || null,
    })),
  };
}

function describe(question: QuizQuestion, value: Answer | null, t: (key: string) => string): string {
  if (value === null || value === undefined) return t('result.noAnswer');
  if (typeof value === 'boolean') return value ? t('quiz.true') : t('quiz.false');
  const indexes = Array.isArray(value) ? value : [value];
  return indexes.map((index) => question.options[index] ?? String(index)).join('; ');
}

export function QuizResult(props: { kind: QuizKind; title: string; result: LearnerResult; questions: QuizQuestion[]; enrollmentId: string; courseHref: string }) {
  const { t } = useTranslation('learner');
  const { result, kind } = props;
  const byId = new Map(result.review.map((item) => [item.questionId, item]));
  return (
    <section>
      <h1>{t('result.title', { kind: props.title })}</h1>
      <p className="score" data-testid="score">
        {t('result.score', { score: result.score })}
      </p>
      {kind === 'pretest' ? (
        <p className="alert alert--ok">{t('result.pretestDone')}</p>
      ) : result.passed ? (
        <p className="alert alert--ok" role="status">
          {t('result.passed')}
        </p>
      ) : (
        <p className="alert alert--bad" role="status">
          {result.attemptsLeft === 0 ? t('result.outOfAttempts') : t('result.failed')}
        </p>
      )}
      <ul className="actions">
        {kind === 'posttest' && result.passed ? (
          <li>
            {result.awaitsFieldTask ? (
              <Link className="button" to={`/tugas/${props.enrollmentId}`}>
                {t('result.fieldTask')}
              </Link>
            ) : (
              <Link className="button" to="/sertifikat">
                {t('result.certificates')}
              </Link>
            )}
          </li>
        ) : null}
        {kind === 'posttest' && !result.passed && result.attemptsLeft !== 0 ? (
          <li>
            <Link className="button" to={`/ujian/${props.enrollmentId}/posttest`}>
              {t('result.tryAgain')}
            </Link>
          </li>
        ) : null}
        <li>
          <Link className={kind === 'pretest' ? 'button' : ''} to={props.courseHref}>
            {t('result.continue')}
          </Link>
        </li>
      </ul>
      {result.marked && !result.revealed ? <p className="alert">{t('result.keysHidden')}</p> : null}
      {result.review.length > 0 ? (
        <ol className="questions">
          {props.questions.map((question) => {
            const item = byId.get(question.id);
            return item ? <ReviewedQuestion key={question.id} question={question} item={item} /> : null;
          })}
        </ol>
      ) : null}
    </section>
  );
}

/**
 * One question of a submitted attempt: right or wrong when the API marks it, the worker's answer, and the right option
 * and explanation only when the API reveals them. A wrong answer without the key names the module to read again
 * (decision 023: after a failed post-test the key is not shown).
 */
function ReviewedQuestion({ question, item }: { question: QuizQuestion; item: ReviewItem }) {
  const { t } = useTranslation('learner');
  const marked = item.correct !== null;
  const hasKey = item.correctAnswer !== null && item.correctAnswer !== undefined;
  return (
    <li className={`question review${marked ? (item.correct ? ' review--ok' : ' review--bad') : ''}`}>
      <p className="question__prompt">{question.prompt}</p>
      {marked ? <p className={`badge badge--${item.correct ? 'ok' : 'bad'}`}>{item.correct ? t('result.correct') : t('result.wrong')}</p> : null}
      <p>{t('result.yourAnswer', { answer: describe(question, item.given, t) })}</p>
      {hasKey ? <p>{t('result.rightAnswer', { answer: describe(question, item.correctAnswer, t) })}</p> : null}
      {item.explanation ? (
        <p className="explanation">
          <strong>{t('result.explanation')}:</strong> {item.explanation}
        </p>
      ) : null}
      {item.correct === false && !hasKey && item.module ? <p className="explanation">{t('result.studyAgain', { module: item.module })}</p> : null}
    </li>
  );
}

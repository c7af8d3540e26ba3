import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { readEnrollment } from '~/components/learner/enrollment';
import { readQuestions } from '~/components/learner/quiz';
import { QuizResult, readResult } from '~/components/learner/result';
import { SyncStatus } from '~/components/learner/ui';
import { learnerHandle } from '~/route-handles';
import { orThrow } from '~/utils/api-error';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';

export const handle = learnerHandle;
export const meta: MetaFunction = () => [{ title: 'Hasil ujian — Bimtek Pilar' }];

/** One submitted attempt: score, pass or not, and (when the API reveals them) right answers and explanations. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUser({ request, context });
  const client = api(request);
  const attempt = orThrow(await client.GET('/api/attempts/{id}', { params: { path: { id: params.attemptId ?? '' } } }));
  if (!attempt.result) throw redirect(`/ujian/${attempt.enrollmentId}/${attempt.kind}?percobaan=${attempt.id}`);
  const enrollment = readEnrollment(orThrow(await client.GET('/api/enrollments/{id}', { params: { path: { id: attempt.enrollmentId } } })));
  return { attempt: { id: attempt.id, kind: attempt.kind, questions: readQuestions(attempt.questions) }, result: readResult(attempt.result), enrollment };
}

export default function AttemptResult() {
  const { attempt, result, enrollment } = useLoaderData<typeof loader>();
  const { t } = useTranslation('learner');
  const show = (value: number | null) => (value === null ? '—' : String(Math.round(value)));
  const courseHref = `/kursus/${enrollment.courseSlug}`;
  return (
    <>
      <p className="crumbs">
        <Link to={courseHref}>{enrollment.courseTitle}</Link>
      </p>
      <SyncStatus />
      <QuizResult
        kind={attempt.kind}
        title={attempt.kind === 'pretest' ? t('quiz.pretest') : t('quiz.posttest')}
        result={result}
        questions={attempt.questions}
        enrollmentId={enrollment.id}
        courseHref={courseHref}
      />
      <h2>{t('result.summary')}</h2>
      <dl className="facts">
        <dt>{t('result.pretestScore')}</dt>
        <dd data-testid="pretest-score">{show(enrollment.pretestScore)}</dd>
        <dt>{t('result.posttestScore')}</dt>
        <dd data-testid="posttest-score">{show(enrollment.posttestScore)}</dd>
        <dt>{t('result.gain')}</dt>
        <dd>{enrollment.gain === null ? '—' : `${enrollment.gain > 0 ? '+' : ''}${Math.round(enrollment.gain)}`}</dd>
      </dl>
    </>
  );
}

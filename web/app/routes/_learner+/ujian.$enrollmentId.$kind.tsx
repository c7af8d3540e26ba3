import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ErrorList, FormAlert } from '~/components/forms';
import { readEnrollment } from '~/components/learner/enrollment';
import { formQuestions, quizSchema, readQuestions, toApiAnswers } from '~/components/learner/quiz';
import { SyncStatus } from '~/components/learner/ui';
import { learnerHandle } from '~/route-handles';
import { orThrow } from '~/utils/api-error';
import { pageProblem } from '~/utils/api-problem.server';
import { isQuizKind, type QuizKind } from '~/utils/api-types';
import { api, idempotencyKey, newKey } from '~/utils/api.server';
import { formatDateTime } from '~/utils/format';
import { handedPageOf } from '~/utils/handed-page';
import { pageRead, requireUser } from '~/utils/session.server';

export const handle = learnerHandle;
export const meta: MetaFunction = ({ params }) => [{ title: `${params.kind === 'pretest' ? 'Pre-test' : 'Post-test'} — Bimtek Pilar` }];
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'private, no-store' });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function kindOf(value: string | undefined): QuizKind {
  if (!isQuizKind(value)) throw new Response('Ujian tidak ditemukan', { status: 404 });
  return value;
}

/**
 * `/ujian/<enrollment>/<kind>` introduces the test (or goes to the attempt already open); "Mulai" starts an attempt
 * (POST, then a redirect to `?percobaan=<attempt>`), which the API keeps frozen: reloading shows the same questions.
 * The answers are one form; submitting it redirects to the result page `/hasil/<attempt>`.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { request, params } = args;
  const kind = kindOf(params.kind);
  const enrollmentId = params.enrollmentId ?? '';
  const url = new URL(request.url);
  const attemptId = url.searchParams.get('percobaan');
  if (attemptId !== null && !UUID.test(attemptId)) throw new Response('Tes tidak ditemukan', { status: 404 });
  // One API call (decision 022): the enrollment (the test's rules, any open attempt) and the attempt being taken.
  const query = { attempt: attemptId ?? undefined };
  const read = pageRead(args, () => api(request).GET('/api/learner/tests/{enrollmentId}/{kind}', { params: { path: { enrollmentId, kind }, query } }));
  await requireUser(args);
  const page = orThrow(await read);
  const enrollment = readEnrollment(page.enrollment);
  const open = kind === 'pretest' ? enrollment.pretestOpenAttemptId : enrollment.posttestOpenAttemptId;
  if (!attemptId && open) throw redirect(`${url.pathname}?percobaan=${open}`);
  const rules = kind === 'pretest' ? page.enrollment.pretest : page.enrollment.posttest;
  const info = {
    kind,
    enrollmentId: enrollment.id,
    courseSlug: enrollment.courseSlug,
    courseTitle: enrollment.courseTitle,
    questionCount: rules.questionCount,
    passMark: page.enrollment.posttest.passMark,
    timeLimitMinutes: rules.timeLimitMinutes ?? null,
    // The server's key when it keeps this page's HTML (decision 034): it fills a fresh one per request.
    submitKey: handedPageOf(args.context, request)?.formKey ?? newKey(),
  };
  const attempt = page.attempt;
  if (!attempt) return { ...info, attempt: null };
  if (attempt.result) throw redirect(`/hasil/${attempt.id}`);
  return { ...info, attempt: { id: attempt.id, questions: readQuestions(attempt.questions), deadline: attempt.deadline ?? null } };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await requireUser({ request, context });
  const kind = kindOf(params.kind);
  const enrollmentId = params.enrollmentId ?? '';
  const form = await request.formData();
  const url = new URL(request.url);
  if (form.get('intent') === 'start') {
    const started = await api(request).POST('/api/enrollments/{id}/attempts', {
      params: { path: { id: enrollmentId } },
      body: { kind },
      headers: idempotencyKey(form.get('idempotencyKey')),
    });
    if (!started.data) return { reply: null, error: await pageProblem(request, started, 'Permintaan gagal. Coba lagi.') };
    return redirect(`${url.pathname}?percobaan=${started.data.id}`);
  }
  const questions = formQuestions(form.get('questions'));
  const submission = parseWithZod(form, { schema: quizSchema(questions) });
  if (submission.status !== 'success') return { reply: submission.reply(), error: null };
  const { attemptId, answers } = submission.value;
  const sent = await api(request).POST('/api/attempts/{id}/submit', {
    params: { path: { id: attemptId } },
    body: { answers: toApiAnswers(questions, answers) },
    headers: idempotencyKey(form.get('idempotencyKey')),
  });
  if (!sent.data) {
    const message = await pageProblem(request, sent, 'Permintaan gagal. Coba lagi.');
    return { reply: submission.reply({ formErrors: [message] }), error: message };
  }
  return redirect(`/hasil/${attemptId}`);
}

/** The answers a refused form sent (conform's `initialValue.answers`), to show them again checked. */
function formAnswers(initialValue: unknown): Record<string, string | string[]> {
  const answers = initialValue && typeof initialValue === 'object' && 'answers' in initialValue ? initialValue.answers : null;
  const out: Record<string, string | string[]> = {};
  if (!answers || typeof answers !== 'object') return out;
  for (const [id, value] of Object.entries(answers)) {
    if (typeof value === 'string') out[id] = value;
    else if (Array.isArray(value)) out[id] = value.filter((item): item is string => typeof item === 'string');
  }
  return out;
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Attempt = NonNullable<LoaderData['attempt']>;
type Question = Attempt['questions'][number];

export default function Quiz() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation('learner');
  const title = data.kind === 'pretest' ? t('quiz.pretest') : t('quiz.posttest');
  return (
    <section>
      <p className="crumbs">
        <Link to={`/kursus/${data.courseSlug}`}>{data.courseTitle}</Link>
      </p>
      <h1>{title}</h1>
      {data.attempt ? <QuizForm attempt={data.attempt} /> : <QuizStart title={title} />}
    </section>
  );
}

/** Before an attempt: what the quiz is, and the button that opens one. */
function QuizStart({ title }: { title: string }) {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation('learner');
  return (
    <>
      <FormAlert errors={actionData?.error} />
      <p>{data.kind === 'pretest' ? t('quiz.pretestIntro') : t('quiz.posttestIntro', { mark: data.passMark })}</p>
      <p className="meta">
        {t('course.questions', { count: data.questionCount })}
        {data.timeLimitMinutes ? ` · ${t('course.minutes', { count: data.timeLimitMinutes })}` : ''}
      </p>
      <Form method="post">
        <input type="hidden" name="intent" value="start" />
        <input type="hidden" name="idempotencyKey" value={data.submitKey} />
        <button type="submit" className="button">
          {t('home.start')} {title}
        </button>
      </Form>
    </>
  );
}

/** The open attempt: every question, the answers a refused form sent checked again, queued offline by /learner.js. */
function QuizForm({ attempt }: { attempt: Attempt }) {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>()?.reply;
  const { t, i18n } = useTranslation('learner');
  const values = formAnswers(reply?.initialValue);
  const errors = reply?.error ?? {};
  const missing = Object.keys(errors).some((key) => key.startsWith('answers.'));
  const total = attempt.questions.length;
  const answered = attempt.questions.filter((q) => values[q.id] !== undefined && values[q.id] !== '').length;
  return (
    <>
      <SyncStatus />
      {attempt.deadline ? <p className="meta">{t('quiz.deadline', { time: formatDateTime(attempt.deadline, i18n.language) })}</p> : null}
      <Form method="post" className="quiz" data-offline="attempt" data-attempt={attempt.id} data-enrollment={data.enrollmentId} noValidate>
        <p className="quiz__progress" data-quiz-progress data-template={t('quiz.progress', { answered: '{n}', total })} aria-live="polite">
          {t('quiz.progress', { answered, total })}
        </p>
        <FormAlert errors={errors[''] ?? (missing ? t('quiz.formError') : null)} />
        <input type="hidden" name="attemptId" value={attempt.id} />
        <input type="hidden" name="idempotencyKey" value={data.submitKey} />
        <input type="hidden" name="questions" value={JSON.stringify(attempt.questions.map(({ id, type }) => ({ id, type })))} />
        <ol className="questions">
          {attempt.questions.map((question, index) => (
            <QuestionField key={question.id} question={question} index={index} total={total} value={values[question.id]} errors={errors[`answers.${question.id}`] ?? undefined} />
          ))}
        </ol>
        <button type="submit" className="button">
          {t('quiz.submit')}
        </button>
        <p className="hint offline-note" data-offline-queued hidden>
          {t('result.queued')}
        </p>
      </Form>
    </>
  );
}

/** One question as radio buttons (single, true/false) or checkboxes (multiple), with its error. */
function QuestionField({ question, index, total, value, errors }: { question: Question; index: number; total: number; value?: string | string[]; errors?: string[] }) {
  const { t } = useTranslation('learner');
  const errorId = `q-${index}-error`;
  const chosen = new Set(Array.isArray(value) ? value : value === undefined ? [] : [value]);
  const options: [string, string][] =
    question.type === 'true_false'
      ? [
          ['true', t('quiz.true')],
          ['false', t('quiz.false')],
        ]
      : question.options.map((option, i) => [String(i), option]);
  return (
    <li className="question">
      <fieldset aria-describedby={errors ? errorId : undefined} aria-invalid={errors ? true : undefined}>
        <legend>
          <span className="meta">{t('quiz.question', { number: index + 1, total })}</span>
          <span className="question__prompt">{question.prompt}</span>
          <span className="hint">{question.type === 'multiple' ? t('quiz.chooseMany') : t('quiz.chooseOne')}</span>
        </legend>
        {options.map(([optionValue, label]) => (
          <label key={optionValue} className="choice">
            <input type={question.type === 'multiple' ? 'checkbox' : 'radio'} name={`answers.${question.id}`} value={optionValue} defaultChecked={chosen.has(optionValue)} />
            <span>{label}</span>
          </label>
        ))}
        <ErrorList id={errorId} errors={errors} />
      </fieldset>
    </li>
  );
}

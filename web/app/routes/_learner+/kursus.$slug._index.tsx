import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '~/components/forms';
import { ProgressBar, SyncStatus } from '~/components/learner/ui';
import { learnerHandle } from '~/route-handles';
import { orThrow } from '~/utils/api-error';
import { pageProblem } from '~/utils/api-problem.server';
import { api, idempotencyKey, newKey } from '~/utils/api.server';
import { formatDate } from '~/utils/format';
import { handedPageOf } from '~/utils/handed-page';
import { readEnrollment } from '~/components/learner/enrollment';
import { pageRead, requireUser } from '~/utils/session.server';
import { keep, outlines } from './content-cache.server';
import { resumeHref } from './enrollments.server';

export const handle = learnerHandle;
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.course.title ?? 'Kursus'} — Bimtek Pilar` }];

/** One API call: the worker's enrollment and the account; the outline only when the one held here is not current. */
export async function loader(args: LoaderFunctionArgs) {
  const slug = args.params.slug ?? '';
  const held = outlines.get(slug);
  const query = { outlineEtag: held?.etag };
  const page = orThrow(await pageRead(args, () => api(args.request).GET('/api/learner/courses/{slug}', { params: { path: { slug }, query } })));
  const course = keep(outlines, slug, held, page.outlineEtag, page.outline);
  if (!course) throw new Response('Kursus tidak dapat dimuat. Coba lagi.', { status: 502 });
  const enrollment = page.enrollment ? readEnrollment(page.enrollment) : null;
  // The enrol form's key is the server's when it keeps this page's HTML (decision 034): it fills a fresh one per request.
  const enrolKey = handedPageOf(args.context, args.request)?.formKey ?? newKey();
  return { course, signedIn: Boolean(page.user), enrolKey, enrollment: enrollment ? { ...enrollment, resume: resumeHref(enrollment) } : null };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await requireUser({ request, context });
  const form = await request.formData();
  const result = await api(request).POST('/api/enrollments', {
    body: { course: params.slug ?? '' },
    headers: idempotencyKey(form.get('idempotencyKey')),
  });
  if (!result.data) return { error: await pageProblem(request, result, 'Permintaan gagal. Coba lagi.') };
  return redirect(`/kursus/${params.slug}?terdaftar=1`);
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function CoursePage() {
  const { course, enrollment } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation('learner');
  return (
    <article>
      <p className="crumbs">
        <Link to="/katalog">{t('catalogue.title')}</Link>
      </p>
      <h1>{course.title}</h1>
      <p className="meta">{t('course.facts', { hours: course.hours, lessons: course.lessonCount, minutes: course.totalMinutes })}</p>
      <p>{course.summary}</p>
      <SyncStatus />
      <FormAlert errors={actionData?.error} />
      <EnrolmentCard />
      <div className="offline-save" data-offline-save={course.slug} hidden>
        <button type="button" className="button button--secondary">
          {t('offline.save')}
        </button>
        <p className="hint" role="status" aria-live="polite" data-saved={t('offline.saved')} data-saving={t('offline.saving')} data-failed={t('offline.failed')} />
      </div>
      <Outline course={course} enrollment={enrollment} />
    </article>
  );
}

/** Where the learner stands: progress and "continue", or enrol, or sign in to enrol. */
function EnrolmentCard() {
  const { course, signedIn, enrolKey, enrollment } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation('learner');
  return (
    enrollment ? (
        <div className="card">
          <ProgressBar percent={enrollment.percent} label={t('course.progress')} />
          {enrollment.dueAt ? <p className="meta">{t('home.due', { date: formatDate(enrollment.dueAt, i18n.language) })}</p> : null}
          <p>
            <Link className="button" to={enrollment.resume} data-testid="resume">
              {enrollment.completed ? t('home.viewResult') : enrollment.percent > 0 ? t('home.resume') : t('home.start')}
            </Link>
          </p>
        </div>
      ) : signedIn ? (
        <Form method="post" className="card">
          <input type="hidden" name="idempotencyKey" value={enrolKey} />
          <p>{t('course.enrolIntro')}</p>
          <button type="submit" className="button">
            {t('course.enrol')}
          </button>
        </Form>
      ) : (
        <p className="card">
          <Link className="button" to={`/masuk?redirectTo=${encodeURIComponent(`/kursus/${course.slug}`)}`}>
            {t('course.loginToEnrol')}
          </Link>
        </p>
      )
  );
}

/** The course's steps: pre-test, each module's lessons (finished ones marked), post-test. */
function Outline({ course, enrollment }: Pick<LoaderData, 'course' | 'enrollment'>) {
  const { t } = useTranslation('learner');
  const finished = new Set(enrollment?.finishedLessonIds ?? []);
  const enrolled = Boolean(enrollment);
  return (
    <>
      <h2>{t('course.outline')}</h2>
      <ol className="outline">
        <li className="outline__step">
          {enrolled ? <Link to={`/ujian/${enrollment?.id}/pretest`}>{t('quiz.pretest')}</Link> : <span>{t('quiz.pretest')}</span>}{' '}
          <span className="meta">{t('course.questions', { count: course.pretest.questionCount })}</span>
        </li>
        {course.modules.map((module) => (
          <li key={module.position}>
            <h3 className="outline__module">{module.title}</h3>
            <ol className="outline__lessons">
              {module.lessons.map((lesson) => (
                <li key={lesson.id}>
                  <Link to={`/kursus/${course.slug}/pelajaran/${lesson.id}`}>{lesson.title}</Link>{' '}
                  <span className="meta">{t('course.minutes', { count: lesson.minutes })}</span>
                  {finished.has(lesson.id) ? <span className="badge badge--ok">{t('lesson.finished')}</span> : null}
                </li>
              ))}
            </ol>
          </li>
        ))}
        <li className="outline__step">
          {enrolled ? <Link to={`/ujian/${enrollment?.id}/posttest`}>{t('quiz.posttest')}</Link> : <span>{t('quiz.posttest')}</span>}{' '}
          <span className="meta">
            {t('course.questions', { count: course.posttest.questionCount })} · {t('course.passMark', { mark: course.posttest.passMark })}
          </span>
        </li>
        {enrolled ? (
          <li className="outline__step">
            <Link to={`/tugas/${enrollment?.id}`}>{t('course.fieldTask')}</Link>
          </li>
        ) : null}
      </ol>
    </>
  );
}

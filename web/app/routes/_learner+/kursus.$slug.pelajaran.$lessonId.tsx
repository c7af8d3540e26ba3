import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '~/components/forms';
import { SyncStatus } from '~/components/learner/ui';
import { learnerHandle } from '~/route-handles';
import { throwIfUnavailable } from '~/utils/api-error';
import { pageProblem } from '~/utils/api-problem.server';
import { api, idempotencyKey } from '~/utils/api.server';
import { pageRead, requireUser, safeRedirect } from '~/utils/session.server';
import { keep, lessons } from './content-cache.server';

export const handle = learnerHandle;
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.lesson.title ?? 'Pelajaran'} — Bimtek Pilar` }];
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'private, no-cache' });

/**
 * One API call, and no write (decision 022): the worker's state in the course, the account, and a signed "opened at"
 * the finish form carries back (that is how the API knows the lesson was opened, and for how long it was read); the
 * lesson's HTML only when the copy held here is not it. With JavaScript, learner.js also records the opening, so
 * "Lanjutkan" returns to a lesson read but not finished; saving a course for offline records nothing.
 */
export async function loader(args: LoaderFunctionArgs) {
  const slug = args.params.slug ?? '';
  const lessonId = args.params.lessonId ?? '';
  const held = lessons.get(lessonId);
  const query = { lessonEtag: held?.etag };
  const found = await pageRead(args, () => api(args.request).GET('/api/learner/courses/{slug}/lessons/{lessonId}', { params: { path: { slug, lessonId }, query } }));
  throwIfUnavailable(found);
  const { data: page, response } = found;
  if (response.status === 404 || response.status === 400 || !page) throw new Response('Pelajaran tidak ditemukan', { status: 404 });
  const lesson = keep(lessons, lessonId, held, page.lessonEtag, page.lesson);
  if (!lesson) throw new Response('Pelajaran tidak dapat dimuat. Coba lagi.', { status: 502 });
  return {
    lesson,
    signedIn: Boolean(page.user),
    enrollmentId: page.enrollment?.id ?? null,
    finished: page.enrollment?.finished ?? false,
    openedToken: page.enrollment?.openedToken ?? '',
    nextHref: lesson.next ? `/kursus/${slug}/pelajaran/${lesson.next.id}` : `/kursus/${slug}`,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await requireUser({ request, context });
  const form = await request.formData();
  const enrollmentId = String(form.get('enrollmentId') ?? '');
  const lessonId = params.lessonId ?? '';
  if (!/^[\w-]{1,80}$/.test(enrollmentId)) return { error: 'Anda belum terdaftar di kursus ini.' };
  const openedToken = String(form.get('openedToken') ?? '').slice(0, 200);
  const result = await api(request).POST('/api/enrollments/{id}/lessons/{lessonId}/finish', {
    params: { path: { id: enrollmentId, lessonId } },
    body: openedToken ? { openedToken } : {},
    headers: idempotencyKey(form.get('idempotencyKey')),
  });
  if (!result.data) return { error: await pageProblem(request, result, 'Permintaan gagal. Coba lagi.') };
  return redirect(safeRedirect(form.get('next'), `/kursus/${params.slug}`));
}

export default function LessonReader() {
  const { lesson, signedIn, enrollmentId, finished, openedToken, nextHref } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation('learner');
  const courseHref = `/kursus/${lesson.course.slug}`;
  return (
    <article className="lesson">
      <p className="crumbs">
        <Link to={courseHref}>{lesson.course.title}</Link> · {lesson.module.title}
      </p>
      <p className="meta">
        {t('lesson.position', { position: lesson.position, total: lesson.course.lessonCount })} · {t('course.minutes', { count: lesson.minutes })}
      </p>
      <h1>{lesson.title}</h1>
      <SyncStatus />
      <div className="prose" dangerouslySetInnerHTML={{ __html: lesson.html }} />

      <FormAlert errors={actionData?.error} />
      {enrollmentId ? (
        <Form
          method="post"
          className="finish"
          data-offline="lesson"
          data-enrollment={enrollmentId}
          data-lesson={lesson.id}
          data-next={nextHref}
          data-opened-token={openedToken}
        >
          <input type="hidden" name="enrollmentId" value={enrollmentId} />
          <input type="hidden" name="openedToken" value={openedToken} />
          <input type="hidden" name="idempotencyKey" value={`finish-${enrollmentId}-${lesson.id}`} />
          <input type="hidden" name="next" value={nextHref} />
          {finished ? <p className="badge badge--ok">{t('lesson.finished')}</p> : null}
          <button type="submit" className="button">
            {lesson.next ? t('lesson.finishNext') : t('lesson.finishLast')}
          </button>
        </Form>
      ) : signedIn ? (
        <p className="card">
          <Link to={courseHref}>{t('lesson.enrolFirst')}</Link>
        </p>
      ) : null}

      <nav className="pager" aria-label={t('lesson.pager')}>
        {lesson.previous ? (
          <Link rel="prev" to={`${courseHref}/pelajaran/${lesson.previous.id}`}>
            ← {lesson.previous.title}
          </Link>
        ) : (
          <span />
        )}
        {lesson.next ? (
          <Link rel="next" to={`${courseHref}/pelajaran/${lesson.next.id}`}>
            {lesson.next.title} →
          </Link>
        ) : (
          <Link to={courseHref}>{t('lesson.backToCourse')}</Link>
        )}
      </nav>
    </article>
  );
}

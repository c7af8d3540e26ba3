import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '~/components/forms';
import { SyncStatus } from '~/components/learner/ui';
import { isOfflineSave } from '~/offline/offline-save';
import { learnerHandle } from '~/route-handles';
import { throwIfUnavailable } from '~/utils/api-error';
import { pageProblem } from '~/utils/api-problem.server';
import { api, idempotencyKey } from '~/utils/api.server';
import { getUser, requireUser, safeRedirect } from '~/utils/session.server';
import { enrollmentFor } from './enrollments.server';

export const handle = learnerHandle;
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.lesson.title ?? 'Pelajaran'} — Bimtek Pilar` }];
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'private, no-cache' });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const slug = params.slug ?? '';
  const lessonId = params.lessonId ?? '';
  const found = await api(request).GET('/api/courses/{slug}/lessons/{lessonId}', { params: { path: { slug, lessonId } } });
  throwIfUnavailable(found);
  const { data: lesson, response } = found;
  if (response.status === 404 || response.status === 400 || !lesson) throw new Response('Pelajaran tidak ditemukan', { status: 404 });
  const user = await getUser({ request, context });
  const enrollment = user ? await enrollmentFor(request, slug) : null;
  // Where to resume: the API remembers the last lesson opened (not when the page is only being saved for offline).
  if (enrollment && !isOfflineSave(request)) {
    await api(request).POST('/api/enrollments/{id}/lessons/{lessonId}/open', { params: { path: { id: enrollment.id, lessonId: lesson.id } } });
  }
  return {
    lesson,
    signedIn: Boolean(user),
    enrollmentId: enrollment?.id ?? null,
    finished: enrollment ? enrollment.finishedLessonIds.includes(lesson.id) : false,
    nextHref: lesson.next ? `/kursus/${slug}/pelajaran/${lesson.next.id}` : `/kursus/${slug}`,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await requireUser({ request, context });
  const form = await request.formData();
  const enrollmentId = String(form.get('enrollmentId') ?? '');
  const lessonId = params.lessonId ?? '';
  if (!/^[\w-]{1,80}$/.test(enrollmentId)) return { error: 'Anda belum terdaftar di kursus ini.' };
  const result = await api(request).POST('/api/enrollments/{id}/lessons/{lessonId}/finish', {
    params: { path: { id: enrollmentId, lessonId } },
    body: {},
    headers: idempotencyKey(form.get('idempotencyKey')),
  });
  if (!result.data) return { error: await pageProblem(request, result, 'Permintaan gagal. Coba lagi.') };
  return redirect(safeRedirect(form.get('next'), `/kursus/${params.slug}`));
}

export default function LessonReader() {
  const { lesson, signedIn, enrollmentId, finished, nextHref } = useLoaderData<typeof loader>();
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
        >
          <input type="hidden" name="enrollmentId" value={enrollmentId} />
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

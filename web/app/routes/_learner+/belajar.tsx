import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '~/components/forms';
import { ProgressBar, SyncStatus } from '~/components/learner/ui';
import { learnerHandle } from '~/route-handles';
import { readEnrollment } from '~/components/learner/enrollment';
import { throwIfUnavailable } from '~/utils/api-error';
import { api } from '~/utils/api.server';
import { formatDate } from '~/utils/format';
import { pageRead, requireUser } from '~/utils/session.server';
import { resumeHref } from './enrollments.server';

export const handle = learnerHandle;
export const meta: MetaFunction = () => [{ title: 'Kursus saya — Bimtek Pilar' }];

/** One API call: the worker's enrollments, with the account (decision 022). */
export async function loader(args: LoaderFunctionArgs) {
  const page = pageRead(args, () => api(args.request).GET('/api/learner/home'));
  const user = await requireUser(args);
  const result = await page;
  throwIfUnavailable(result);
  const items = (result.data?.enrollments ?? []).map(readEnrollment);
  return {
    name: user.name,
    unavailable: !result.data,
    courses: items.map((item) => ({ ...item, resume: resumeHref(item) })),
  };
}

export default function MyCourses() {
  const { name, courses, unavailable } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation('learner');
  return (
    <section>
      <h1>{t('home.title')}</h1>
      <p>{t('home.greeting', { name })}</p>
      <SyncStatus />
      <FormAlert errors={unavailable ? t('home.unavailable') : null} />
      {courses.length === 0 ? (
        <div className="card">
          <p>{t('home.empty')}</p>
          <p>
            <Link className="button" to="/katalog">
              {t('home.browse')}
            </Link>
          </p>
        </div>
      ) : (
        <ul className="cards">
          {courses.map((course) => (
            <li key={course.id} className="card">
              <h2 className="card__title">
                <Link to={`/kursus/${course.courseSlug}`}>{course.courseTitle}</Link>
              </h2>
              <ProgressBar percent={course.percent} label={t('course.progress')} />
              {course.dueAt ? <p className="meta">{t('home.due', { date: formatDate(course.dueAt, i18n.language) })}</p> : null}
              {course.completed ? (
                <p className="badge badge--ok">{t('home.completed')}</p>
              ) : null}
              <p>
                <Link className="button" to={course.resume}>
                  {course.completed ? t('home.viewResult') : course.percent > 0 ? t('home.resume') : t('home.start')}
                </Link>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

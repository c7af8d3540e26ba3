import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '~/components/forms';
import { ProgressBar, SyncStatus } from '~/components/learner/ui';
import { learnerHandle } from '~/route-handles';
import { formatDate } from '~/utils/format';
import { requireUser } from '~/utils/session.server';
import { myEnrollments, resumeHref } from './enrollments.server';

export const handle = learnerHandle;
export const meta: MetaFunction = () => [{ title: 'Kursus saya — Bimtek Pilar' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const { items, unavailable } = await myEnrollments(request);
  return {
    name: user.name,
    unavailable,
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

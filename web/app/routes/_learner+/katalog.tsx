import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { learnerHandle } from '~/route-handles';
import { orThrow } from '~/utils/api-error';
import { api } from '~/utils/api.server';
import { pageRead } from '~/utils/session.server';

export const handle = learnerHandle;
export const meta: MetaFunction = () => [{ title: 'Katalog kursus — Bimtek Pilar' }];

/** One API call: the courses for the signed-in worker's pillar (every course for a visitor), with the account. */
export async function loader(args: LoaderFunctionArgs) {
  const q = (new URL(args.request.url).searchParams.get('q') ?? '').trim().slice(0, 100);
  const page = orThrow(await pageRead(args, () => api(args.request).GET('/api/learner/catalogue', { params: { query: { q: q || undefined } } })));
  return { q, pillar: page.pillar ?? null, courses: page.courses };
}

export default function Catalogue() {
  const { q, pillar, courses } = useLoaderData<typeof loader>();
  const { t } = useTranslation('learner');
  return (
    <section>
      <h1>{t('catalogue.title')}</h1>
      <p>{pillar ? t('catalogue.forPillar', { pillar: t(`pillar.${pillar}`) }) : t('catalogue.all')}</p>
      <Form method="get" role="search" className="search">
        <label htmlFor="q">{t('catalogue.search')}</label>
        <div className="search__row">
          <input id="q" name="q" type="search" defaultValue={q} maxLength={100} />
          <button type="submit" className="button">
            {t('catalogue.searchButton')}
          </button>
        </div>
      </Form>
      {courses.length === 0 ? <p>{t('catalogue.none')}</p> : null}
      <ul className="cards">
        {courses.map((course) => (
          <li key={course.slug} className="card">
            <h2 className="card__title">
              <Link to={`/kursus/${course.slug}`}>{course.title}</Link>
            </h2>
            <p className="meta">
              {t('course.facts', { hours: course.hours, lessons: course.lessonCount, minutes: course.totalMinutes })}
              {' · '}
              {course.pillars.map((p) => t(`pillar.${p}`)).join(', ')}
            </p>
            <p>{course.summary}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { learnerHandle } from '~/components/learner/ui';
import type { components } from '~/utils/api-schema';
import { getUser } from '~/utils/session.server';
import { api } from '~/utils/api.server';

export const handle = learnerHandle;
export const meta: MetaFunction = () => [{ title: 'Katalog kursus — Bimtek Pilar' }];

type Pillar = components['schemas']['CoursePillar'];
/** Every pillar the catalogue filters by (tsc checks the list against the API's enum, both ways). */
const PILLARS = { TKSK: true, TAGANA: true, PSM: true, KARANG_TARUNA: true, PENDAMPING_PKH: true, SLRT: true, SEMUA: true } satisfies Record<Pillar, true>;

function isPillar(value: string | null | undefined): value is Pillar {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PILLARS, value);
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getUser({ request, context });
  const url = new URL(request.url);
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
  const pillar = isPillar(user?.pillar) ? user.pillar : undefined;
  const { data, response } = await api(request).GET('/api/courses', { params: { query: { pillar, q: q || undefined, pageSize: 100 } } });
  if (!response.ok || !data) throw new Response('Katalog tidak dapat dimuat', { status: 502 });
  return { q, pillar: pillar ?? null, courses: data.items };
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

import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { loadItemAnalysis } from '~/components/studio/item-analysis.server';
import { ItemAnalysisView } from '~/components/studio/item-analysis';
import { studioHandle } from '~/components/studio/studio';
import { requireUser } from '~/utils/session.server';
import { ADMIN_ROLES } from './scope.server';

export const handle = studioHandle;
export const meta: MetaFunction = () => [{ title: 'Analisis soal — Bimtek Pilar' }];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, ADMIN_ROLES);
  return loadItemAnalysis(args.request);
}

export default function AdminItemAnalysis() {
  const { courses, slug, analysis } = useLoaderData<typeof loader>();
  return (
    <section className="wide studio">
      <p>
        <Link to="/admin/kursus">← Tinjau kursus</Link>
      </p>
      <h1>Analisis soal</h1>
      <ItemAnalysisView courses={courses} slug={slug} analysis={analysis} editHref={() => null} />
    </section>
  );
}

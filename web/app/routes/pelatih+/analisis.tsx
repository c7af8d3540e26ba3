import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { loadItemAnalysis } from '~/components/studio/item-analysis.server';
import { ItemAnalysisView } from '~/components/studio/item-analysis';
import { studioHandle } from '~/components/studio/studio';
import { orThrow } from '~/utils/api-error';
import { api } from '~/utils/api.server';
import { requireTrainer } from './studio.server';

export const handle = studioHandle;
export const meta: MetaFunction = () => [{ title: 'Analisis soal — Studio pelatih' }];

/** Item analysis for trainers: each flagged question links to its form in the trainer's draft of that course. */
export async function loader(args: LoaderFunctionArgs) {
  await requireTrainer(args);
  const [loaded, drafts] = await Promise.all([loadItemAnalysis(args.request), api(args.request).GET('/api/studio/drafts')]);
  const draft = orThrow(drafts).items.find((candidate) => candidate.slug === loaded.slug && candidate.status !== 'SUBMITTED');
  return { ...loaded, draftId: draft?.id ?? null };
}

export default function TrainerItemAnalysis() {
  const { courses, slug, analysis, draftId } = useLoaderData<typeof loader>();
  return (
    <section className="wide studio">
      <p>
        <Link to="/pelatih">← Studio pelatih</Link>
      </p>
      <h1>Analisis soal</h1>
      <p>Soal yang terlalu mudah, terlalu sulit, atau membingungkan peserta yang kuat: perbaiki di draf kursusnya, lalu kirim untuk ditinjau.</p>
      <ItemAnalysisView
        courses={courses}
        slug={slug}
        analysis={analysis}
        editHref={(item) => (draftId && item.bank ? `/pelatih/kursus/${draftId}/soal?bank=${encodeURIComponent(item.bank)}&id=${encodeURIComponent(item.questionId)}` : null)}
      />
    </section>
  );
}

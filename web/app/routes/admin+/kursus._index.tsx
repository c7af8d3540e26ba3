import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { DRAFT_STATUS_LABEL, studioHandle } from '~/components/studio/studio';
import { orThrow } from '~/utils/api-error';
import { api } from '~/utils/api.server';
import { formatDateTime } from '~/utils/format';
import { requireUser } from '~/utils/session.server';
import { ADMIN_ROLES, scopeName } from './scope.server';

export const handle = studioHandle;
export const meta: MetaFunction = () => [{ title: 'Tinjau kursus — Bimtek Pilar' }];

/** Course drafts in the admin's scope (the API applies it): waiting for review first, then the others. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, ADMIN_ROLES);
  const drafts = orThrow(await api(args.request).GET('/api/studio/drafts')).items;
  return {
    scope: scopeName(user),
    waiting: drafts.filter((draft) => draft.status === 'SUBMITTED'),
    others: drafts.filter((draft) => draft.status !== 'SUBMITTED'),
  };
}

export default function CourseReviews() {
  const { scope, waiting, others } = useLoaderData<typeof loader>();
  return (
    <section className="wide studio">
      <h1>Tinjau kursus</h1>
      <p>
        {scope ? `Draf kursus daerah ${scope} dan wilayah di bawahnya.` : 'Semua draf kursus; Anda meninjau kursus nasional.'} Tidak ada kursus yang
        sampai ke peserta sebelum disetujui peninjau yang bukan penulisnya.
      </p>
      <h2>Menunggu tinjauan ({waiting.length})</h2>
      {waiting.length === 0 ? (
        <p>Tidak ada draf yang menunggu.</p>
      ) : (
        <ul className="studio-drafts" aria-label="Draf menunggu tinjauan">
          {waiting.map((draft) => (
            <li key={draft.id} className="studio-draft studio-draft--attention">
              <Link to={`/admin/kursus/${draft.id}`}>{draft.slug ?? draft.id}</Link>{' '}
              <span className="hint">
                {draft.regionCode ? `daerah ${draft.regionCode}` : 'nasional'} · dikirim {formatDateTime(draft.updatedAt, 'id')}
              </span>
              {draft.changeNote ? <p className="studio-comment">Catatan penulis: {draft.changeNote}</p> : null}
            </li>
          ))}
        </ul>
      )}
      <h2>Draf lain</h2>
      <ul className="studio-drafts">
        {others.map((draft) => (
          <li key={draft.id} className="studio-draft">
            <Link to={`/admin/kursus/${draft.id}`}>{draft.slug ?? draft.id}</Link>{' '}
            <span className={`badge badge--${draft.status.toLowerCase()}`}>{DRAFT_STATUS_LABEL[draft.status]}</span>
          </li>
        ))}
      </ul>
      <p>
        <Link to="/admin/kursus/analisis">Analisis soal kursus terbit</Link>
      </p>
    </section>
  );
}

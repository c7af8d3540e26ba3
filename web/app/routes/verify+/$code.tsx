import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { publicHandle } from '~/route-handles';
import type { components } from '~/utils/api-schema';
import { api } from '~/utils/api.server';
import { formatDate } from '~/utils/format';

/**
 * The public verify page that a certificate's QR code opens: anyone, no account, any phone. Plain HTML (no
 * JavaScript), in Bahasa Indonesia: the people scanning are Indonesian offices and employers.
 */
export const handle = publicHandle;

export const meta: MetaFunction = () => [{ title: 'Cek keaslian sertifikat — Bimtek Pilar' }, { name: 'robots', content: 'noindex, nofollow' }];

export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });

type VerifiedCertificate = components['schemas']['PublicCertificateDto'];

type LoaderData = { found: true; certificate: VerifiedCertificate } | { found: false; reason: 'not_found' | 'too_many' | 'unavailable' };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const code = params.code ?? '';
  // The API limits look-ups per address: it must see the visitor's, not ours.
  const { data, response } = await api(request, { asGuest: true }).GET('/api/certificates/{code}', { params: { path: { code } } });
  if (data) return json<LoaderData>({ found: true, certificate: data });
  if (response.status === 429) return json<LoaderData>({ found: false, reason: 'too_many' }, { status: 429 });
  if (response.status === 404 || response.status === 400) return json<LoaderData>({ found: false, reason: 'not_found' }, { status: 404 });
  return json<LoaderData>({ found: false, reason: 'unavailable' }, { status: 503 });
}

const date = (value: string) => formatDate(value, 'id');


const NOT_FOUND: Record<'not_found' | 'too_many' | 'unavailable', { title: string; text: string }> = {
  not_found: {
    title: 'Sertifikat tidak ditemukan',
    text: 'Tidak ada sertifikat dengan kode ini. Periksa lagi kode di bawah kode QR pada sertifikat (16 karakter, misalnya K7M2-Q9TX-3HPA-W4).',
  },
  too_many: { title: 'Terlalu banyak pemeriksaan', text: 'Terlalu banyak pemeriksaan dari jaringan ini. Tunggu satu menit, lalu muat ulang halaman.' },
  unavailable: { title: 'Layanan sedang tidak tersedia', text: 'Pemeriksaan tidak dapat dilakukan saat ini. Coba lagi beberapa saat lagi.' },
};

export default function VerifyCertificate() {
  const data = useLoaderData<typeof loader>() as LoaderData;
  if (!data.found) {
    const message = NOT_FOUND[data.reason];
    return (
      <section className="narrow verify" lang="id">
        <h1>{message.title}</h1>
        <p className="alert alert--bad" role="alert">
          {message.text}
        </p>
      </section>
    );
  }
  const c = data.certificate;
  const verdict = verdictOf(c);
  return (
    <section className="narrow verify" lang="id">
      <h1>Cek keaslian sertifikat</h1>
      <div className={verdict.className} role="status" data-status={c.status}>
        <p>
          <strong>{verdict.title}</strong>
        </p>
        <p>{verdict.text}</p>
      </div>
      <CertificateFacts c={c} />
      <p>
        <a className="button" href={c.pdfUrl}>
          Lihat sertifikat (PDF)
        </a>
      </p>
      <p className="meta">
        <a href={c.credentialUrl}>Kredensial digital (Open Badges 3.0)</a>: dapat diperiksa dengan aplikasi verifikasi kredensial mana pun.
      </p>
    </section>
  );
}

/** Valid, expired or revoked, in words anyone scanning the QR code understands. */
function verdictOf(c: VerifiedCertificate): { className: string; title: string; text: string } {
  if (c.status === 'valid') {
    return { className: 'alert alert--ok', title: 'Sertifikat ASLI dan BERLAKU', text: c.validUntil ? `Berlaku sampai ${date(c.validUntil)}.` : 'Berlaku tanpa batas waktu.' };
  }
  if (c.status === 'expired') {
    return { className: 'alert alert--bad', title: 'Sertifikat asli, tetapi SUDAH TIDAK BERLAKU', text: `Masa berlakunya berakhir ${c.validUntil ? date(c.validUntil) : '—'}.` };
  }
  const when = c.revokedAt ? ` pada ${date(c.revokedAt)}` : '';
  // The reason stays with the admins (issue #21, F-L10): a public "karena kecurangan" would accuse the holder.
  return { className: 'alert alert--bad', title: 'Sertifikat DICABUT', text: `Dicabut oleh penerbit${when}. Sertifikat ini tidak sah.` };
}

function CertificateFacts({ c }: { c: VerifiedCertificate }) {
  return (
      <dl className="facts">
        <dt>Nama</dt>
        <dd>{c.holderName}</dd>
        <dt>Bimbingan teknis</dt>
        <dd>
          {c.courseTitle} ({c.hours} JP)
        </dd>
        <dt>Pilar</dt>
        <dd>{c.pillarLabel}</dd>
        <dt>Wilayah</dt>
        <dd>{c.regionLabel}</dd>
        <dt>Selesai</dt>
        <dd>{date(c.completedAt)}</dd>
        <dt>Diterbitkan</dt>
        <dd>{date(c.issuedAt)}</dd>
        <dt>Berlaku sampai</dt>
        <dd>{c.validUntil ? date(c.validUntil) : 'tanpa batas waktu'}</dd>
        <dt>Penerbit</dt>
        <dd>
          {c.issuerName}
          <br />
          {c.signatoryName}
          <br />
          <small>{c.signatoryTitle}</small>
        </dd>
        <dt>Nomor</dt>
        <dd>{c.number}</dd>
        <dt>Kode verifikasi</dt>
        <dd>
          <code>{c.code}</code>
        </dd>
        {c.renews ? (
          <>
            <dt>Memperbarui</dt>
            <dd>{c.renews}</dd>
          </>
        ) : null}
      </dl>
  );
}

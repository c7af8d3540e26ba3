import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { apiClient } from '~/utils/api.server';

export async function loader(_args: LoaderFunctionArgs) {
  try {
    const { response } = await apiClient().GET('/api/health', { signal: AbortSignal.timeout(3000) });
    return { apiUp: response.ok };
  } catch {
    return { apiUp: false };
  }
}

export default function Index() {
  const { apiUp } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>Selamat datang di Bimtek Pilar</h1>
      <p>
        Bimbingan teknis untuk pilar-pilar sosial: TKSK, Tagana, PSM, Karang Taruna, Pendamping PKH, dan SLRT/Puskesos.
        Belajar di ponsel, ikuti pre-test dan post-test, dan dapatkan sertifikat yang dapat diperiksa siapa saja.
      </p>
      <p className={`status ${apiUp ? 'status--ok' : 'status--bad'}`} role="status" data-testid="api-status">
        {apiUp ? 'Layanan tersambung.' : 'Layanan belum dapat dihubungi. Coba lagi sebentar lagi.'}
      </p>
    </section>
  );
}

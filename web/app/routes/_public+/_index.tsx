import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { publicHandle } from '~/route-handles';
import { api } from '~/utils/api.server';
import { getUser, homeFor } from '~/utils/session.server';

export const handle = publicHandle;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getUser({ request, context });
  const { response } = await api(request).GET('/api/health', { signal: AbortSignal.timeout(3000) });
  return { apiUp: response.ok, home: user ? homeFor(user) : null };
}

export default function Index() {
  const { apiUp, home } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('home.welcome')}</h1>
      <p>{t('home.intro')}</p>
      <p className={`status ${apiUp ? 'status--ok' : 'status--bad'}`} role="status" data-testid="api-status">
        {apiUp ? t('home.apiUp') : t('home.apiDown')}
      </p>
      {home ? (
        <p>
          <Link className="button" to={home}>
            {t('nav.home')}
          </Link>
        </p>
      ) : (
        <ul className="actions">
          <li>
            <Link className="button" to="/masuk">
              {t('home.start')}
            </Link>
          </li>
          <li>
            <Link to="/aktivasi">{t('home.activate')}</Link>
          </li>
          <li>
            <Link to="/daftar">{t('home.register')}</Link>
          </li>
        </ul>
      )}
    </section>
  );
}

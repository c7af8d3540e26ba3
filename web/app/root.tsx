import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import {
  Form,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useChangeLanguage } from 'remix-i18next/react';
import { i18nServer, localeCookie } from './i18next.server';
import styles from './styles/app.css?url';
import type { RouteHandle } from './route-handles';
import type { UserDto } from './utils/api-types';
import { getUser, offlineOwner } from './utils/session.server';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'manifest', href: '/manifest.webmanifest' },
];

export const meta: MetaFunction = () => [
  { title: 'Bimtek Pilar' },
  { name: 'description', content: 'Bimbingan teknis untuk pilar-pilar sosial: belajar di ponsel, ujian, dan sertifikat yang dapat diperiksa.' },
];

export const handle = { i18n: 'common' };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const locale = await i18nServer.getLocale(request);
  const user = await getUser({ request, context });
  const owner = await offlineOwner({ request, context });
  const chosen = new URL(request.url).searchParams.get('lng');
  const headers = chosen ? { 'Set-Cookie': await localeCookie.serialize(locale) } : undefined;
  // The CSP nonce of this response (web/server/security.ts): Remix's inline hydration scripts carry it.
  const cspNonce = typeof context.cspNonce === 'string' ? context.cspNonce : undefined;
  return data({ locale, user, cspNonce, owner }, { headers });
}

function Navigation({ user }: { user: Pick<UserDto, 'role'> | null }) {
  const { t, i18n } = useTranslation();
  const other = i18n.language === 'en' ? 'id' : 'en';
  const links: [string, string][] = !user
    ? [['/masuk', t('nav.login')]]
    : user.role === 'PESERTA'
      ? [
          ['/belajar', t('nav.home')],
          ['/katalog', t('nav.catalog')],
          ['/sertifikat', t('nav.certificates')],
          ['/kegiatan', t('nav.events')],
          ['/riwayat', t('nav.history')],
          ['/akun', t('nav.account')],
        ]
      : user.role === 'PELATIH'
        ? [
            ['/pelatih', t('nav.home')],
            ['/pelatih/tinjauan', t('nav.reviews')],
            ['/pelatih/kegiatan', t('nav.events')],
            ['/pelatih/analisis', t('nav.itemAnalysis')],
            ['/admin/laporan', t('nav.reports')],
            ['/akun', t('nav.account')],
          ]
        : [
            ['/admin', t('nav.home')],
            ['/admin/pekerja', t('nav.workers')],
            ['/admin/roster', t('nav.rosters')],
            ['/admin/sertifikat', t('nav.certificates')],
            ['/admin/penugasan', t('nav.assignments')],
            ['/pelatih/tinjauan', t('nav.reviews')],
            ['/admin/laporan', t('nav.reports')],
            ['/admin/audit', t('nav.audit')],
            ['/admin/kejanggalan', t('nav.integrity')],
            ['/admin/kursus', t('nav.courseReview')],
            ['/akun', t('nav.account')],
          ];
  return (
    <nav aria-label="Menu utama" className="site-nav">
      <ul>
        {links.map(([to, label]) => (
          <li key={to}>
            <NavLink to={to} end={to === '/admin' || to === '/belajar' || to === '/pelatih'}>
              {label}
            </NavLink>
          </li>
        ))}
        <li>
          <a href={`?lng=${other}`} lang={other} hrefLang={other}>
            {t('nav.language')}
          </a>
        </li>
        {user ? (
          <li>
            <Form method="post" action="/keluar" reloadDocument>
              <button type="submit" className="link-button">
                {t('nav.logout')}
              </button>
            </Form>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const rootData = useRouteLoaderData<typeof loader>('root');
  const locale = rootData?.locale ?? 'id';
  const { t } = useTranslation();
  const matches = useMatches();
  // Routes that say `handle = { hydrate: false }` (the learner's pages) ship no React runtime: plain HTML forms.
  const hydrate = !matches.some((match) => (match.handle as RouteHandle | undefined)?.hydrate === false);
  useChangeLanguage(locale);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0b5394" />
        <Meta />
        <Links />
      </head>
      {/* Whose saved pages this phone may keep (app/offline/learner-client.ts removes anyone else's). */}
      <body data-session={rootData?.owner ?? undefined}>
        <a className="skip-link" href="#konten">
          {t('skipToContent')}
        </a>
        <header className="site-header">
          <NavLink to="/" className="brand">
            {t('appName')}
          </NavLink>
          <Navigation user={rootData?.user ?? null} />
        </header>
        <main id="konten" className="page">
          {children}
        </main>
        <footer className="site-footer">
          <p>{t('tagline')}</p>
        </footer>
        {/* The learner's comfort script (service worker, offline queue): a few KB, also on pages without React. */}
        <script src="/learner.js" defer />
        {hydrate ? (
          <>
            <ScrollRestoration nonce={rootData?.cspNonce} />
            <Scripts nonce={rootData?.cspNonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  // The same page for every route when the API cannot be reached (api.server.ts turns that into a 503).
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const kind = status === 404 ? 'notFound' : status === 503 ? 'unavailable' : 'generic';
  return (
    <section>
      <h1>{t(`error.${kind}`)}</h1>
      <p role={kind === 'unavailable' ? 'alert' : undefined}>{t(`error.${kind}Text`)}</p>
      <p>
        <a href="/">{t('error.backHome')}</a>
      </p>
    </section>
  );
}

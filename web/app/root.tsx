import type { LinksFunction, MetaFunction } from '@remix-run/node';
import { Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError } from '@remix-run/react';
import type { ReactNode } from 'react';
import styles from './styles/app.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

export const meta: MetaFunction = () => [
  { title: 'Bimtek Pilar' },
  { name: 'description', content: 'Bimbingan teknis untuk pilar-pilar sosial: belajar di ponsel, ujian, dan sertifikat yang dapat diperiksa.' },
];

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="id">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0b5394" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#konten">
          Langsung ke konten
        </a>
        <header className="site-header">
          <NavLink to="/" className="brand">
            Bimtek Pilar
          </NavLink>
        </header>
        <main id="konten" className="page">
          {children}
        </main>
        <footer className="site-footer">
          <p>Bimtek Pilar — bimbingan teknis pilar-pilar sosial.</p>
        </footer>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <section>
      <h1>{notFound ? 'Halaman tidak ditemukan' : 'Terjadi kesalahan'}</h1>
      <p>{notFound ? 'Alamat yang Anda buka tidak ada.' : 'Silakan muat ulang halaman ini atau coba lagi nanti.'}</p>
      <p>
        <a href="/">Kembali ke beranda</a>
      </p>
    </section>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '~/components/forms';
import { learnerHandle } from '~/route-handles';
import { throwIfUnavailable } from '~/utils/api-error';
import { api } from '~/utils/api.server';
import { formatDate } from '~/utils/format';
import { pageRead, requireUser } from '~/utils/session.server';

export const handle = learnerHandle;
export const meta: MetaFunction = () => [{ title: 'Sertifikat saya — Bimtek Pilar' }];

/** One API call: my certificates, with the account (decision 022). */
export async function loader(args: LoaderFunctionArgs) {
  const read = pageRead(args, () => api(args.request).GET('/api/learner/certificates'));
  await requireUser(args);
  const result = await read;
  throwIfUnavailable(result);
  const { data } = result;
  const origin = new URL(args.request.url).origin;
  const items = data?.certificates ?? [];
  return {
    unavailable: !data,
    items: items.map((item) => ({
      ...item,
      verifyUrl: item.verifyUrl || `${origin}/verify/${item.code}`,
      pdfUrl: item.pdfUrl || `/api/certificates/${item.code}/pdf`,
      credentialUrl: item.credentialUrl || `/api/certificates/${item.code}/credential`,
    })),
  };
}

export default function Certificates() {
  const { items, unavailable } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation('learner');
  return (
    <section>
      <h1>{t('certificates.title')}</h1>
      <FormAlert errors={unavailable ? t('certificates.unavailable') : null} />
      {items.length === 0 && !unavailable ? <p>{t('certificates.empty')}</p> : null}
      <ul className="cards">
        {items.map((item) => (
          <li key={item.code} className="card certificate" data-code={item.code}>
            <h2 className="card__title">{item.courseTitle}</h2>
            <p className={`badge badge--${item.status === 'valid' ? 'ok' : 'bad'}`}>{t(`certificates.status_${item.status}`)}</p>
            <p className="meta">
              {t('certificates.number')}: {item.number}
              <br />
              {t('certificates.issued', { date: formatDate(item.issuedAt, i18n.language) })} ·{' '}
              {item.validUntil ? t('certificates.validUntil', { date: formatDate(item.validUntil, i18n.language) }) : t('certificates.noExpiry')}
            </p>
            <ul className="actions">
              <li>
                <a className="button" href={item.pdfUrl} download={`sertifikat-${item.code}.pdf`}>
                  {t('certificates.pdf')}
                </a>
              </li>
              <li>
                <a href={item.credentialUrl} download={`kredensial-${item.code}.json`}>
                  {t('certificates.credential')}
                </a>
              </li>
              <li>
                <a href={`https://wa.me/?text=${encodeURIComponent(t('certificates.shareText', { course: item.courseTitle, url: item.verifyUrl }))}`} rel="noopener noreferrer" target="_blank">
                  {t('certificates.share')}
                </a>
              </li>
              <li>
                <a href={item.verifyUrl}>{t('certificates.verify')}</a>
              </li>
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}

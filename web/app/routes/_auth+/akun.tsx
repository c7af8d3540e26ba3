import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { fieldOfMessage, problemOf } from '~/components/account/api-problem';
import { formatDateTime, formatPhone } from '~/components/account/format';
import { forwardHeaders } from '~/components/account/forward.server';
import { changePasswordSchema } from '~/components/account/schemas';
import { TextField } from '~/components/text-field';
import { api, requireUser } from '~/utils/session.server';
import { useAccountTranslation, accountHandle } from '~/components/account/i18n';

export const handle = accountHandle;
export const meta: MetaFunction = () => [{ title: 'Akun saya — Bimtek Pilar' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const client = api(request);
  const [me, sessions] = await Promise.all([client.GET('/api/me'), client.GET('/api/auth/sessions')]);
  if (!me.data || !sessions.data) throw new Response('Akun tidak dapat dimuat. Coba lagi sebentar lagi.', { status: 502 });
  const done = new URL(request.url).searchParams;
  return {
    me: me.data,
    sessions: sessions.data,
    done: done.get('selesai'),
    count: Number(done.get('jumlah') ?? 0) || 0,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireUser(request);
  const form = await request.formData();
  const intent = form.get('intent');
  const client = api(request);
  if (intent === 'password') {
    const submission = parseWithZod(form, { schema: changePasswordSchema });
    const hideFields = ['currentPassword', 'password', 'confirm'];
    if (submission.status !== 'success') return { error: null, password: submission.reply({ hideFields }) };
    const result = await client.POST('/api/auth/password', {
      body: { currentPassword: submission.value.currentPassword, newPassword: submission.value.password },
      headers: forwardHeaders(request),
    });
    if (!result.data) {
      const message = problemOf(result, 'Kata sandi tidak dapat diganti. Coba lagi.');
      const field = /^kata sandi lama/i.test(message) ? 'currentPassword' : fieldOfMessage(message, ['password'] as const);
      return { error: null, password: submission.reply({ ...(field ? { fieldErrors: { [field]: [message] } } : { formErrors: [message] }), hideFields }) };
    }
    return redirect(`/akun?selesai=sandi&jumlah=${result.data.revoked}#konten`);
  }
  if (intent === 'revoke-others') {
    const result = await client.POST('/api/auth/sessions/revoke-others', { headers: forwardHeaders(request) });
    const { data } = result;
    if (!data) return { error: problemOf(result, 'Gagal mengeluarkan perangkat lain. Coba lagi.'), password: null };
    return redirect(`/akun?selesai=lainnya&jumlah=${data.revoked}`);
  }
  if (intent === 'revoke') {
    const id = String(form.get('id') ?? '');
    const result = await client.DELETE('/api/auth/sessions/{id}', { params: { path: { id } }, headers: forwardHeaders(request) });
    if (!result.response.ok) return { error: problemOf(result, 'Sesi tidak dapat diakhiri. Coba lagi.'), password: null };
    return redirect('/akun?selesai=satu');
  }
  return { error: 'Permintaan tidak dikenal.', password: null };
}

export default function Account() {
  const { me, sessions, done, count } = useLoaderData<typeof loader>();
  const { t, i18n } = useAccountTranslation();
  const failed = useActionData<typeof action>();
  const others = sessions.filter((session) => !session.current).length;
  return (
    <section className="account">
      <h1>{t('account.title')}</h1>
      {failed?.error ? (
        <p className="alert alert--bad" role="alert">
          {failed.error}
        </p>
      ) : null}
      {done === 'lainnya' ? (
        <p className="alert alert--ok" role="status">
          {t('account.revokedOthers', { count })}
        </p>
      ) : done === 'satu' ? (
        <p className="alert alert--ok" role="status">
          {t('account.revokedOne')}
        </p>
      ) : done === 'sandi' ? (
        <p className="alert alert--ok" role="status">
          {t('account.passwordChanged', { count })}
        </p>
      ) : null}

      <h2>{t('account.profile')}</h2>
      <dl className="details">
        <div>
          <dt>{t('form.name')}</dt>
          <dd>{me.name}</dd>
        </div>
        <div>
          <dt>{t('form.phone')}</dt>
          <dd>{formatPhone(me.phone)}</dd>
        </div>
        <div>
          <dt>{t('account.role')}</dt>
          <dd>{t(`role.${me.role}`)}</dd>
        </div>
        {me.pillar ? (
          <div>
            <dt>{t('form.pillar')}</dt>
            <dd>{t(`pillar.${me.pillar}`)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('account.region')}</dt>
          <dd>{me.regionName ? `${me.regionName} (${me.regionCode})` : me.regionCode ?? t('account.national')}</dd>
        </div>
      </dl>
      <p className="hint">{t('account.changeHint')}</p>

      <h2 id="sesi">{t('account.sessions')}</h2>
      <p>{t('account.sessionsIntro')}</p>
      <ul className="session-list" aria-labelledby="sesi">
        {sessions.map((session) => (
          <li key={session.id} className={session.current ? 'session session--current' : 'session'}>
            <p className="session__device">
              <strong>{session.device}</strong>
              {session.current ? <span className="badge">{t('account.thisDevice')}</span> : null}
            </p>
            <p className="hint">
              {t('account.lastSeen')}: {formatDateTime(session.lastSeenAt, i18n.language)}
              <br />
              {t('account.signedIn')}: {formatDateTime(session.createdAt, i18n.language)}
            </p>
            {session.current ? null : (
              <Form method="post" className="session__action">
                <input type="hidden" name="intent" value="revoke" />
                <input type="hidden" name="id" value={session.id} />
                <button type="submit" className="button button--secondary" aria-label={t('account.revokeNamed', { device: session.device })}>
                  {t('account.revoke')}
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
      {others > 0 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="revoke-others" />
          <button type="submit" className="button">
            {t('account.revokeOthers')}
          </button>
        </Form>
      ) : (
        <p className="hint">{t('account.noOthers')}</p>
      )}

      <PasswordForm lastResult={failed?.password ?? undefined} />
    </section>
  );
}

function PasswordForm({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  const { t } = useAccountTranslation();
  const [form, fields] = useForm({
    id: 'ganti-sandi',
    lastResult,
    constraint: getZodConstraint(changePasswordSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: changePasswordSchema }),
  });
  return (
    // The fragment brings a reloaded page (no JavaScript here) back to this form and its errors.
    <Form method="post" action="/akun#ganti-sandi-title" {...getFormProps(form)} className="stack narrow" aria-labelledby="ganti-sandi-title">
      <h2 id="ganti-sandi-title">{t('account.passwordTitle')}</h2>
      <p>{t('account.passwordIntro')}</p>
      {form.errors ? (
        <p className="alert alert--bad" role="alert" id={form.errorId}>
          {form.errors.join(' ')}
        </p>
      ) : null}
      <input type="hidden" name="intent" value="password" />
      <TextField meta={fields.currentPassword} label={t('account.currentPassword')} type="password" autoComplete="current-password" />
      <TextField meta={fields.password} label={t('form.passwordNew')} type="password" hint={t('form.passwordHint')} autoComplete="new-password" />
      <TextField meta={fields.confirm} label={t('form.passwordConfirm')} type="password" autoComplete="new-password" />
      <button type="submit" className="button">
        {t('account.passwordSubmit')}
      </button>
    </Form>
  );
}

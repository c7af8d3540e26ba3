import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { changePasswordSchema } from '~/components/auth/schemas';
import { FormAlert, TextField } from '~/components/forms';
import { authHandle, useAccountTranslation } from '~/route-handles';
import { orThrow } from '~/utils/api-error';
import { formReply, pageProblem } from '~/utils/api-problem.server';
import { api } from '~/utils/api.server';
import { formatDateTime, formatPhone } from '~/utils/format';
import { requireUser } from '~/utils/session.server';

export const handle = authHandle;
export const meta: MetaFunction = () => [{ title: 'Akun saya — Bimtek Pilar' }];

export async function loader(args: LoaderFunctionArgs) {
  const me = await requireUser(args);
  const sessions = orThrow(await api(args.request).GET('/api/auth/sessions'));
  const done = new URL(args.request.url).searchParams;
  return { me, sessions, done: done.get('selesai'), count: Number(done.get('jumlah') ?? 0) || 0 };
}

const PASSWORD_INPUTS = ['currentPassword', 'password', 'confirm'] as const;

async function changePassword(request: Request, form: FormData) {
  const submission = parseWithZod(form, { schema: changePasswordSchema });
  const hideFields = [...PASSWORD_INPUTS];
  if (submission.status !== 'success') return { error: null, password: submission.reply({ hideFields }) };
  const result = await api(request).POST('/api/auth/password', {
    body: { currentPassword: submission.value.currentPassword, newPassword: submission.value.password },
  });
  if (!result.data) {
    // The API names the new password `newPassword`; the form calls it `password`.
    const reply = await formReply(request, result, { fallback: 'Kata sandi tidak dapat diganti. Coba lagi.', inputs: PASSWORD_INPUTS, fieldNames: { newPassword: 'password' } });
    return { error: null, password: submission.reply({ ...reply, hideFields }) };
  }
  return redirect(`/akun?selesai=sandi&jumlah=${result.data.revoked}#konten`);
}

export async function action(args: ActionFunctionArgs) {
  await requireUser(args);
  const { request } = args;
  const form = await request.formData();
  const intent = form.get('intent');
  const client = api(request);
  if (intent === 'password') return changePassword(request, form);
  if (intent === 'revoke-others') {
    const result = await client.POST('/api/auth/sessions/revoke-others');
    if (!result.data) return { error: await pageProblem(request, result, 'Gagal mengeluarkan perangkat lain. Coba lagi.'), password: null };
    return redirect(`/akun?selesai=lainnya&jumlah=${result.data.revoked}`);
  }
  if (intent === 'revoke') {
    const id = String(form.get('id') ?? '');
    const result = await client.DELETE('/api/auth/sessions/{id}', { params: { path: { id } } });
    if (!result.response.ok) return { error: await pageProblem(request, result, 'Sesi tidak dapat diakhiri. Coba lagi.'), password: null };
    return redirect('/akun?selesai=satu');
  }
  return { error: 'Permintaan tidak dikenal.', password: null };
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function Account() {
  const { me, sessions, done, count } = useLoaderData<typeof loader>();
  const { t } = useAccountTranslation();
  const failed = useActionData<typeof action>();
  return (
    <section className="account">
      <h1>{t('account.title')}</h1>
      <FormAlert errors={failed?.error} />
      <DoneNotice done={done} count={count} />
      <Profile me={me} />
      <Sessions sessions={sessions} />
      <PasswordForm lastResult={failed?.password ?? undefined} />
    </section>
  );
}

/** What the last action did, after its redirect (`?selesai=`). */
function DoneNotice({ done, count }: { done: string | null; count: number }) {
  const { t } = useAccountTranslation();
  const text = done === 'lainnya' ? t('account.revokedOthers', { count }) : done === 'satu' ? t('account.revokedOne') : done === 'sandi' ? t('account.passwordChanged', { count }) : null;
  return text ? (
    <p className="alert alert--ok" role="status">
      {text}
    </p>
  ) : null;
}

function Profile({ me }: { me: LoaderData['me'] }) {
  const { t } = useAccountTranslation();
  return (
    <>
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
    </>
  );
}

function Sessions({ sessions }: { sessions: LoaderData['sessions'] }) {
  const { t, i18n } = useAccountTranslation();
  const others = sessions.filter((session) => !session.current).length;
  return (
    <>
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
    </>
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
      <FormAlert id={form.errorId} errors={form.errors} />
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

import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react';
import { fieldOfMessage, problemOf } from '~/components/account/api-problem';
import { forwardHeaders } from '~/components/account/forward.server';
import { activationSchema } from '~/components/account/schemas';
import { TextField } from '~/components/text-field';
import { apiClient } from '~/utils/api.server';
import { getUser, homeFor, sessionCookie, type SessionUser } from '~/utils/session.server';
import { useAccountTranslation, accountHandle } from '~/components/account/i18n';

export const handle = accountHandle;
export const meta: MetaFunction = () => [{ title: 'Aktivasi akun — Bimtek Pilar' }];

const FIELDS = ['phone', 'code', 'password', 'confirm'] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user) throw redirect(homeFor(user));
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: activationSchema });
  if (submission.status !== 'success') return submission.reply({ hideFields: ['password', 'confirm'] });

  const { phone, code, password } = submission.value;
  const result = await apiClient().POST('/api/auth/activate', {
    body: { phone, code, password },
    headers: forwardHeaders(request),
  });
  const { data, response } = result;
  if (!response.ok || !data) {
    const message = problemOf(result, 'Aktivasi gagal. Periksa nomor HP dan kode aktivasi, lalu coba lagi.');
    const field = response.status === 400 ? fieldOfMessage(message, FIELDS) : null;
    return submission.reply({
      ...(field ? { fieldErrors: { [field]: [message] } } : { formErrors: [message] }),
      hideFields: ['password', 'confirm'],
    });
  }
  const user = data.user as SessionUser;
  return redirect(homeFor(user), { headers: { 'Set-Cookie': sessionCookie(data.token) } });
}

export default function Activate() {
  const { t } = useAccountTranslation();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { phone: searchParams.get('phone') ?? '' },
    constraint: getZodConstraint(activationSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: activationSchema }),
  });
  return (
    <section className="narrow">
      <h1>{t('activate.title')}</h1>
      <p>{t('activate.intro')}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        {form.errors ? (
          <p className="alert alert--bad" role="alert" id={form.errorId}>
            {form.errors.join(' ')}
          </p>
        ) : null}
        <TextField meta={fields.phone} label={t('form.phone')} type="tel" hint={t('form.phoneHint')} autoComplete="tel" inputMode="tel" />
        <TextField meta={fields.code} label={t('form.code')} hint={t('form.codeHint')} autoComplete="one-time-code" autoCapitalize="characters" spellCheck={false} className="code-input" />
        <TextField meta={fields.password} label={t('form.passwordNew')} type="password" hint={t('form.passwordHint')} autoComplete="new-password" />
        <TextField meta={fields.confirm} label={t('form.passwordConfirm')} type="password" autoComplete="new-password" />
        <button type="submit" className="button">
          {t('activate.submit')}
        </button>
      </Form>
      <p>{t('activate.noCode')}</p>
      <p>
        <Link to="/masuk">{t('activate.haveAccount')}</Link>
      </p>
    </section>
  );
}

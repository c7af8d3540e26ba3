import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react';
import { activationSchema } from '~/components/auth/schemas';
import { FormAlert, TextField } from '~/components/forms';
import { authHandle, useAccountTranslation } from '~/route-handles';
import { formReply } from '~/utils/api-problem.server';
import { api } from '~/utils/api.server';
import { sessionCookie } from '~/utils/session-cookie.server';
import { getUser, homeFor } from '~/utils/session.server';

export const handle = authHandle;
export const meta: MetaFunction = () => [{ title: 'Aktivasi akun — Bimtek Pilar' }];

const INPUTS = ['phone', 'code', 'password', 'confirm'] as const;

export async function loader(args: LoaderFunctionArgs) {
  const user = await getUser(args);
  if (user) throw redirect(homeFor(user));
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: activationSchema });
  if (submission.status !== 'success') return submission.reply({ hideFields: ['password', 'confirm'] });

  const { phone, code, password } = submission.value;
  const result = await api(request).POST('/api/auth/activate', { body: { phone, code, password } });
  if (!result.data) {
    const reply = await formReply(request, result, { fallback: 'Aktivasi gagal. Periksa nomor HP dan kode aktivasi, lalu coba lagi.', inputs: INPUTS });
    return submission.reply({ ...reply, hideFields: ['password', 'confirm'] });
  }
  const { user, token } = result.data;
  return redirect(homeFor(user), { headers: { 'Set-Cookie': sessionCookie(token) } });
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
        <FormAlert id={form.errorId} errors={form.errors} />
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

import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { FormAlert, TextField } from '~/components/forms';
import { authHandle } from '~/route-handles';
import { formReply } from '~/utils/api-problem.server';
import { api } from '~/utils/api.server';
import { passwordField, phoneField } from '~/utils/schema-fields';
import { sessionCookie } from '~/utils/session-cookie.server';
import { getUser, homeFor, safeRedirect } from '~/utils/session.server';

export const handle = authHandle;
export const meta: MetaFunction = () => [{ title: 'Masuk — Bimtek Pilar' }];

const schema = z.object({ phone: phoneField, password: passwordField, redirectTo: z.string().optional() });
const INPUTS = ['phone', 'password'] as const;

export async function loader(args: LoaderFunctionArgs) {
  const user = await getUser(args);
  if (user) throw redirect(homeFor(user));
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema });
  if (submission.status !== 'success') return submission.reply({ hideFields: ['password'] });

  const { phone, password, redirectTo } = submission.value;
  const result = await api(request).POST('/api/auth/login', { body: { phone, password } });
  if (!result.data) {
    const reply = await formReply(request, result, { fallback: 'Nomor HP atau kata sandi salah.', inputs: INPUTS });
    return submission.reply({ ...reply, hideFields: ['password'] });
  }
  const { token, user } = result.data;
  return redirect(safeRedirect(redirectTo, homeFor(user)), { headers: { 'Set-Cookie': sessionCookie(token) } });
}

export default function Login() {
  const { t } = useTranslation();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(schema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  return (
    <section className="narrow">
      <h1>{t('login.title')}</h1>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormAlert id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <TextField meta={fields.phone} label={t('form.phone')} type="tel" hint={t('form.phoneHint')} autoComplete="tel" inputMode="tel" />
        <TextField meta={fields.password} label={t('form.password')} type="password" autoComplete="current-password" />
        <button type="submit" className="button">
          {t('login.submit')}
        </button>
      </Form>
      <p>
        <Link to="/aktivasi">{t('home.activate')}</Link>
      </p>
      <p>
        <Link to="/daftar">{t('home.register')}</Link>
      </p>
    </section>
  );
}

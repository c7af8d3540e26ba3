import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { TextField } from '~/components/text-field';
import { apiClient } from '~/utils/api.server';
import { passwordField, phoneField } from '~/utils/forms';
import { getUser, homeFor, safeRedirect, sessionCookie, type SessionUser } from '~/utils/session.server';

export const handle = { hydrate: false };
export const meta: MetaFunction = () => [{ title: 'Masuk — Bimtek Pilar' }];

const schema = z.object({ phone: phoneField, password: passwordField, redirectTo: z.string().optional() });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user) throw redirect(homeFor(user));
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema });
  if (submission.status !== 'success') return submission.reply({ hideFields: ['password'] });

  const { phone, password, redirectTo } = submission.value;
  const response = await fetch(`${process.env.API_URL ?? 'http://127.0.0.1:3001'}/api/auth/login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': request.headers.get('x-forwarded-for') ?? '',
      'user-agent': request.headers.get('user-agent') ?? '',
    },
    body: JSON.stringify({ phone, password }),
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    return submission.reply({ formErrors: [body.message ?? 'Nomor HP atau kata sandi salah.'], hideFields: ['password'] });
  }
  const { token, user } = (await response.json()) as { token: string; user: SessionUser };
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
        {form.errors ? (
          <p className="alert alert--bad" role="alert" id={form.errorId}>
            {form.errors.join(' ')}
          </p>
        ) : null}
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

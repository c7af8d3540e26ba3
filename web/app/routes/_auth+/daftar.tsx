import { getFormProps, getSelectProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { fieldOfMessage, problemOf } from '~/components/account/api-problem';
import { forwardHeaders } from '~/components/account/forward.server';
import { isPillar, PILLARS } from '~/components/account/pillars';
import { nameOf, pickerQuery, resolveRegionPicker, type RegionOption, type RegionPicker } from '~/components/account/region-steps';
import { regionChildren } from '~/components/account/regions.server';
import { registrationSchema } from '~/components/account/schemas';
import { FieldError } from '~/components/field-error';
import { TextField } from '~/components/text-field';
import { apiClient } from '~/utils/api.server';
import { getUser, homeFor } from '~/utils/session.server';
import { useAccountTranslation, accountHandle } from '~/components/account/i18n';

export const handle = accountHandle;
export const meta: MetaFunction = () => [{ title: 'Daftar — Bimtek Pilar' }];

const FIELDS = ['name', 'phone', 'pillar', 'regionCode', 'password', 'confirm'] as const;

/**
 * Self-registration in steps that need no JavaScript: the pillar and the region first (GET "Lanjut" steps that carry
 * only codes), then name, phone and password in one POST, so personal data never lands in a URL.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user) throw redirect(homeFor(user));
  const params = new URL(request.url).searchParams;
  if (params.get('status') === 'terkirim') return { sent: true as const };
  const picker = await resolveRegionPicker(params, regionChildren);
  const pillar = params.get('pillar');
  return {
    sent: false as const,
    picker,
    pillar: isPillar(pillar) ? pillar : null,
    pillarMissing: params.has('pillar') && !isPillar(pillar),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: registrationSchema });
  if (submission.status !== 'success') return submission.reply({ hideFields: ['password', 'confirm'] });

  const { name, phone, pillar, regionCode, password } = submission.value;
  const result = await apiClient().POST('/api/auth/register', {
    body: { name, phone, pillar, regionCode, password },
    headers: forwardHeaders(request),
  });
  const { response } = result;
  if (!response.ok) {
    const message = problemOf(result, 'Pendaftaran gagal. Periksa isian Anda lalu coba lagi.');
    const field = response.status === 409 ? 'phone' : response.status === 400 ? fieldOfMessage(message, FIELDS) : null;
    return submission.reply({
      ...(field && field !== 'regionCode' ? { fieldErrors: { [field]: [message] } } : { formErrors: [message] }),
      hideFields: ['password', 'confirm'],
    });
  }
  return redirect('/daftar?status=terkirim');
}

export default function Register() {
  const data = useLoaderData<typeof loader>();
  const { t } = useAccountTranslation();
  if (data.sent) {
    return (
      <section className="narrow">
        <h1>{t('register.sentTitle')}</h1>
        <p className="alert alert--ok" role="status">
          {t('register.sentText')}
        </p>
        <p>{t('register.sentNext')}</p>
        <p>
          <Link className="button" to="/masuk">
            {t('login.title')}
          </Link>
        </p>
      </section>
    );
  }
  const { picker, pillar, pillarMissing } = data;
  return (
    <section className="narrow">
      <h1>{t('register.title')}</h1>
      <p>{t('register.intro')}</p>
      {picker.step === 'details' ? (
        <DetailsForm picker={picker} pillar={pillar} />
      ) : (
        <RegionForm picker={picker} pillar={pillar} pillarMissing={pillarMissing} />
      )}
      <p>
        <Link to="/aktivasi">{t('home.activate')}</Link>
      </p>
    </section>
  );
}

function PillarOptions() {
  const { t } = useAccountTranslation();
  return (
    <>
      {PILLARS.map((value) => (
        <option key={value} value={value}>
          {t(`pillar.${value}`)}
        </option>
      ))}
    </>
  );
}

function RegionSelect(props: { name: string; label: string; options: RegionOption[]; value?: string; error?: string }) {
  const { t } = useAccountTranslation();
  const id = `daftar-${props.name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        defaultValue={props.value ?? ''}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
      >
        <option value="">{t('form.choose')}</option>
        {props.options.map((region) => (
          <option key={region.code} value={region.code}>
            {region.name}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} errors={props.error ? [props.error] : undefined} />
    </div>
  );
}

/** Steps 1–3: a GET form; each "Lanjut" reloads the page with the next list, keeping what was chosen. */
function RegionForm({ picker, pillar, pillarMissing }: { picker: RegionPicker; pillar: string | null; pillarMissing: boolean }) {
  const { t } = useAccountTranslation();
  const { step, choice, missing } = picker;
  const stepNumber = step === 'province' ? 1 : step === 'regency' ? 2 : 3;
  return (
    <Form method="get" className="stack" aria-describedby="daftar-step">
      <p className="hint" id="daftar-step">
        {t('register.step', { step: stepNumber, total: 4 })} {t('register.regionHint')}
      </p>
      <div className="field">
        <label htmlFor="daftar-pillar">{t('form.pillar')}</label>
        <select
          id="daftar-pillar"
          name="pillar"
          defaultValue={pillar ?? ''}
          aria-invalid={pillarMissing ? true : undefined}
          aria-describedby={pillarMissing ? 'daftar-pillar-error' : undefined}
        >
          <option value="">{t('form.choose')}</option>
          <PillarOptions />
        </select>
        <FieldError id="daftar-pillar-error" errors={pillarMissing ? [t('register.choosePillar')] : undefined} />
      </div>
      <RegionSelect
        name="province"
        label={t('form.province')}
        options={picker.provinces}
        value={choice.province}
        error={missing === 'province' ? t('register.chooseProvince') : undefined}
      />
      {choice.province ? (
        <RegionSelect
          name="regency"
          label={t('form.regency')}
          options={picker.regencies}
          value={choice.regency}
          error={missing === 'regency' ? t('register.chooseRegency') : undefined}
        />
      ) : null}
      {choice.regency ? (
        <RegionSelect
          name="district"
          label={t('form.district')}
          options={picker.districts}
          value={choice.district}
          error={missing === 'district' ? t('register.chooseDistrict') : undefined}
        />
      ) : null}
      <button type="submit" className="button">
        {t('form.next')}
      </button>
    </Form>
  );
}

/** Step 4: the region is settled; name, phone and password go in one POST. */
function DetailsForm({ picker, pillar }: { picker: RegionPicker; pillar: string | null }) {
  const { t } = useAccountTranslation();
  const lastResult = useActionData<typeof action>();
  const { choice } = picker;
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { pillar: pillar ?? '', regionCode: choice.district },
    constraint: getZodConstraint(registrationSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: registrationSchema }),
  });
  const place = [nameOf(picker.districts, choice.district), nameOf(picker.regencies, choice.regency), nameOf(picker.provinces, choice.province)]
    .filter(Boolean)
    .join(', ');
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <p className="hint">{t('register.step', { step: 4, total: 4 })}</p>
      {form.errors ? (
        <p className="alert alert--bad" role="alert" id={form.errorId}>
          {form.errors.join(' ')}
        </p>
      ) : null}
      <div className="summary">
        <p>
          <strong>{t('register.region')}:</strong> {place}
        </p>
        <p>
          <Link to={`/daftar${pickerQuery(choice, pillar, 'regency')}`}>{t('register.changeRegion')}</Link>
        </p>
      </div>
      <input type="hidden" name="regionCode" value={choice.district} />
      <FieldError id={fields.regionCode.errorId} errors={fields.regionCode.errors} />
      <div className="field">
        <label htmlFor={fields.pillar.id}>{t('form.pillar')}</label>
        <select {...getSelectProps(fields.pillar)}>
          <option value="">{t('form.choose')}</option>
          <PillarOptions />
        </select>
        <FieldError id={fields.pillar.errorId} errors={fields.pillar.errors} />
      </div>
      <TextField meta={fields.name} label={t('form.name')} hint={t('register.nameHint')} autoComplete="name" />
      <TextField meta={fields.phone} label={t('form.phone')} type="tel" hint={t('form.phoneHint')} autoComplete="tel" inputMode="tel" />
      <TextField meta={fields.password} label={t('form.password')} type="password" hint={t('form.passwordHint')} autoComplete="new-password" />
      <TextField meta={fields.confirm} label={t('form.passwordConfirm')} type="password" autoComplete="new-password" />
      <p className="hint">{t('register.approvalNote')}</p>
      <button type="submit" className="button">
        {t('register.submit')}
      </button>
    </Form>
  );
}

import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { nameOf, pickerQuery, resolveRegionPicker, type RegionOption, type RegionPicker } from '~/components/auth/region-steps';
import { registrationSchema } from '~/components/auth/schemas';
import { ErrorList, FormAlert, PlainSelect, SelectField, TextField } from '~/components/forms';
import { authHandle, useAccountTranslation } from '~/route-handles';
import { formReply } from '~/utils/api-problem.server';
import { isPillar, PILLARS } from '~/utils/api-types';
import { api } from '~/utils/api.server';
import { regionChildren } from '~/utils/regions.server';
import { getUser, homeFor } from '~/utils/session.server';

export const handle = authHandle;
export const meta: MetaFunction = () => [{ title: 'Daftar — Bimtek Pilar' }];

const INPUTS = ['name', 'phone', 'pillar', 'regionCode', 'password', 'confirm'] as const;

/**
 * Self-registration in steps that need no JavaScript: the pillar and the region first (GET "Lanjut" steps that carry
 * only codes), then name, phone and password in one POST, so personal data never lands in a URL.
 */
export async function loader(args: LoaderFunctionArgs) {
  const { request } = args;
  const user = await getUser(args);
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
  const result = await api(request).POST('/api/auth/register', { body: { name, phone, pillar, regionCode, password } });
  if (!result.response.ok) {
    const reply = await formReply(request, result, { fallback: 'Pendaftaran gagal. Periksa isian Anda lalu coba lagi.', inputs: INPUTS });
    return submission.reply({ ...reply, hideFields: ['password', 'confirm'] });
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

function RegionSelect(props: { name: string; label: string; options: RegionOption[]; value?: string; error: string }) {
  const { t } = useAccountTranslation();
  const options = props.options.map((region) => ({ value: region.code, label: region.name }));
  return <PlainSelect id={`daftar-${props.name}`} name={props.name} label={props.label} value={props.value} placeholder={t('form.choose')} options={options} error={props.error} />;
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
      <PlainSelect
        id="daftar-pillar"
        name="pillar"
        label={t('form.pillar')}
        value={pillar ?? undefined}
        placeholder={t('form.choose')}
        options={PILLARS.map((value) => ({ value, label: t(`pillar.${value}`) }))}
        error={pillarMissing ? t('register.choosePillar') : ''}
      />
      <RegionSelect
        name="province"
        label={t('form.province')}
        options={picker.provinces}
        value={choice.province}
        error={missing === 'province' ? t('register.chooseProvince') : ''}
      />
      {choice.province ? (
        <RegionSelect
          name="regency"
          label={t('form.regency')}
          options={picker.regencies}
          value={choice.regency}
          error={missing === 'regency' ? t('register.chooseRegency') : ''}
        />
      ) : null}
      {choice.regency ? (
        <RegionSelect
          name="district"
          label={t('form.district')}
          options={picker.districts}
          value={choice.district}
          error={missing === 'district' ? t('register.chooseDistrict') : ''}
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
      <FormAlert id={form.errorId} errors={form.errors} />
      <div className="summary">
        <p>
          <strong>{t('register.region')}:</strong> {place}
        </p>
        <p>
          <Link to={`/daftar${pickerQuery(choice, pillar, 'regency')}`}>{t('register.changeRegion')}</Link>
        </p>
      </div>
      <input type="hidden" name="regionCode" value={choice.district} />
      <ErrorList id={fields.regionCode.errorId} errors={fields.regionCode.errors} />
      <SelectField meta={fields.pillar} label={t('form.pillar')}>
        <option value="">{t('form.choose')}</option>
        <PillarOptions />
      </SelectField>
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

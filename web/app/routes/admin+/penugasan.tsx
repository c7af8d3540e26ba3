import { getFormProps, getInputProps, getSelectProps, useForm, type FieldMetadata } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { problemOf } from '~/components/account/api-problem';
import { formatDateTime, formatNumber } from '~/components/account/format';
import { forwardHeaders } from '~/components/account/forward.server';
import { isPillar, PILLARS } from '~/components/account/pillars';
import { regionChildren } from '~/components/account/regions.server';
import { readPage } from '~/components/admin/list-query';
import { Pager } from '~/components/admin/pager';
import { ADMIN_ROLES } from '~/components/admin/scope.server';
import { FieldError } from '~/components/field-error';
import { api, requireUser, type SessionUser } from '~/utils/session.server';

export const handle = { i18n: ['common', 'account', 'assignments'] };
export const meta: MetaFunction = () => [{ title: 'Penugasan kursus — Bimtek Pilar' }];

const PAGE_SIZE = 10;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const REGION = /^\d{2}(?:\.\d{2}){0,2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The "show the regions under it" button: a GET of this page with what was chosen so far (codes only). */
const DEEPER = 'wilayah';

/** Today's date in WIB, as `YYYY-MM-DD` (what a date input gives). */
function todayInJakarta(now = Date.now()): string {
  return new Date(now + 7 * 3_600_000).toISOString().slice(0, 10);
}

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** One schema for the page and the action: it checks the same on the phone (with JavaScript) and on the server. */
const assignmentSchema = z.object({
  course: z.string({ required_error: 'Pilih kursus.' }).regex(SLUG, 'Pilih kursus dari daftar.'),
  pillar: z.enum(PILLARS, { errorMap: () => ({ message: 'Pilih pilar dari daftar.' }) }).optional(),
  regionCode: z.string().regex(REGION, 'Pilih wilayah dari daftar.').optional(),
  dueDate: z
    .string()
    .regex(DATE, 'Tanggal tidak valid. Contoh: 31/12/2026.')
    .refine(isCalendarDate, 'Tanggal tidak valid. Contoh: 31/12/2026.')
    .refine((value) => value >= todayInJakarta(), 'Tenggat tidak boleh sebelum hari ini.')
    .optional(),
  key: z.string().uuid().optional(),
});

type Field = 'course' | 'pillar' | 'regionCode' | 'dueDate';

/** Which field an API refusal is about, so it shows next to that field. */
function fieldOfProblem(message: string): Field | null {
  if (/^(kursus .* bukan untuk pilar|pillar)/i.test(message)) return 'pillar';
  if (/^(kursus|course)/i.test(message)) return 'course';
  if (/^(wilayah|kode wilayah|regionCode|akun anda tidak memiliki wilayah)/i.test(message)) return 'regionCode';
  if (/^(tenggat|dueAt)/i.test(message)) return 'dueDate';
  return null;
}

interface RegionChoice {
  code: string;
  label: string;
  /** Whole region (the scope or a step towards the chosen one), not one of the listed children. */
  whole: boolean;
}

const depthOf = (code: string) => (code ? code.split('.').length : 0);
const parentOf = (code: string) => code.split('.').slice(0, -1).join('.');

/**
 * The regions an admin may assign to, without JavaScript: their own region (all of it), the path down to the region
 * chosen so far, and the regions just under it. A kabupaten/kota admin sees their kecamatan at once; a province or the
 * national admin goes down a level with "show the regions under it".
 */
async function regionChoices(user: SessionUser, wanted: string | undefined): Promise<{ choices: RegionChoice[]; selected: string; deeper: boolean }> {
  const root = user.role === 'ADMIN_PUSAT' ? '' : user.regionCode ?? '';
  if (user.role !== 'ADMIN_PUSAT' && !root) return { choices: [], selected: '', deeper: false };
  const inside = (code: string) => !root || code === root || code.startsWith(`${root}.`);
  const selected = wanted && REGION.test(wanted) && inside(wanted) ? wanted : root;
  const listed = depthOf(selected) >= 3 ? parentOf(selected) : selected;
  const rootName = (user as SessionUser & { regionName?: string | null }).regionName ?? root;
  const choices: RegionChoice[] = [{ code: root, label: root ? rootName : '', whole: true }];
  for (let depth = depthOf(root) + 1; depth <= depthOf(listed); depth += 1) {
    const code = listed.split('.').slice(0, depth).join('.');
    const siblings = await regionChildren(parentOf(code) || undefined).catch(() => []);
    choices.push({ code, label: siblings.find((region) => region.code === code)?.name ?? code, whole: true });
  }
  const children = depthOf(listed) < 3 ? await regionChildren(listed || undefined).catch(() => []) : [];
  for (const region of children) choices.push({ code: region.code, label: region.name, whole: false });
  return { choices, selected, deeper: depthOf(listed) < 2 };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, ADMIN_ROLES);
  const params = new URL(request.url).searchParams;
  const page = readPage(params);
  const client = api(request);
  const draft = {
    course: SLUG.test(params.get('course') ?? '') ? params.get('course')! : '',
    pillar: isPillar(params.get('pillar')) ? params.get('pillar')! : '',
    dueDate: DATE.test(params.get('dueDate') ?? '') ? params.get('dueDate')! : '',
  };
  const [courses, list, regions] = await Promise.all([
    client.GET('/api/courses', { params: { query: { pageSize: 200 } } }),
    client.GET('/api/assignments', { params: { query: { page, pageSize: PAGE_SIZE } } }),
    regionChoices(user, params.get('regionCode') ?? undefined),
  ]);
  const enrolled = Number(params.get('baru'));
  const already = Number(params.get('sudah'));
  const doneCourse = params.get('kursus');
  return {
    national: user.role === 'ADMIN_PUSAT',
    scopeName: (user as SessionUser & { regionName?: string | null }).regionName ?? user.regionCode ?? null,
    courses: (courses.data?.items ?? []).map((course) => ({ slug: course.slug, title: course.title, pillars: course.pillars })),
    coursesError: courses.data ? null : problemOf(courses, 'Katalog kursus tidak dapat dimuat.'),
    page: list.data ?? { items: [], total: 0, page, pageSize: PAGE_SIZE },
    listError: list.data ? null : problemOf(list, 'Daftar penugasan tidak dapat dimuat.'),
    regions,
    draft: { ...draft, regionCode: regions.selected },
    done:
      Number.isInteger(enrolled) && Number.isInteger(already) && params.has('baru') && params.has('sudah')
        ? { enrolled, already, course: doneCourse && SLUG.test(doneCourse) ? doneCourse : null }
        : null,
    // A fresh Idempotency-Key per page load: a double submit records one assignment.
    key: crypto.randomUUID(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireUser(request, ADMIN_ROLES);
  const submission = parseWithZod(await request.formData(), { schema: assignmentSchema });
  if (submission.status !== 'success') return submission.reply();
  const { course, pillar, regionCode, dueDate, key } = submission.value;
  const result = await api(request).POST('/api/assignments', {
    body: { course, pillar, regionCode: regionCode || undefined, dueAt: dueDate ? `${dueDate}T23:59:59+07:00` : undefined },
    headers: { ...forwardHeaders(request), ...(key ? { 'idempotency-key': key } : {}) },
  });
  if (!result.data) {
    const message = problemOf(result, 'Penugasan gagal. Periksa isian lalu coba lagi.');
    const field = result.response.status < 500 ? fieldOfProblem(message) : null;
    return submission.reply(field ? { fieldErrors: { [field]: [message] } } : { formErrors: [message] });
  }
  const { enrolled, alreadyEnrolled } = result.data;
  return redirect(`/admin/penugasan?baru=${enrolled}&sudah=${alreadyEnrolled}&kursus=${encodeURIComponent(course)}`);
}

function useAssignmentsTranslation() {
  return useTranslation(['assignments', 'account', 'common'], { nsMode: 'fallback' });
}

export default function Assignments() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useAssignmentsTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  const doneTitle = data.done?.course ? data.courses.find((course) => course.slug === data.done?.course)?.title : null;
  return (
    <section className="wide">
      <h1>{t('title')}</h1>
      <p className="hint">{data.national ? t('national') : t('admin.scope', { region: data.scopeName })}</p>
      {data.done ? (
        <div className="alert alert--ok" role="status">
          {doneTitle ? <p>{t('doneCourse', { course: doneTitle })}</p> : null}
          <p data-testid="assign-result">{t('done', { enrolled: n(data.done.enrolled), already: n(data.done.already) })}</p>
        </div>
      ) : null}
      <p>{t('intro')}</p>
      <AssignForm key={data.key} />
      <AssignmentList />
    </section>
  );
}

function AssignForm() {
  const { courses, coursesError, regions, draft, key } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useAssignmentsTranslation();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: draft,
    constraint: getZodConstraint(assignmentSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => {
      // The "show the regions under it" step only reloads the lists (a GET): it checks nothing.
      const schema = formData.get('lihat') === DEEPER ? (z.any() as unknown as typeof assignmentSchema) : assignmentSchema;
      return parseWithZod(formData, { schema });
    },
  });
  const pillarsOf = (pillars: string[]) =>
    pillars.includes('SEMUA') ? t('allPillars') : pillars.map((pillar) => t(`pillarShort.${pillar}`)).join(', ');
  const busy = navigation.state === 'submitting' && navigation.formMethod?.toUpperCase() === 'POST';
  return (
    <Form method="post" {...getFormProps(form)} className="stack" aria-labelledby="assign-title">
      <h2 id="assign-title">{t('formTitle')}</h2>
      {form.errors ? (
        <p className="alert alert--bad" role="alert" id={form.errorId}>
          {form.errors.join(' ')}
        </p>
      ) : null}
      {coursesError ? (
        <p className="alert alert--bad" role="alert">
          {t('coursesError')}
        </p>
      ) : null}
      <input type="hidden" name="key" value={key} />
      <SelectField meta={fields.course} label={t('course')}>
        <option value="">{t('form.choose')}</option>
        {courses.map((course) => (
          <option key={course.slug} value={course.slug}>
            {t('courseOption', { title: course.title, pillars: pillarsOf(course.pillars) })}
          </option>
        ))}
      </SelectField>
      <SelectField meta={fields.pillar} label={t('pillar')} hint={t('pillarHint')}>
        <option value="">{t('pillarDefault')}</option>
        {PILLARS.map((pillar) => (
          <option key={pillar} value={pillar}>
            {t(`pillar.${pillar}`)}
          </option>
        ))}
      </SelectField>
      <SelectField meta={fields.regionCode} label={t('region')} hint={t('regionHint')}>
        {regions.choices.map((region) => (
          <option key={region.code || 'national'} value={region.code}>
            {region.whole ? (region.code ? t('regionWhole', { name: region.label }) : t('regionNational')) : region.label}
          </option>
        ))}
      </SelectField>
      {regions.deeper ? (
        <p>
          <button type="submit" formMethod="get" formNoValidate name="lihat" value={DEEPER} className="button button--secondary">
            {t('regionDeeper')}
          </button>
        </p>
      ) : null}
      <div className="field">
        <label htmlFor={fields.dueDate.id}>{t('dueDate')}</label>
        <input
          {...getInputProps(fields.dueDate, { type: 'date' })}
          min={todayInJakarta()}
          aria-describedby={`${fields.dueDate.id}-hint ${fields.dueDate.errorId}`}
        />
        <p className="hint" id={`${fields.dueDate.id}-hint`}>
          {t('dueDateHint')}
        </p>
        <FieldError id={fields.dueDate.errorId} errors={fields.dueDate.errors} />
      </div>
      <button type="submit" className="button" disabled={busy}>
        {busy ? t('sending') : t('submit')}
      </button>
    </Form>
  );
}

function SelectField({ meta, label, hint, children }: { meta: FieldMetadata<string | undefined>; label: string; hint?: string; children: ReactNode }) {
  const hintId = `${meta.id}-hint`;
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <select {...getSelectProps(meta)} aria-describedby={hint ? `${hintId} ${meta.errorId}` : meta.errorId}>
        {children}
      </select>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <FieldError id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

function AssignmentList() {
  const { page, listError } = useLoaderData<typeof loader>();
  const { t, i18n } = useAssignmentsTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  const pillarsOf = (pillars: string[]) =>
    pillars.length === PILLARS.length ? t('allPillars') : pillars.map((pillar) => t(`pillarShort.${pillar}`)).join(', ');
  return (
    <section aria-labelledby="list-title">
      <h2 id="list-title">{t('listTitle')}</h2>
      {listError ? (
        <p className="alert alert--bad" role="alert">
          {t('listError')}
        </p>
      ) : page.items.length === 0 ? (
        <p>{t('listEmpty')}</p>
      ) : (
        page.items.map((item) => (
          <article key={item.id} className="summary" aria-labelledby={`a-${item.id}`} data-testid="assignment">
            <h3 id={`a-${item.id}`}>{item.course.title}</h3>
            <p>
              <strong>{t('itemPillars')}:</strong> {pillarsOf(item.pillars)}
            </p>
            <p>
              <strong>{t('itemRegion')}:</strong> {item.region ? `${item.region.name} (${item.region.code})` : t('regionNational')}
            </p>
            <p>
              <strong>{t('itemDue')}:</strong> {item.dueAt ? formatDateTime(item.dueAt, i18n.language) : t('itemNoDue')}
            </p>
            <p>
              <strong>{t('itemBy')}:</strong> {item.assignedBy ?? t('itemByUnknown')}, {formatDateTime(item.assignedAt, i18n.language)}
            </p>
            <p className="hint">{t('itemReach', { enrolled: n(item.newlyEnrolled), already: n(item.alreadyEnrolled) })}</p>
            <h4>{t('progress')}</h4>
            <dl className="facts" data-testid="progress">
              <Count label={t('enrolled')} value={n(item.progress.enrolled)} />
              <Count label={t('started')} value={n(item.progress.started)} />
              <Count label={t('completed')} value={n(item.progress.completed)} />
              <Count label={t('overdue')} value={n(item.progress.overdue)} bad={item.progress.overdue > 0} />
            </dl>
          </article>
        ))
      )}
      <Pager page={page.page} pageSize={page.pageSize} total={page.total} hrefFor={(target) => `/admin/penugasan${target > 1 ? `?page=${target}` : ''}`} />
    </section>
  );
}

/** One figure of an assignment's progress; a late count stands out (in words too, not only in colour). */
function Count({ label, value, bad }: { label: string; value: string; bad?: boolean }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{bad ? <span className="badge badge--bad">{value}</span> : value}</dd>
    </>
  );
}

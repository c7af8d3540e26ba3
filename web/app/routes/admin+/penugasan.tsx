import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import {
  ASSIGNMENT_FIELD_NAMES,
  ASSIGNMENT_INPUTS,
  assignmentSchema,
  COURSE_SLUG,
  DATE_INPUT,
  todayInJakarta,
} from '~/components/admin/assignment-schema';
import { readPage } from '~/components/admin/list-query';
import { Pager } from '~/components/admin/pager';
import { FormAlert, SelectField, TextField } from '~/components/forms';
import { adminHandle } from '~/route-handles';
import { api, idempotencyKey, newKey } from '~/utils/api.server';
import { formReply } from '~/utils/api-problem.server';
import { isPillar, PILLARS } from '~/utils/api-types';
import { formatDateTime, formatNumber } from '~/utils/format';
import { requireUser } from '~/utils/session.server';
import { regionChoices } from './assignment-regions.server';
import { ADMIN_ROLES, scopeName } from './scope.server';

export const handle = { ...adminHandle, i18n: ['common', 'admin', 'assignments'] };
export const meta: MetaFunction = () => [{ title: 'Penugasan kursus — Bimtek Pilar' }];

const PAGE_SIZE = 10;
/** The "show the regions under it" button: a GET of this page with what was chosen so far (codes only). */
const DEEPER = 'wilayah';

/** What the form held before "show the regions under it" (a GET), so the step keeps it. */
function readDraft(params: URLSearchParams) {
  const course = params.get('course') ?? '';
  const pillar = params.get('pillar');
  const dueDate = params.get('dueDate') ?? '';
  return { course: COURSE_SLUG.test(course) ? course : '', pillar: isPillar(pillar) ? pillar : '', dueDate: DATE_INPUT.test(dueDate) ? dueDate : '' };
}

/** "n enrolled, m already were" after a redirect from the action. */
function readDone(params: URLSearchParams) {
  const enrolled = Number(params.get('baru'));
  const already = Number(params.get('sudah'));
  const course = params.get('kursus');
  if (!params.has('baru') || !params.has('sudah') || !Number.isInteger(enrolled) || !Number.isInteger(already)) return null;
  return { enrolled, already, course: course && COURSE_SLUG.test(course) ? course : null };
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args, ADMIN_ROLES);
  const params = new URL(args.request.url).searchParams;
  const page = readPage(params);
  const client = api(args.request);
  const [courses, list, regions] = await Promise.all([
    client.GET('/api/courses', { params: { query: { pageSize: 200 } } }),
    client.GET('/api/assignments', { params: { query: { page, pageSize: PAGE_SIZE } } }),
    regionChoices(user, params.get('regionCode') ?? undefined),
  ]);
  return {
    national: user.role === 'ADMIN_PUSAT',
    scopeName: scopeName(user),
    courses: (courses.data?.items ?? []).map((course) => ({ slug: course.slug, title: course.title, pillars: course.pillars })),
    coursesError: !courses.data,
    page: list.data ?? { items: [], total: 0, page, pageSize: PAGE_SIZE },
    listError: !list.data,
    regions,
    draft: { ...readDraft(params), regionCode: regions.selected },
    done: readDone(params),
    // A fresh Idempotency-Key per page load: a double submit records one assignment.
    key: newKey(),
  };
}

export async function action(args: ActionFunctionArgs) {
  await requireUser(args, ADMIN_ROLES);
  const { request } = args;
  const submission = parseWithZod(await request.formData(), { schema: assignmentSchema });
  if (submission.status !== 'success') return submission.reply();
  const { course, pillar, regionCode, dueDate, key } = submission.value;
  const result = await api(request).POST('/api/assignments', {
    body: { course, pillar, regionCode: regionCode || undefined, dueAt: dueDate ? `${dueDate}T23:59:59+07:00` : undefined },
    headers: idempotencyKey(key),
  });
  if (!result.data) {
    const reply = await formReply(request, result, {
      fallback: 'Penugasan gagal. Periksa isian lalu coba lagi.',
      inputs: ASSIGNMENT_INPUTS,
      fieldNames: ASSIGNMENT_FIELD_NAMES,
    });
    return submission.reply(reply);
  }
  const { enrolled, alreadyEnrolled } = result.data;
  return redirect(`/admin/penugasan?baru=${enrolled}&sudah=${alreadyEnrolled}&kursus=${encodeURIComponent(course)}`);
}

function useAssignmentsTranslation() {
  return useTranslation(['assignments', 'admin', 'common'], { nsMode: 'fallback' });
}

export default function Assignments() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useAssignmentsTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  const doneTitle = data.done?.course ? data.courses.find((course) => course.slug === data.done?.course)?.title : null;
  return (
    <section className="wide">
      <h1>{t('title')}</h1>
      <p className="hint">{data.national ? t('national') : t('scope', { region: data.scopeName })}</p>
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
      <FormAlert id={form.errorId} errors={form.errors} />
      <FormAlert errors={coursesError ? t('coursesError') : null} />
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
      <TextField meta={fields.dueDate} label={t('dueDate')} type="date" hint={t('dueDateHint')} min={todayInJakarta()} />
      <button type="submit" className="button" disabled={busy}>
        {busy ? t('sending') : t('submit')}
      </button>
    </Form>
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
        <FormAlert errors={t('listError')} />
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

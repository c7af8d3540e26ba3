import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useState } from 'react';
import { FormAlert } from '~/components/forms';
import { eventsTrainerHandle, useEventsTranslation } from '~/components/events/shared';
import { orThrow } from '~/utils/api-error';
import { pageProblem } from '~/utils/api-problem.server';
import { api, idempotencyKey, newKey } from '~/utils/api.server';
import { PILLARS, type Pillar } from '~/utils/api-types';
import type { components } from '~/utils/api-schema';
import { requireEventStaff } from './events.server';

export const handle = eventsTrainerHandle;
export const meta: MetaFunction = () => [{ title: 'Buat kegiatan — Bimtek Pilar' }];

type CreateEventRequest = components['schemas']['CreateEventRequest'];
type DayInput = components['schemas']['EventDayInput'];
type ItemInput = components['schemas']['AgendaItemInput'];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireEventStaff(args);
  const courses = orThrow(await api(args.request).GET('/api/courses', { params: { query: { pageSize: 100 } } }));
  return { regionCode: user.regionCode ?? '', courses: courses.items.map((c) => ({ slug: c.slug, title: c.title })), formKey: newKey() };
}

/** The page builds the whole request in its state and posts it as JSON (`payload`); the API checks every field. */
export async function action(args: ActionFunctionArgs) {
  await requireEventStaff(args);
  const form = await args.request.formData();
  let body: CreateEventRequest;
  try {
    body = JSON.parse(String(form.get('payload') ?? '')) as CreateEventRequest;
  } catch {
    return { error: 'Isian tidak lengkap.' };
  }
  const result = await api(args.request).POST('/api/events', { body, headers: idempotencyKey(form.get('idempotencyKey')) });
  if (!result.data) return { error: await pageProblem(args.request, result, 'Kegiatan belum tersimpan. Periksa isian.') };
  return redirect(`/pelatih/kegiatan/${result.data.id}?dibuat=1`);
}

const emptyItem = (start: string, end: string): ItemInput => ({ start, end, title: '', kind: 'learning' });
const emptyDay = (date = ''): DayInput => ({ date, start: '08:00', end: '16:00', agenda: [emptyItem('08:00', '09:30')] });

export default function CreateEvent() {
  const { regionCode, courses, formKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const { t } = useEventsTranslation();
  const [title, setTitle] = useState('');
  const [venue, setVenue] = useState('');
  const [region, setRegion] = useState(regionCode);
  const [course, setCourse] = useState('');
  const [capacity, setCapacity] = useState('');
  const [pillars, setPillars] = useState<Pillar[]>([]);
  const [days, setDays] = useState<DayInput[]>([emptyDay()]);
  const payload: CreateEventRequest = {
    title,
    venue,
    regionCode: region,
    days: days.map((day) => ({ ...day, agenda: (day.agenda ?? []).map((item) => withCourse(item, course)) })),
    ...(course ? { course } : {}),
    ...(capacity ? { capacity: Number(capacity) } : {}),
    ...(pillars.length ? { pillars } : {}),
  };
  return (
    <section className="wide">
      <p className="crumbs">
        <Link to="/pelatih/kegiatan">{t('trainer.listTitle')}</Link>
      </p>
      <h1>{t('trainer.createTitle')}</h1>
      <FormAlert errors={actionData?.error} />
      <Form method="post" className="stack event-form">
        <input type="hidden" name="idempotencyKey" value={formKey} />
        <input type="hidden" name="payload" value={JSON.stringify(payload)} />
        <label className="field">
          {t('trainer.title')}
          <input name="title" value={title} onChange={(e) => setTitle(e.target.value)} required minLength={3} maxLength={200} />
        </label>
        <label className="field">
          {t('trainer.venue')}
          <input name="venue" value={venue} onChange={(e) => setVenue(e.target.value)} required minLength={3} maxLength={300} />
        </label>
        <label className="field">
          {t('trainer.region')}
          <input name="regionCode" value={region} onChange={(e) => setRegion(e.target.value)} required aria-describedby="region-hint" />
          <span className="hint" id="region-hint">
            {t('trainer.regionHint')}
          </span>
        </label>
        <label className="field">
          {t('trainer.course')}
          <select name="course" value={course} onChange={(e) => setCourse(e.target.value)}>
            <option value="">{t('trainer.courseNone')}</option>
            {courses.map((c) => (
              <option key={c.slug} value={c.slug}>
                {c.title}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t('trainer.capacity')}
          <input name="capacity" type="number" min={1} max={10000} value={capacity} onChange={(e) => setCapacity(e.target.value)} />
        </label>
        <fieldset>
          <legend>{t('trainer.pillars')}</legend>
          {PILLARS.map((pillar) => (
            <label key={pillar} className="choice">
              <input
                type="checkbox"
                name="pillars"
                value={pillar}
                checked={pillars.includes(pillar)}
                onChange={(e) => setPillars(e.target.checked ? [...pillars, pillar] : pillars.filter((p) => p !== pillar))}
              />{' '}
              {t(`pillar.${pillar}`)}
            </label>
          ))}
        </fieldset>
        <DaysEditor days={days} onChange={setDays} withCourse={Boolean(course)} />
        <p>
          <button type="submit" className="button" disabled={busy}>
            {t('trainer.save')}
          </button>
        </p>
      </Form>
    </section>
  );
}

/** Only a test slot names a pre-test or post-test, and then the event's course. */
function withCourse(item: ItemInput, course: string): ItemInput {
  const { course: _course, test, ...rest } = item;
  if (item.kind !== 'test' || !test) return rest;
  return course ? { ...rest, test, course } : { ...rest, test };
}

function DaysEditor({ days, onChange, withCourse: hasCourse }: { days: DayInput[]; onChange: (days: DayInput[]) => void; withCourse: boolean }) {
  const { t } = useEventsTranslation();
  const setDay = (index: number, day: DayInput) => onChange(days.map((d, i) => (i === index ? day : d)));
  return (
    <fieldset>
      <legend>{t('trainer.days')}</legend>
      {days.map((day, index) => (
        <div key={index} className="card event-day" data-testid={`day-${index + 1}`}>
          <h2>{t('day', { day: index + 1 })}</h2>
          <div className="inline-actions">
            <label className="field">
              {t('trainer.date')}
              <input type="date" name={`days.${index}.date`} value={day.date} onChange={(e) => setDay(index, { ...day, date: e.target.value })} required />
            </label>
            <label className="field">
              {t('trainer.start')}
              <input type="time" name={`days.${index}.start`} value={day.start} onChange={(e) => setDay(index, { ...day, start: e.target.value })} required />
            </label>
            <label className="field">
              {t('trainer.end')}
              <input type="time" name={`days.${index}.end`} value={day.end} onChange={(e) => setDay(index, { ...day, end: e.target.value })} required />
            </label>
          </div>
          <AgendaEditor day={index + 1} items={day.agenda ?? []} onChange={(agenda) => setDay(index, { ...day, agenda })} withCourse={hasCourse} />
          {days.length > 1 ? (
            <button type="button" className="button button--secondary button--small" onClick={() => onChange(days.filter((_, i) => i !== index))}>
              {t('trainer.removeDay')}
            </button>
          ) : null}
        </div>
      ))}
      <button type="button" className="button button--secondary" onClick={() => onChange([...days, emptyDay()])}>
        {t('trainer.addDay')}
      </button>
    </fieldset>
  );
}

function AgendaEditor({ day, items, onChange, withCourse: hasCourse }: { day: number; items: ItemInput[]; onChange: (items: ItemInput[]) => void; withCourse: boolean }) {
  const { t } = useEventsTranslation();
  const setItem = (index: number, item: ItemInput) => onChange(items.map((it, i) => (i === index ? item : it)));
  const last = items[items.length - 1];
  return (
    <div className="table-wrap">
      <table className="event-agenda-editor">
        <caption>{t('trainer.agenda', { day })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('trainer.start')}</th>
            <th scope="col">{t('trainer.end')}</th>
            <th scope="col">{t('trainer.itemTitle')}</th>
            <th scope="col">{t('trainer.itemKind')}</th>
            <th scope="col">{t('trainer.itemTest')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('trainer.removeItem')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item, index) => {
            const label = `${t('day', { day })}, ${index + 1}`;
            return (
              <tr key={index}>
                <td>
                  <input type="time" aria-label={`${t('trainer.start')} (${label})`} value={item.start} onChange={(e) => setItem(index, { ...item, start: e.target.value })} required />
                </td>
                <td>
                  <input type="time" aria-label={`${t('trainer.end')} (${label})`} value={item.end} onChange={(e) => setItem(index, { ...item, end: e.target.value })} required />
                </td>
                <td>
                  <input aria-label={`${t('trainer.itemTitle')} (${label})`} value={item.title} onChange={(e) => setItem(index, { ...item, title: e.target.value })} required maxLength={200} />
                </td>
                <td>
                  <select aria-label={`${t('trainer.itemKind')} (${label})`} value={item.kind} onChange={(e) => setItem(index, { ...item, kind: e.target.value as ItemInput['kind'] })}>
                    {(['learning', 'break', 'test'] as const).map((kind) => (
                      <option key={kind} value={kind}>
                        {t(`kind.${kind}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <select
                    aria-label={`${t('trainer.itemTest')} (${label})`}
                    value={item.test ?? ''}
                    disabled={item.kind !== 'test' || !hasCourse}
                    onChange={(e) => setItem(index, { ...item, test: (e.target.value || undefined) as ItemInput['test'] })}
                  >
                    <option value="">{t('trainer.itemNone')}</option>
                    <option value="pretest">{t('test.pretest')}</option>
                    <option value="posttest">{t('test.posttest')}</option>
                  </select>
                </td>
                <td>
                  <button type="button" className="link-button" onClick={() => onChange(items.filter((_, i) => i !== index))}>
                    {t('trainer.removeItem')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="button" className="button button--secondary button--small" onClick={() => onChange([...items, emptyItem(last?.end ?? '08:00', last?.end ?? '09:00')])}>
        {t('trainer.addItem')}
      </button>
    </div>
  );
}

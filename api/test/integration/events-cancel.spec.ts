/**
 * Cancelling an event (a hall booking fell through, a budget was cut): who may, which events may not be cancelled
 * (each refusal changing nothing), what the trainer, the admin and the participants see afterwards, that nothing more
 * can be recorded on it, the audit entry, and that its invitees are no longer held by it for the course's completion.
 */
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { EventsClock } from '../../src/events/events-clock';
import { createUser, Pillar, Role, type TestUser } from '../factories';
import { createTestApp, type TestApp } from '../test-app';
import { answersWith, enroll, finishLessons, lessonIdsOf, startAttempt, submit } from './learning.helpers';
import { passFieldTasks } from './tasks.helpers';

const REASON = 'Aula Dinas Sosial dipakai untuk vaksinasi massal; kegiatan dijadwalkan ulang.';
/** 1 December 2026, 10:00 WIB: two weeks before the events below. */
const BEFORE = Date.UTC(2026, 11, 1, 3, 0, 0);
/** 09:00 WIB on 14 December 2026, during day 1. */
const DAY1_MORNING = Date.UTC(2026, 11, 14, 2, 0, 0);
/** 20 December 2026: every event below has ended. */
const AFTER = Date.UTC(2026, 11, 20, 3, 0, 0);
const COURSE = 'tksk-dasar';

describe('cancelling an event', () => {
  let t: TestApp;
  let db: DataSource;
  let clock: EventsClock;
  let trainer: TestUser;
  let otherTrainer: TestUser;
  let admin: TestUser;
  let foreignAdmin: TestUser;
  let foreignTrainer: TestUser;
  let pusat: TestUser;
  let workers: TestUser[];

  const at = (ms: number) => {
    clock.now = () => new Date(ms);
  };
  const eventRow = async (id: string) => (await db.query(`SELECT * FROM events WHERE id = $1`, [id]))[0];
  const snapshot = (id: string) =>
    Promise.all([
      db.query(`SELECT * FROM events WHERE id = $1`, [id]),
      db.query(`SELECT * FROM event_participants WHERE event_id = $1 ORDER BY user_id`, [id]),
      db.query(`SELECT * FROM event_checkins WHERE event_id = $1 ORDER BY id`, [id]),
      db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'event.cancel' AND target_id = $1`, [id]),
    ]);
  const cancel = (id: string, caller: TestUser, reason: unknown = REASON) => t.http.post(`/api/events/${id}/cancel`).set(caller.headers).send({ reason });

  /** A two-day event in Kota Sukabumi on 14–15 December 2026 (WIB), with the workers invited. */
  async function newEvent(by: TestUser = trainer, extra: Record<string, unknown> = {}): Promise<string> {
    const created = await t.http
      .post('/api/events')
      .set(by.headers)
      .send({
        title: 'Bimtek TKSK Kota Sukabumi',
        regionCode: '32.72',
        venue: 'Aula Dinas Sosial Kota Sukabumi',
        pillars: ['TKSK'],
        trainerIds: by.role === Role.PELATIH ? [] : [trainer.id],
        days: [
          { date: '2026-12-14', start: '08:00', end: '16:00', agenda: [{ start: '08:00', end: '12:00', title: 'Peran TKSK', kind: 'learning' }] },
          { date: '2026-12-15', start: '08:00', end: '12:00' },
        ],
        ...extra,
      })
      .expect(201);
    const id = created.body.id as string;
    await t.http.post(`/api/events/${id}/invitations`).set(by.headers).send({ workerIds: workers.map((w) => w.id) }).expect(201);
    return id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    clock = t.app.get(EventsClock);
    trainer = await createUser(t, { role: Role.PELATIH, regionCode: '32.72' });
    otherTrainer = await createUser(t, { role: Role.PELATIH, regionCode: '32.72' });
    admin = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
    foreignAdmin = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.02' });
    foreignTrainer = await createUser(t, { role: Role.PELATIH, regionCode: '32.02' });
    pusat = await createUser(t, { role: Role.ADMIN_PUSAT });
    workers = [];
    for (let i = 0; i < 3; i++) workers.push(await createUser(t, { role: Role.PESERTA, regionCode: '32.72.03', pillar: Pillar.TKSK, name: `Peserta Batal ${i}` }));
  }, 120_000);
  beforeEach(() => at(BEFORE));
  afterAll(() => t.close());

  it('its trainer cancels it with a trimmed reason; the event, the lists and the participants show it; an audit row is written', async () => {
    const id = await newEvent();
    const res = await cancel(id, trainer, `   ${REASON}\n `).expect(200);
    expect(res.body).toEqual({ cancelledAt: new Date(BEFORE).toISOString(), cancelReason: REASON });
    const row = await eventRow(id);
    expect(row).toMatchObject({ cancelled_at: new Date(BEFORE), cancelled_by: trainer.id, cancel_reason: REASON, closed_at: null });

    const detail = (await t.http.get(`/api/events/${id}`).set(admin.headers).expect(200)).body;
    expect(detail).toMatchObject({ cancelledAt: new Date(BEFORE).toISOString(), cancelReason: REASON, invited: 3 });
    const listed = (await t.http.get('/api/events?pageSize=100').set(trainer.headers).expect(200)).body.items.find((e: { id: string }) => e.id === id);
    expect(listed).toMatchObject({ cancelledAt: new Date(BEFORE).toISOString(), cancelReason: REASON });
    const mine = (await t.http.get('/api/me/events').set(workers[0].headers).expect(200)).body.items.find((e: { id: string }) => e.id === id);
    expect(mine).toMatchObject({ status: 'INVITED', cancelledAt: new Date(BEFORE).toISOString(), cancelReason: REASON, attendedDays: [], myJp: 0 });

    const audit = await db.query(`SELECT actor_id AS "actorId", actor_role AS "actorRole", target_type AS "targetType", region_code AS "regionCode", details FROM audit_log WHERE action = 'event.cancel' AND target_id = $1`, [id]);
    expect(audit).toEqual([{ actorId: trainer.id, actorRole: 'PELATIH', targetType: 'event', regionCode: '32.72', details: { title: 'Bimtek TKSK Kota Sukabumi', reason: REASON } }]);
  });

  it('its report PDF and workbook say at the top that it was cancelled: when, by whom (a name) and why', async () => {
    const id = await newEvent();
    await cancel(id, admin).expect(200);
    const download = (path: string) =>
      t.http.get(path).set(trainer.headers).buffer(true).parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    // 1 December 2026, 10:00 WIB is BEFORE, when it was cancelled.
    const pdf = (await download(`/api/events/${id}/report.pdf`).expect(200)).body as Buffer;
    const pages = execFileSync('pdftotext', ['-', '-'], { input: pdf }).toString('utf8').split('\f').map((page) => page.replace(/\s+/g, ' ').trim());
    for (const page of pages.filter(Boolean)) {
      expect(page.startsWith('KEGIATAN DIBATALKAN')).toBe(true);
      expect(page).toContain(`Dibatalkan pada 2026-12-01 10:00 WIB oleh ${admin.name}.`);
      expect(page).toContain(`Alasan: ${REASON}`);
    }

    const xlsx = (await download(`/api/events/${id}/report.xlsx`).expect(200)).body as Buffer;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx as unknown as ArrayBuffer);
    const summary = book.getWorksheet('Kegiatan')!;
    const rows = [2, 3, 4, 5, 6].map((n) => (summary.getRow(n).values as unknown[]).slice(1, 3));
    expect(rows).toEqual([
      ['Status', 'KEGIATAN DIBATALKAN'],
      ['Dibatalkan pada', '2026-12-01 10:00 WIB'],
      ['Dibatalkan oleh', admin.name],
      ['Alasan pembatalan', REASON],
      ['Kegiatan', 'Bimtek TKSK Kota Sukabumi'],
    ]);
  });

  it('the region’s admin and the ministry admin may cancel; another trainer, a worker and anyone of another region may not, and change nothing', async () => {
    const id = await newEvent();
    const before = await snapshot(id);
    expect((await cancel(id, otherTrainer).expect(403)).body.code).toBe('EVENT_NOT_TRAINER');
    expect((await cancel(id, foreignTrainer).expect(404)).body.code).toBe('EVENT_NOT_FOUND');
    expect((await cancel(id, foreignAdmin).expect(404)).body.code).toBe('EVENT_NOT_FOUND');
    await cancel(id, workers[0]).expect(403);
    expect((await cancel('7b0a5e5e-1111-4222-8333-944444444444', admin).expect(404)).body.code).toBe('EVENT_NOT_FOUND');
    expect((await cancel('bukan-uuid', admin).expect(404)).body.code).toBe('EVENT_NOT_FOUND');
    expect(await snapshot(id)).toEqual(before);

    await cancel(id, admin).expect(200);
    expect(await eventRow(id)).toMatchObject({ cancelled_by: admin.id });
    const another = await newEvent(admin);
    await cancel(another, pusat).expect(200);
    expect(await eventRow(another)).toMatchObject({ cancelled_by: pusat.id });
  });

  it('refuses a missing, short or long reason, changing nothing', async () => {
    const id = await newEvent();
    const before = await snapshot(id);
    expect((await t.http.post(`/api/events/${id}/cancel`).set(trainer.headers).send({}).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await cancel(id, trainer, 42).expect(400)).body.code).toBe('VALIDATION_FAILED');
    const short = await cancel(id, trainer, '   Batal.      ').expect(400);
    expect(short.body).toMatchObject({ code: 'EVENT_CANCEL_REASON_INVALID', fields: [{ field: 'reason' }] });
    expect((await cancel(id, trainer, 'x'.repeat(501)).expect(400)).body.code).toBe('EVENT_CANCEL_REASON_INVALID');
    expect((await cancel(id, trainer, 'x'.repeat(1001)).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect(await snapshot(id)).toEqual(before);
    // Exactly 10 and exactly 500 characters after trimming are accepted.
    await cancel(id, trainer, `  ${'a'.repeat(10)}  `).expect(200);
    await cancel(await newEvent(), trainer, 'b'.repeat(500)).expect(200);
  });

  it('refuses a second cancellation, an event with attendance, an ended event and a closed one, each changing nothing', async () => {
    const cancelled = await newEvent();
    await cancel(cancelled, trainer).expect(200);
    let before = await snapshot(cancelled);
    expect((await cancel(cancelled, admin, 'Alasan lain yang juga cukup panjang.').expect(409)).body.code).toBe('EVENT_ALREADY_CANCELLED');
    expect(await snapshot(cancelled)).toEqual(before);

    const attended = await newEvent();
    at(DAY1_MORNING);
    await t.http.post(`/api/events/${attended}/checkins`).set(trainer.headers).send({ workerId: workers[0].id, day: 1, nonce: 'cancel-attended-1' }).expect(201);
    before = await snapshot(attended);
    expect((await cancel(attended, trainer).expect(409)).body.code).toBe('EVENT_HAS_ATTENDANCE');
    expect((await cancel(attended, pusat).expect(409)).body.code).toBe('EVENT_HAS_ATTENDANCE');
    expect(await snapshot(attended)).toEqual(before);

    at(BEFORE);
    const ended = await newEvent();
    at(AFTER);
    before = await snapshot(ended);
    expect((await cancel(ended, trainer).expect(409)).body.code).toBe('EVENT_ENDED');
    expect(await snapshot(ended)).toEqual(before);

    at(BEFORE);
    const closed = await newEvent();
    await t.http.post(`/api/events/${closed}/close`).set(trainer.headers).send({}).expect(200);
    before = await snapshot(closed);
    expect((await cancel(closed, trainer).expect(409)).body.code).toBe('EVENT_CLOSED');
    expect(await snapshot(closed)).toEqual(before);
  });

  it('a cancelled event takes no check-in, tick, batch, walk-in, invitation, answer, room test or closing', async () => {
    const id = await newEvent();
    await cancel(id, trainer).expect(200);
    const extra = await createUser(t, { role: Role.PESERTA, regionCode: '32.72.03', pillar: Pillar.TKSK });
    at(DAY1_MORNING);
    const before = await snapshot(id);
    const refusals = await Promise.all([
      t.http.post(`/api/events/${id}/checkins`).set(workers[0].headers).send({ code: 'AAAAAA' }),
      t.http.post(`/api/events/${id}/checkins`).set(trainer.headers).send({ workerId: workers[0].id, day: 1, nonce: 'after-cancel-01' }),
      t.http.post(`/api/events/${id}/checkins/batch`).set(trainer.headers).send({ checkins: [{ workerId: workers[1].id, day: 1, nonce: 'after-cancel-02' }] }),
      t.http.post(`/api/events/${id}/walk-ins`).set(trainer.headers).send({ name: 'Datang Langsung', phone: '081299991234', pillar: 'TKSK', regionCode: '32.72.03', day: 1, nonce: 'after-cancel-03' }),
      t.http.post(`/api/events/${id}/invitations`).set(admin.headers).send({ workerIds: [extra.id] }),
      t.http.post(`/api/events/${id}/room-test`).set(trainer.headers).send({ test: 'pretest' }),
      t.http.post(`/api/events/${id}/close`).set(trainer.headers).send({}),
      t.http.get(`/api/events/${id}/checkin-code`).set(trainer.headers),
    ]);
    expect(refusals.map((r) => `${r.status} ${r.body.code}`)).toEqual(Array(refusals.length).fill('409 EVENT_CANCELLED'));
    at(BEFORE);
    expect((await t.http.post(`/api/me/events/${id}/response`).set(workers[1].headers).send({ decision: 'confirm' }).expect(409)).body.code).toBe('EVENT_CANCELLED');
    expect(await snapshot(id)).toEqual(before);
    expect(await db.query(`SELECT id FROM users WHERE phone LIKE '%81299991234'`)).toEqual([]);
    // Reading it still works: the roster and the paperwork say who was invited, with no attendance.
    const roster = (await t.http.get(`/api/events/${id}/participants`).set(trainer.headers).expect(200)).body.items;
    expect(roster.map((p: { attendedDays: number[]; jp: number }) => [p.attendedDays, p.jp])).toEqual(workers.map(() => [[], 0]));
  });

  it('a check-in at the same moment as the cancellation: exactly one of them wins, never both', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await newEvent());
    at(DAY1_MORNING);
    for (const [i, id] of ids.entries()) {
      const [cancelled, ticked] = await Promise.all([
        cancel(id, admin),
        t.http.post(`/api/events/${id}/checkins`).set(trainer.headers).send({ workerId: workers[2].id, day: 1, nonce: `race-tick-${i}-0000` }),
      ]);
      const checkins = Number((await db.query(`SELECT count(*) AS n FROM event_checkins WHERE event_id = $1`, [id]))[0].n);
      const row = await eventRow(id);
      expect([cancelled.status, ticked.status].sort()).toEqual(cancelled.status === 200 ? [200, 409] : [201, 409]);
      expect(row.cancelled_at !== null && checkins > 0).toBe(false);
    }
  });

  it('no longer holds its invitees’ completion: a worker who passed the course completes when the event is cancelled', async () => {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK, regionCode: '32.72.03' });
    const id = await newEvent(trainer, { course: COURSE });
    await t.http.post(`/api/events/${id}/invitations`).set(trainer.headers).send({ workerIds: [worker.id] }).expect(201);
    const { id: enrollmentId } = await enroll(t, worker, COURSE);
    const pre = await startAttempt(t, worker, enrollmentId, 'pretest');
    await submit(t, worker, pre.id, await answersWith(db, pre.id, 3)).expect(200);
    await finishLessons(t, worker, enrollmentId, await lessonIdsOf(t, COURSE));
    const post = await startAttempt(t, worker, enrollmentId, 'posttest');
    await submit(t, worker, post.id, await answersWith(db, post.id, 8)).expect(200);
    await passFieldTasks(t, worker, enrollmentId);
    const statusOf = async () => (await t.http.get(`/api/enrollments/${enrollmentId}`).set(worker.headers).expect(200)).body.status;
    expect(await statusOf()).toBe('ACTIVE'); // held by the course's event

    await cancel(id, trainer).expect(200);
    expect(await statusOf()).toBe('COMPLETED');
  }, 60_000);
});

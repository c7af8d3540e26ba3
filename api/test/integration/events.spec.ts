/**
 * In-person training events (issue #20): a two-day event in Kota Sukabumi (WIB) for 30 invited workers, 25 check-ins by
 * the rotating code on day 1 (one scanning twice), refusals of wrong, stale, other-day and other-event codes on a clock
 * the test controls, trainer ticks and a replayed offline batch, JP from the attended agenda, the workbook against the
 * database, a foreign-region trainer seeing nothing, and an event in Kota Jayapura (WIT) enforcing its own hours.
 */
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { EventsClock } from '../../src/events/events-clock';
import { createUser, Pillar, Role, type TestUser } from '../factories';
import { createTestApp, type TestApp } from '../test-app';

/** The rule of decision record 020, written out independently: minutes / 45 rounded down to a half JP. */
const jpRule = (minutes: number) => Math.floor((minutes / 45) * 2) / 2;

const DAY1_AGENDA = [
  { start: '08:00', end: '08:30', title: 'Pre-test', kind: 'test', test: 'pretest' },
  { start: '08:30', end: '10:00', title: 'Peran TKSK', kind: 'learning' },
  { start: '10:00', end: '10:15', title: 'Rehat', kind: 'break' },
  { start: '10:15', end: '12:00', title: 'Pendataan DTSEN', kind: 'learning' },
  { start: '13:00', end: '15:00', title: 'Praktik asesmen', kind: 'learning' },
];
const DAY2_AGENDA = [
  { start: '08:00', end: '09:40', title: 'Rujukan', kind: 'learning' },
  { start: '09:40', end: '10:00', title: 'Rehat', kind: 'break' },
  { start: '10:00', end: '11:30', title: 'Pelaporan', kind: 'learning' },
  { start: '11:30', end: '12:00', title: 'Post-test', kind: 'test', test: 'posttest' },
];
const DAY1_MINUTES = 90 + 105 + 120;
const DAY2_MINUTES = 100 + 90;

/** 08:30 WIB on 14 December 2026, at the start of a 30-second window. */
const DAY1_MORNING = Date.UTC(2026, 11, 14, 1, 30, 0);
const DAY2_MORNING = Date.UTC(2026, 11, 15, 2, 0, 0);

describe('events', () => {
  let t: TestApp;
  let db: DataSource;
  let clock: EventsClock;
  let trainer: TestUser;
  let otherTrainer: TestUser;
  let admin: TestUser;
  let foreignTrainer: TestUser;
  let pusat: TestUser;
  let workers: TestUser[];
  let waiting: TestUser[];
  let outsider: TestUser;
  let eventId: string;
  let otherEventId: string;

  const at = (ms: number) => {
    clock.now = () => new Date(ms);
  };
  const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params))[0].n);
  const snapshot = () =>
    Promise.all([
      db.query(`SELECT * FROM events ORDER BY id`),
      db.query(`SELECT * FROM event_participants ORDER BY event_id, user_id`),
      db.query(`SELECT * FROM event_checkins ORDER BY id`),
    ]);

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    clock = t.app.get(EventsClock);
    at(Date.UTC(2026, 11, 1, 3, 0, 0));
    trainer = await createUser(t, { role: Role.PELATIH, regionCode: '32.72' });
    otherTrainer = await createUser(t, { role: Role.PELATIH, regionCode: '32.72' });
    admin = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
    foreignTrainer = await createUser(t, { role: Role.PELATIH, regionCode: '32.02' });
    pusat = await createUser(t, { role: Role.ADMIN_PUSAT });
    workers = [];
    for (let i = 0; i < 30; i++) workers.push(await createUser(t, { role: Role.PESERTA, regionCode: '32.72.03', pillar: Pillar.TKSK, name: `Peserta ${String(i).padStart(2, '0')}` }));
    waiting = [
      await createUser(t, { role: Role.PESERTA, regionCode: '32.72.01', pillar: Pillar.PSM, name: 'Tunggu Satu' }),
      await createUser(t, { role: Role.PESERTA, regionCode: '32.72.01', pillar: Pillar.PSM, name: 'Tunggu Dua' }),
    ];
    outsider = await createUser(t, { role: Role.PESERTA, regionCode: '32.72.03', pillar: Pillar.TKSK });
  }, 120_000);
  afterAll(() => t.close());

  it('creates a two-day event with its agenda in WIB, JP from the learning minutes', async () => {
    const res = await t.http
      .post('/api/events')
      .set(trainer.headers)
      .send({
        title: 'Bimtek TKSK Kota Sukabumi',
        regionCode: '32.72',
        venue: 'Aula Dinas Sosial Kota Sukabumi',
        capacity: 30,
        pillars: ['TKSK'],
        days: [
          { date: '2026-12-14', start: '08:00', end: '16:00', agenda: DAY1_AGENDA },
          { date: '2026-12-15', start: '08:00', end: '12:00', agenda: DAY2_AGENDA },
        ],
      })
      .expect(201);
    eventId = res.body.id;
    const detail = (await t.http.get(`/api/events/${eventId}`).set(trainer.headers).expect(200)).body;
    expect(detail).toMatchObject({ zone: 'WIB', timeZone: 'Asia/Jakarta', regionName: expect.stringMatching(/sukabumi/i) });
    expect(detail.days[0]).toMatchObject({ day: 1, date: '2026-12-14', start: '08:00', end: '16:00', startsAt: '2026-12-14T01:00:00.000Z', learningMinutes: DAY1_MINUTES });
    expect(detail.learningMinutes).toBe(DAY1_MINUTES + DAY2_MINUTES);
    expect(detail.jp).toBe(jpRule(DAY1_MINUTES + DAY2_MINUTES));
    expect(detail.trainerIds).toEqual([trainer.id]);

    const other = await t.http
      .post('/api/events')
      .set(trainer.headers)
      .send({ title: 'Kegiatan lain', regionCode: '32.72', venue: 'Gedung lain', days: [{ date: '2026-12-14', start: '08:00', end: '16:00' }] })
      .expect(201);
    otherEventId = other.body.id;
  });

  it('refuses bad schedules and foreign regions, changing nothing', async () => {
    const before = await snapshot();
    const base = { title: 'Salah', regionCode: '32.72', venue: 'Aula', days: [{ date: '2026-12-20', start: '08:00', end: '12:00' }] };
    const outside = await t.http
      .post('/api/events')
      .set(trainer.headers)
      .send({ ...base, days: [{ date: '2026-12-20', start: '08:00', end: '12:00', agenda: [{ start: '11:00', end: '13:00', title: 'Terlalu lama', kind: 'learning' }] }] })
      .expect(400);
    expect(outside.body).toMatchObject({ code: 'EVENT_AGENDA_INVALID', fields: [{ field: 'days.0.agenda.0.start' }] });
    expect((await t.http.post('/api/events').set(trainer.headers).send({ ...base, days: [{ date: '2026-02-30', start: '08:00', end: '12:00' }] }).expect(400)).body.code).toBe('EVENT_DAYS_INVALID');
    expect((await t.http.post('/api/events').set(trainer.headers).send({ ...base, days: [{ date: '2026-12-20', start: '12:00', end: '08:00' }] }).expect(400)).body.code).toBe('EVENT_DAYS_INVALID');
    expect((await t.http.post('/api/events').set(foreignTrainer.headers).send(base).expect(404)).body.code).toBe('EVENT_REGION_NOT_FOUND');
    expect((await t.http.post('/api/events').set(trainer.headers).send({ ...base, course: 'tidak-ada-kursus' }).expect(404)).body.code).toBe('EVENT_COURSE_NOT_FOUND');
    await t.http.post('/api/events').set(workers[0].headers).send(base).expect(403);
    expect(await snapshot()).toEqual(before);
  });

  it('invites 30 workers, puts those past capacity on the waiting list, and lets a worker confirm or decline', async () => {
    const invited = await t.http.post(`/api/events/${eventId}/invitations`).set(trainer.headers).send({ workerIds: workers.map((w) => w.id) }).expect(201);
    expect(invited.body).toEqual({ invited: 30, alreadyInvited: 0, waitlisted: 0 });
    const psm = await count(`SELECT count(*) AS n FROM users WHERE role = 'PESERTA' AND pillar = 'PSM' AND status IN ('ACTIVE', 'INVITED') AND region_code LIKE '32.72.01%'`);
    const more = await t.http.post(`/api/events/${eventId}/invitations`).set(trainer.headers).send({ pillar: 'PSM', regionCode: '32.72.01', workerIds: [workers[0].id] }).expect(201);
    expect(more.body).toEqual({ invited: 0, alreadyInvited: 1, waitlisted: psm });

    const before = await snapshot();
    expect((await t.http.post(`/api/events/${eventId}/invitations`).set(foreignTrainer.headers).send({ workerIds: [outsider.id] }).expect(404)).body.code).toBe('EVENT_NOT_FOUND');
    expect((await t.http.post(`/api/events/${eventId}/invitations`).set(otherTrainer.headers).send({ workerIds: [outsider.id] }).expect(403)).body.code).toBe('EVENT_NOT_TRAINER');
    const foreignWorker = await createUser(t, { role: Role.PESERTA, regionCode: '32.02.01' });
    expect((await t.http.post(`/api/events/${eventId}/invitations`).set(trainer.headers).send({ workerIds: [outsider.id, foreignWorker.id] }).expect(404)).body).toMatchObject({
      code: 'EVENT_WORKER_NOT_FOUND',
      fields: [{ field: 'workerIds' }],
    });
    expect((await t.http.post(`/api/events/${eventId}/invitations`).set(trainer.headers).send({}).expect(400)).body.code).toBe('EVENT_INVITATION_EMPTY');
    expect(await snapshot()).toEqual(before);

    const mine = (await t.http.get('/api/me/events').set(workers[3].headers).expect(200)).body.items;
    expect(mine).toEqual([expect.objectContaining({ id: eventId, status: 'INVITED', venue: 'Aula Dinas Sosial Kota Sukabumi', attendedDays: [], myJp: 0 })]);
    expect((await t.http.post(`/api/me/events/${eventId}/response`).set(workers[3].headers).send({ decision: 'confirm' }).expect(200)).body).toEqual({ status: 'CONFIRMED' });
    expect((await t.http.get(`/api/events/${eventId}`).set(workers[3].headers).expect(200)).body.id).toBe(eventId);
    await t.http.get(`/api/events/${eventId}`).set(outsider.headers).expect(404);

    // A worker declines: the first on the waiting list takes the place; the second keeps waiting.
    expect(psm).toBe(2);
    expect((await t.http.post(`/api/me/events/${eventId}/response`).set(workers[28].headers).send({ decision: 'decline' }).expect(200)).body).toEqual({ status: 'DECLINED' });
    const statuses = await db.query(`SELECT user_id, status FROM event_participants WHERE event_id = $1 AND user_id = ANY($2::uuid[])`, [eventId, waiting.map((w) => w.id)]);
    expect(Object.fromEntries(statuses.map((r: { user_id: string; status: string }) => [r.user_id, r.status]))).toEqual({ [waiting[0].id]: 'INVITED', [waiting[1].id]: 'WAITLISTED' });
    expect((await t.http.post(`/api/me/events/${eventId}/response`).set(waiting[1].headers).send({ decision: 'confirm' }).expect(200)).body).toEqual({ status: 'WAITLISTED' });
    const full = await snapshot();
    expect((await t.http.post(`/api/me/events/${eventId}/response`).set(workers[28].headers).send({ decision: 'confirm' }).expect(409)).body.code).toBe('EVENT_FULL');
    expect(await snapshot()).toEqual(full);
    expect((await t.http.get(`/api/events/${eventId}`).set(trainer.headers).expect(200)).body).toMatchObject({ invited: 30, waitlisted: 1 });
  });

  let day1Code: string;

  it('day 1: 25 check in by the rotating code (current and previous window); a second scan is recorded once', async () => {
    at(Date.UTC(2026, 11, 14, 0, 30, 0)); // 07:30 WIB: before the day's hours
    expect((await t.http.get(`/api/events/${eventId}/checkin-code`).set(trainer.headers).expect(409)).body.code).toBe('EVENT_NOT_IN_SESSION');

    at(DAY1_MORNING);
    const shown = (await t.http.get(`/api/events/${eventId}/checkin-code`).set(trainer.headers).expect(200)).body;
    expect(shown).toMatchObject({ day: 1, zone: 'WIB', expiresAt: new Date(DAY1_MORNING + 30_000).toISOString() });
    expect(shown.code).toMatch(/^[A-Z2-9]{6}$/);
    expect(shown.url).toContain(`/kegiatan/${eventId}/hadir?kode=${shown.code}`);
    day1Code = shown.code;

    for (const worker of workers.slice(0, 12)) {
      const res = await t.http.post(`/api/events/${eventId}/checkins`).set(worker.headers).send({ code: day1Code.toLowerCase() }).expect(201);
      expect(res.body).toMatchObject({ workerId: worker.id, day: 1, method: 'CODE', alreadyRecorded: false, localTime: '2026-12-14 08:30 WIB' });
    }
    at(DAY1_MORNING + 30_000); // the code changed; the previous one is still accepted
    const next = (await t.http.get(`/api/events/${eventId}/checkin-code`).set(admin.headers).expect(200)).body.code;
    expect(next).not.toBe(day1Code);
    for (const worker of workers.slice(12, 25)) await t.http.post(`/api/events/${eventId}/checkins`).set(worker.headers).send({ code: day1Code }).expect(201);

    const first = await t.http.post(`/api/events/${eventId}/checkins`).set(workers[5].headers).send({ code: next }).expect(200);
    expect(first.body).toMatchObject({ alreadyRecorded: true, message: expect.stringContaining('Sudah tercatat') });
    expect(await count(`SELECT count(*) AS n FROM event_checkins WHERE event_id = $1 AND day = 1`, [eventId])).toBe(25);
    expect(await count(`SELECT count(*) AS n FROM event_checkins WHERE event_id = $1 AND user_id = $2`, [eventId, workers[5].id])).toBe(1);
  });

  it('refuses stale, wrong and other-event codes, and workers who are not invited, changing nothing', async () => {
    at(DAY1_MORNING + 90_000); // two windows later: the first code is stale
    const before = await snapshot();
    const post = (worker: TestUser, code: string) => t.http.post(`/api/events/${eventId}/checkins`).set(worker.headers).send({ code });
    expect((await post(workers[25], day1Code).expect(400)).body).toMatchObject({ code: 'EVENT_CODE_EXPIRED', fields: [{ field: 'code' }] });
    expect((await post(workers[25], 'AXXXXX').expect(400)).body.code).toBe('EVENT_CODE_WRONG');
    const foreignCode = (await t.http.get(`/api/events/${otherEventId}/checkin-code`).set(trainer.headers).expect(200)).body.code;
    expect((await post(workers[25], foreignCode).expect(400)).body.code).toBe('EVENT_CODE_WRONG');
    const current = (await t.http.get(`/api/events/${eventId}/checkin-code`).set(trainer.headers).expect(200)).body.code;
    expect((await post(outsider, current).expect(404)).body.code).toBe('EVENT_NOT_FOUND');
    expect((await post(waiting[1], current).expect(403)).body.code).toBe('EVENT_WAITLISTED');
    expect((await t.http.post(`/api/events/${eventId}/checkins`).set(workers[25].headers).send({}).expect(400)).body.code).toBe('EVENT_CHECKIN_INCOMPLETE');
    expect(await snapshot()).toEqual(before);
  });

  it('the trainer ticks a worker without a phone; the same nonce again changes nothing', async () => {
    const tick = { workerId: workers[25].id, day: 1, nonce: 'tick-0000000001' };
    const first = await t.http.post(`/api/events/${eventId}/checkins`).set(trainer.headers).send(tick).expect(201);
    expect(first.body).toMatchObject({ method: 'TRAINER', alreadyRecorded: false });
    const before = await snapshot();
    const again = await t.http.post(`/api/events/${eventId}/checkins`).set(trainer.headers).send(tick).expect(200);
    expect(again.body).toMatchObject({ id: first.body.id, alreadyRecorded: true });
    expect((await t.http.post(`/api/events/${eventId}/checkins`).set(trainer.headers).send({ ...tick, workerId: workers[26].id }).expect(409)).body.code).toBe('EVENT_NONCE_REUSED');
    expect((await t.http.post(`/api/events/${eventId}/checkins`).set(trainer.headers).send({ ...tick, workerId: outsider.id, nonce: 'tick-outsider-01' }).expect(404)).body.code).toBe('EVENT_PARTICIPANT_NOT_FOUND');
    expect((await t.http.post(`/api/events/${eventId}/checkins`).set(trainer.headers).send({ ...tick, day: 2, nonce: 'tick-too-early-1' }).expect(409)).body.code).toBe('EVENT_DAY_NOT_STARTED');
    expect((await t.http.post(`/api/events/${eventId}/checkins`).set(trainer.headers).send({ ...tick, day: 3, nonce: 'tick-no-such-day' }).expect(400)).body.code).toBe('EVENT_DAY_NOT_FOUND');
    expect((await t.http.post(`/api/events/${eventId}/checkins`).set(otherTrainer.headers).send({ ...tick, nonce: 'tick-not-trainer' }).expect(403)).body.code).toBe('EVENT_NOT_TRAINER');
    expect(await snapshot()).toEqual(before);
  });

  it('day 2: a day-1 code is refused; an offline batch syncs once and its replay changes nothing', async () => {
    at(DAY2_MORNING);
    const before = await snapshot();
    expect((await t.http.post(`/api/events/${eventId}/checkins`).set(workers[0].headers).send({ code: day1Code }).expect(400)).body).toMatchObject({
      code: 'EVENT_CODE_OTHER_DAY',
      message: expect.stringContaining('hari ke-1'),
    });
    expect(await snapshot()).toEqual(before);

    const day2Code = (await t.http.get(`/api/events/${eventId}/checkin-code`).set(trainer.headers).expect(200)).body;
    expect(day2Code.day).toBe(2);
    for (const worker of workers.slice(0, 20)) await t.http.post(`/api/events/${eventId}/checkins`).set(worker.headers).send({ code: day2Code.code }).expect(201);

    // Recorded offline on the trainer's phone: two new, one already checked in by code.
    const batch = { checkins: [workers[26], workers[27], workers[0]].map((w, i) => ({ workerId: w.id, day: 2, nonce: `offline-batch-${i}` })) };
    const synced = await t.http.post(`/api/events/${eventId}/checkins/batch`).set(trainer.headers).send(batch).expect(200);
    expect(synced.body.results.map((r: { alreadyRecorded: boolean }) => r.alreadyRecorded)).toEqual([false, false, true]);
    const afterSync = await snapshot();
    const replay = await t.http.post(`/api/events/${eventId}/checkins/batch`).set(trainer.headers).send(batch).expect(200);
    expect(replay.body.results.map((r: { id: string }) => r.id)).toEqual(synced.body.results.map((r: { id: string }) => r.id));
    expect(await snapshot()).toEqual(afterSync);
    expect(await count(`SELECT count(*) AS n FROM event_checkins WHERE event_id = $1 AND day = 2`, [eventId])).toBe(22);

    // A batch with one bad item is refused whole.
    const bad = { checkins: [{ workerId: workers[28].id, day: 2, nonce: 'offline-batch-9' }, { workerId: outsider.id, day: 2, nonce: 'offline-batch-10' }] };
    expect((await t.http.post(`/api/events/${eventId}/checkins/batch`).set(trainer.headers).send(bad).expect(404)).body.code).toBe('EVENT_PARTICIPANT_NOT_FOUND');
    expect(await snapshot()).toEqual(afterSync);
  });

  it('JP counts only the agenda of the days each worker attended', async () => {
    const roster = (await t.http.get(`/api/events/${eventId}/participants`).set(trainer.headers).expect(200)).body.items as { workerId: string; attendedDays: number[]; jp: number }[];
    const byId = new Map(roster.map((p) => [p.workerId, p]));
    expect(byId.get(workers[0].id)).toMatchObject({ attendedDays: [1, 2], jp: jpRule(DAY1_MINUTES + DAY2_MINUTES) });
    expect(byId.get(workers[22].id)).toMatchObject({ attendedDays: [1], jp: jpRule(DAY1_MINUTES) });
    expect(byId.get(workers[26].id)).toMatchObject({ attendedDays: [2], jp: jpRule(DAY2_MINUTES) });
    expect(byId.get(workers[29].id)).toMatchObject({ attendedDays: [], jp: 0 });
    expect(jpRule(DAY1_MINUTES + DAY2_MINUTES)).toBe(11);
    expect(jpRule(DAY1_MINUTES)).toBe(7);
    expect(jpRule(DAY2_MINUTES)).toBe(4);
    const mine = (await t.http.get('/api/me/events').set(workers[0].headers).expect(200)).body.items[0];
    expect(mine).toMatchObject({ attendedDays: [1, 2], myJp: 11 });
  });

  it('the workbook lists exactly the attendance the database holds, in roster order, and is audited', async () => {
    const res = await t.http.get(`/api/events/${eventId}/report.xlsx`).set(admin.headers).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Daftar hadir')!;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    expect(header).toEqual(['No', 'Nama', 'Status undangan', 'Hari 1 (2026-12-14)', 'Hari 2 (2026-12-15)', 'Menit belajar', 'JP', 'ID peserta', 'Pre-test', 'Post-test', 'Kenaikan']);
    const rows: { workerId: string; day1: boolean; day2: boolean; jp: number }[] = [];
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const v = row.values as unknown[];
      rows.push({ workerId: String(v[8]), day1: Boolean(v[4]), day2: Boolean(v[5]), jp: Number(v[7]) });
    });
    const expected = await db.query(
      `SELECT p.user_id AS "workerId",
              EXISTS (SELECT 1 FROM event_checkins c WHERE c.event_id = p.event_id AND c.user_id = p.user_id AND c.day = 1) AS day1,
              EXISTS (SELECT 1 FROM event_checkins c WHERE c.event_id = p.event_id AND c.user_id = p.user_id AND c.day = 2) AS day2,
              COALESCE((SELECT sum(d.learning_minutes) FROM event_days d JOIN event_checkins c ON c.event_id = d.event_id AND c.day = d.day
                         WHERE d.event_id = p.event_id AND c.user_id = p.user_id), 0)::int AS minutes
         FROM event_participants p
        WHERE p.event_id = $1 AND (p.status IN ('INVITED', 'CONFIRMED') OR EXISTS (SELECT 1 FROM event_checkins c WHERE c.event_id = p.event_id AND c.user_id = p.user_id))
        ORDER BY p.position`,
      [eventId],
    );
    expect(rows).toEqual(expected.map((e: { workerId: string; day1: boolean; day2: boolean; minutes: number }) => ({ workerId: e.workerId, day1: e.day1, day2: e.day2, jp: jpRule(e.minutes) })));
    expect(rows.filter((r) => r.day1)).toHaveLength(26);
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE action = 'event.report' AND target_id = $1`, [eventId])).toBe(1);
  });

  it('a trainer of another region sees nothing of the event', async () => {
    const list = (await t.http.get('/api/events').set(foreignTrainer.headers).expect(200)).body;
    expect(list).toMatchObject({ items: [], total: 0 });
    expect((await t.http.get('/api/events').set(trainer.headers).expect(200)).body.items.map((e: { id: string }) => e.id)).toEqual(expect.arrayContaining([eventId, otherEventId]));
    for (const path of ['', '/participants', '/checkin-code', '/report.xlsx']) {
      const res = await t.http.get(`/api/events/${eventId}${path}`).set(foreignTrainer.headers).expect(404);
      expect(res.body.code).toBe('EVENT_NOT_FOUND');
    }
    const before = await snapshot();
    await t.http.post(`/api/events/${eventId}/checkins`).set(foreignTrainer.headers).send({ workerId: workers[29].id, day: 2, nonce: 'foreign-tick-01' }).expect(404);
    await t.http.get('/api/events/not-a-uuid').set(trainer.headers).expect(404);
    expect(await snapshot()).toEqual(before);
  });

  it('stops a worker guessing codes after 20 wrong ones (per worker, not per address)', async () => {
    at(DAY2_MORNING + 10 * 30_000);
    const guesser = workers[29];
    for (let i = 0; i < 20; i++) {
      const res = await t.http.post(`/api/events/${eventId}/checkins`).set(guesser.headers).send({ code: `B${String(i).padStart(5, '2').replace(/[01]/g, '2')}` });
      expect(res.status).toBe(400);
    }
    const right = (await t.http.get(`/api/events/${eventId}/checkin-code`).set(trainer.headers).expect(200)).body.code;
    expect((await t.http.post(`/api/events/${eventId}/checkins`).set(guesser.headers).send({ code: right }).expect(429)).body.code).toBe('EVENT_CODE_TOO_MANY_TRIES');
    await t.http.post(`/api/events/${eventId}/checkins`).set(workers[20].headers).send({ code: right }).expect(201);
    at(DAY2_MORNING + 10 * 30_000 + 10 * 60_000);
    const later = (await t.http.get(`/api/events/${eventId}/checkin-code`).set(trainer.headers).expect(200)).body.code;
    await t.http.post(`/api/events/${eventId}/checkins`).set(guesser.headers).send({ code: later }).expect(201);
  });

  it('lists the workers a trainer can pick: the event’s pillars in its region, those on the roster marked', async () => {
    const { items, total } = (await t.http.get(`/api/events/${eventId}/candidates`).set(trainer.headers).expect(200)).body;
    expect(total).toBe(31);
    expect(items.filter((c: { onRoster: boolean }) => c.onRoster)).toHaveLength(30);
    expect(items.find((c: { workerId: string }) => c.workerId === outsider.id)).toMatchObject({ onRoster: false });
    expect(items.some((c: { workerId: string }) => c.workerId === waiting[0].id)).toBe(false);
    expect((await t.http.get(`/api/events/${eventId}/candidates`).set(otherTrainer.headers).expect(403)).body.code).toBe('EVENT_NOT_TRAINER');
  });

  it('offline room mode: a personal QR verifies with the event’s room key alone, and not for another event', async () => {
    const qr = (await t.http.get(`/api/me/events/${eventId}/qr`).set(workers[1].headers).expect(200)).body;
    expect(qr.svg).toContain('<svg');
    const [prefix, qrEvent, qrWorker, mac] = qr.payload.split('.');
    expect([prefix, qrEvent, qrWorker]).toEqual(['BP1', eventId, workers[1].id]);
    const { key } = (await t.http.get(`/api/events/${eventId}/room-key`).set(trainer.headers).expect(200)).body;
    // What the trainer's page does offline (Web Crypto there; node:crypto here): HMAC-SHA256 of "event:worker".
    const macOf = (k: string, event: string, worker: string) => createHmac('sha256', Buffer.from(k, 'base64url')).update(`${event}:${worker}`).digest('base64url').slice(0, 22);
    expect(mac).toBe(macOf(key, eventId, workers[1].id));
    const otherKey = (await t.http.get(`/api/events/${otherEventId}/room-key`).set(trainer.headers).expect(200)).body.key;
    expect(otherKey).not.toBe(key);
    expect(macOf(otherKey, otherEventId, workers[1].id)).not.toBe(mac);
    expect((await t.http.get(`/api/events/${eventId}/room-key`).set(otherTrainer.headers).expect(403)).body.code).toBe('EVENT_NOT_TRAINER');
    expect((await t.http.get(`/api/me/events/${eventId}/qr`).set(outsider.headers).expect(404)).body.code).toBe('EVENT_NOT_FOUND');
    expect((await t.http.get(`/api/me/events/${eventId}/qr`).set(waiting[1].headers).expect(403)).body.code).toBe('EVENT_WAITLISTED');
  });

  it('a walk-in joins the roster checked in: a new phone becomes a pending worker, a known one is found', async () => {
    const walkIn = { name: 'Datang Langsung', phone: '081299990001', pillar: 'TKSK', regionCode: '32.72.03', day: 2, nonce: 'walk-in-000001' };
    const res = await t.http.post(`/api/events/${eventId}/walk-ins`).set(trainer.headers).send(walkIn).expect(201);
    expect(res.body).toMatchObject({ pending: true, checkin: { day: 2, method: 'TRAINER', alreadyRecorded: false } });
    const [account] = await db.query(`SELECT status, role, region_code AS "regionCode" FROM users WHERE id = $1`, [res.body.workerId]);
    expect(account).toEqual({ status: 'PENDING', role: 'PESERTA', regionCode: '32.72.03' });
    const roster = (await t.http.get(`/api/events/${eventId}/participants`).set(trainer.headers).expect(200)).body.items;
    expect(roster[roster.length - 1]).toMatchObject({ workerId: res.body.workerId, status: 'CONFIRMED', attendedDays: [2] });

    const before = await snapshot();
    const again = await t.http.post(`/api/events/${eventId}/walk-ins`).set(trainer.headers).send(walkIn).expect(201);
    expect(again.body).toMatchObject({ workerId: res.body.workerId, pending: false, checkin: { id: res.body.checkin.id, alreadyRecorded: true } });
    expect(await snapshot()).toEqual(before);

    const bad = await t.http.post(`/api/events/${eventId}/walk-ins`).set(trainer.headers).send({ ...walkIn, phone: '081299990002', regionCode: '32.02', nonce: 'walk-in-000002' }).expect(400);
    expect(bad.body).toMatchObject({ code: 'EVENT_WALK_IN_INVALID', fields: [{ field: 'regionCode' }] });
    const taken = await t.http.post(`/api/events/${eventId}/walk-ins`).set(trainer.headers).send({ ...walkIn, phone: admin.phone, nonce: 'walk-in-000003' }).expect(409);
    expect(taken.body.code).toBe('EVENT_WALK_IN_TAKEN');
    expect(await snapshot()).toEqual(before);
  });

  it('the test clock moves the events clock outside production, for the ministry admin only', async () => {
    await t.http.post('/api/test-clock/events').set(trainer.headers).send({ now: '2026-12-15T02:00:00Z' }).expect(403);
    const res = await t.http.post('/api/test-clock/events').set(pusat.headers).send({ now: '2026-12-15T02:00:00Z' }).expect(200);
    expect(Math.abs(new Date(res.body.now).getTime() - DAY2_MORNING)).toBeLessThan(5_000);
    expect(Math.abs(clock.now().getTime() - DAY2_MORNING)).toBeLessThan(5_000);
    await t.http.post('/api/test-clock/events').set(pusat.headers).send({ now: 'kemarin' }).expect(400);
  });

  it('closing the event freezes attendance', async () => {
    at(DAY2_MORNING + 60_000);
    const code = (await t.http.get(`/api/events/${eventId}/checkin-code`).set(trainer.headers).expect(200)).body.code;
    const closed = (await t.http.post(`/api/events/${eventId}/close`).set(trainer.headers).expect(200)).body;
    expect(new Date(closed.closedAt).getTime()).toBe(DAY2_MORNING + 60_000);
    const before = await snapshot();
    expect((await t.http.post(`/api/events/${eventId}/checkins`).set(workers[28].headers).send({ code }).expect(409)).body.code).toBe('EVENT_CLOSED');
    expect((await t.http.post(`/api/events/${eventId}/checkins`).set(trainer.headers).send({ workerId: workers[28].id, day: 2, nonce: 'after-close-01' }).expect(409)).body.code).toBe('EVENT_CLOSED');
    const batch = { checkins: [{ workerId: workers[28].id, day: 2, nonce: 'after-close-02' }] };
    expect((await t.http.post(`/api/events/${eventId}/checkins/batch`).set(trainer.headers).send(batch).expect(409)).body.code).toBe('EVENT_CLOSED');
    at(DAY2_MORNING + 120_000);
    expect((await t.http.post(`/api/events/${eventId}/close`).set(admin.headers).expect(200)).body.closedAt).toBe(closed.closedAt);
    expect(await snapshot()).toEqual(before);
    expect((await t.http.get(`/api/events/${eventId}`).set(trainer.headers).expect(200)).body.closedAt).toBe(closed.closedAt);
  });

  it('tests in the room: the trainer opens the pre-test; results (pre, post, gain) in the roster, the workbook and the PDF', async () => {
    at(Date.UTC(2026, 11, 1, 3, 0, 0));
    const pretestSlot = { start: '08:00', end: '08:30', title: 'Pre-test', kind: 'test', test: 'pretest', course: 'tksk-dasar' };
    const base = { title: 'Bimtek TKSK dengan tes', regionCode: '32.72', venue: 'Aula', course: 'tksk-dasar', days: [{ date: '2026-12-20', start: '08:00', end: '12:00', agenda: [pretestSlot] }] };
    const { id } = (await t.http.post('/api/events').set(trainer.headers).send(base).expect(201)).body;
    await t.http.post(`/api/events/${id}/invitations`).set(trainer.headers).send({ workerIds: [workers[0].id, workers[1].id] }).expect(201);

    // The trainer opens the pre-test for the room: the worker's event points to the course's test.
    expect((await t.http.post(`/api/events/${id}/room-test`).set(trainer.headers).send({ test: 'pretest' }).expect(200)).body).toEqual({ openTest: 'pretest' });
    const seen = (await t.http.get('/api/me/events').set(workers[0].headers).expect(200)).body.items.find((e: { id: string }) => e.id === id);
    expect(seen).toMatchObject({ openTest: 'pretest', testCourse: 'tksk-dasar' });
    await t.http.post(`/api/events/${id}/room-test`).set(workers[0].headers).send({ test: 'posttest' }).expect(403);
    expect((await t.http.post(`/api/events/${id}/room-test`).set(otherTrainer.headers).send({ test: 'posttest' }).expect(403)).body.code).toBe('EVENT_NOT_TRAINER');
    await t.http.post(`/api/events/${id}/room-test`).set(trainer.headers).send({ test: 'sekarang' }).expect(400);
    const enrolled = await t.http.post('/api/enrollments').set(workers[0].headers).send({ course: 'tksk-dasar' }).expect(201);
    // The scores as the learning domain keeps them after both tests (taking them is the attempts spec's business).
    await db.query(`UPDATE enrollments SET pretest_score = 40, best_posttest_score = 85 WHERE id = $1`, [enrolled.body.id]);
    const roster = (await t.http.get(`/api/events/${id}/participants`).set(trainer.headers).expect(200)).body.items;
    expect(roster.map((p: { workerId: string; pretest: number | null; posttest: number | null; gain: number | null }) => [p.workerId, p.pretest, p.posttest, p.gain])).toEqual([
      [workers[0].id, 40, 85, 45],
      [workers[1].id, null, null, null],
    ]);
    const download = (path: string) =>
      t.http.get(path).set(trainer.headers).buffer(true).parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    const xlsx = await download(`/api/events/${id}/report.xlsx`).expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const row = book.getWorksheet('Daftar hadir')!.getRow(2).values as unknown[]; // one day: the ID is column 7
    expect([row[7], row[8], row[9], row[10]]).toEqual([workers[0].id, 40, 85, 45]);
    const pdf = await download(`/api/events/${id}/report.pdf`).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const pdfText = execFileSync('pdftotext', ['-', '-'], { input: pdf.body as Buffer }).toString('utf8');
    expect(pdfText).toContain('DAFTAR HADIR PESERTA');
    expect(pdfText).not.toContain('DIBATALKAN'); // only a cancelled event's report says so
    expect(book.getWorksheet('Kegiatan')!.getRow(2).values).toEqual([undefined, 'Kegiatan', 'Bimtek TKSK dengan tes']);
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE action = 'event.report' AND target_id = $1 AND details->>'format' = 'pdf'`, [id])).toBe(1);
    await t.http.get(`/api/events/${id}/report.pdf`).set(foreignTrainer.headers).expect(404);
    expect((await t.http.post(`/api/events/${id}/room-test`).set(trainer.headers).send({ test: 'none' }).expect(200)).body).toEqual({ openTest: null });
  });

  it('an admin names the trainers; only trainers whose scope holds the event qualify', async () => {
    at(DAY1_MORNING);
    const base = { title: 'Bimtek PSM', regionCode: '32.72', venue: 'Aula', days: [{ date: '2026-12-14', start: '08:00', end: '16:00' }] };
    const before = await snapshot();
    expect((await t.http.post('/api/events').set(pusat.headers).send({ ...base, trainerIds: [foreignTrainer.id] }).expect(404)).body).toMatchObject({
      code: 'EVENT_WORKER_NOT_FOUND',
      fields: [{ field: 'trainerIds' }],
    });
    expect(await snapshot()).toEqual(before);
    const { id } = (await t.http.post('/api/events').set(admin.headers).send({ ...base, trainerIds: [otherTrainer.id] }).expect(201)).body;
    expect((await t.http.get(`/api/events/${id}`).set(admin.headers).expect(200)).body.trainerIds).toEqual([otherTrainer.id]);
    await t.http.get(`/api/events/${id}/checkin-code`).set(otherTrainer.headers).expect(200);
    expect((await t.http.get(`/api/events/${id}/checkin-code`).set(trainer.headers).expect(403)).body.code).toBe('EVENT_NOT_TRAINER');
  });

  it('an event in Kota Jayapura (91.71) is in WIT and enforces its own hours', async () => {
    at(Date.UTC(2026, 11, 1, 3, 0, 0));
    const papuan = await createUser(t, { role: Role.PESERTA, regionCode: '91.71.01', pillar: Pillar.TAGANA });
    const created = await t.http
      .post('/api/events')
      .set(pusat.headers)
      .send({ title: 'Bimtek Tagana Kota Jayapura', regionCode: '91.71', venue: 'Aula Dinsos Kota Jayapura', days: [{ date: '2026-12-14', start: '08:00', end: '12:00' }] })
      .expect(201);
    const id = created.body.id;
    const detail = (await t.http.get(`/api/events/${id}`).set(pusat.headers).expect(200)).body;
    expect(detail).toMatchObject({ zone: 'WIT', timeZone: 'Asia/Jayapura' });
    expect(detail.days[0]).toMatchObject({ start: '08:00', end: '12:00', startsAt: '2026-12-13T23:00:00.000Z', endsAt: '2026-12-14T03:00:00.000Z' });
    await t.http.post(`/api/events/${id}/invitations`).set(pusat.headers).send({ workerIds: [papuan.id] }).expect(201);

    at(Date.UTC(2026, 11, 14, 4, 30, 0)); // 13:30 WIT (11:30 WIB): over in Jayapura, though still morning in Jakarta
    expect((await t.http.get(`/api/events/${id}/checkin-code`).set(pusat.headers).expect(409)).body).toMatchObject({ code: 'EVENT_NOT_IN_SESSION', message: expect.stringContaining('WIT') });
    at(Date.UTC(2026, 11, 13, 23, 30, 0)); // 08:30 WIT (06:30 WIB)
    const code = (await t.http.get(`/api/events/${id}/checkin-code`).set(pusat.headers).expect(200)).body;
    expect(code.zone).toBe('WIT');
    const checkin = await t.http.post(`/api/events/${id}/checkins`).set(papuan.headers).send({ code: code.code }).expect(201);
    expect(checkin.body.localTime).toBe('2026-12-14 08:30 WIT');
    at(Date.UTC(2026, 11, 14, 3, 0, 1)); // one second after 12:00 WIT
    expect((await t.http.post(`/api/events/${id}/checkins`).set(papuan.headers).send({ code: code.code }).expect(409)).body.code).toBe('EVENT_NOT_IN_SESSION');
  });
});

/**
 * A two-day bimtek in Kota Sukabumi (issue #20), on an events clock the test sets through the API's test clock: the demo
 * trainer creates the event and invites 30 workers on a laptop-size page; on day 1, 25 check in by the rotating code
 * (two of them on a 360×640 phone without JavaScript, one scanning twice), the trainer ticks two without phones and
 * adds a walk-in; on day 2 a day-1 code is refused, and with the network cut the trainer's page records 10 check-ins
 * by personal QR, syncs them once when back online, and a replay changes nothing; the pre-test is opened for the room
 * and taken on a phone; on day 2 the post-test is opened for the room and taken on a phone (its lessons read through the
 * API); the workbook and the report PDF (read with pdftotext) list exactly the attendance, scores and gains the API
 * holds; closing freezes attendance.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { answerKey, answerQuiz, baseUrl, checkPage, launch, phoneContext, root, signIn } from './helpers';

const PASSWORD = 'hadir-di-aula-2027';
const TRAINER = { phone: '081100000003', password: 'demo-pelatih-2026' };
const DINSOS = { phone: '081100000002', password: 'demo-dinsos-2026' };
const PUSAT = { phone: '081100000001', password: 'demo-pusat-2026' };
const TITLE = 'Bimtek TKSK Aula Uji';
/** Local dates in WIB; 08:05 WIB is 01:05 UTC. */
const DAY1 = '2027-03-10';
const DAY2 = '2027-03-11';
const BEFORE = '2027-03-01T02:00:00Z';
const DAY1_MORNING = '2027-03-10T01:05:00Z';
const DAY2_MORNING = '2027-03-11T01:05:00Z';

interface Worker {
  id: string;
  name: string;
  phone: string;
  token?: string;
}

interface Participant {
  workerId: string;
  name: string;
  attendedDays: number[];
  jp: number;
  pretest: number | null;
  posttest: number | null;
  gain: number | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A call to the API through the web server's /api; a 429 of the sign-in limits (20 a minute) is waited out. */
/** The fields of API answers this test reads. */
interface Reply {
  code?: string;
  token?: string;
  payload?: string;
  items?: unknown[];
  [key: string]: unknown;
}

async function call(method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; json: Reply }> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 429 && path.startsWith('/api/auth/') && attempt < 12) {
      await sleep(10_000);
      continue;
    }
    const text = await response.text();
    return { status: response.status, json: text && response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Reply) : { text } };
  }
}

async function login(account: { phone: string; password: string }): Promise<string> {
  const res = await call('POST', '/api/auth/login', null, account);
  expect(res.status).toBe(200);
  return res.json.token!;
}

/**
 * The report PDF (read with `pdftotext -layout`) against the API's roster: per participant, a daftar hadir row with a
 * check-in time for each attended day only, and a results row with the attended days, pre-test, post-test, gain and
 * JP, exactly as the database holds them.
 */
function expectPdfMatches(text: string, roster: Participant[]): void {
  const lines = text.split('\n');
  const split = lines.findIndex((line) => line.includes('Kenaikan'));
  const rowOf = (section: string[], name: string) => {
    const line = section.find((l) => new RegExp(`^\\s*\\d+\\s+${name}\\s`).test(l));
    return line === undefined ? null : line.slice(line.indexOf(name) + name.length).replace(/\s+/g, ' ').trim();
  };
  // Daftar hadir: the check-in time (HH:MM, WIB) in each attended day's column, then the JP.
  const attendance = roster.map((p) => ({ name: p.name, row: rowOf(lines.slice(0, split), p.name)?.replace(/\d\d:\d\d/g, 'hadir') }));
  expect(attendance).toEqual(roster.map((p) => ({ name: p.name, row: [...p.attendedDays.map(() => 'hadir'), String(p.jp)].join(' ') })));
  // Results: attended days ('-' for none), pre-test, post-test, gain, JP.
  const score = (value: number | null) => (value === null ? '-' : String(value));
  const results = roster.map((p) => ({ name: p.name, row: rowOf(lines.slice(split), p.name) }));
  expect(results).toEqual(roster.map((p) => ({ name: p.name, row: [p.attendedDays.join(', ') || '-', score(p.pretest), score(p.posttest), score(p.gain), String(p.jp)].join(' ') })));
}

let browser: Browser;
let trainerContext: BrowserContext;
let trainer: Page;
let pusatToken: string;
let trainerToken: string;
let workers: Worker[] = [];
let eventId: string;

const setClock = async (now?: string) => expect((await call('POST', '/api/test-clock/events', pusatToken, now ? { now } : {})).status).toBe(200);
const participants = async () => (await call('GET', `/api/events/${eventId}/participants`, trainerToken)).json.items as Participant[];
const presentOn = (list: Participant[], day: number) => list.filter((p) => p.attendedDays.includes(day)).length;
/** The code on the trainer's room screen now (it refreshes itself every 5 seconds). */
const shownCode = async () => (await trainer.getByTestId('checkin-code').innerText()).trim();

beforeAll(async () => {
  browser = await launch();
  pusatToken = await login(PUSAT);
  trainerToken = await login(TRAINER);
  await setClock(BEFORE);
  // 30 TKSK workers of Citamiang by a roster import of the demo admin, each with an activation code.
  const dinsos = await login(DINSOS);
  const rows = Array.from({ length: 30 }, (_, i) => `Peserta Aula ${String(i + 1).padStart(2, '0')},0813770000${String(i + 1).padStart(2, '0')},TKSK,32.72.03`);
  const form = new FormData();
  form.append('file', new Blob([`nama,no_hp,pilar,kode_wilayah\n${rows.join('\n')}\n`], { type: 'text/csv' }), 'roster.csv');
  const imported = await fetch(`${baseUrl()}/api/rosters`, { method: 'POST', headers: { authorization: `Bearer ${dinsos}` }, body: form });
  expect(imported.status).toBeLessThan(300);
  const list = await call('GET', `/api/workers?q=${encodeURIComponent('Peserta Aula')}&pageSize=100`, dinsos);
  workers = (list.json.items as Worker[]).map((w) => ({ id: w.id, name: w.name, phone: w.phone })).sort((a, b) => a.name.localeCompare(b.name));
  expect(workers).toHaveLength(30);
  // 25 of them activate their accounts (and so have a session) to check in by the code.
  for (const worker of workers.slice(0, 25)) {
    const reset = await call('POST', `/api/workers/${worker.id}/reset`, dinsos);
    const activated = await call('POST', '/api/auth/activate', null, { phone: worker.phone, code: reset.json.code as string, password: PASSWORD });
    expect(activated.status).toBe(200);
    worker.token = activated.json.token;
  }
  trainerContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'id-ID', acceptDownloads: true });
  trainer = await trainerContext.newPage();
  await signIn(trainer, TRAINER.phone, TRAINER.password, /\/(admin|pelatih)/);
}, 600_000);

afterAll(async () => {
  if (pusatToken) await setClock();
  await browser?.close();
});

describe('a bimtek in the hall', () => {
  it('the trainer creates a two-day event with its agenda in WIB and invites 30 workers', async () => {
    await trainer.goto(`${baseUrl()}/pelatih/kegiatan/baru`);
    await trainer.getByLabel('Judul kegiatan').fill(TITLE);
    await trainer.getByLabel('Tempat').fill('Aula Dinas Sosial Kota Sukabumi');
    await trainer.getByLabel('Kuota peserta (opsional)').fill('40');
    await trainer.getByRole('checkbox', { name: /TKSK \(Tenaga/ }).check();
    await trainer.getByLabel('Kursus terkait (opsional)').selectOption('tksk-dasar');
    const day1 = trainer.getByTestId('day-1');
    await day1.getByLabel('Tanggal').fill(DAY1);
    await day1.getByLabel('Acara (Hari 1, 1)').fill('Peran TKSK');
    await day1.getByRole('button', { name: 'Tambah acara' }).click();
    await day1.getByLabel('Selesai (Hari 1, 2)').fill('10:00');
    await day1.getByLabel('Acara (Hari 1, 2)').fill('Pre-test');
    await day1.getByLabel('Jenis (Hari 1, 2)').selectOption('test');
    await day1.getByLabel('Tes kursus (Hari 1, 2)').selectOption('pretest');
    await trainer.getByRole('button', { name: 'Tambah hari' }).click();
    const day2 = trainer.getByTestId('day-2');
    await day2.getByLabel('Tanggal').fill(DAY2);
    await day2.getByLabel('Selesai', { exact: true }).fill('12:00');
    await day2.getByLabel('Acara (Hari 2, 1)').fill('Pelaporan');
    await day2.getByRole('button', { name: 'Tambah acara' }).click();
    await day2.getByLabel('Selesai (Hari 2, 2)').fill('10:00');
    await day2.getByLabel('Acara (Hari 2, 2)').fill('Post-test');
    await day2.getByLabel('Jenis (Hari 2, 2)').selectOption('test');
    await day2.getByLabel('Tes kursus (Hari 2, 2)').selectOption('posttest');
    await trainer.getByRole('button', { name: 'Simpan kegiatan' }).click();
    await trainer.waitForURL(/\/pelatih\/kegiatan\/[0-9a-f-]{36}\?dibuat=1/);
    eventId = new URL(trainer.url()).pathname.split('/')[3];
    await trainer.getByText('Hari 1: 10 Maret 2027, 08:00–16:00 WIB').waitFor();
    expect(await trainer.locator('.event-agenda').innerText()).toContain('09:30–10:00 Pre-test');

    for (const worker of workers) await trainer.getByLabel(worker.name, { exact: false }).check();
    await trainer.getByRole('button', { name: 'Undang yang dipilih' }).click();
    await trainer.getByText('30 diundang, 0 masuk daftar tunggu').waitFor();
    const event = (await call('GET', `/api/events/${eventId}`, trainerToken)).json;
    expect(event).toMatchObject({ zone: 'WIB', invited: 30, waitlisted: 0, learningMinutes: 180, jp: 4 });
    expect((event.days as { startsAt: string }[]).map((d) => d.startsAt)).toEqual(['2027-03-10T01:00:00.000Z', '2027-03-11T01:00:00.000Z']);
  });

  it('day 1: 25 check in by the rotating code (two on a phone, one twice), two ticked, one walk-in', async () => {
    await setClock(DAY1_MORNING);
    await trainer.goto(`${baseUrl()}/pelatih/kegiatan/${eventId}/ruang`);
    expect(await shownCode()).toMatch(/^[A-Z2-9]{6}$/);

    // Two workers on a phone: the event on their list, the agenda in WIB, then the code typed in. The pages ship no
    // JavaScript; the second phone has it switched off (axe needs it, so the first runs the accessibility check).
    for (const worker of workers.slice(0, 2)) {
      const context = await phoneContext(browser, { javaScriptEnabled: worker !== workers[1] });
      const phone = await context.newPage();
      await signIn(phone, worker.phone, PASSWORD, /\/belajar/);
      await phone.goto(`${baseUrl()}/kegiatan`);
      await phone.getByRole('link', { name: TITLE }).click();
      // The click starts a navigation without waiting for it: wait for the event's page, not the list still shown.
      await phone.locator('main', { hasText: 'Hari 2: 11 Maret 2027, 08:00–12:00 WIB' }).waitFor();
      if (worker === workers[0]) await checkPage(phone, 'kegiatan-peserta');
      await phone.getByRole('link', { name: 'Presensi', exact: true }).click();
      await phone.getByLabel('Kode presensi').fill(await shownCode());
      await phone.getByRole('button', { name: 'Catat kehadiran' }).click();
      expect(await phone.getByTestId('checkin-result').innerText()).toContain('Presensi tercatat');
      if (worker === workers[0]) {
        await checkPage(phone, 'kegiatan-presensi');
        // The same person scans again: "sudah tercatat", one record.
        await phone.goto(`${baseUrl()}/kegiatan/${eventId}/hadir?kode=${await shownCode()}`);
        await phone.getByRole('button', { name: 'Catat kehadiran' }).click();
        expect(await phone.getByTestId('checkin-result').innerText()).toContain('Sudah tercatat');
      }
      await context.close();
    }
    // 23 more from their own phones (through the API, as the form does).
    for (const worker of workers.slice(2, 25)) {
      const res = await call('POST', `/api/events/${eventId}/checkins`, worker.token!, { code: await shownCode() });
      expect(res.status).toBe(201);
    }
    expect(presentOn(await participants(), 1)).toBe(25);

    // Two without a phone are ticked by name; one who was not invited walks in.
    for (const worker of workers.slice(25, 27)) {
      await trainer.getByRole('button', { name: `Centang hadir: ${worker.name}` }).click();
      await trainer.getByText(`${worker.name} tercatat hadir.`).waitFor();
    }
    const walkIn = trainer.locator('#walk-in');
    await walkIn.getByLabel('Nama lengkap').fill('Tamu Datang Langsung');
    await walkIn.getByLabel('Nomor HP').fill('081377009999');
    await walkIn.getByLabel(/^Kode wilayah/).fill('32.72.03');
    await walkIn.getByRole('button', { name: 'Tambahkan dan catat hadir' }).click();
    await trainer.getByText('Tamu Datang Langsung ditambahkan (akun menunggu persetujuan admin) dan tercatat hadir.').waitFor();
    const list = await participants();
    expect(presentOn(list, 1)).toBe(28);
    expect(list).toHaveLength(31);
    await trainer.getByTestId('attendance-count').filter({ hasText: '28 dari 31' }).waitFor();
  });

  it('the trainer opens the pre-test for the room; a participant takes it on the phone; the room sees it taken', async () => {
    await trainer.getByRole('button', { name: 'Buka pre-test' }).click();
    await trainer.getByTestId('room-test').getByText('Dibuka: Pre-test').waitFor();
    const context = await phoneContext(browser);
    const phone = await context.newPage();
    await signIn(phone, workers[2].phone, PASSWORD, /\/belajar/);
    await phone.goto(`${baseUrl()}/kegiatan/${eventId}`);
    await phone.getByRole('link', { name: 'Kerjakan Pre-test' }).click();
    await phone.getByRole('button', { name: 'Daftar kursus ini' }).click();
    await phone.getByTestId('resume').click();
    await phone.getByRole('button', { name: /Mulai Pre-test/ }).click();
    await phone.waitForURL(/percobaan=/);
    await answerQuiz(phone, answerKey('tksk-dasar'), true);
    await phone.getByRole('button', { name: 'Kirim jawaban' }).click();
    await phone.waitForURL(/\/hasil\//);
    await context.close();
    await trainer.getByTestId('room-test-submitted').filter({ hasText: 'Pre-test: 1 dari 31 peserta' }).waitFor();
    const taker = (await participants()).find((p) => p.workerId === workers[2].id) as Participant;
    expect(taker.pretest).toBeGreaterThan(0);
  });

  it('day 2: a day-1 code is refused; offline, the trainer records 10 personal QR codes, syncs once, and a replay changes nothing', async () => {
    const day1Code = await shownCode();
    await setClock(DAY2_MORNING);
    const refused = await call('POST', `/api/events/${eventId}/checkins`, workers[3].token!, { code: day1Code });
    expect(refused.status).toBe(400);
    expect(refused.json.code).toBe('EVENT_CODE_OTHER_DAY');

    const payloads: string[] = [];
    for (const worker of workers.slice(0, 10)) payloads.push((await call('GET', `/api/me/events/${eventId}/qr`, worker.token!)).json.payload!);
    const other = await call('GET', `/api/me/events/${eventId}/qr`, workers[10].token!);
    await trainer.goto(`${baseUrl()}/pelatih/kegiatan/${eventId}/ruang?hari=2`);
    await trainer.getByTestId('offline-room').getByText('Siap: 31 peserta').waitFor();
    const before = await participants();
    expect(presentOn(before, 2)).toBe(0);

    await trainerContext.setOffline(true);
    const room = trainer.getByTestId('offline-room');
    // A forged QR (another worker's MAC on this worker's id) is refused without the network.
    const forged = payloads[0].split('.').slice(0, 3).concat(other.json.payload!.split('.')[3]).join('.');
    await room.getByLabel('Isi QR pribadi').fill(forged);
    await room.getByRole('button', { name: 'Catat' }).click();
    await room.getByText('QR tidak sah untuk kegiatan ini.').waitFor();
    for (const [i, payload] of payloads.entries()) {
      await room.getByLabel('Isi QR pribadi').fill(payload);
      await room.getByRole('button', { name: 'Catat' }).click();
      await room.getByText(`${workers[i].name} dicatat (menunggu kirim).`).waitFor();
    }
    await room.getByLabel('Isi QR pribadi').fill(payloads[4]);
    await room.getByRole('button', { name: 'Catat' }).click();
    await room.getByText(`${workers[4].name} sudah tercatat.`).waitFor();
    expect(await room.getByTestId('offline-queue').innerText()).toBe('Menunggu kirim: 10');
    expect(presentOn(await participants(), 2)).toBe(0);

    // Back online: the page sends its queue by itself, once.
    const sent = trainer.waitForResponse((r) => r.url().endsWith('/sinkron'));
    await trainerContext.setOffline(false);
    expect((await sent).status()).toBe(200);
    await room.getByText('10 presensi terkirim.').waitFor();
    expect(await room.getByTestId('offline-queue').innerText()).toBe('Menunggu kirim: 0');
    const synced = await participants();
    expect(presentOn(synced, 2)).toBe(10);

    const replayed = trainer.waitForResponse((r) => r.url().endsWith('/sinkron'));
    await room.getByTestId('resend').click();
    expect((await replayed).status()).toBe(200);
    expect(await participants()).toEqual(synced);
  });

  it('day 2: the trainer opens the post-test for the room; the pre-test taker finishes the lessons and takes it on the phone', async () => {
    // Lessons come before a post-test; the taker reads them through the API (no minimum reading time in this suite).
    const taker = workers[2];
    const enrollment = await call('POST', '/api/enrollments', taker.token!, { course: 'tksk-dasar' });
    expect(enrollment.status).toBe(200);
    const enrollmentId = enrollment.json.id as string;
    const course = (await call('GET', '/api/courses/tksk-dasar', taker.token!)).json as unknown as { modules: { lessons: { id: string }[] }[] };
    for (const lesson of course.modules.flatMap((module) => module.lessons)) {
      expect((await call('POST', `/api/enrollments/${enrollmentId}/lessons/${lesson.id}/open`, taker.token!, {})).status).toBeLessThan(300);
      expect((await call('POST', `/api/enrollments/${enrollmentId}/lessons/${lesson.id}/finish`, taker.token!, {})).status).toBeLessThan(300);
    }

    await trainer.getByRole('button', { name: 'Buka post-test' }).click();
    await trainer.getByTestId('room-test').getByText('Dibuka: Post-test').waitFor();
    const context = await phoneContext(browser);
    const phone = await context.newPage();
    await signIn(phone, taker.phone, PASSWORD, /\/belajar/);
    await phone.goto(`${baseUrl()}/kegiatan/${eventId}`);
    await phone.getByRole('link', { name: 'Kerjakan Post-test' }).click();
    await phone.getByTestId('resume').click();
    await phone.getByRole('button', { name: /Mulai Post-test/ }).click();
    await phone.waitForURL(/percobaan=/);
    await answerQuiz(phone, answerKey('tksk-dasar'), true);
    await phone.getByRole('button', { name: 'Kirim jawaban' }).click();
    await phone.waitForURL(/\/hasil\//);
    await context.close();
    await trainer.reload();
    await trainer.getByTestId('room-test-submitted').filter({ hasText: 'Post-test: 1 dari 31 peserta' }).waitFor();
    const taken = (await participants()).find((p) => p.workerId === taker.id)!;
    expect(taken.posttest).toBeGreaterThan(0);
    expect(taken.gain).toBe(Math.round((taken.posttest! - taken.pretest!) * 10) / 10);
  });

  it('the workbook and the report PDF list exactly the attendance, scores, gains and JP the API holds; closing freezes attendance', async () => {
    await trainer.goto(`${baseUrl()}/pelatih/kegiatan/${eventId}`);
    const [download] = await Promise.all([trainer.waitForEvent('download'), trainer.getByRole('link', { name: 'Unduh laporan (XLSX)' }).click()]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    const sheet = book.getWorksheet('Daftar hadir')!;
    const rows: { workerId: string; day1: boolean; day2: boolean; jp: number; pretest: number | null }[] = [];
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const v = row.values as unknown[];
      rows.push({ workerId: String(v[8]), day1: Boolean(v[4]), day2: Boolean(v[5]), jp: Number(v[7]), pretest: v[9] === '' || v[9] === undefined ? null : Number(v[9]) });
    });
    const truth = (await participants()) as Participant[];
    expect(rows).toEqual(truth.map((p) => ({ workerId: p.workerId, day1: p.attendedDays.includes(1), day2: p.attendedDays.includes(2), jp: p.jp, pretest: p.pretest })));
    expect(rows.filter((r) => r.pretest !== null)).toHaveLength(1);
    // JP by the rule of decision 020: 90 learning minutes a day; both days 180 min = 4 JP, one day 90 min = 2 JP.
    expect(truth.find((p) => p.workerId === workers[0].id)).toMatchObject({ attendedDays: [1, 2], jp: 4 });
    expect(truth.find((p) => p.workerId === workers[20].id)).toMatchObject({ attendedDays: [1], jp: 2 });
    const pdfLink = await trainer.getByRole('link', { name: /PDF/ }).getAttribute('href');
    const pdf = await trainer.request.get(`${baseUrl()}${pdfLink}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    const pdfText = execFileSync('pdftotext', ['-layout', '-', '-'], { input: new Uint8Array(await pdf.body()) }).toString('utf8');
    mkdirSync(path.join(root, 'test-results'), { recursive: true });
    writeFileSync(path.join(root, 'test-results', 'events-report.txt'), pdfText);
    expectPdfMatches(pdfText, truth);
    expect(truth.filter((p) => p.posttest !== null).map((p) => p.workerId)).toEqual([workers[2].id]);

    await trainer.getByRole('button', { name: 'Tutup kegiatan' }).click();
    await trainer.getByText(/Daftar hadir dibekukan/).waitFor();
    const late = await call('POST', `/api/events/${eventId}/checkins`, workers[20].token!, { code: 'BXXXXX' });
    expect(late.json.code).toBe('EVENT_CLOSED');
    expect(await participants()).toEqual(truth);
  });
});

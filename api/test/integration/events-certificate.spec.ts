/**
 * An event-linked course (issue #20, decision 029): a worker on the course's event completes only after attending;
 * the certificate and its Open Badges credential name the event and state the JP of the agenda days attended (rule of
 * decision 020, written out here independently). A worker on no event of the course keeps the course's hours.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { DataSource } from 'typeorm';
import { CertificatesService } from '../../src/certificates/certificates.service';
import { verifyCredential } from '../../src/certificates/credentials/signing';
import { SigningKeysService } from '../../src/certificates/signing-keys.service';
import { EventsClock } from '../../src/events/events-clock';
import { createUser, Pillar, Role, type TestUser } from '../factories';
import { createTestApp, type TestApp } from '../test-app';
import { answersWith, enroll, finishLessons, lessonIdsOf, startAttempt, submit } from './learning.helpers';
import { passFieldTasks } from './tasks.helpers';

/** The rule of decision record 020: learning minutes / 45, rounded down to a half JP. */
const jpRule = (minutes: number) => Math.floor((minutes / 45) * 2) / 2;

const COURSE = 'tksk-dasar';
const TITLE = 'Bimtek TKSK Angkatan II';
const VENUE = 'Aula Dinas Sosial Kota Sukabumi';
const DAY1_AGENDA = [
  { start: '08:00', end: '08:30', title: 'Pre-test', kind: 'test', test: 'pretest', course: COURSE },
  { start: '08:30', end: '10:30', title: 'Peran TKSK', kind: 'learning' },
  { start: '10:30', end: '10:45', title: 'Rehat', kind: 'break' },
  { start: '10:45', end: '11:25', title: 'Pendataan', kind: 'learning' },
];
const DAY2_AGENDA = [
  { start: '08:00', end: '10:00', title: 'Rujukan', kind: 'learning' },
  { start: '10:00', end: '10:30', title: 'Post-test', kind: 'test', test: 'posttest', course: COURSE },
];
const DAY1_MINUTES = 120 + 40;
const DAY2_MINUTES = 120;
/** 09:00 WIB on 14 December 2026. */
const DAY1_MORNING = Date.UTC(2026, 11, 14, 2, 0, 0);

describe('events on certificates', () => {
  let t: TestApp;
  let db: DataSource;
  let clock: EventsClock;
  let certificates: CertificatesService;
  let keys: SigningKeysService;
  let trainer: TestUser;
  let eventId: string;

  const at = (ms: number) => {
    clock.now = () => new Date(ms);
  };
  const statusOf = async (worker: TestUser, enrollmentId: string): Promise<string> =>
    (await t.http.get(`/api/enrollments/${enrollmentId}`).set(worker.headers).expect(200)).body.status;

  /** Pre-test, every lesson, a passed post-test (80 of 70) and the course's field task, through the API. */
  async function passCourse(worker: TestUser): Promise<string> {
    const { id } = await enroll(t, worker, COURSE);
    const pre = await startAttempt(t, worker, id, 'pretest');
    await submit(t, worker, pre.id, await answersWith(db, pre.id, 3)).expect(200);
    await finishLessons(t, worker, id, await lessonIdsOf(t, COURSE));
    const post = await startAttempt(t, worker, id, 'posttest');
    await submit(t, worker, post.id, await answersWith(db, post.id, 8)).expect(200);
    await passFieldTasks(t, worker, id);
    return id;
  }

  async function pdfTextOf(code: string): Promise<string> {
    const pdf = await t.http
      .get(`/api/certificates/${code}/pdf`)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    return execFileSync('pdftotext', ['-', '-'], { input: pdf.body as Buffer }).toString('utf8').replace(/\s+/g, ' ');
  }

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    clock = t.app.get(EventsClock);
    certificates = t.app.get(CertificatesService);
    keys = t.app.get(SigningKeysService);
    at(Date.UTC(2026, 11, 1, 3, 0, 0));
    trainer = await createUser(t, { role: Role.PELATIH, regionCode: '32.72' });
    const created = await t.http
      .post('/api/events')
      .set(trainer.headers)
      .send({
        title: TITLE,
        regionCode: '32.72',
        venue: VENUE,
        course: COURSE,
        pillars: ['TKSK'],
        days: [
          { date: '2026-12-14', start: '08:00', end: '12:00', agenda: DAY1_AGENDA },
          { date: '2026-12-15', start: '08:00', end: '11:00', agenda: DAY2_AGENDA },
        ],
      })
      .expect(201);
    eventId = created.body.id;
  }, 120_000);
  afterAll(() => t.close());

  it('holds completion until the worker attends; the credential and the PDF state the event and the JP of the day attended', async () => {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK, regionCode: '32.72.03', name: 'Siti Hadir Sehari' });
    await t.http.post(`/api/events/${eventId}/invitations`).set(trainer.headers).send({ workerIds: [worker.id] }).expect(201);
    const enrollmentId = await passCourse(worker);
    // Post-test and field task passed, but the worker is on the course's event and has not attended yet.
    expect(await statusOf(worker, enrollmentId)).toBe('ACTIVE');
    expect(await certificates.issueForEnrollment(enrollmentId)).toBeNull();

    // Day 1 only: the trainer ticks the worker; the check-in completes the enrollment.
    at(DAY1_MORNING);
    await t.http.post(`/api/events/${eventId}/checkins`).set(trainer.headers).send({ workerId: worker.id, day: 1, nonce: 'hadir-hari-1-siti' }).expect(201);
    expect(await statusOf(worker, enrollmentId)).toBe('COMPLETED');
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM background_jobs WHERE kind = 'enrollment.completed' AND params->>'enrollmentId' = $1`, [enrollmentId]);
    expect(n).toBe(1);

    const issued = await certificates.issueForEnrollment(enrollmentId);
    expect(issued).not.toBeNull();
    const expectedJp = jpRule(DAY1_MINUTES);
    expect(expectedJp).toBe(3.5);
    const credential = JSON.parse((await t.http.get(`/api/certificates/${issued!.code}/credential`).expect(200)).text);
    expect(credential.credentialSubject.creditsEarned).toBe(expectedJp);
    expect(credential.credentialSubject.achievement.creditsAvailable).toBe(jpRule(DAY1_MINUTES + DAY2_MINUTES));
    const eventEvidence = credential.evidence.find((entry: { genre?: string }) => entry.genre === 'Kegiatan bimbingan teknis');
    expect(eventEvidence).toEqual({
      type: ['Evidence'],
      name: `Kegiatan: ${TITLE}`,
      genre: 'Kegiatan bimbingan teknis',
      description: expect.stringMatching(new RegExp(`^${TITLE}, 14–15 Desember 2026, ${VENUE}, Kota Sukabumi$`, 'i')),
      narrative: expect.stringContaining(`Hadir 1 dari 2 hari kegiatan "${TITLE}"`),
    });
    expect(eventEvidence.narrative).toContain(`${DAY1_MINUTES} menit pembelajaran = 3,5 JP`);
    const [row] = await db.query(`SELECT hours FROM certificates WHERE id = $1`, [issued!.id]);
    expect(Number(row.hours)).toBe(expectedJp);

    const ajv = new Ajv2019({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'src', 'certificates', 'assets', 'ob_v3p0_achievementcredential_schema.json'), 'utf8')));
    expect(validate(credential) ? [] : validate.errors).toEqual([]);
    expect(await verifyCredential(credential, await keys.documentLoader())).toEqual({ verified: true });
    const inflated = structuredClone(credential);
    inflated.credentialSubject.creditsEarned = jpRule(DAY1_MINUTES + DAY2_MINUTES);
    expect((await verifyCredential(inflated, await keys.documentLoader())).verified).toBe(false);

    const text = await pdfTextOf(issued!.code);
    expect(text).toContain('sebanyak 3,5 JP');
    expect(text).toMatch(new RegExp(`Kegiatan: ${TITLE}, 14–15 Desember 2026, ${VENUE}, Kota Sukabumi`, 'i'));
  });

  it('a worker on the event who did not attend does not complete; one on no event of the course completes with the course hours', async () => {
    at(Date.UTC(2026, 11, 1, 3, 0, 0));
    const absent = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK, regionCode: '32.72.03' });
    await t.http.post(`/api/events/${eventId}/invitations`).set(trainer.headers).send({ workerIds: [absent.id] }).expect(201);
    const absentEnrollment = await passCourse(absent);
    expect(await statusOf(absent, absentEnrollment)).toBe('ACTIVE');
    // Another worker checking in on day 2 changes nothing for the absent one.
    const other = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK, regionCode: '32.72.03' });
    await t.http.post(`/api/events/${eventId}/invitations`).set(trainer.headers).send({ workerIds: [other.id] }).expect(201);
    at(Date.UTC(2026, 11, 15, 2, 0, 0));
    await t.http.post(`/api/events/${eventId}/checkins`).set(trainer.headers).send({ workerId: other.id, day: 2, nonce: 'hadir-hari-2-lain' }).expect(201);
    expect(await statusOf(absent, absentEnrollment)).toBe('ACTIVE');
    expect(await certificates.issueForEnrollment(absentEnrollment)).toBeNull();

    // A worker on no event of the course is not held back, and their certificate keeps the course's hours.
    const unrelated = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK, regionCode: '32.72.03' });
    const enrollmentId = await passCourse(unrelated);
    expect(await statusOf(unrelated, enrollmentId)).toBe('COMPLETED');
    const issued = await certificates.issueForEnrollment(enrollmentId);
    const credential = JSON.parse((await t.http.get(`/api/certificates/${issued!.code}/credential`).expect(200)).text);
    const [{ hours }] = await db.query(`SELECT v.hours FROM course_versions v JOIN courses c ON c.current_version_id = v.id WHERE c.slug = $1`, [COURSE]);
    expect(credential.credentialSubject.creditsEarned).toBe(Number(hours));
    expect((credential.evidence ?? []).some((entry: { genre?: string }) => entry.genre === 'Kegiatan bimbingan teknis')).toBe(false);
    expect(await pdfTextOf(issued!.code)).not.toContain('Kegiatan:');
  });
});

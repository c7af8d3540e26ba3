import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Bitstring } from '@digitalbazaar/bitstring';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { DataSource } from 'typeorm';
import { CertificatesService } from '../../src/certificates/certificates.service';
import { verifyCredential } from '../../src/certificates/credentials/signing';
import { readStatusBit } from '../../src/certificates/credentials/status-list';
import { ENROLLMENT_COMPLETED } from '../../src/certificates/enrollment-completed.handler';
import { SigningKeysService } from '../../src/certificates/signing-keys.service';
import { capacityOf, StatusListsService } from '../../src/certificates/status-lists.service';
import { RandomStatusEntries1795480000000 } from '../../src/database/migrations/1795480000000-RandomStatusEntries';
import { JobsService } from '../../src/jobs/jobs.service';
import { createUser, Pillar, Role } from '../factories';
import { createTestApp, TestApp } from '../test-app';
import { answersWith, enroll, finishLessons, lessonIdsOf, startAttempt, submit } from './learning.helpers';
import { passFieldTasks } from './tasks.helpers';

let t: TestApp;
let db: DataSource;
let certificates: CertificatesService;
let keys: SigningKeysService;
let courseVersionId: string;

async function createCourseVersion(validityMonths: number | null = 36): Promise<string> {
  const slug = `uji-${randomUUID().slice(0, 8)}`;
  const [course] = await db.query(`INSERT INTO courses (slug) VALUES ($1) RETURNING id`, [slug]);
  const settings = {
    pretest: { bank: 'questions/bank.yaml', draw: 10, bankSize: 20, timeLimitMinutes: null },
    posttest: { bank: 'questions/bank.yaml', draw: 10, bankSize: 20, timeLimitMinutes: null, passMark: 70, maxAttempts: 3, partialCredit: false },
    practice: [],
    certificate: { validityMonths },
  };
  const [version] = await db.query(
    `INSERT INTO course_versions (course_id, number, content_hash, title, summary, pillars, hours, lesson_count, total_minutes, settings, published_at)
     VALUES ($1, 1, $2, 'Dasar-Dasar Tagana', 'Kesiapsiagaan bencana.', '{TAGANA}', 8, 5, 120, $3, now()) RETURNING id`,
    [course.id, 'a'.repeat(64), JSON.stringify(settings)],
  );
  await db.query(`UPDATE courses SET current_version_id = $2 WHERE id = $1`, [course.id, version.id]);
  return version.id;
}

/** supertest: keep a binary body as a Buffer. */
function binary(response: import('superagent').Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => done(null, Buffer.concat(chunks)));
}

/** Every set position of a status-list credential. */
async function allSetBits(list: { credentialSubject: { encodedList: string } }): Promise<number[]> {
  const buffer = await Bitstring.decodeBits({ encoded: list.credentialSubject.encodedList.slice(1) });
  const bits = new Bitstring({ buffer });
  const set: number[] = [];
  for (let i = 0; i < buffer.length * 8; i++) if (bits.get(i)) set.push(i);
  return set;
}

async function issueFor(userId: string, completedAt = new Date(), versionId = courseVersionId) {
  return certificates.issue({ enrollmentId: randomUUID(), userId, courseVersionId: versionId, completedAt });
}

beforeAll(async () => {
  t = await createTestApp();
  db = t.app.get(DataSource);
  certificates = t.app.get(CertificatesService);
  keys = t.app.get(SigningKeysService);
  courseVersionId = await createCourseVersion();
});
afterAll(() => t.close());

describe('certificate issuance', () => {
  it('gives 20 concurrent completions in one kabupaten/kota 20 distinct consecutive numbers', async () => {
    const users = await Promise.all(Array.from({ length: 20 }, () => createUser(t, { pillar: Pillar.TAGANA, regionCode: '32.73.01' })));
    const issued = await Promise.all(users.map((user) => issueFor(user.id)));
    const rows: Array<{ sequence: number; number: string }> = await db.query(
      `SELECT sequence, number FROM certificates WHERE id = ANY($1) ORDER BY sequence`,
      [issued.map((one) => one.id)],
    );
    expect(rows.map((row) => row.sequence)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const year = new Date().getFullYear();
    expect(rows[0].number).toBe(`00001/BIMTEK-TAGANA/32.73/${year}`);
    expect(new Set(rows.map((row) => row.number)).size).toBe(20);
  });

  it('issues one certificate for a duplicated event, even when both copies race', async () => {
    const user = await createUser(t, { regionCode: '32.72.03' });
    const enrollmentId = randomUUID();
    const request = { enrollmentId, userId: user.id, courseVersionId, completedAt: new Date() };
    const [a, b] = await Promise.all([certificates.issue(request), certificates.issue(request)]);
    const c = await certificates.issue(request);
    expect(a.id).toBe(b.id);
    expect(c).toEqual({ id: a.id, code: a.code, created: false });
    const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM certificates WHERE enrollment_id = $1`, [enrollmentId]);
    expect(count).toBe(1);
    // No number was burnt by the losing copy: the next one in 32.72 follows on.
    const next = await issueFor((await createUser(t, { regionCode: '32.72' })).id);
    const seqs: Array<{ sequence: number }> = await db.query(`SELECT sequence FROM certificates WHERE id = ANY($1) ORDER BY sequence`, [[a.id, next.id]]);
    expect(seqs[1].sequence - seqs[0].sequence).toBe(1);
  });
});

describe('status-list positions', () => {
  it('gives 20 concurrent issuances 20 distinct random positions: not consecutive, not in issue order', async () => {
    const users = await Promise.all(Array.from({ length: 20 }, () => createUser(t, { regionCode: '32.02.01' })));
    const issued = await Promise.all(users.map((user) => issueFor(user.id)));
    const rows: Array<{ status_list_id: number; status_list_index: number }> = await db.query(
      `SELECT status_list_id, status_list_index FROM certificates WHERE id = ANY($1) ORDER BY sequence`,
      [issued.map((one) => one.id)],
    );
    const positions = rows.map((row) => row.status_list_index);
    expect(new Set(rows.map((row) => `${row.status_list_id}:${row.status_list_index}`)).size).toBe(20);
    // In the order the numbers were given (the issue order), the positions neither climb nor form a run.
    const climbing = positions.every((position, i) => i === 0 || position > positions[i - 1]);
    expect(climbing).toBe(false);
    const sorted = [...positions].sort((a, b) => a - b);
    expect(sorted[19] - sorted[0]).toBeGreaterThan(19);
    // Every position is recorded as taken, once.
    const [{ taken }] = await db.query(
      `SELECT count(*)::int AS taken FROM credential_status_entries e JOIN certificates c ON c.status_list_id = e.list_id AND c.status_list_index = e.position WHERE c.id = ANY($1)`,
      [issued.map((one) => one.id)],
    );
    expect(taken).toBe(20);
    // The credential carries the same position.
    const credential = await certificates.credential(issued[0].code);
    const [first] = await db.query(`SELECT status_list_index FROM certificates WHERE id = $1`, [issued[0].id]);
    expect((credential.credentialStatus as { statusListIndex: string }).statusListIndex).toBe(String(first.status_list_index));
  });

  it('opens the next list when the current one is nearly full, and never hands out a position twice', async () => {
    const statusLists = t.app.get(StatusListsService);
    const [{ next }] = await db.query(`SELECT coalesce(max(id), 0) + 1 AS next FROM credential_status_lists`);
    // A tiny list (16 positions, so 14 may be handed out) to fill up quickly.
    await db.query(`INSERT INTO credential_status_lists (id, size) VALUES ($1, 16)`, [next]);
    const taken = await Promise.all(Array.from({ length: 18 }, () => statusLists.allocate()));
    const inTiny = taken.filter((entry) => entry.listId === next);
    expect(inTiny).toHaveLength(capacityOf(16));
    expect(new Set(inTiny.map((entry) => entry.index)).size).toBe(14);
    for (const entry of inTiny) expect(entry.index).toBeLessThan(16);
    const inNext = taken.filter((entry) => entry.listId !== next);
    expect(inNext).toHaveLength(4);
    expect(new Set(inNext.map((entry) => entry.listId))).toEqual(new Set([next + 1]));
    expect(new Set(inNext.map((entry) => entry.index)).size).toBe(4);
    const [list] = await db.query(`SELECT size, allocated FROM credential_status_lists WHERE id = $1`, [next + 1]);
    expect(list).toEqual({ size: 131072, allocated: 4 });
  });
});

describe('status-list migration', () => {
  it('records the positions handed out sequentially before it as taken, and undoes cleanly', async () => {
    const statusLists = t.app.get(StatusListsService);
    const migration = new RandomStatusEntries1795480000000();
    const runner = db.createQueryRunner();
    try {
      // Down: back to sequential lists whose next index lies above every position taken so far; then up again.
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    // Up: every position below each list's count is taken, so every existing certificate's position is.
    const [{ missing }] = await db.query(
      `SELECT count(*)::int AS missing FROM certificates c
        WHERE NOT EXISTS (SELECT 1 FROM credential_status_entries e WHERE e.list_id = c.status_list_id AND e.position = c.status_list_index)`,
    );
    expect(missing).toBe(0);
    const counts: Array<{ allocated: number; taken: number; top: number }> = await db.query(
      `SELECT l.allocated, count(e.position)::int AS taken, max(e.position) AS top FROM credential_status_lists l
         JOIN credential_status_entries e ON e.list_id = l.id GROUP BY l.id`,
    );
    for (const list of counts) expect([list.taken, list.top + 1]).toEqual([list.allocated, list.allocated]);
    const next = await statusLists.allocate();
    const [{ clash }] = await db.query(`SELECT count(*)::int AS clash FROM certificates WHERE status_list_id = $1 AND status_list_index = $2`, [next.listId, next.index]);
    expect(clash).toBe(0);
  });
});

describe('issuance on completion (the learning event)', () => {
  it('issues the certificate of a completed enrollment from the enrollment.completed job, once for a repeated event', async () => {
    const user = await createUser(t, { pillar: Pillar.PSM, regionCode: '32.72.03' });
    const [{ course_id: courseId }] = await db.query(`SELECT course_id FROM course_versions WHERE id = $1`, [courseVersionId]);
    const completedAt = new Date('2026-11-21T05:00:00Z');
    const [enrollment] = await db.query(
      `INSERT INTO enrollments (user_id, course_id, course_version_id, status, completed_at) VALUES ($1, $2, $3, 'COMPLETED', $4) RETURNING id`,
      [user.id, courseId, courseVersionId, completedAt],
    );
    const jobs = t.app.get(JobsService);
    const first = await jobs.enqueue(ENROLLMENT_COMPLETED, { params: { enrollmentId: enrollment.id } });
    const second = await jobs.enqueue(ENROLLMENT_COMPLETED, { params: { enrollmentId: enrollment.id } });
    expect(await jobs.waitFor(first, 60_000)).toBe('DONE');
    expect(await jobs.waitFor(second, 60_000)).toBe('DONE');
    const rows = await db.query(`SELECT number, completed_at, pillar, (pdf IS NOT NULL) AS has_pdf FROM certificates WHERE enrollment_id = $1`, [enrollment.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ pillar: 'PSM', has_pdf: true, completed_at: completedAt });
    expect(rows[0].number).toMatch(/\/BIMTEK-PSM\/32\.72\//);
  });

  it('issues nothing for an enrollment that is not completed', async () => {
    const user = await createUser(t);
    const [{ course_id: courseId }] = await db.query(`SELECT course_id FROM course_versions WHERE id = $1`, [courseVersionId]);
    const [enrollment] = await db.query(`INSERT INTO enrollments (user_id, course_id, course_version_id) VALUES ($1, $2, $3) RETURNING id`, [user.id, courseId, courseVersionId]);
    const jobs = t.app.get(JobsService);
    const job = await jobs.enqueue(ENROLLMENT_COMPLETED, { params: { enrollmentId: enrollment.id } });
    expect(await jobs.waitFor(job, 60_000)).toBe('DONE');
    expect(await db.query(`SELECT id FROM certificates WHERE enrollment_id = $1`, [enrollment.id])).toEqual([]);
  });
});

describe('certificate verification', () => {
  it('shows what the verify page needs, and no phone, NIK or email anywhere', async () => {
    const user = await createUser(t, { name: "Nur'aini Ñúñez", email: 'nuraini@example.id', regionCode: '32.72.03', pillar: Pillar.TAGANA });
    await db.query(`UPDATE users SET nik_last4 = '4321', nik_hash = 'x' WHERE id = $1`, [user.id]);
    const { code } = await issueFor(user.id, new Date('2026-11-20T02:00:00Z'));
    const res = await t.http.get(`/api/certificates/${code}`).expect(200);
    expect(res.body).toMatchObject({
      code,
      status: 'valid',
      holderName: "Nur'aini Ñúñez",
      courseTitle: 'Dasar-Dasar Tagana',
      hours: 8,
      pillar: 'TAGANA',
      regionLabel: 'Kecamatan Citamiang, Kota Sukabumi',
      issuerName: 'Dinas Sosial Kota Sukabumi',
      validUntil: '2029-11-20T02:00:00.000Z',
    });
    expect(res.body.number).toMatch(/^\d{5}\/BIMTEK-TAGANA\/32\.72\/\d{4}$/);
    // Typed carelessly (lower case, spaces): the same certificate.
    await t.http.get(`/api/certificates/${encodeURIComponent(code.toLowerCase().replace(/-/g, ' '))}`).expect(200);

    const credential = await t.http.get(`/api/certificates/${code}/credential`).expect(200);
    expect(credential.headers['content-type']).toMatch(/^application\/vc\+ld\+json/);
    const mine = await t.http.get('/api/certificates').set(user.headers).expect(200);
    expect(mine.body.total).toBe(1);
    const pdf = await t.http.get(`/api/certificates/${code}/pdf`).buffer(true).parse(binary).expect(200);
    const pdfText = execFileSync('pdftotext', ['-', '-'], { input: pdf.body as Buffer }).toString('utf8');
    expect(pdfText).toContain("Nur'aini Ñúñez");
    for (const body of [JSON.stringify(res.body), credential.text, JSON.stringify(mine.body), pdfText]) {
      expect(body).not.toContain(user.phone);
      expect(body).not.toContain(user.phone.replace('+62', '0'));
      expect(body).not.toContain('nuraini@example.id');
      expect(body).not.toContain('4321');
      expect(body).not.toContain(user.id); // the account's internal id (issue #21, F-L10)
    }
  });

  it('answers an unknown or malformed code with a 404 that reveals nothing', async () => {
    for (const code of ['K7M2-Q9TX-3HPA-W4', 'nonsense', '../../etc']) {
      const res = await t.http.get(`/api/certificates/${encodeURIComponent(code)}`).expect(404);
      expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', code: 'CERTIFICATE_NOT_FOUND', message: 'Sertifikat tidak ditemukan.' });
      await t.http.get(`/api/certificates/${encodeURIComponent(code)}/pdf`).expect(404);
      await t.http.get(`/api/certificates/${encodeURIComponent(code)}/credential`).expect(404);
    }
  });

  it('serves the PDF with caching headers', async () => {
    const { code } = await issueFor((await createUser(t)).id);
    const res = await t.http.get(`/api/certificates/${code}/pdf`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toMatch(/max-age=\d+/);
    expect((res.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('serves a credential that is valid against the official OB 3.0 schema and verifies offline against the did:web document the API publishes', async () => {
    const { code } = await issueFor((await createUser(t)).id);
    const parsed = JSON.parse((await t.http.get(`/api/certificates/${code}/credential`).expect(200)).text);
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    addFormats(ajv);
    const schemaFile = path.join(__dirname, '..', '..', 'src', 'certificates', 'assets', 'ob_v3p0_achievementcredential_schema.json');
    const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
    expect(validate(parsed) ? [] : validate.errors).toEqual([]);
    const did = await t.http.get('/.well-known/did.json').expect(200);
    expect(did.body.id).toBe('did:web:localhost%3A3000');
    expect(parsed.issuer.id).toBe(did.body.id);
    expect(did.body.assertionMethod).toContain(parsed.proof[0].verificationMethod);
    expect(await verifyCredential(parsed, await keys.documentLoader())).toEqual({ verified: true });
  });

  it('carries the post-test (Percent) and the passed field task (RubricCriterionLevel) as results, stays valid and verifies; the PDF names the task', async () => {
    const worker = await createUser(t, { role: Role.PESERTA, pillar: Pillar.TKSK, regionCode: '32.72.03' });
    const { id } = await enroll(t, worker, 'tksk-dasar');
    const pre = await startAttempt(t, worker, id, 'pretest');
    await submit(t, worker, pre.id, await answersWith(db, pre.id, 3)).expect(200);
    await finishLessons(t, worker, id, await lessonIdsOf(t, 'tksk-dasar'));
    const post = await startAttempt(t, worker, id, 'posttest');
    await submit(t, worker, post.id, await answersWith(db, post.id, 8)).expect(200);
    await passFieldTasks(t, worker, id);
    const issued = await certificates.issueForEnrollment(id);
    expect(issued).not.toBeNull();
    const credential = JSON.parse((await t.http.get(`/api/certificates/${issued!.code}/credential`).expect(200)).text);
    const [task] = await db.query(
      `SELECT f.id, f.title FROM field_tasks f JOIN enrollments e ON e.course_version_id = f.version_id WHERE e.id = $1`,
      [id],
    );
    const subject = credential.credentialSubject;
    const descriptions = subject.achievement.resultDescription;
    expect(descriptions).toEqual([
      expect.objectContaining({ type: ['ResultDescription'], resultType: 'Percent', requiredValue: '70', valueMax: '100' }),
      expect.objectContaining({
        id: `urn:uuid:${task.id}`,
        resultType: 'RubricCriterionLevel',
        name: `Tugas lapangan: ${task.title}`,
        requiredLevel: `urn:uuid:${task.id}#cukup`,
        rubricCriterionLevel: [
          expect.objectContaining({ id: `urn:uuid:${task.id}#belum`, type: ['RubricCriterionLevel'], name: 'Belum kompeten', level: '1', points: '0' }),
          expect.objectContaining({ id: `urn:uuid:${task.id}#cukup`, name: 'Cukup', level: '2' }),
          expect.objectContaining({ id: `urn:uuid:${task.id}#baik` }),
          expect.objectContaining({ id: `urn:uuid:${task.id}#sangat-baik` }),
        ],
      }),
    ]);
    expect(subject.result).toEqual([
      { type: ['Result'], resultDescription: descriptions[0].id, value: '80' },
      { type: ['Result'], resultDescription: `urn:uuid:${task.id}`, achievedLevel: `urn:uuid:${task.id}#cukup`, status: 'Completed' },
    ]);
    expect(subject.source).toEqual({ id: 'urn:bimtek-pilar:dinsos:32.72', type: ['Profile'], name: expect.stringMatching(/^Dinas Sosial .*Sukabumi/) });
    expect(credential.evidence).toEqual([
      { type: ['Evidence'], name: `Tugas lapangan: ${task.title}`, narrative: expect.stringContaining('Bukti tersimpan di sistem, tidak dipublikasikan.') },
    ]);
    // Never the report, a photo or a data URI in the credential.
    expect(JSON.stringify(credential)).not.toMatch(/data:|Langkah 1|\.webp/);

    const ajv = new Ajv2019({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'src', 'certificates', 'assets', 'ob_v3p0_achievementcredential_schema.json'), 'utf8')));
    expect(validate(credential) ? [] : validate.errors).toEqual([]);
    expect(await verifyCredential(credential, await keys.documentLoader())).toEqual({ verified: true });
    const changed = structuredClone(credential);
    changed.credentialSubject.result[1].achievedLevel = `urn:uuid:${task.id}#sangat-baik`;
    expect((await verifyCredential(changed, await keys.documentLoader())).verified).toBe(false);

    const pdf = await t.http.get(`/api/certificates/${issued!.code}/pdf`).buffer(true).parse(binary).expect(200);
    const pdfText = execFileSync('pdftotext', ['-', '-'], { input: pdf.body as Buffer }).toString('utf8').replace(/\s+/g, ' ');
    expect(pdfText).toContain(`Tugas lapangan: ${task.title} — tingkat Cukup`);
  });
});

describe('key rotation and revocation', () => {
  it('keeps old credentials verifying after a rotation, and signs new ones with the new key', async () => {
    const before = await issueFor((await createUser(t)).id);
    const oldCredential = await certificates.credential(before.code);
    const newKey = await keys.rotate();
    const after = await issueFor((await createUser(t)).id);
    const newCredential = await certificates.credential(after.code);
    const proofOf = (credential: Record<string, unknown>) => (credential.proof as Array<{ verificationMethod: string }>)[0].verificationMethod;
    expect(proofOf(newCredential)).toBe(`did:web:localhost%3A3000#${newKey}`);
    expect(proofOf(oldCredential)).not.toBe(proofOf(newCredential));
    const did = await t.http.get('/.well-known/did.json').expect(200);
    expect(did.body.assertionMethod).toEqual(expect.arrayContaining([proofOf(oldCredential), proofOf(newCredential)]));
    const loader = await keys.documentLoader();
    expect(await verifyCredential(oldCredential, loader)).toEqual({ verified: true });
    expect(await verifyCredential(newCredential, loader)).toEqual({ verified: true });
  });

  it('revokes a certificate in scope: audited, the status bit reads revoked, the verify data says revoked', async () => {
    const holder = await createUser(t, { regionCode: '32.72.03' });
    const { code } = await issueFor(holder.id);
    const credential = await certificates.credential(code);
    const status = credential.credentialStatus as { statusListCredential: string; statusListIndex: string };
    const listPath = new URL(status.statusListCredential).pathname;
    const readBit = async () => {
      const res = await t.http.get(listPath).expect(200);
      expect(res.headers['cache-control']).toMatch(/max-age=300/);
      const list = JSON.parse(res.text);
      expect(await verifyCredential(list, await keys.documentLoader())).toEqual({ verified: true });
      return readStatusBit(list, Number(status.statusListIndex));
    };
    expect(await readBit()).toBe(false);

    const elsewhere = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.73' });
    await t.http.post(`/api/certificates/${code}/revoke`).set(elsewhere.headers).send({ reason: 'FRAUD' }).expect(404);
    await t.http.post(`/api/certificates/${code}/revoke`).set(holder.headers).send({ reason: 'FRAUD' }).expect(403);
    const admin = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
    await t.http.post(`/api/certificates/${code}/revoke`).set(admin.headers).send({ reason: 'NOPE' }).expect(400);
    expect((await t.http.get(`/api/certificates/${code}`).expect(200)).body.status).toBe('valid');

    const revoked = await t.http.post(`/api/certificates/${code}/revoke`).set(admin.headers).send({ reason: 'DATA_ERROR' }).expect(200);
    expect(revoked.body).toMatchObject({ status: 'revoked' });
    expect(revoked.body).not.toHaveProperty('revocationReason'); // the reason is for admins only (issue #21, F-L10)
    expect(await readBit()).toBe(true);
    // Exactly the bits of revoked certificates are set in that list: this one's, and no neighbour's.
    const listJson = JSON.parse((await t.http.get(listPath).expect(200)).text);
    const setBits = await allSetBits(listJson);
    const listId = Number(listPath.split('/').pop());
    const revokedRows: Array<{ status_list_index: number }> = await db.query(
      `SELECT status_list_index FROM certificates WHERE status_list_id = $1 AND revoked_at IS NOT NULL ORDER BY 1`,
      [listId],
    );
    expect(setBits).toEqual(revokedRows.map((row) => row.status_list_index));
    expect(setBits).toContain(Number(status.statusListIndex));
    const view = await t.http.get(`/api/certificates/${code}`).expect(200);
    expect(view.body).toMatchObject({ status: 'revoked' });
    expect(JSON.stringify(view.body)).not.toContain('DATA_ERROR');
    expect(view.body.revokedAt).toEqual(expect.any(String));
    const [audit] = await db.query(`SELECT action, actor_id, region_code, details FROM audit_log WHERE action = 'certificate.revoke' AND actor_id = $1`, [admin.id]);
    expect(audit).toMatchObject({ region_code: '32.72.03', details: { reason: 'DATA_ERROR' } });
  });

  it('says expired after the validity of the course, and a renewal refers to the expired certificate', async () => {
    const holder = await createUser(t, { regionCode: '32.72.03' });
    const shortCourse = await createCourseVersion(1);
    const old = await issueFor(holder.id, new Date('2024-01-10T02:00:00Z'), shortCourse);
    expect((await t.http.get(`/api/certificates/${old.code}`).expect(200)).body.status).toBe('expired');
    const renewed = await issueFor(holder.id, new Date(), shortCourse);
    const view = await t.http.get(`/api/certificates/${renewed.code}`).expect(200);
    expect(view.body.status).toBe('valid');
    expect(view.body.renews).toBe((await certificates.findPublic(old.code)).number);
  });
});

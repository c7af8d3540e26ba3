/**
 * The admins' list of issued certificates (GET /api/certificates/issued) and revocation from it: region scope inside
 * the query, filters, bad input, no personal contact data.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CertificatesService } from '../../src/certificates/certificates.service';
import { createUser, Pillar, Role, type TestUser } from '../factories';
import { createTestApp, TestApp } from '../test-app';

let t: TestApp;
let db: DataSource;
let certificates: CertificatesService;
let courseA: { versionId: string; courseId: string; title: string };
let courseB: { versionId: string; courseId: string; title: string };
let sukabumi: TestUser;
let pusat: TestUser;

/** Certificates issued per test group, by label. */
const issued: Record<string, { code: string; holder: TestUser; number: string }> = {};

async function issue(label: string, options: { regionCode: string; pillar: Pillar; name: string; course: typeof courseA }) {
  const holder = await createUser(t, { regionCode: options.regionCode, pillar: options.pillar, name: options.name, email: `${label}@contoh.id` });
  const { code } = await certificates.issue({ enrollmentId: randomUUID(), userId: holder.id, courseVersionId: options.course.versionId, completedAt: new Date() });
  const [{ number }] = await db.query(`SELECT number FROM certificates WHERE verification_code = $1`, [code]);
  issued[label] = { code, holder, number };
}

beforeAll(async () => {
  t = await createTestApp();
  db = t.app.get(DataSource);
  certificates = t.app.get(CertificatesService);
  const versions: Array<{ id: string; course_id: string; title: string }> = await db.query(
    `SELECT DISTINCT ON (v.course_id) v.id, v.course_id, v.title FROM course_versions v ORDER BY v.course_id, v.number DESC LIMIT 2`,
  );
  expect(versions).toHaveLength(2);
  [courseA, courseB] = versions.map((v) => ({ versionId: v.id, courseId: v.course_id, title: v.title }));
  await issue('kotaA', { regionCode: '32.72.03', pillar: Pillar.TAGANA, name: "Siti Nur'aini", course: courseA });
  await issue('kotaB', { regionCode: '32.72.01', pillar: Pillar.TKSK, name: 'Bambang Prasetyo', course: courseB });
  await issue('kotaC', { regionCode: '32.72', pillar: Pillar.TKSK, name: 'Dewi Lestari', course: courseA });
  await issue('kabupaten', { regionCode: '32.02.05', pillar: Pillar.TAGANA, name: 'Siti Aminah', course: courseA });
  await issue('jakarta', { regionCode: '31.71.01', pillar: Pillar.PSM, name: 'Rudi Hartono', course: courseB });
  sukabumi = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.72' });
  pusat = await createUser(t, { role: Role.ADMIN_PUSAT });
});
afterAll(() => t.close());

const list = (user: TestUser, query: Record<string, string | number> = {}) => t.http.get('/api/certificates/issued').query(query).set(user.headers);
const codes = (body: { items: Array<{ code: string }> }) => body.items.map((item) => item.code).sort();
const codesOf = (...labels: string[]) => labels.map((label) => issued[label].code).sort();

describe('GET /api/certificates/issued: region scope', () => {
  it("gives a kabupaten/kota admin only their region's certificates, and the national admin all", async () => {
    const mine = await list(sukabumi).expect(200);
    expect(codes(mine.body)).toEqual(codesOf('kotaA', 'kotaB', 'kotaC'));
    expect(mine.body.total).toBe(3);
    expect(mine.headers['cache-control']).toBe('no-store');

    const all = await list(pusat, { pageSize: 1000 }).expect(200);
    expect(codes(all.body)).toEqual(expect.arrayContaining(codesOf('kotaA', 'kotaB', 'kotaC', 'kabupaten', 'jakarta')));

    const kabupaten = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32.02' });
    expect(codes((await list(kabupaten).expect(200)).body)).toEqual(codesOf('kabupaten'));
  });

  it("does not widen the scope through the region filter, search or a course's other holders", async () => {
    expect((await list(sukabumi, { region: '32.02' }).expect(200)).body).toMatchObject({ items: [], total: 0 });
    expect((await list(sukabumi, { q: 'Siti' }).expect(200)).body.items.map((item: { holderName: string }) => item.holderName)).toEqual(["Siti Nur'aini"]);
    expect((await list(sukabumi, { q: issued.kabupaten.code }).expect(200)).body.total).toBe(0);
    expect((await list(sukabumi, { q: issued.kabupaten.number }).expect(200)).body.total).toBe(0);
    // The course filter's options are the courses of certificates in scope, too.
    const jakartaAdmin = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '31.71' });
    const options = (await list(jakartaAdmin).expect(200)).body.courses;
    expect(options).toEqual([{ id: courseB.courseId, title: courseB.title }]);
  });

  it('carries no phone, NIK or email, and no account id', async () => {
    const res = await list(pusat, { pageSize: 1000 }).expect(200);
    const item = res.body.items.find((one: { code: string }) => one.code === issued.kotaA.code);
    expect(Object.keys(item).sort()).toEqual(
      ['code', 'courseId', 'courseTitle', 'holderName', 'issuedAt', 'number', 'pillar', 'pillarLabel', 'regionCode', 'regionLabel', 'revocationReason', 'revokedAt', 'status', 'validUntil', 'verifyUrl'].sort(),
    );
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(issued.kotaA.holder.phone);
    expect(text).not.toContain(issued.kotaA.holder.phone.replace('+62', '0'));
    expect(text).not.toContain('@contoh.id');
    expect(text).not.toContain(issued.kotaA.holder.id);
    expect(item).toMatchObject({
      holderName: "Siti Nur'aini",
      number: issued.kotaA.number,
      status: 'valid',
      pillar: 'TAGANA',
      courseTitle: courseA.title,
      verifyUrl: `http://localhost:3000/verify/${issued.kotaA.code}`,
    });
  });

  it('is for admins only', async () => {
    await t.http.get('/api/certificates/issued').expect(401);
    const worker = await createUser(t);
    await list(worker).expect(403);
    const trainer = await createUser(t, { role: Role.PELATIH });
    await list(trainer).expect(403);
  });
});

describe('GET /api/certificates/issued: filters and paging', () => {
  it('searches the holder name (case-insensitive, LIKE wildcards taken literally), the number and the code', async () => {
    expect(codes((await list(sukabumi, { q: 'bambang' }).expect(200)).body)).toEqual(codesOf('kotaB'));
    expect(codes((await list(sukabumi, { q: issued.kotaC.number }).expect(200)).body)).toEqual(codesOf('kotaC'));
    expect(codes((await list(sukabumi, { q: issued.kotaA.code.toLowerCase().replaceAll('-', '') }).expect(200)).body)).toEqual(codesOf('kotaA'));
    expect((await list(sukabumi, { q: '%' }).expect(200)).body.total).toBe(0);
    expect((await list(sukabumi, { q: '_' }).expect(200)).body.total).toBe(0);
  });

  it('filters by pillar, course and status, and pages newest first', async () => {
    expect(codes((await list(sukabumi, { pillar: 'TKSK' }).expect(200)).body)).toEqual(codesOf('kotaB', 'kotaC'));
    expect(codes((await list(sukabumi, { courseId: courseA.courseId }).expect(200)).body)).toEqual(codesOf('kotaA', 'kotaC'));
    expect(codes((await list(sukabumi, { courseId: courseA.courseId, pillar: 'TKSK' }).expect(200)).body)).toEqual(codesOf('kotaC'));
    expect(codes((await list(sukabumi, { status: 'valid' }).expect(200)).body)).toEqual(codesOf('kotaA', 'kotaB', 'kotaC'));
    expect((await list(sukabumi, { status: 'revoked' }).expect(200)).body.total).toBe(0);
    expect(codes((await list(sukabumi, { region: '32.72.01' }).expect(200)).body)).toEqual(codesOf('kotaB'));

    const first = await list(sukabumi, { pageSize: 2 }).expect(200);
    const second = await list(sukabumi, { pageSize: 2, page: 2 }).expect(200);
    expect(first.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(first.body.items).toHaveLength(2);
    expect(second.body.items).toHaveLength(1);
    // Newest first: kotaC was issued last.
    expect(first.body.items[0].code).toBe(issued.kotaC.code);
    expect([...first.body.items, ...second.body.items].map((item: { code: string }) => item.code).sort()).toEqual(codesOf('kotaA', 'kotaB', 'kotaC'));
  });

  it('refuses bad filters with a 400 that says what is wrong', async () => {
    const cases: Array<[Record<string, string | number>, RegExp]> = [
      [{ status: 'dicabut' }, /Status harus salah satu dari: valid, expired, revoked/],
      [{ pillar: 'NOPE' }, /Pilar harus salah satu dari/],
      [{ courseId: 'abc' }, /courseId harus berupa UUID/],
      [{ region: '32-72' }, /Kode wilayah tidak valid/],
      [{ q: 'x'.repeat(101) }, /paling panjang 100/],
      [{ page: 0 }, /page must be 1 or more/],
      [{ pageSize: 5000 }, /pageSize must be 1000 or less/],
      [{ holderPhone: '0812' }, /Unknown field \\"holderPhone\\"/],
    ];
    for (const [query, message] of cases) {
      const res = await list(sukabumi, query).expect(400);
      expect(res.body.error).toBe('Bad Request');
      expect(JSON.stringify(res.body.message)).toMatch(message);
    }
  });
});

describe('revoking from the list', () => {
  it("refuses another region's certificate as if it did not exist, and changes nothing", async () => {
    const res = await t.http.post(`/api/certificates/${issued.kabupaten.code}/revoke`).set(sukabumi.headers).send({ reason: 'FRAUD' }).expect(404);
    expect(res.body.message).toBe('Sertifikat tidak ditemukan.');
    const [row] = await db.query(`SELECT revoked_at FROM certificates WHERE verification_code = $1`, [issued.kabupaten.code]);
    expect(row.revoked_at).toBeNull();
    const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM audit_log WHERE action = 'certificate.revoke' AND actor_id = $1`, [sukabumi.id]);
    expect(count).toBe(0);
  });

  it('refuses a missing or unknown reason with a 400, and changes nothing', async () => {
    for (const body of [{}, { reason: 'SALAH' }, { reason: 'FRAUD', note: 'bebas' }]) {
      await t.http.post(`/api/certificates/${issued.kotaB.code}/revoke`).set(sukabumi.headers).send(body).expect(400);
    }
    expect((await t.http.get(`/api/certificates/${issued.kotaB.code}`).expect(200)).body.status).toBe('valid');
  });

  it('revokes in scope: the list, its status filter and the verify data say revoked, and it is audited', async () => {
    await t.http.post(`/api/certificates/${issued.kotaB.code}/revoke`).set(sukabumi.headers).send({ reason: 'DUPLICATE' }).expect(200);
    const revoked = await list(sukabumi, { status: 'revoked' }).expect(200);
    expect(revoked.body.items).toEqual([expect.objectContaining({ code: issued.kotaB.code, status: 'revoked', revocationReason: 'DUPLICATE', revokedAt: expect.any(String) })]);
    expect(codes((await list(sukabumi, { status: 'valid' }).expect(200)).body)).toEqual(codesOf('kotaA', 'kotaC'));
    const publicView = (await t.http.get(`/api/certificates/${issued.kotaB.code}`).expect(200)).body;
    expect(publicView).toMatchObject({ status: 'revoked' });
    expect(publicView).not.toHaveProperty('revocationReason');
    const audit = await db.query(`SELECT target_id, region_code, details FROM audit_log WHERE action = 'certificate.revoke' AND actor_id = $1`, [sukabumi.id]);
    expect(audit).toEqual([expect.objectContaining({ region_code: '32.72.01', details: { number: issued.kotaB.number, reason: 'DUPLICATE' } })]);
    // The national admin sees the same revocation.
    const national = await list(pusat, { status: 'revoked', q: issued.kotaB.number }).expect(200);
    expect(codes(national.body)).toEqual(codesOf('kotaB'));
  });
});

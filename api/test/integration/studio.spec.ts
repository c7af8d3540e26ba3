import path from 'node:path';
import sharp from 'sharp';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { DataSource } from 'typeorm';
import { importContentDirectory } from '../../src/courses/course-importer';
import { packageContentHash } from '../../src/courses/package-checker';
import { readPackageFolder } from '../../src/courses/package-files';
import { bearer, createUser, Pillar, Role, type TestUser } from '../factories';
import { createTestApp, type TestApp } from '../test-app';
import { seedDemoAccounts } from '../../src/users/demo-accounts';
import { UsersService } from '../../src/users/users.service';
import { DEMO_DRAFT_SLUG, seedStudioDemo } from '../../src/studio/studio-demo';
import { StudioService } from '../../src/studio/studio.service';
import { enroll } from './learning.helpers';

const contentDir = path.resolve(__dirname, '..', '..', '..', 'content');
const coursesDir = path.join(contentDir, 'courses');
const STANDARD_COURSES = ['inti-pilar-sosial', 'karang-taruna-dasar', 'pendamping-pkh-dasar', 'psm-dasar', 'slrt-puskesos-dasar', 'tagana-dasar', 'tksk-dasar'];
const STUDIO_TABLES = ['studio_drafts', 'studio_draft_files', 'studio_packages', 'studio_package_files'];

/** A zip of a package, in a top folder (as exported) or at the root. */
function zipOf(files: ReadonlyMap<string, Uint8Array>, top: string | null): Buffer {
  const tree: Zippable = {};
  for (const [name, bytes] of files) tree[top ? `${top}/${name}` : name] = bytes;
  return Buffer.from(zipSync(tree));
}

/** The files of an exported zip, without its top folder. */
function filesOfZip(zip: Buffer): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const [name, bytes] of Object.entries(unzipSync(new Uint8Array(zip)))) {
    if (!name.endsWith('/')) files.set(name.slice(name.indexOf('/') + 1), bytes);
  }
  return files;
}

/** A standard course renamed to a new slug (and so a new course), with course.yaml edited by `edit`. */
function renamedCourse(from: string, slug: string, edit: (yaml: string) => string = (yaml) => yaml): Map<string, Uint8Array> {
  const files = readPackageFolder(path.join(coursesDir, from));
  const yaml = Buffer.from(files.get('course.yaml')!).toString('utf8').replace(/^slug: .*$/m, `slug: ${slug}`);
  files.set('course.yaml', Buffer.from(edit(yaml)));
  return files;
}

/** supertest: keep a binary body as a Buffer. */
function binaryParser(res: import('superagent').Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

describe('studio (issue #18)', () => {
  let t: TestApp;
  let db: DataSource;
  let nationalTrainer: TestUser;
  let trainer: TestUser;
  let otherTrainer: TestUser;
  let localAdmin: TestUser;
  let foreignAdmin: TestUser;
  let pusat: TestUser;

  beforeAll(async () => {
    process.env.CONTENT_DIR = contentDir;
    t = await createTestApp();
    db = t.app.get(DataSource);
    const report = await importContentDirectory(db, contentDir);
    expect(report.outcomes.map((outcome) => outcome.slug).sort()).toEqual(STANDARD_COURSES);
    nationalTrainer = await createUser(t, { role: Role.PELATIH, regionCode: null });
    trainer = await createUser(t, { role: Role.PELATIH, regionCode: '32.72' });
    otherTrainer = await createUser(t, { role: Role.PELATIH, regionCode: '32.72' });
    localAdmin = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '32' });
    foreignAdmin = await createUser(t, { role: Role.ADMIN_DINSOS, regionCode: '33.01' });
    pusat = await createUser(t, { role: Role.ADMIN_PUSAT });
  }, 120_000);

  afterAll(async () => {
    delete process.env.CONTENT_DIR;
    await t?.close();
  });

  const counts = async () => {
    const result: Record<string, number> = {};
    for (const table of STUDIO_TABLES) result[table] = Number((await db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
    return result;
  };

  const exportZip = async (user: TestUser, slug: string, version?: number) => {
    const res = await t.http
      .get(`/api/studio/courses/${slug}/export${version ? `?version=${version}` : ''}`)
      .set(user.headers)
      .buffer(true)
      .parse(binaryParser)
      .expect(200);
    expect(res.headers['content-type']).toContain('application/zip');
    return res.body as Buffer;
  };

  const importZip = (user: TestUser, zip: Buffer) => t.http.post('/api/studio/imports').set(user.headers).attach('file', zip, 'paket.zip');

  it('export → import → export of every course in content/ keeps the content hash', async () => {
    for (const slug of STANDARD_COURSES) {
      const expected = packageContentHash(readPackageFolder(path.join(coursesDir, slug)));
      const first = await exportZip(pusat, slug);
      expect(packageContentHash(filesOfZip(first))).toBe(expected);

      const draft = await importZip(nationalTrainer, first).expect(201);
      expect(draft.body).toMatchObject({ slug, status: 'DRAFT', problems: [], contentHash: expected });
      await t.http.post(`/api/studio/drafts/${draft.body.id}/submit`).set(nationalTrainer.headers).expect(200);
      const published = await t.http.post(`/api/studio/drafts/${draft.body.id}/review`).set(pusat.headers).send({ decision: 'approve' }).expect(200);
      expect(published.body).toMatchObject({ status: 'PUBLISHED', publishedVersion: 1 });

      const second = await exportZip(pusat, slug, 1);
      expect(packageContentHash(filesOfZip(second))).toBe(expected);
      expect(second.equals(first)).toBe(true);
    }
  }, 120_000);

  describe('hostile zips are refused and nothing is kept', () => {
    const lesson = new TextEncoder().encode('# x\n');
    const cases: Array<[string, () => Buffer, string]> = [
      ['a ../ path', () => Buffer.from(zipSync({ 'course.yaml': lesson, '../evil.md': lesson })), 'STUDIO_ZIP_UNSAFE_PATH'],
      ['a ../ path inside a folder', () => Buffer.from(zipSync({ 'k/course.yaml': lesson, 'k/lessons/../../../etc/x.md': lesson })), 'STUDIO_ZIP_UNSAFE_PATH'],
      ['an absolute path', () => Buffer.from(zipSync({ 'course.yaml': lesson, '/etc/cron.d/x': lesson })), 'STUDIO_ZIP_UNSAFE_PATH'],
      [
        'a symlink entry',
        () => Buffer.from(zipSync({ 'k/course.yaml': lesson, 'k/lessons/01-a.md': [new TextEncoder().encode('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }] })),
        'STUDIO_ZIP_SYMLINK',
      ],
      [
        '2,001 entries',
        () => {
          const tree: Zippable = { 'course.yaml': lesson };
          for (let i = 1; i <= 2000; i++) tree[`lessons/${String(i).padStart(4, '0')}.md`] = lesson;
          return Buffer.from(zipSync(tree, { level: 0 }));
        },
        'STUDIO_ZIP_TOO_MANY_ENTRIES',
      ],
      ['a 60 MB expanded entry', () => Buffer.from(zipSync({ 'course.yaml': lesson, 'media/besar.png': new Uint8Array(60 * 1024 * 1024) }, { level: 9 })), 'STUDIO_ZIP_TOO_LARGE'],
      ['a 1,000:1 compression ratio', () => Buffer.from(zipSync({ 'course.yaml': lesson, 'media/bom.png': new Uint8Array(2 * 1024 * 1024) }, { level: 9 })), 'STUDIO_ZIP_RATIO'],
      [
        'the same name twice',
        () => {
          // Two entries, then the second renamed in place to the first's name (same length, so the offsets hold).
          const zip = Buffer.from(zipSync({ 'course.yaml': lesson, 'course.yamX': lesson }, { level: 0 }));
          return Buffer.from(zip.toString('latin1').replaceAll('course.yamX', 'course.yaml'), 'latin1');
        },
        'STUDIO_ZIP_INVALID',
      ],
      ['not a zip', () => Buffer.from('PK\u0003\u0004 bukan zip sama sekali'), 'STUDIO_ZIP_INVALID'],
      ['a zip without course.yaml', () => Buffer.from(zipSync({ 'a/lessons/01-a.md': lesson, 'b/x.md': lesson })), 'STUDIO_ZIP_NO_COURSE'],
    ];

    it.each(cases)('%s', async (_name, make, code) => {
      const before = await counts();
      const res = await importZip(trainer, make());
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body.code).toBe(code);
      expect(res.body.message).toEqual(expect.any(String));
      expect(await counts()).toEqual(before);
    });

    it('counts bytes while inflating: a zip whose header understates an entry is refused', async () => {
      const zip = Buffer.from(zipSync({ 'course.yaml': lesson, 'media/a.png': new Uint8Array(300 * 1024).fill(7) }, { level: 9 }));
      // Patch the central directory's uncompressed size of the second entry down to 1 KB (and the local header's).
      const patched = Buffer.from(zip);
      for (let at = 0; at < patched.length - 4; at++) {
        const signature = patched.readUInt32LE(at);
        if (signature === 0x02014b50 && patched.toString('utf8', at + 46, at + 46 + 11) === 'media/a.png') patched.writeUInt32LE(1024, at + 24);
        if (signature === 0x04034b50 && patched.toString('utf8', at + 30, at + 30 + 11) === 'media/a.png') patched.writeUInt32LE(1024, at + 22);
      }
      const before = await counts();
      const res = await importZip(trainer, patched);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(['STUDIO_ZIP_RATIO', 'STUDIO_ZIP_INVALID']).toContain(res.body.code);
      expect(await counts()).toEqual(before);
    });
  });

  it('two saves of the same lesson from two stale copies: the second is 409 and nothing is lost', async () => {
    const draft = (await importZip(trainer, zipOf(renamedCourse('psm-dasar', 'psm-kota-bandung'), 'psm-kota-bandung')).expect(201)).body;
    const lessonPath = draft.files.map((file: { path: string }) => file.path).find((name: string) => name.startsWith('lessons/'));
    const copyA = (await t.http.get(`/api/studio/drafts/${draft.id}/files/${lessonPath}`).set(trainer.headers).expect(200)).body;
    const copyB = (await t.http.get(`/api/studio/drafts/${draft.id}/files/${lessonPath}`).set(otherTrainer.headers).expect(200)).body;
    expect(copyA.version).toBe(1);

    const textA = `${copyA.content}\nTambahan dari penulis A.\n`;
    const saved = await t.http.put(`/api/studio/drafts/${draft.id}/files/${lessonPath}`).set(trainer.headers).send({ content: textA, baseVersion: copyA.version }).expect(200);
    expect(saved.body.version).toBe(2);

    const stale = await t.http
      .put(`/api/studio/drafts/${draft.id}/files/${lessonPath}`)
      .set(otherTrainer.headers)
      .send({ content: `${copyB.content}\nTambahan dari penulis B.\n`, baseVersion: copyB.version })
      .expect(409);
    expect(stale.body).toMatchObject({ code: 'STUDIO_STALE_DRAFT', details: { baseVersion: 1, currentVersion: 2, current: { path: lessonPath, content: textA } } });

    const now = (await t.http.get(`/api/studio/drafts/${draft.id}/files/${lessonPath}`).set(otherTrainer.headers).expect(200)).body;
    expect(now).toMatchObject({ content: textA, version: 2 });
  });

  it('import → submit refused with problems → fix → submit → return → fix → submit → approve → a new published version', async () => {
    const slug = 'tagana-kota-bandung';
    const broken = renamedCourse('tagana-dasar', slug, (yaml) => yaml.replace(/^hours: .*$/m, 'hours: 999'));
    const imported = await importZip(trainer, zipOf(broken, null)).expect(201);
    expect(imported.body).toMatchObject({ slug, status: 'DRAFT', regionCode: '32.72', version: 1 });
    expect(imported.body.problems).toEqual([expect.objectContaining({ file: 'course.yaml', line: expect.any(Number), message: expect.stringContaining('hours') })]);
    const id = imported.body.id as string;

    const refused = await t.http.post(`/api/studio/drafts/${id}/submit`).set(trainer.headers).expect(422);
    expect(refused.body.code).toBe('STUDIO_DRAFT_HAS_PROBLEMS');
    expect((await t.http.get(`/api/studio/drafts/${id}`).set(trainer.headers)).body.status).toBe('DRAFT');

    const yaml = (await t.http.get(`/api/studio/drafts/${id}/files/course.yaml`).set(trainer.headers).expect(200)).body;
    const fixed = await t.http
      .put(`/api/studio/drafts/${id}/files/course.yaml`)
      .set(trainer.headers)
      .send({ content: yaml.content.replace(/^hours: .*$/m, 'hours: 1'), baseVersion: yaml.version })
      .expect(200);
    expect(fixed.body).toMatchObject({ problems: [], version: 2 });
    await t.http.post(`/api/studio/drafts/${id}/submit`).set(trainer.headers).expect(200);

    // While submitted: no edits; the trainer cannot review; a foreign admin sees nothing; PUSAT does not review regional drafts.
    const locked = await t.http.put(`/api/studio/drafts/${id}/files/course.yaml`).set(trainer.headers).send({ content: 'x', baseVersion: 2 }).expect(409);
    expect(locked.body.code).toBe('STUDIO_DRAFT_LOCKED');
    expect((await t.http.post(`/api/studio/drafts/${id}/review`).set(trainer.headers).send({ decision: 'approve' }).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await t.http.get(`/api/studio/drafts/${id}`).set(foreignAdmin.headers).expect(404)).body.code).toBe('STUDIO_DRAFT_NOT_FOUND');
    expect((await t.http.post(`/api/studio/drafts/${id}/review`).set(foreignAdmin.headers).send({ decision: 'approve' }).expect(404)).body.code).toBe('STUDIO_DRAFT_NOT_FOUND');
    expect((await t.http.get('/api/studio/drafts').set(foreignAdmin.headers).expect(200)).body.items).toEqual([]);
    expect((await t.http.post(`/api/studio/drafts/${id}/review`).set(pusat.headers).send({ decision: 'approve' }).expect(403)).body.code).toBe('STUDIO_NOT_REVIEWER');
    expect((await t.http.post(`/api/studio/drafts/${id}/review`).set(localAdmin.headers).send({ decision: 'return' }).expect(400)).body.code).toBe('STUDIO_COMMENT_REQUIRED');
    expect((await t.http.get(`/api/studio/drafts/${id}`).set(trainer.headers)).body.status).toBe('SUBMITTED');
    expect(await t.http.get(`/api/courses/${slug}`)).toHaveProperty('status', 404);

    const returned = await t.http.post(`/api/studio/drafts/${id}/review`).set(localAdmin.headers).send({ decision: 'return', comment: 'Perbaiki ringkasan.' }).expect(200);
    expect(returned.body).toMatchObject({ status: 'RETURNED', reviewComment: 'Perbaiki ringkasan.' });

    const again = (await t.http.get(`/api/studio/drafts/${id}/files/course.yaml`).set(trainer.headers).expect(200)).body;
    await t.http
      .put(`/api/studio/drafts/${id}/files/course.yaml`)
      .set(trainer.headers)
      .send({ content: again.content.replace(/^title: .*$/m, 'title: Dasar-Dasar Tagana Kota Bandung'), baseVersion: again.version })
      .expect(200);
    await t.http.post(`/api/studio/drafts/${id}/submit`).set(trainer.headers).expect(200);
    const approved = await t.http.post(`/api/studio/drafts/${id}/review`).set(localAdmin.headers).send({ decision: 'approve', comment: 'Siap.' }).expect(200);
    expect(approved.body).toMatchObject({ status: 'PUBLISHED', publishedVersion: 1 });
    const course = await t.http.get(`/api/courses/${slug}`).expect(200);
    expect(course.body).toMatchObject({ title: 'Dasar-Dasar Tagana Kota Bandung', version: 1 });

    const earlyWorker = await createUser(t, { pillar: Pillar.TAGANA });
    const pinned = await enroll(t, earlyWorker, slug);

    // A change after publishing is a new version; version 1 stays as it was (enrolments pin it).
    const current = (await t.http.get(`/api/studio/drafts/${id}/files/course.yaml`).set(trainer.headers).expect(200)).body;
    await t.http
      .put(`/api/studio/drafts/${id}/files/course.yaml`)
      .set(trainer.headers)
      .send({ content: current.content.replace(/^title: .*$/m, 'title: Tagana Kota Bandung (revisi)'), baseVersion: current.version })
      .expect(200);
    await t.http.post(`/api/studio/drafts/${id}/submit`).set(trainer.headers).expect(200);
    await t.http.post(`/api/studio/drafts/${id}/review`).set(localAdmin.headers).send({ decision: 'approve' }).expect(200);
    expect((await t.http.get(`/api/courses/${slug}`).expect(200)).body).toMatchObject({ title: 'Tagana Kota Bandung (revisi)', version: 2 });
    expect((await t.http.get(`/api/courses/${slug}?version=1`).expect(200)).body).toMatchObject({ title: 'Dasar-Dasar Tagana Kota Bandung', version: 1 });
    expect((await t.http.get(`/api/enrollments/${pinned.id}`).set(earlyWorker.headers).expect(200)).body).toMatchObject({ course: { version: 1, title: 'Dasar-Dasar Tagana Kota Bandung' } });
    expect(await enroll(t, await createUser(t, { pillar: Pillar.TAGANA }), slug)).toMatchObject({ course: { version: 2 } });
    const audited = await db.query(`SELECT action FROM audit_log WHERE target_type = 'studio_draft' AND target_id = $1 ORDER BY id`, [id]);
    expect(audited.map((row: { action: string }) => row.action)).toEqual([
      'studio.draft.import',
      'studio.draft.submit',
      'studio.draft.return',
      'studio.draft.submit',
      'studio.draft.publish',
      'studio.draft.submit',
      'studio.draft.publish',
    ]);
    const v1 = filesOfZip(await exportZip(trainer, slug, 1));
    expect(Buffer.from(v1.get('course.yaml')!).toString('utf8')).toContain('title: Dasar-Dasar Tagana Kota Bandung');

    // The foreign-region admin cannot export the region's course either.
    expect((await t.http.get(`/api/studio/courses/${slug}/export`).set(foreignAdmin.headers).expect(404)).body.code).toBe('STUDIO_COURSE_NOT_FOUND');
  });

  it('a regional draft cannot publish over a national course', async () => {
    const files = readPackageFolder(path.join(coursesDir, 'tksk-dasar'));
    const draft = (await importZip(trainer, zipOf(files, 'tksk-dasar')).expect(201)).body;
    const before = await counts();
    const refused = await t.http.post(`/api/studio/drafts/${draft.id}/submit`).set(trainer.headers).expect(409);
    expect(refused.body.code).toBe('STUDIO_COURSE_NOT_OURS');
    expect(await counts()).toEqual(before);
  });

  it('refuses bad saves with codes and changes nothing', async () => {
    const draft = (await importZip(trainer, zipOf(renamedCourse('slrt-puskesos-dasar', 'slrt-kota-bandung'), null)).expect(201)).body;
    const before = await counts();
    expect((await t.http.put(`/api/studio/drafts/${draft.id}/files/lessons/..%2F..%2Fx.md`).set(trainer.headers).send({ content: 'x', baseVersion: 1 })).status).toBeGreaterThanOrEqual(400);
    expect((await t.http.put(`/api/studio/drafts/${draft.id}/files/catatan.docx`).set(trainer.headers).send({ content: 'x', baseVersion: 1 }).expect(400)).body.code).toBe('STUDIO_BAD_PATH');
    expect((await t.http.put(`/api/studio/drafts/${draft.id}/files/media/a.png`).set(trainer.headers).send({ content: '@@@', baseVersion: 1, encoding: 'base64' }).expect(400)).body.code).toBe('STUDIO_BAD_CONTENT');
    expect((await t.http.put(`/api/studio/drafts/${draft.id}/files/course.yaml`).set(localAdmin.headers).send({ content: 'x', baseVersion: 1 }).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await t.http.put(`/api/studio/drafts/${draft.id}/files/course.yaml`).set(trainer.headers).send({ content: 'x' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect(await counts()).toEqual(before);
    expect((await t.http.get(`/api/studio/drafts/${draft.id}`).set(trainer.headers)).body.version).toBe(1);
  });

  describe('editing in the studio (forms, lessons, images, preview, changes)', () => {
    const question = (id: string, extra: Record<string, unknown> = {}) => ({
      bank: 'questions/posttest.yaml',
      id,
      module: 'modul-1',
      kind: 'knowledge',
      type: 'single',
      prompt: `Pertanyaan ${id}: langkah mana yang benar?`,
      options: ['Langkah pertama', 'Langkah kedua', 'Langkah ketiga'],
      answer: [1],
      explanation: 'Langkah kedua benar karena sesuai pedoman.',
      ...extra,
    });

    it('a new course from the template: two lessons, an image, six questions → no problems → submitted', async () => {
      const created = await t.http.post('/api/studio/drafts').set(trainer.headers).send({ slug: 'siaga-banjir-bandung', title: 'Siaga Banjir Kota Bandung' }).expect(201);
      expect(created.body).toMatchObject({ slug: 'siaga-banjir-bandung', status: 'DRAFT', version: 1, regionCode: '32.72' });
      expect(created.body.problems.length).toBeGreaterThan(0);
      const id = created.body.id as string;
      let version = created.body.version as number;

      const lesson = await t.http.post(`/api/studio/drafts/${id}/lessons`).set(trainer.headers).send({ title: 'Jalur Evakuasi', baseVersion: version }).expect(201);
      expect(lesson.body.path).toBe('lessons/02-jalur-evakuasi.md');
      version = lesson.body.version;

      const png = await sharp({ create: { width: 2400, height: 1600, channels: 3, background: { r: 30, g: 120, b: 200 } } }).png().toBuffer();
      const image = await t.http.post(`/api/studio/drafts/${id}/images?baseVersion=${version}`).set(trainer.headers).attach('file', png, 'Peta Evakuasi.PNG').expect(201);
      expect(image.body).toMatchObject({ path: 'media/peta-evakuasi.webp', markdown: '![Tulis penjelasan gambar](../media/peta-evakuasi.webp)' });
      version = image.body.version;
      const stored = await t.http.get(`/api/studio/drafts/${id}/media/peta-evakuasi.webp`).set(trainer.headers).buffer(true).parse(binaryParser).expect(200);
      expect(stored.headers['content-type']).toBe('image/webp');
      const meta = await sharp(stored.body as Buffer).metadata();
      expect([meta.format, meta.width, (stored.body as Buffer).length <= 200 * 1024]).toEqual(['webp', 1280, true]);
      const refused = await t.http.post(`/api/studio/drafts/${id}/images?baseVersion=${version}`).set(trainer.headers).attach('file', Buffer.from('<svg onload="x()"/>'), 'x.png').expect(415);
      expect(refused.body.code).toBe('STUDIO_IMAGE_REFUSED');

      const text = (await t.http.get(`/api/studio/drafts/${id}/files/lessons/02-jalur-evakuasi.md`).set(trainer.headers).expect(200)).body.content as string;
      // The web's typed client encodes the path parameter as one segment: the API reads it alike.
      expect((await t.http.get(`/api/studio/drafts/${id}/files/lessons%2F02-jalur-evakuasi.md`).set(trainer.headers).expect(200)).body.content).toBe(text);
      const withImage = text.replace('Tulis isi pelajaran di sini dengan Markdown.', 'Ikuti **jalur** ini.\n\n![Peta jalur evakuasi](../media/peta-evakuasi.webp)\n\n<script>alert(1)</script>');
      const preview = await t.http.post(`/api/studio/drafts/${id}/preview`).set(trainer.headers).send({ markdown: withImage }).expect(200);
      expect(preview.body.html).toContain(`<img src="/api/studio/drafts/${id}/media/peta-evakuasi.webp" alt="Peta jalur evakuasi"`);
      expect(preview.body.html).toContain('<strong>jalur</strong>');
      expect(preview.body.html).not.toContain('<script');
      expect(preview.body).toMatchObject({ readingMinutes: 1, bytes: expect.any(Number) });
      expect(preview.body.bytes).toBeGreaterThan((stored.body as Buffer).length);
      version = (await t.http.put(`/api/studio/drafts/${id}/files/lessons/02-jalur-evakuasi.md`).set(trainer.headers).send({ content: withImage.replace('\n\n<script>alert(1)</script>', ''), baseVersion: version }).expect(200)).body.version;

      version = (await t.http.post(`/api/studio/drafts/${id}/questions`).set(trainer.headers).send({ ...question('banjir-pre-01', { bank: 'questions/pretest.yaml', type: 'true_false', options: [], answer: [0] }), baseVersion: version }).expect(200)).body.version;
      for (const n of [1, 2, 3, 4, 5]) {
        const saved = await t.http.post(`/api/studio/drafts/${id}/questions`).set(trainer.headers).send({ ...question(`banjir-post-0${n}`), baseVersion: version }).expect(200);
        version = saved.body.version;
      }
      const outline = (await t.http.get(`/api/studio/drafts/${id}/outline`).set(trainer.headers).expect(200)).body;
      expect(outline.lessons.map((l: { path: string; title: string }) => [l.path, l.title])).toEqual([
        ['lessons/01-pengantar.md', 'Pengantar'],
        ['lessons/02-jalur-evakuasi.md', 'Jalur Evakuasi'],
      ]);
      const post = outline.banks.find((bank: { role: string }) => bank.role === 'posttest');
      expect(post.questions).toHaveLength(5);
      expect(outline.banks.find((bank: { role: string }) => bank.role === 'pretest').questions[0]).toMatchObject({ type: 'true_false', answer: [0] });

      const detail = (await t.http.get(`/api/studio/drafts/${id}`).set(trainer.headers).expect(200)).body;
      expect(detail.problems).toEqual([]);
      const changes = (await t.http.get(`/api/studio/drafts/${id}/changes`).set(trainer.headers).expect(200)).body;
      expect(changes.baseVersion).toBeNull();
      expect(changes.questions).toHaveLength(6);
      expect(changes.files.every((file: { status: string }) => file.status === 'added')).toBe(true);
      await t.http.post(`/api/studio/drafts/${id}/submit`).set(trainer.headers).expect(200);
      // A stale question form is refused like any stale save.
      const stale = await t.http.post(`/api/studio/drafts/${id}/questions`).set(trainer.headers).send({ ...question('banjir-post-09'), baseVersion: 1 }).expect(409);
      expect(stale.body.code).toBe('STUDIO_DRAFT_LOCKED');
      const approved = await t.http.post(`/api/studio/drafts/${id}/review`).set(localAdmin.headers).send({ decision: 'approve' }).expect(200);
      expect(approved.body).toMatchObject({ status: 'PUBLISHED', publishedVersion: 1 });

      // After publishing, a change is compared with the published version: one lesson's text, one question.
      const current = (await t.http.get(`/api/studio/drafts/${id}/files/lessons/01-pengantar.md`).set(trainer.headers).expect(200)).body;
      const edited = await t.http.put(`/api/studio/drafts/${id}/files/lessons/01-pengantar.md`).set(trainer.headers).send({ content: current.content.replace('Tulis isi', 'Baca isi'), baseVersion: current.version }).expect(200);
      await t.http.post(`/api/studio/drafts/${id}/questions`).set(trainer.headers).send({ ...question('banjir-post-02', { prompt: 'Pertanyaan yang diperbaiki?' }), baseVersion: edited.body.version }).expect(200);
      const second = (await t.http.get(`/api/studio/drafts/${id}/changes`).set(localAdmin.headers).expect(200)).body;
      expect(second.baseVersion).toBe(1);
      expect(second.files.map((file: { path: string; status: string }) => [file.path, file.status])).toEqual([
        ['lessons/01-pengantar.md', 'changed'],
        ['questions/posttest.yaml', 'changed'],
      ]);
      expect(second.files[0].before).toContain('Tulis isi');
      expect(second.files[0].after).toContain('Baca isi');
      expect(second.questions).toEqual([{ id: 'banjir-post-02', bank: 'questions/posttest.yaml', status: 'changed', prompt: 'Pertanyaan yang diperbaiki?' }]);
      expect((await t.http.get(`/api/studio/drafts/${id}/changes`).set(foreignAdmin.headers).expect(404)).body.code).toBe('STUDIO_DRAFT_NOT_FOUND');
      // Item analysis of the published course: no graded attempts yet; a foreign region's admin sees nothing.
      expect((await t.http.get('/api/studio/courses/siaga-banjir-bandung/item-analysis').set(trainer.headers).expect(200)).body).toMatchObject({ slug: 'siaga-banjir-bandung', version: 1, attempts: 0, minAnswers: 30, items: [] });
      expect((await t.http.get('/api/studio/courses/siaga-banjir-bandung/item-analysis').set(foreignAdmin.headers).expect(404)).body.code).toBe('STUDIO_COURSE_NOT_FOUND');
    });

    it('a YAML comment in a question bank survives an edit through the question form', async () => {
      const draft = (await importZip(trainer, zipOf(renamedCourse('tagana-dasar', 'tagana-kota-cimahi'), null)).expect(201)).body;
      const before = (await t.http.get(`/api/studio/drafts/${draft.id}/files/questions/posttest.yaml`).set(trainer.headers).expect(200)).body.content as string;
      const commentLines = before.split('\n').filter((line) => line.trim().startsWith('#'));
      expect(commentLines.length).toBeGreaterThan(0);
      const outline = (await t.http.get(`/api/studio/drafts/${draft.id}/outline`).set(trainer.headers).expect(200)).body;
      const target = outline.banks.find((bank: { path: string }) => bank.path === 'questions/posttest.yaml').questions[0];
      const saved = await t.http
        .post(`/api/studio/drafts/${draft.id}/questions`)
        .set(trainer.headers)
        .send({ ...target, bank: 'questions/posttest.yaml', originalId: target.id, explanation: 'Pembahasan baru dari formulir.', baseVersion: draft.version })
        .expect(200);
      expect(saved.body.problems).toEqual([]);
      const after = (await t.http.get(`/api/studio/drafts/${draft.id}/files/questions/posttest.yaml`).set(trainer.headers).expect(200)).body.content as string;
      for (const line of commentLines) expect(after).toContain(line);
      expect(after).toContain('Pembahasan baru dari formulir.');
      // Only the edited question was written anew: every other line (other questions, comments) is byte for byte as written.
      const gone = before.split('\n').filter((line) => !after.split('\n').includes(line));
      expect(gone.length).toBeGreaterThan(0);
      const targetText = [target.prompt, target.explanation, ...target.options].join(' ').replace(/\s+/g, ' ');
      for (const line of gone) expect(targetText).toContain(line.trim().replace(/^(prompt|explanation): /, ''));
    });
  });

  it('the demo seeder gives the demo trainer one draft waiting for the demo Dinsos admin, once', async () => {
    await seedDemoAccounts(db);
    const users = t.app.get(UsersService);
    const studio = t.app.get(StudioService);
    expect(await seedStudioDemo(users, studio)).toBe(true);
    expect(await seedStudioDemo(users, studio)).toBe(false);
    const login = await t.http.post('/api/auth/login').send({ phone: '+6281100000002', password: 'demo-dinsos-2026' }).expect(200);
    const demoAdmin = bearer(login.body.token);
    const waiting = (await t.http.get('/api/studio/drafts').set(demoAdmin).expect(200)).body.items.filter((d: { slug: string }) => d.slug === DEMO_DRAFT_SLUG);
    expect(waiting).toEqual([expect.objectContaining({ status: 'SUBMITTED', regionCode: '32.72', problemCount: 0, changeNote: expect.stringContaining('musim hujan') })]);
    const foreign = (await t.http.get('/api/studio/drafts').set(foreignAdmin.headers).expect(200)).body.items;
    expect(foreign.some((d: { slug: string }) => d.slug === DEMO_DRAFT_SLUG)).toBe(false);
  });
});

import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from '../test-app';

const PILLARS = ['TKSK', 'TAGANA', 'PSM', 'KARANG_TARUNA', 'PENDAMPING_PKH', 'SLRT'];
const OWN_COURSE: Record<string, string> = {
  TKSK: 'tksk-dasar',
  TAGANA: 'tagana-dasar',
  PSM: 'psm-dasar',
  KARANG_TARUNA: 'karang-taruna-dasar',
  PENDAMPING_PKH: 'pendamping-pkh-dasar',
  SLRT: 'slrt-puskesos-dasar',
};

interface Outline {
  slug: string;
  version: number;
  versionId: string;
  lessonCount: number;
  modules: Array<{ title: string; minutes: number; lessons: Array<{ id: string; slug: string; title: string; minutes: number }> }>;
}

describe('courses API', () => {
  let t: TestApp;
  let dataSource: DataSource;
  beforeAll(async () => {
    t = await createTestApp();
    dataSource = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const outline = async (slug: string): Promise<Outline> => (await t.http.get(`/api/courses/${slug}`).expect(200)).body as Outline;

  describe('catalogue', () => {
    it('lists the seven published courses, the one for every pillar first', async () => {
      const res = await t.http.get('/api/courses').expect(200);
      expect(res.body).toMatchObject({ total: 7, page: 1, pageSize: 100 });
      expect(res.body.items[0]).toMatchObject({ slug: 'inti-pilar-sosial', pillars: ['SEMUA'], version: 1 });
      for (const item of res.body.items) {
        expect(item).toEqual({
          slug: expect.any(String),
          title: expect.any(String),
          summary: expect.any(String),
          pillars: expect.any(Array),
          hours: expect.any(Number),
          moduleCount: expect.any(Number),
          lessonCount: expect.any(Number),
          totalMinutes: expect.any(Number),
          version: 1,
          versionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          publishedAt: expect.any(String),
        });
        expect(item.moduleCount).toBeGreaterThanOrEqual(3);
        expect(item.lessonCount).toBeGreaterThanOrEqual(8);
      }
    });

    it.each(PILLARS)('filters by pillar %s: its own course and the one for every pillar', async (pillar) => {
      const res = await t.http.get(`/api/courses?pillar=${pillar}`).expect(200);
      expect(res.body.items.map((item: { slug: string }) => item.slug).sort()).toEqual(['inti-pilar-sosial', OWN_COURSE[pillar]].sort());
      expect(res.body.total).toBe(2);
    });

    it('filters SEMUA to the courses meant for every pillar', async () => {
      const res = await t.http.get('/api/courses?pillar=SEMUA').expect(200);
      expect(res.body.items.map((item: { slug: string }) => item.slug)).toEqual(['inti-pilar-sosial']);
    });

    it('searches titles case-insensitively, and treats % and _ as letters', async () => {
      const res = await t.http.get('/api/courses?q=TAGANA').expect(200);
      expect(res.body.items.map((item: { slug: string }) => item.slug)).toEqual(['tagana-dasar']);
      const both = await t.http.get('/api/courses?q=dasar&pillar=PSM').expect(200);
      expect(both.body.items.map((item: { slug: string }) => item.slug)).toEqual(['psm-dasar']);
      expect((await t.http.get('/api/courses?q=%25').expect(200)).body.total).toBe(0);
      expect((await t.http.get('/api/courses?q=_').expect(200)).body.total).toBe(0);
      expect((await t.http.get('/api/courses?q=tidak-ada-kursus-ini').expect(200)).body).toMatchObject({ items: [], total: 0 });
    });

    it('pages', async () => {
      const res = await t.http.get('/api/courses?page=2&pageSize=3').expect(200);
      expect(res.body).toMatchObject({ total: 7, page: 2, pageSize: 3 });
      expect(res.body.items).toHaveLength(3);
    });

    it('refuses unknown query parameters and unknown pillars with 400', async () => {
      expect((await t.http.get('/api/courses?sort=title').expect(400)).body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        code: 'VALIDATION_FAILED',
        message: 'Unknown field "sort": remove it.',
        fields: [{ field: 'sort', code: 'UNKNOWN_FIELD', message: 'Unknown field "sort": remove it.' }],
      });
      expect((await t.http.get('/api/courses?pillar=PEKSOS').expect(400)).body.message).toContain('Pilar tidak dikenal');
      expect((await t.http.get(`/api/courses?q=${'x'.repeat(101)}`).expect(400)).body.message).toContain('paling panjang 100');
    });
  });

  describe('course outline', () => {
    it('gives modules, lessons with ids and minutes, hours, pillars, and quiz rules', async () => {
      const res = await t.http.get('/api/courses/tagana-dasar').expect(200);
      expect(res.headers['content-type']).toContain('application/json');
      const body = res.body;
      expect(body).toMatchObject({
        slug: 'tagana-dasar',
        title: 'Dasar-Dasar Tagana',
        pillars: ['TAGANA'],
        version: 1,
        pretest: { questionCount: 8, timeLimitMinutes: null },
        posttest: { questionCount: 10, passMark: 70, maxAttempts: 3, timeLimitMinutes: null },
        practice: [],
        certificate: { validityMonths: 36 },
      });
      expect(body.hours).toBeGreaterThan(0);
      expect(body.modules.length).toBeGreaterThanOrEqual(3);
      const lessons = body.modules.flatMap((module: Outline['modules'][number]) => module.lessons);
      expect(lessons).toHaveLength(body.lessonCount);
      expect(lessons[0]).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), slug: '01-mengenal-tagana', title: expect.any(String), minutes: expect.any(Number) });
      expect(body.totalMinutes).toBe(lessons.reduce((sum: number, lesson: { minutes: number }) => sum + lesson.minutes, 0));
    });

    it('answers 404 in Indonesian for an unknown or malformed slug', async () => {
      for (const slug of ['tidak-ada', 'Tagana_Dasar', '..%2F..%2Fetc']) {
        const res = await t.http.get(`/api/courses/${slug}`).expect(404);
        expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', code: 'COURSE_NOT_FOUND', message: 'Kursus tidak ditemukan.' });
      }
      expect((await t.http.get('/api/courses/tagana-dasar?version=9').expect(404)).body).toMatchObject({
        code: 'COURSE_VERSION_NOT_FOUND',
        message: 'Kursus tagana-dasar versi 9 tidak ditemukan.',
      });
      await t.http.get('/api/courses/tagana-dasar?version=abc').expect(400);
      await t.http.get('/api/courses/tagana-dasar?foo=1').expect(400);
    });

    it('sends an ETag and answers 304 when the client has it', async () => {
      const first = await t.http.get('/api/courses/psm-dasar').expect(200);
      expect(first.headers.etag).toBeDefined();
      expect(first.headers['cache-control']).toContain('max-age');
      const again = await t.http.get('/api/courses/psm-dasar').set('If-None-Match', first.headers.etag).expect(304);
      expect(again.text ?? '').toBe('');
    });
  });

  describe('lessons', () => {
    it('walks every lesson of a course by next links, in outline order, with sanitized HTML', async () => {
      const course = await outline('inti-pilar-sosial');
      const expected = course.modules.flatMap((module) => module.lessons.map((lesson) => lesson.id));
      const walked: string[] = [];
      let id: string | null = expected[0];
      let previous: string | null = null;
      while (id) {
        const res: Response = await t.http.get(`/api/courses/inti-pilar-sosial/lessons/${id}`).expect(200);
        expect(res.body.previous?.id ?? null).toBe(previous);
        expect(res.body.html).toMatch(/^<(h2|p|h3)/);
        expect(res.body.html).not.toMatch(/<script|<iframe|javascript:/i);
        expect(res.body.course).toEqual({ slug: 'inti-pilar-sosial', title: expect.any(String), version: 1, versionId: course.versionId, lessonCount: expected.length });
        walked.push(id);
        previous = id;
        id = res.body.next?.id ?? null;
      }
      expect(walked).toEqual(expected);
    });

    it('serves a lesson with an ETag and long cache, and 304 on revalidation', async () => {
      const course = await outline('tksk-dasar');
      const lessonId = course.modules[0].lessons[0].id;
      const res = await t.http.get(`/api/courses/tksk-dasar/lessons/${lessonId}`).expect(200);
      expect(res.body).toMatchObject({ id: lessonId, slug: course.modules[0].lessons[0].slug, module: { position: 1, title: course.modules[0].title }, previous: null });
      expect(res.headers['cache-control']).toBe('public, max-age=86400');
      await t.http.get(`/api/courses/tksk-dasar/lessons/${lessonId}`).set('If-None-Match', res.headers.etag).expect(304);
    });

    it('reads a loaded version from memory: no database query per lesson', async () => {
      const course = await outline('psm-dasar');
      const ids = course.modules.flatMap((module) => module.lessons.map((lesson) => lesson.id));
      await t.http.get(`/api/courses/psm-dasar/lessons/${ids[0]}`).expect(200);
      const query = jest.spyOn(dataSource, 'query');
      try {
        for (const id of ids) await t.http.get(`/api/courses/psm-dasar/lessons/${id}`).expect(200);
        expect(query).not.toHaveBeenCalled();
      } finally {
        query.mockRestore();
      }
    });

    it('answers 404 in Indonesian for a malformed id, an unknown id, and a lesson of another course', async () => {
      const other = (await outline('tagana-dasar')).modules[0].lessons[0].id;
      for (const path of [
        '/api/courses/psm-dasar/lessons/bukan-uuid',
        '/api/courses/psm-dasar/lessons/00000000-0000-4000-8000-000000000000',
        `/api/courses/psm-dasar/lessons/${other}`,
        `/api/courses/tidak-ada/lessons/${other}`,
      ]) {
        const res = await t.http.get(path).expect(404);
        expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', code: 'COURSE_LESSON_NOT_FOUND', message: 'Pelajaran tidak ditemukan.' });
      }
    });
  });

  describe('media', () => {
    it('serves the image a lesson links, immutable by hash, with a locked-down CSP; and by file name', async () => {
      const course = await outline('tagana-dasar');
      const lessonId = course.modules.flatMap((module) => module.lessons).find((lesson) => lesson.slug === '02-tahapan-bencana-dan-peran-tagana')!.id;
      const lesson = await t.http.get(`/api/courses/tagana-dasar/lessons/${lessonId}`).expect(200);
      const src = /<img src="([^"]+)"/.exec(lesson.body.html)?.[1];
      expect(src).toMatch(/^\/api\/courses\/tagana-dasar\/media\/[0-9a-f]{64}\.svg$/);
      const image = await t.http.get(src!).buffer(true).expect(200);
      expect(image.headers['content-type']).toBe('image/svg+xml');
      expect(image.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(image.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
      expect(Buffer.from(image.body).toString('utf8')).toContain('<svg');
      await t.http.get(src!).set('If-None-Match', image.headers.etag).expect(304);

      const byName = await t.http.get('/api/courses/tagana-dasar/media/tahapan-bencana.svg').buffer(true).expect(200);
      expect(byName.headers.etag).toBe(image.headers.etag);
      expect(byName.headers['cache-control']).toBe('public, max-age=300');
    });

    it('answers 404 for an image of another course, an unknown one, or a path trick', async () => {
      const course = await outline('tagana-dasar');
      const lessonId = course.modules.flatMap((module) => module.lessons).find((lesson) => lesson.slug === '02-tahapan-bencana-dan-peran-tagana')!.id;
      const src = /<img src="([^"]+)"/.exec((await t.http.get(`/api/courses/tagana-dasar/lessons/${lessonId}`)).body.html)![1];
      const hashName = src.split('/').pop()!;
      for (const path of [
        `/api/courses/psm-dasar/media/${hashName}`,
        '/api/courses/tagana-dasar/media/tidak-ada.svg',
        '/api/courses/tagana-dasar/media/..%2Fcourse.yaml',
        `/api/courses/tagana-dasar/media/${'0'.repeat(64)}.svg`,
      ]) {
        const res = await t.http.get(path).expect(404);
        expect(res.body).toMatchObject({ code: 'COURSE_MEDIA_NOT_FOUND', message: 'Gambar tidak ditemukan.' });
      }
    });
  });

  describe('answer keys', () => {
    it('appear in no response of any learner-facing courses route', async () => {
      const bodies: string[] = [];
      const get = async (path: string) => {
        const res = await t.http.get(path).buffer(true).expect(200);
        bodies.push(Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.text);
        return res;
      };
      await get('/api/courses');
      for (const pillar of [...PILLARS, 'SEMUA']) await get(`/api/courses?pillar=${pillar}`);
      const catalogue = (await t.http.get('/api/courses').expect(200)).body.items as Array<{ slug: string }>;
      let images = 0;
      for (const { slug } of catalogue) {
        const course = (await get(`/api/courses/${slug}`)).body as Outline;
        await get(`/api/courses/${slug}?version=1`);
        for (const lesson of course.modules.flatMap((module) => module.lessons)) {
          const html = (await get(`/api/courses/${slug}/lessons/${lesson.id}`)).body.html as string;
          for (const [, src] of html.matchAll(/<img src="([^"]+)"/g)) {
            await get(src);
            images++;
          }
        }
      }
      expect(images).toBeGreaterThanOrEqual(5);

      const keys = (await dataSource.query(`SELECT key, prompt, explanation, answer FROM questions`)) as Array<{ key: string; prompt: string; explanation: string }>;
      expect(keys.length).toBeGreaterThanOrEqual(7 * 20);
      for (const body of bodies) {
        expect(body).not.toMatch(/"(answer|answers|explanation|correct|key)"\s*:/);
        for (const question of keys) {
          expect(body).not.toContain(question.explanation);
          expect(body).not.toContain(question.prompt);
        }
      }
    });
  });
});

import type { DataSource, EntityManager } from 'typeorm';
import type { CourseSettings } from './course-package';
import type { CoursesRepository, LessonRow, VersionRow } from './courses.repository';
import { CoursesService } from './courses.service';
import type { Question } from './entities/question.entity';

const VERSION_ID = '11111111-1111-4111-8111-111111111111';

const version: VersionRow = {
  slug: 'tksk-dasar',
  course_id: 'c1',
  version_id: VERSION_ID,
  number: 2,
  title: 'TKSK Dasar',
  summary: 'Ringkasan',
  pillars: ['TKSK'],
  hours: '5.00',
  lesson_count: 2,
  total_minutes: 20,
  published_at: null,
  module_count: 1,
  settings: {
    pretest: { bank: 'questions/pretest.yaml', draw: 1, timeLimitMinutes: null },
    posttest: { bank: 'questions/posttest.yaml', draw: 1, timeLimitMinutes: 30, passMark: 70, maxAttempts: 3 },
    practice: [],
    certificate: { validityMonths: 36 },
  } as unknown as CourseSettings,
};

const lesson = (id: string, position: number): LessonRow => ({ id, module_id: 'm1', slug: `0${position}-pelajaran`, position, title: `Pelajaran ${position}`, minutes: 10, html: '<p>isi</p>' });

/** A repository that counts its reads; `failBank` makes the next bank read fail once. */
function fakeRepository() {
  const reads = { version: 0, bank: 0, managers: [] as unknown[] };
  let failBank = false;
  const repository = {
    findVersion: async (manager: unknown) => {
      reads.version += 1;
      reads.managers.push(manager);
      return version;
    },
    modulesOf: async () => [{ id: 'm1', position: 1, title: 'Modul' }],
    lessonsOf: async () => [lesson('l1', 1), lesson('l2', 2)],
    questionsOf: async (manager: unknown) => {
      reads.bank += 1;
      reads.managers.push(manager);
      if (failBank) {
        failBank = false;
        throw new Error('connection lost');
      }
      return [{ id: 'q1', type: 'single', options: ['a', 'b'], answer: 1 } as unknown as Question];
    },
  } as unknown as CoursesRepository;
  return { repository, reads, failNextBank: () => (failBank = true) };
}

describe('CoursesService: what other domains read of a version', () => {
  const pool = { manager: 'pool' } as unknown as DataSource;
  const transaction = 'transaction' as unknown as EntityManager;

  it('reads a version once, on the caller’s connection, and answers its facts from memory after that', async () => {
    const { repository, reads } = fakeRepository();
    const courses = new CoursesService(pool, repository);
    const [first, second] = await Promise.all([courses.version(transaction, VERSION_ID), courses.version(transaction, VERSION_ID)]);
    expect(first).toEqual({
      versionId: VERSION_ID,
      courseId: 'c1',
      slug: 'tksk-dasar',
      number: 2,
      title: 'TKSK Dasar',
      summary: 'Ringkasan',
      hours: 5,
      pillars: ['TKSK'],
      settings: version.settings,
      lessonCount: 2,
      lessonIds: ['l1', 'l2'],
      lessonWords: { l1: 1, l2: 1 },
    });
    expect(second).toBe(first);
    await courses.version(transaction, VERSION_ID);
    expect(reads.version).toBe(1);
    expect(reads.managers).toEqual([transaction]);
  });

  it('keeps a bank once read, but not a failed read', async () => {
    const { repository, reads, failNextBank } = fakeRepository();
    const courses = new CoursesService(pool, repository);
    failNextBank();
    await expect(courses.bank(transaction, VERSION_ID, 'questions/pretest.yaml')).rejects.toThrow('connection lost');
    const bank = await courses.bank(transaction, VERSION_ID, 'questions/pretest.yaml');
    expect([...bank.keys()]).toEqual(['q1']);
    expect(await courses.bank(transaction, VERSION_ID, 'questions/pretest.yaml')).toBe(bank);
    expect(reads.bank).toBe(2);
  });
});

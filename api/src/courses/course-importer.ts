import { DataSource } from 'typeorm';
import { typeormOptions } from '../database/typeorm-options';
import { formatProblem, type PackageFiles } from './course-package';
import { importCheckedCourse, type ImportOutcome } from './course-versions.repository';
import { checkCoursePackage, checkCoursePackages } from './package-checker';
import { readPackages } from './package-files';

export { importCheckedCourse, mediaUrl, type ImportOutcome, type ImportStatus } from './course-versions.repository';

export class PackageRejectedError extends Error {
  constructor(readonly problems: string[]) {
    super(`Paket kursus ditolak (${problems.length} kesalahan):\n${problems.join('\n')}`);
  }
}

/** Checks one package's files and imports it, or throws PackageRejectedError listing every problem. */
export async function importPackageFiles(dataSource: DataSource, files: PackageFiles, folderName?: string): Promise<ImportOutcome> {
  const result = checkCoursePackage({ files, folderName });
  if (!result.course) throw new PackageRejectedError(result.problems.map((problem) => formatProblem(problem)));
  return importCheckedCourse(dataSource, result.course);
}

export interface DirectoryImportReport {
  outcomes: ImportOutcome[];
  /** Every problem of every package, as `file:line: message`. */
  problems: string[];
  /** Packages left out because they have problems. */
  rejected: string[];
}

/**
 * Imports every package under `target` (a package, a `courses/` folder, or `content/`).
 * `allOrNothing`: when any package has a problem, import none (the CLI); otherwise import the good ones and report
 * the others (start-up, where one broken course must not keep the whole catalogue away).
 */
export async function importContentDirectory(
  dataSource: DataSource,
  target: string,
  options: { allOrNothing?: boolean; base?: string } = {},
): Promise<DirectoryImportReport> {
  const results = checkCoursePackages(readPackages(target, options.base));
  const problems = results.flatMap((result) => result.problems.map((problem) => formatProblem(problem, result.label)));
  const rejected = results.filter((result) => !result.course).map((result) => result.label);
  if (options.allOrNothing && problems.length > 0) return { outcomes: [], problems, rejected: results.map((result) => result.label) };
  const outcomes: ImportOutcome[] = [];
  for (const result of results) {
    if (result.course) outcomes.push(await importCheckedCourse(dataSource, result.course));
  }
  return { outcomes, problems, rejected };
}

/** The same, on a database URL: opens a small connection of its own and closes it (start-up, tests, the CLI). */
export async function importContentIntoDatabase(
  databaseUrl: string,
  target: string,
  options: { allOrNothing?: boolean; base?: string } = {},
): Promise<DirectoryImportReport> {
  const dataSource = new DataSource({ ...typeormOptions(databaseUrl, 2), logging: false });
  await dataSource.initialize();
  try {
    return await importContentDirectory(dataSource, target, options);
  } finally {
    await dataSource.destroy();
  }
}

export function describeOutcome(outcome: ImportOutcome): string {
  switch (outcome.status) {
    case 'created':
      return `${outcome.slug}: baru, versi ${outcome.version}`;
    case 'updated':
      return `${outcome.slug}: berubah, versi baru ${outcome.version}`;
    default:
      return `${outcome.slug}: tidak berubah (versi ${outcome.version})`;
  }
}

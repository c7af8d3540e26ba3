import { existsSync } from 'node:fs';
import { describeOutcome, importContentIntoDatabase } from './course-importer';

/**
 * Imports the course packages of CONTENT_DIR before the API serves. A broken package is reported and left out (the
 * others still import): one author's mistake must not take the whole catalogue down. Unchanged packages cost a
 * read and a hash, nothing more.
 */
export async function importContentAtStartup(databaseUrl: string, contentDir: string, log: (message: string) => void): Promise<void> {
  if (!existsSync(contentDir)) {
    log(`content: folder ${contentDir} tidak ada; tidak ada kursus yang diimpor`);
    return;
  }
  const report = await importContentIntoDatabase(databaseUrl, contentDir);
  for (const outcome of report.outcomes) if (outcome.status !== 'unchanged') log(`content: ${describeOutcome(outcome)}`);
  const unchanged = report.outcomes.filter((outcome) => outcome.status === 'unchanged').length;
  if (unchanged > 0) log(`content: ${unchanged} kursus tidak berubah`);
  if (report.problems.length > 0) {
    log(`content: ${report.rejected.length} paket ditolak (periksa dengan npm run content:check):\n${report.problems.join('\n')}`);
  }
}

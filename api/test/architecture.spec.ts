/**
 * The house rules of api/src (issue #15, docs/architecture.md): each domain folder owns the tables of the entities in it;
 * SQL lives in that domain's `*.repository.ts` files; another domain reaches the data only through the owner's service.
 * This test reads the source: it fails on a file that names another domain's table in SQL, imports another domain's
 * repository or entity, or runs SQL outside a repository file, unless ALLOWED lists that place with a reason. An
 * ALLOWED entry that no longer matches anything fails too, so the list only shrinks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(__dirname, '..', 'src');

/**
 * Folders that are plumbing, not domains: they may name any table (migrations, the entity list, the data source, and the
 * synthetic data set that seed:synthetic, the benches and the Kota Sukabumi demo build in bulk; never in production).
 */
const INFRASTRUCTURE = new Set(['database']);

interface Allowance {
  file: string;
  /** `table:<name>`, `import:<path>` or `sql` (SQL outside a repository file). */
  what: string;
  reason: string;
}

/** Deliberate exceptions, each with its reason. Keep it short. */
export const ALLOWED: Allowance[] = [
  // Deliberate exceptions (they stay).
  {
    file: 'auth/sessions.repository.ts',
    what: 'table:users',
    reason: 'the per-request session lookup joins the account in one indexed statement: token and account status decided in one round trip on every authenticated request',
  },
  { file: 'common/sql.ts', what: 'sql', reason: 'rowsOf(), the helper every repository runs its statements through' },

  // reports: the backfill/refresh and the nightly reconciliation recompute a region from the base tables in bulk, one
  // statement each (a million workers; never on the request path). Everything else goes through the owners' services.
  { file: 'reports/base-tables.repository.ts', what: 'table:users', reason: 'bulk recomputation of the rollups from the base tables' },
  { file: 'reports/base-tables.repository.ts', what: 'table:enrollments', reason: 'bulk recomputation of the rollups from the base tables' },
  { file: 'reports/base-tables.repository.ts', what: 'table:certificates', reason: 'bulk recomputation of the rollups from the base tables' },
  { file: 'reports/base-tables.repository.ts', what: 'table:course_versions', reason: 'bulk recomputation of the rollups from the base tables' },
];

interface Finding {
  file: string;
  what: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** `auth/auth.service.ts` → `auth`; a file directly in src (app.module.ts) has no domain. */
function domainOf(relative: string): string | null {
  const parts = relative.split('/');
  return parts.length > 1 ? parts[0] : null;
}

/** Table → owning domain, from the `@Entity('name')` decorators and where their files live. */
export function tableOwners(files: { relative: string; text: string }[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const { relative, text } of files) {
    const domain = domainOf(relative);
    if (!domain) continue;
    for (const match of text.matchAll(/@Entity\(\s*'([a-z_]+)'/g)) owners.set(match[1], domain);
  }
  return owners;
}

const SQL_TABLE = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE|EXISTS)\s+(?:ONLY\s+)?"?([a-z_][a-z0-9_]*)"?/gi;
const RUNS_SQL = /\.(query|createQueryBuilder)\s*\(/;

/** The string and template literals of a source file, where SQL lives. */
function literals(text: string): string[] {
  return [...text.matchAll(/`(?:\\[\s\S]|[^`\\])*`|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"/g)].map((match) => match[0]);
}

export function findViolations(files: { relative: string; text: string }[]): Finding[] {
  const owners = tableOwners(files);
  const findings: Finding[] = [];
  for (const { relative, text } of files) {
    const domain = domainOf(relative);
    if (domain && INFRASTRUCTURE.has(domain)) continue;
    const tables = new Set<string>();
    for (const literal of literals(text)) {
      for (const match of literal.matchAll(SQL_TABLE)) {
        const owner = owners.get(match[1]);
        if (owner && owner !== domain) tables.add(match[1]);
      }
    }
    for (const table of tables) findings.push({ file: relative, what: `table:${table}` });
    // An entity may import another domain's entity: that is how TypeORM declares a foreign key.
    const imports = relative.endsWith('.entity.ts') ? /from '(\.\.\/[^']+\.repository)'/g : /from '(\.\.\/[^']+\.(?:repository|entity))'/g;
    for (const match of text.matchAll(imports)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(relative), match[1]));
      if (domainOf(target) !== domain) findings.push({ file: relative, what: `import:${target}` });
    }
    if (RUNS_SQL.test(text) && !relative.endsWith('.repository.ts')) findings.push({ file: relative, what: 'sql' });
  }
  return findings;
}

function readSources(): { relative: string; text: string }[] {
  return sourceFiles(SRC).map((file) => ({ relative: path.relative(SRC, file).split(path.sep).join('/'), text: readFileSync(file, 'utf8') }));
}

const key = (entry: { file: string; what: string }) => `${entry.file} ${entry.what}`;

describe('architecture: one owner per table', () => {
  const findings = findViolations(readSources());

  it('no file reaches another domain’s tables, repositories or entities, and SQL lives in repository files', () => {
    const allowed = new Set(ALLOWED.map(key));
    expect(findings.filter((finding) => !allowed.has(key(finding))).map(key)).toEqual([]);
  });

  it('every allowance still matches something (the list only shrinks)', () => {
    const found = new Set(findings.map(key));
    expect(ALLOWED.filter((entry) => !found.has(key(entry))).map(key)).toEqual([]);
  });

  it('docs/architecture.md lists every table with its owner', () => {
    const owners = tableOwners(readSources());
    const doc = readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'architecture.md'), 'utf8');
    const listed = [...doc.matchAll(/^\| `([a-z_]+)` \| `([a-z]+)` \|/gm)].map((match) => `${match[1]} ${match[2]}`).sort();
    expect(listed).toEqual([...owners].map(([table, domain]) => `${table} ${domain}`).sort());
  });

  it('catches a planted cross-domain query, a foreign repository import and SQL in a service', () => {
    const planted = [
      { relative: 'users/user.entity.ts', text: "@Entity('users') export class User {}" },
      { relative: 'learning/learning.entity.ts', text: "@Entity('enrollments') export class Enrollment {}" },
      {
        relative: 'learning/enrollments.service.ts',
        text: "import { UsersRepository } from '../users/users.repository';\nthis.db.query(`SELECT name FROM users WHERE id = $1`);",
      },
      { relative: 'learning/enrollments.repository.ts', text: "this.db.query('SELECT 1 FROM enrollments e JOIN users u ON u.id = e.user_id');" },
    ];
    expect(findViolations(planted).map(key).sort()).toEqual([
      'learning/enrollments.repository.ts table:users',
      'learning/enrollments.service.ts import:users/users.repository',
      'learning/enrollments.service.ts sql',
      'learning/enrollments.service.ts table:users',
    ]);
  });
});

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { NamedCheckInput } from './package-checker';

/** Files deeper than this are not part of any package layout; it also bounds a scan of a wrong folder. */
const MAX_DEPTH = 3;

/** A package folder as the checker's input: every file except hidden ones (`.DS_Store`, `.git`), by relative path. */
export function readPackageFolder(folder: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const walk = (dir: string, prefix: string, depth: number) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      const relative = prefix + entry.name;
      if (entry.isDirectory()) {
        if (depth < MAX_DEPTH) walk(full, `${relative}/`, depth + 1);
        else files.set(`${relative}/`, new Uint8Array());
      } else if (entry.isFile()) {
        files.set(relative, readFileSync(full));
      }
    }
  };
  walk(folder, '', 1);
  return files;
}

/**
 * The package folders a path names: the folder itself when it holds a course.yaml; else every sub-folder of its
 * `courses/` folder (for `content/`), or of the folder itself (for `content/courses/`). A sub-folder without a
 * course.yaml is still returned, so that the checker says what is missing.
 */
export function findPackageFolders(target: string): string[] {
  const resolved = path.resolve(target);
  if (!existsSync(resolved) || !statSync(resolved).isDirectory()) {
    throw new Error(`Folder ${target} tidak ditemukan.`);
  }
  if (existsSync(path.join(resolved, 'course.yaml'))) return [resolved];
  const courses = path.join(resolved, 'courses');
  const parent = existsSync(courses) && statSync(courses).isDirectory() ? courses : resolved;
  return readdirSync(parent, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => path.join(parent, entry.name))
    .sort();
}

/** Every package under `target`, read and labelled with its path relative to `base` (for `file:line` output). */
export function readPackages(target: string, base = process.cwd()): NamedCheckInput[] {
  return findPackageFolders(target).map((folder) => {
    const label = path.relative(base, folder) || '.';
    return { label: `${label.split(path.sep).join('/')}/`, folderName: path.basename(folder), files: readPackageFolder(folder) };
  });
}

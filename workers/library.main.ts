/**
 * @module The public API's two entries, `wbemrx` (`src/index.ts`) and `wbemrx/core`
 * (`src/core.ts`), as one module: the build bundles it as one CommonJS file,
 * `bundled/library/library.cjs`, so that each class exists once whichever entry an application
 * imports it from, and `library.ts` runs that file with V8's code cache.
 */
import type * as Core from '../src/core.js';

export * as index from '../src/index.js';

/**
 * `wbemrx/core`, set up when first asked for: it holds the durable store and the MOF parse pool,
 * whose packages (lmdb, piscina) an application of `wbemrx` alone does not load at import.
 *
 * A `require`, not an `import()`, so that the setup is synchronous: the bundler turns it into a
 * call of the bundled module's initialiser, and `core.js` then needs no top-level `await`, which
 * would keep an application from `require('wbemrx/core')` (Node 20.19 requires an ES module only
 * when it has none). This file runs only as that bundle, never as a module of its own.
 */
export const core = (): typeof Core => require('../src/core.js') as typeof Core;

/**
 * @module The command line as the build bundles it (`workers/bundle.mjs`) into
 * `bundled/wbemrx-cli.cjs`, which the `wbemrx` bin (`bin.ts`) runs: one file instead of the two
 * hundred modules the public API is made of. The bundle is CommonJS so that V8 can cache its
 * compiled code, which is why nothing it imports may use top-level `await`.
 */
import { main } from './main.js';

void main();

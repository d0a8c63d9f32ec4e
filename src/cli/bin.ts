#!/usr/bin/env node
/**
 * @module The `wbemrx` bin, as the build writes it to `bundled/wbemrx.js` (the file `package.json`
 * names): runs the command line's bundle, `bundled/wbemrx-cli.cjs` (`wbemrx.ts` and all it
 * imports, in one CommonJS file), with V8's code cache (`code-cache.ts`).
 */
import { fileURLToPath } from 'node:url';
import { runWithCodeCache } from './code-cache.js';

runWithCodeCache(
  fileURLToPath(new URL('./wbemrx-cli.cjs', import.meta.url)),
  process.argv.slice(2),
);

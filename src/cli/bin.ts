#!/usr/bin/env node
/**
 * @module The `wbemrx` bin, as the build writes it to `bundled/wbemrx.js` (the file `package.json`
 * names): runs the command line's bundle, `bundled/wbemrx-cli.cjs` (`wbemrx.ts` and all it
 * imports, in one CommonJS file), with V8's code cache (`code-cache.ts`). The build replaces
 * `WBEMRX_CLI_BUNDLE_HASH` with that bundle's content hash (`workers/bundle.mjs`).
 */
import { fileURLToPath } from 'node:url';
import { runWithCodeCache } from './code-cache.js';

declare const WBEMRX_CLI_BUNDLE_HASH: string;

runWithCodeCache(
  fileURLToPath(new URL('./wbemrx-cli.cjs', import.meta.url)),
  WBEMRX_CLI_BUNDLE_HASH,
  process.argv.slice(2),
);

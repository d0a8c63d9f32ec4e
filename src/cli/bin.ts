#!/usr/bin/env node
/**
 * @module The `wbemrx` bin, as the build writes it to `bundled/wbemrx.js` (the file `package.json`
 * names): sets V8's tier-up for a command's short life, then runs the command line's bundle,
 * `bundled/wbemrx-cli.cjs` (`wbemrx.ts` and all it imports, in one CommonJS file), with V8's code
 * cache (`code-cache.ts`).
 */
import { fileURLToPath } from 'node:url';
import { debuglog } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { provideModuleImport } from '../runtime/module-import.js';
import { runWithCodeCache } from './code-cache.js';

/**
 * V8's interrupt budget for this process: how much bytecode a function runs before V8 considers
 * optimising it (V8's default is 67,584). A command runs most of its code once (the MOF compiler,
 * each put's checks), and with the default V8's optimising compiler spends more CPU on that code
 * than the command does, on threads that share the machine's cores with the command. Later
 * tier-up cut `mofcomp`'s CPU by about a fifth without slowing its main thread
 * (bench/RESULTS.md, "Tier-up for a command's short life"). Every command gets the same value,
 * so that one code cache serves them all (V8 refuses a cache made under other flags); a value
 * the user gave on node's command line wins.
 */
const INTERRUPT_BUDGET = 250_000;

const given = process.execArgv.find((arg) => arg.startsWith('--interrupt-budget'));
if (given === undefined) setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
debuglog('wbemrx')('V8 %s', given ?? `--interrupt-budget=${INTERRUPT_BUDGET}`);

// Code restored from the cache cannot `import()` (Node 20): a module named at run time is
// imported here.
provideModuleImport((specifier) => import(specifier));
runWithCodeCache(
  fileURLToPath(new URL('./wbemrx-cli.cjs', import.meta.url)),
  process.argv.slice(2),
);

/**
 * @module How `npm test` spreads the test files over processes. `node --test` starts one process
 * per file it is given, and each pays Node's start and the import of the engine (0.2-0.5 s of CPU):
 * over 146 files that was about a fifth of the suite's CPU time. So the files of a folder run together in one
 * process, through that folder's entry `test/groups/<folder>.test.ts`, except the few named in
 * `OWN_PROCESS` below, which keep a process of their own. A file added to a folder joins its
 * group without any list being edited; a new folder is added to `GROUPED_FOLDERS` (until then
 * its files run one process each, so nothing is ever left out).
 *
 * The entries and the file list (`suite-files.ts`) both read this plan, so a file runs once: in
 * its group, or on its own. Paths are relative to the compiled `build/test/` and use `/`.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The compiled `build/test/` directory this module sits under. */
export const TEST_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Folders of `test/` whose files run grouped, one process per folder. */
export const GROUPED_FOLDERS: readonly string[] = [
  'api',
  'cli',
  'durability',
  'load-bench',
  'model',
  'mof',
  'providers',
  'runtime',
  'schema',
  'security',
  'server',
  'sink',
  'store',
  'wbem',
  'wql',
];

/**
 * Files of grouped folders that keep a process of their own: the long ones that spend their time
 * in child processes they start (the benchmark's scenarios, SIGKILLed loads, damaged stores
 * opened by a child, spawned `wbemrx` and `wbemcli`), so that they overlap with the groups
 * instead of lengthening one group. Then the files that time their own process.
 */
export const OWN_PROCESS: readonly string[] = [
  'load-bench/load-benchmark.test.js',
  'durability/atomic-load.test.js',
  'durability/engine-crash.test.js',
  'store/store-fuzz.test.js',
  'server/serve-cli.test.js',
  'cli/bin.test.js',
  'server/wbemcli.test.js',
  'store/durable-crash.test.js',
  // They bound this thread's event-loop delay: in a group, the heap earlier files leave would
  // add its collection pauses to what they measure.
  'server/load.test.js',
  'api/exec-query.test.js',
];

/**
 * Wall seconds of each entry run alone on a quiet 2-core machine (2026-12-06), which sets the
 * order `node --test` starts them in: longest first, so that no long entry starts last and runs
 * alone at the end while the other lanes are idle. Only the order matters, so the figures need
 * refreshing only when an entry's rank changes a lot; an entry not listed (a new folder's
 * files) counts as one second.
 */
export const ENTRY_SECONDS: Readonly<Record<string, number>> = {
  'groups/server.test.js': 14.5,
  'groups/api.test.js': 13,
  'groups/cli.test.js': 12,
  'groups/providers.test.js': 11,
  'groups/runtime.test.js': 7,
  'load-bench/load-benchmark.test.js': 6.3,
  'groups/security.test.js': 6.1,
  'groups/mof.test.js': 6,
  'durability/atomic-load.test.js': 4.6,
  'groups/store.test.js': 4.5,
  'store/store-fuzz.test.js': 3.6,
  'server/wbemcli.test.js': 3,
  'durability/engine-crash.test.js': 2.9,
  'server/serve-cli.test.js': 2.4,
  'store/durable-crash.test.js': 2.2,
  'groups/schema.test.js': 2.1,
  'cli/bin.test.js': 1.9,
  'groups/durability.test.js': 1.9,
  'groups/wql.test.js': 1.8,
  'server/load.test.js': 1.5,
  'groups/model.test.js': 1.5,
  'api/exec-query.test.js': 1.4,
  'groups/sink.test.js': 1.3,
  'groups/load-bench.test.js': 0.7,
  'groups/wbem.test.js': 0.3,
};

/** The `*.test.js` files under `build/test/<folder>/`, sorted, as `<folder>/<path>`. */
export function testFilesOf(folder: string): string[] {
  const names = readdirSync(new URL(`../${folder}/`, import.meta.url), { recursive: true });
  return names
    .map((name) => String(name).split('\\').join('/'))
    .filter((name) => name.endsWith('.test.js'))
    .map((name) => `${folder}/${name}`)
    .sort();
}

/** The files the entry of `folder` runs: all of the folder's test files but `OWN_PROCESS`. */
export function groupMembers(folder: string): string[] {
  if (!GROUPED_FOLDERS.includes(folder)) throw new Error(`${folder} is not a grouped folder`);
  return testFilesOf(folder).filter((file) => !OWN_PROCESS.includes(file));
}

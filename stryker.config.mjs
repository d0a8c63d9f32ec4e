/**
 * @module Mutation testing of the pure core (`src/schema`, `src/model`, `src/mof`), of WQL
 * (`src/wql`), of the stores (`src/store`), of the access checks (`src/security`), of event
 * delivery (`src/sink`), of the wire between threads (`src/runtime`) and of the CIM-XML server
 * (`src/server`) with StrykerJS.
 *
 * Stryker mutates the TypeScript sources in a sandbox, compiles the sandbox once with our own
 * `tsc` into `build/` (mutant schemata: every mutant is in the build, switched on by an
 * environment variable), then runs each compiled `node:test` file directly with `node`, which
 * prints TAP. Coverage is per test file, so a mutant only runs the files that reach it.
 *
 * One folder at a time: the test files are the folder's own (see `TEST_FOLDERS`), chosen from the
 * `--mutate` pattern, e.g. `npm run mutation -- --mutate 'src/mof/**\/*.ts'`. A list of files in
 * one folder narrows a run: `--mutate 'src/schema/classify-change.ts,src/schema/intent.ts'`.
 * `MUTATION_TESTS` (a comma-separated list of compiled test files) overrides the test files.
 */
import { readdirSync } from 'node:fs';

/**
 * The fast subset of the suite for each mutated folder: the compiled test files of these source
 * folders minus the ones excluded below. Tests that start workers or a whole engine are left
 * out (slow; they reach the core through the same functions the pure tests call), and so are
 * the property and fuzz tests: they replay random inputs for seconds per run, and a mutant's
 * fate must not depend on what a random seed reached. So are the MOF tests that compile a whole
 * schema. `src/model` is exercised mostly through
 * the schema rules, so its run includes them.
 */
const TEST_FOLDERS = {
  schema: ['schema'],
  model: ['model', 'schema'],
  mof: ['mof'],
  // The subscription index and event filters are also reached through the notification hub.
  wql: ['wql', 'sink'],
  store: ['store'],
  security: ['security'],
  sink: ['sink'],
  runtime: ['runtime'],
  // The CIM-XML server's tests drive a server over loopback against an in-memory engine.
  server: ['server', 'server/client'],
  // The connection and call forms: their tests call an in-memory engine (1-2 s per file).
  api: ['api'],
};
const EXCLUDED_TESTS = new Set([
  'schema/put-class.property.test.ts',
  'model/engine-context.test.ts',
  'mof/mof-parse-pool.test.ts',
  'mof/schema-load.test.ts',
  'mof/load-mof.test.ts',
  // These start an engine, whose host runs the bundled worker that the sandbox does not build.
  'mof/existing-classes.test.ts',
  'mof/atomic-journal.test.ts',
  'mof/load-mof-errors.test.ts',
  'mof/wmi-amendments.test.ts',
  'mof/fuzz.test.ts',
  'mof/to-mof.property.test.ts',
  // These compile the whole DMTF or WMI schema: seconds per run, for faults the small MOF tests
  // reach first.
  'mof/dmtf-schema.test.ts',
  'mof/wmi-schema.test.ts',
  'mof/to-mof-round-trip.test.ts',
  'wql/wql-evaluation.property.test.ts',
  'wql/wql-syntax.property.test.ts',
  // These run child processes (crash, concurrency) or random inputs (fuzz, lazy equivalence).
  'store/durable-concurrency.test.ts',
  'store/durable-crash.test.ts',
  'store/store-fuzz.test.ts',
  'store/lazy-equivalence.test.ts',
  // These start an engine (the bundled worker, which the sandbox does not build).
  'security/change-rights.test.ts',
  'security/engine-descriptors.test.ts',
  'security/engine-rights.test.ts',
  'security/escalation-matrix.test.ts',
  'security/lockout.test.ts',
  // These start hosts on worker threads or whole engines; bundles reads the bundled files.
  'runtime/back-pressure.test.ts',
  'runtime/bundles.test.ts',
  'runtime/calling-thread-placement.test.ts',
  'runtime/concurrency.test.ts',
  'runtime/deep-enum-stall.test.ts',
  'runtime/failed-commit.test.ts',
  'runtime/group-commit.test.ts',
  'runtime/host-code-cache.test.ts',
  'runtime/host-control.test.ts',
  'runtime/lazy-host-modules.test.ts',
  'runtime/storage.test.ts',
  'runtime/supervision.test.ts',
  // These run child processes (the command line, sblim's wbemcli) or random requests.
  'server/request-fuzz.test.ts',
  'server/serve-cli.test.ts',
  'server/wbemcli.test.ts',
]);

function testFilesOf(folder) {
  return TEST_FOLDERS[folder].flatMap((dir) =>
    readdirSync(`test/${dir}`)
      .filter((f) => f.endsWith('.test.ts') && !EXCLUDED_TESTS.has(`${dir}/${f}`))
      .sort()
      .map((f) => `build/test/${dir}/${f.replace(/\.ts$/, '.js')}`),
  );
}

const DEFAULT_MUTATE = {
  schema: ['src/schema/**/*.ts'],
  model: ['src/model/**/*.ts'],
  mof: ['src/mof/**/*.ts', '!src/mof/loader/**'],
  wql: ['src/wql/**/*.ts'],
  store: ['src/store/**/*.ts'],
  security: ['src/security/**/*.ts'],
  sink: ['src/sink/**/*.ts'],
  // The wire between the threads: what the in-process tests reach.
  runtime: [
    'src/runtime/{wire-codec,wire-bytes,wire-fidelity,put-class-layout}.ts',
    'src/runtime/{read-put-class-batch,write-put-class-batch,reply-batch-wire,event-wire}.ts',
    'src/runtime/{fixed-batch,in-thread-channel,outbox,derivation-streams}.ts',
  ],
  server: ['src/server/**/*.ts'],
  api: ['src/api/**/*.ts'],
};

function mutateArgument() {
  const args = process.argv;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--mutate' || arg === '-m') return args[i + 1] ?? '';
    if (arg.startsWith('--mutate=')) return arg.slice('--mutate='.length);
  }
  return undefined;
}

const requested = mutateArgument();
const folder =
  /src\/(schema|model|mof|wql|store|security|sink|runtime|server|api)\//.exec(
    requested ?? 'src/schema/',
  )?.[1] ?? 'schema';
const testFiles = process.env.MUTATION_TESTS
  ? process.env.MUTATION_TESTS.split(',')
  : testFilesOf(folder);
// One node process per mutant runs all the test files (see the entry's comment); the test
// runner's child processes inherit this variable.
process.env.MUTATION_TEST_FILES = testFiles.join(',');

export default {
  $schema: './node_modules/@stryker-mutator/core/schema/stryker-schema.json',
  packageManager: 'npm',
  plugins: ['@stryker-mutator/tap-runner'],
  testRunner: 'tap',
  // forceBail: a mutant's run stops at the first failing test; most mutants are killed early, so
  // the full run of the test files is paid only by survivors.
  tap: {
    testFiles: ['build/test/schema/helpers/run-test-files.js'],
    nodeArgs: [],
    forceBail: true,
  },
  // The server's and the API's tests start engines, whose host threads run the bundled worker:
  // those folders' sandboxes build the bundles too (they hold no server or API code, so no
  // mutant).
  buildCommand:
    folder === 'server' || folder === 'api' ? 'npm run build:test' : 'tsc -p tsconfig.test.json',
  // Stryker rewrites the named tsconfig through the TypeScript JS API, which TypeScript 7 (the Go
  // port) no longer ships; ours point nowhere outside the sandbox, so no rewrite is needed and
  // the option names a file that does not exist.
  tsconfigFile: 'tsconfig.stryker-no-rewrite.json',
  mutate: DEFAULT_MUTATE[folder],
  ignorePatterns: [
    '/build',
    '/dist',
    '/reports',
    '/.wbemrx',
    '/bench/reports',
    '/build-*',
    '/.stryker-tmp*',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 1,
  timeoutMS: 20000,
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: `reports/mutation/${folder}.html` },
  jsonReporter: { fileName: `reports/mutation/${folder}.json` },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};

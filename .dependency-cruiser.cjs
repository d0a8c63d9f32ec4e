/**
 * The layering of wbemrx as dependency rules, checked by `npm run lint:deps` (and `.ci/run`).
 * One line per boundary:
 *
 *   1. wbem, model, schema, mof (but mof/loader) and wql are pure: no Node built-in, no rxjs,
 *      piscina, comlink, lmdb or msgpackr, no runtime, api, store, sink, providers, security.
 *   2. Down the list only: wbem imports nothing of src; model only wbem; schema only wbem and
 *      model; mof (but mof/loader) only wbem, model and mof.
 *   3. mof/loader (the public MOF loader) is the one part of mof that may use Node built-ins and
 *      piscina; it still reaches the engine only through the interfaces it states.
 *   4. No cycle between the folders directly under src/ (index.ts and core.ts are entries, not a
 *      folder).
 *   5. cli, load-bench and bench use the engine only through its entries: src/index.ts (the
 *      public API) and src/core.ts (`wbemrx/core`). The bench command may also import the
 *      load-bench's entry (run.ts), and the load-bench its own echo worker.
 *   6. workers/ are wiring only: each entry imports one thing to serve, nothing else of src.
 *
 * What is cruised: the JavaScript that `tsc -p tsconfig.test.json` writes into build/.
 * TypeScript 7 (the Go port) has no JavaScript compiler API, which dependency-cruiser needs to
 * read .ts files, so the rules run on the compiled .js. Consequence: `import type` (and type-only
 * specifiers) are erased by the compiler and are NOT seen here; a type-only edge that breaks a
 * rule goes unnoticed. Run `npm run build:test` first.
 *
 * There is no baseline of tolerated violations: any violation fails the check.
 */
const SRC = '^build/src/';
const PURE = `${SRC}(wbem|model|schema|wql)/|${SRC}mof/(?!loader/)`;
const RUNTIME_PACKAGES = 'node_modules/(rxjs|piscina|comlink|lmdb|msgpackr|better-sqlite3)/';
const ENGINE_FOLDERS = `${SRC}(runtime|api|store|sink|providers|security|server|cli|load-bench)/`;
const ENTRIES = `${SRC}(index|core)\\.js$`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'pure-no-node-builtins',
      comment: 'wbem, model, schema, mof (but mof/loader) and wql run anywhere: no Node built-in.',
      severity: 'error',
      from: { path: PURE },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'pure-no-runtime-packages',
      comment: 'Pure layers use no rxjs, threads or storage packages.',
      severity: 'error',
      from: { path: PURE },
      to: { path: RUNTIME_PACKAGES },
    },
    {
      name: 'pure-below-engine',
      comment: 'Pure layers do not reach up into the engine, its entries or mof/loader.',
      severity: 'error',
      from: { path: PURE },
      to: { path: [ENGINE_FOLDERS, ENTRIES, `${SRC}mof/loader/`] },
    },
    {
      name: 'wbem-imports-nothing',
      comment: 'wbem (HRESULTs, flags, WbemError) is the bottom layer.',
      severity: 'error',
      from: { path: `${SRC}wbem/` },
      to: { path: SRC, pathNot: `${SRC}wbem/` },
    },
    {
      name: 'model-imports-wbem-only',
      severity: 'error',
      from: { path: `${SRC}model/` },
      to: { path: SRC, pathNot: `${SRC}(wbem|model)/` },
    },
    {
      name: 'schema-imports-wbem-model-only',
      severity: 'error',
      from: { path: `${SRC}schema/` },
      to: { path: SRC, pathNot: `${SRC}(wbem|model|schema)/` },
    },
    {
      name: 'mof-imports-wbem-model-only',
      comment: 'The parser, lexer and compiler; mof/loader is the exception (rule 3).',
      severity: 'error',
      from: { path: `${SRC}mof/(?!loader/)` },
      to: { path: SRC, pathNot: `${SRC}(wbem|model|mof)/` },
    },
    {
      name: 'mof-loader-no-engine',
      comment: 'The loader talks to the engine through MofLoadEngine/MofLoadServices only.',
      severity: 'error',
      from: { path: `${SRC}mof/loader/` },
      to: { path: [ENGINE_FOLDERS, ENTRIES] },
    },
    {
      name: 'no-folder-cycles',
      comment: 'No cycle between folders (collapsed to src/<folder>).',
      severity: 'error',
      scope: 'folder',
      from: { path: `${SRC}[^/]+/?$` },
      to: { path: `${SRC}[^/]+/?$`, circular: true },
    },
    {
      name: 'cli-public-api-only',
      comment:
        'The wbemrx command uses the engine as any user does (its bin shares only the code cache, and the import its cached code goes through, with the host worker).',
      severity: 'error',
      from: { path: `${SRC}cli/` },
      to: {
        path: SRC,
        pathNot: [
          `${SRC}cli/`,
          ENTRIES,
          `${SRC}load-bench/(run|bench-request)\\.js$`,
          `${SRC}runtime/(code-cache-file|module-import)\\.js$`,
        ],
      },
    },
    {
      name: 'load-bench-public-api-only',
      comment:
        'The load benchmark is a user of the engine: entries and its own files only (and the import that code run from the code cache goes through).',
      severity: 'error',
      from: { path: `${SRC}load-bench/` },
      to: {
        path: SRC,
        pathNot: [`${SRC}load-bench/`, ENTRIES, `${SRC}runtime/module-import\\.js$`],
      },
    },
    {
      name: 'bench-public-api-only',
      comment:
        'The micro-benchmarks import the entries only (wbemrx and wbemrx/core, not cli, not internals), plus test data builders.',
      severity: 'error',
      from: { path: '^build/bench/' },
      to: { path: '^build/(src|test)/', pathNot: [ENTRIES, '^build/test/.*fixtures[^/]*\\.js$'] },
    },
    {
      name: 'workers-wiring-only',
      comment:
        "A worker entry imports the one host it serves (and wire types), or the code cache that runs its bundle and the import that bundle goes through; the library bundle's entry the public entries. Nothing else.",
      severity: 'error',
      from: { path: '^build/workers/' },
      to: {
        path: SRC,
        pathNot: [
          `${SRC}(runtime/(actor-host|protocol|code-cache-file|module-import)|mof/parse-task|providers/provider-child)\\.js$`,
          ENTRIES,
        ],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.d\\.ts$|\\.map$' },
    moduleSystems: ['es6', 'cjs'],
    builtInModules: { add: [] },
  },
};

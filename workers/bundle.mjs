/**
 * @module Build step, run by `npm run build` and `npm run build:test` after `tsc`: bundles the
 * entries of the compiled code into `<out>/bundled/`:
 * - `load-bench-child.js`, the process each load benchmark scenario runs in
 *   (`src/load-bench/scenarios/isolated-child.ts`), with the chunks its lazy imports load;
 * - the public API, into `library/`: `library.cjs`, one CommonJS file with both entries, which
 *   `load.js` runs with V8's code cache, and `index.js` and `core.js` (the files `package.json`
 *   exports), which name each entry's exports from it;
 * - the command line, as one CommonJS file with everything it may load, `wbemrx-cli.cjs`
 *   (`src/cli/wbemrx.ts`), which `wbemrx.js`, the bin (`src/cli/bin.ts`), runs with V8's code
 *   cache, which Node 20 offers only for CommonJS (`src/runtime/code-cache-file.ts`);
 * - the host worker's code the same way: one CommonJS file, `actor-host.cjs`
 *   (`workers/actor-host.main.ts`), which `actor-host.worker.cjs`, what the thread a
 *   `HostConnection` starts runs (`workers/actor-host.worker.ts`), runs with the code cache.
 *
 * Why: Node's ESM loader costs about 0.5 ms of CPU per module to resolve, read and link. The
 * host's graph is about 100 modules, and a worker thread loads its modules afresh, so every engine
 * start paid about 70 ms of CPU for loading alone; the command line loads the public API's 230
 * modules. One file and a few chunks take a fraction of that (bench/RESULTS.md, "Bundles"); one
 * CommonJS file, cached, less again (bench/RESULTS.md, "The host's and the library's code,
 * cached").
 * The sources and the compiled modules stay as they are, and the tests import them directly.
 *
 * The packages that are plain JavaScript and find nothing relative to their own files (comlink,
 * msgpackr, rxjs, saxes) go into the bundle too: resolving and loading them from node_modules
 * (package.json exports, a CommonJS adapter) cost a worker more than the rest of its modules.
 * The others stay external, loaded from node_modules as usual: lmdb finds its native binding
 * beside its own files, and piscina starts workers from its own folder. A module of ours keeps
 * an `import.meta.url` that names its own compiled file (see `keepModuleUrls`), so the files it
 * finds beside itself (the provider sandbox's entry, the store verifier) are the same from inside
 * the bundle.
 *
 *     node workers/bundle.mjs build    # or dist
 */
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const out = process.argv[2];
if (out !== 'build' && out !== 'dist') {
  process.stderr.write('usage: node workers/bundle.mjs build|dist\n');
  process.exit(2);
}

const outdir = `${out}/bundled`;
const compiled = `${resolve(out)}${sep}`;

const BUNDLED_PACKAGES = ['comlink', 'msgpackr', 'rxjs', 'saxes'];
const { dependencies } = JSON.parse(readFileSync('package.json', 'utf8'));
// msgpackr's optional native string extractor is loaded at run time from node_modules, through
// the `require` the banner below gives every output file (a bundle cannot hold a native addon).
const external = Object.keys(dependencies)
  .filter((name) => !BUNDLED_PACKAGES.includes(name))
  .flatMap((name) => [name, `${name}/*`])
  .concat('msgpackr-extract');

/**
 * In a bundle `import.meta.url` is the bundle's URL; each module's is rewritten to its compiled
 * file's URL, found from the bundle's (`bundleUrl`, an expression naming a file of `bundleDir`) by
 * the relative path between them.
 */
function keepModuleUrls(bundleUrl, bundleDir = outdir) {
  return {
    name: 'keep-module-urls',
    setup(esbuild) {
      esbuild.onLoad({ filter: /\.js$/ }, async (args) => {
        if (!args.path.startsWith(compiled)) return undefined;
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const path = relative(resolve(bundleDir), args.path).split(sep).join('/');
        const url = `new URL(${JSON.stringify(path)}, ${bundleUrl}).href`;
        return { contents: source.replaceAll('import.meta.url', url), loader: 'js' };
      });
    },
  };
}

/**
 * rxjs's package maps the `node` condition to its CommonJS build, which a bundle must take whole
 * and run eagerly; its ES module build lets the bundle keep only the operators in use. The package
 * is found as Node finds it (up from here), not under the working directory, which has no
 * `node_modules` of its own in a mutation-testing sandbox.
 */
const rxjsModules = resolve(
  dirname(createRequire(import.meta.url).resolve('rxjs/package.json')),
  'dist/esm/index.js',
);
const rxjsAsModules = {
  name: 'rxjs-as-modules',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^rxjs$/ }, () => ({ path: rxjsModules }));
  },
};

// Chunk names change with their content: a chunk of an earlier build must not linger.
rmSync(outdir, { recursive: true, force: true });
// A CommonJS bundle, whose `import.meta.url`s `keepModuleUrls` makes relative to its own file.
const cjsUrls = {
  format: 'cjs',
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
};
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  external,
  sourcemap: 'linked',
  logLevel: 'warning',
};
await build({
  ...common,
  entryPoints: {
    'load-bench-child': `${out}/src/load-bench/scenarios/isolated-child.js`,
  },
  outdir,
  splitting: true,
  format: 'esm',
  plugins: [keepModuleUrls('import.meta.url'), rxjsAsModules],
  // A bundled package's own `require(...)` of an external one (msgpackr's of msgpackr-extract).
  banner: {
    js: "import { createRequire as createBundleRequire } from 'node:module';\nconst require = createBundleRequire(import.meta.url);",
  },
});

/**
 * The public API, `wbemrx` and `wbemrx/core` (`package.json` "exports"), built on its own into
 * `library/`: both entries in one CommonJS file, `library.cjs` (`workers/library.main.ts`), so
 * each class (`WbemError`, the engine, the model's) exists once whichever entry an application
 * imports it from; `load.js` (`workers/library.ts`) runs it with V8's code cache; and `index.js`
 * and `core.js` give each entry's names from it as an ES module. Importing the compiled modules
 * meant Node's loader resolving, reading and linking some 230 of them, and rxjs's CommonJS build
 * whole (about 300 files more); an ES module bundle with chunks was imported in a fifth of that
 * time, and one CommonJS file run from V8's code cache in 0.7 of that again (bench/RESULTS.md,
 * "Commands that load less", "The host's and the library's code, cached").
 * Observables are rxjs 7's, from the bundle's own copy: they interoperate with an application's
 * rxjs through `pipe`, `subscribe` and `Symbol.observable` (`from`, `firstValueFrom`,
 * `isObservable`), though not through `instanceof` its `Observable` class.
 */
const libraryDir = `${outdir}/library`;
const libraryCode = `${libraryDir}/library.cjs`;
await build({
  ...common,
  ...cjsUrls,
  entryPoints: [`${out}/workers/library.main.js`],
  outfile: libraryCode,
  charset: 'ascii',
  plugins: [keepModuleUrls('__bundleUrl', libraryDir), rxjsAsModules],
});
keepClassNames(libraryCode);
writeAscii(libraryCode);
await build({
  ...common,
  entryPoints: [`${out}/workers/library.js`],
  outfile: `${libraryDir}/load.js`,
  format: 'esm',
  plugins: [keepModuleUrls('import.meta.url', libraryDir)],
});
for (const entry of ['index', 'core']) {
  const names = Object.keys(await import(pathToFileURL(`${out}/src/${entry}.js`).href)).sort();
  writeFileSync(
    `${libraryDir}/${entry}.js`,
    [
      `// The public API's \`${entry}\` entry (src/${entry}.ts), from library.cjs.`,
      "import { library } from './load.js';",
      entry === 'core'
        ? `export const { ${names.join(', ')} } = library.core();`
        : `export const { ${names.join(', ')} } = library.index;`,
      '',
    ].join('\n'),
  );
}

/**
 * A class whose body names the class itself (`WbemError`'s brand check, `WbemEngine`'s static
 * `start`) comes out of esbuild as `var WbemError = class _WbemError ...`, and an application
 * sees `_WbemError` in `constructor.name` and `util.inspect`. Each such inner name is given back
 * the outer one (inside its body the two name the same class), followed by a space so that every
 * column, and with them the source map, stays where it was. esbuild's `keepNames` would name them
 * too, but wraps every named closure in a call at each creation: about 8% more time and CPU in
 * the first 1,000 creates (bench/RESULTS.md, "Commands that load less").
 */
function keepClassNames(path) {
  const text = readFileSync(path, 'utf8');
  let named = text;
  // At the top level `var X = class _X`; in a module set up on first use `X = class _X`.
  for (const [, name] of text.matchAll(/^\s*(?:var )?(\w+) = class _\1\b/gm)) {
    named = named.replace(new RegExp(`\\b_${name}\\b`, 'g'), `${name} `);
  }
  if (named !== text) writeFileSync(path, named);
}

/**
 * The command line holds lmdb's JavaScript too (its CommonJS build and the packages it requires:
 * ordered-binary, weak-lru-cache, and its binding's loader, `node-gyp-build-optional-packages`
 * with `detect-libc`), so that the code cache covers it: a command on a repository compiled them
 * on every run, and resolved and read eight files more. Only the binding itself stays outside. The
 * loader looks for it in the folder lmdb gives it, which lmdb computes from `__filename`; inside
 * the bundle that names the bundle, so it is replaced by lmdb's own entry file as resolved from
 * the bundle.
 */
const lmdbInside = {
  name: 'lmdb-inside',
  setup(esbuild) {
    esbuild.onLoad({ filter: /[\\/]src[\\/]store[\\/]durable[\\/]lmdb-module\.js$/ }, (args) =>
      args.path.startsWith(compiled)
        ? { contents: "export const lmdb = require('lmdb');", loader: 'js' }
        : undefined,
    );
    esbuild.onLoad(
      { filter: /[\\/]node_modules[\\/]lmdb[\\/]dist[\\/]index\.cjs$/ },
      async (args) => {
        const source = await readFile(args.path, 'utf8');
        const uses = "'file:' + __filename";
        if (!source.includes(uses)) throw new Error(`lmdb no longer locates itself by ${uses}`);
        const entry =
          "var __lmdbFilename = require('node:module').createRequire(__filename).resolve('lmdb');\n";
        return {
          contents: entry + source.replaceAll(uses, "'file:' + __lmdbFilename"),
          loader: 'js',
        };
      },
    );
  },
};

/**
 * A one-shot command decodes no wire bytes on its own thread (its host runs on the calling thread),
 * so msgpackr's native string extractor would only cost its loading: msgpackr's Node entry loads
 * it at once, through `msgpackr-extract`, `detect-libc` and `node:child_process`, on every
 * command, `wbemrx --help` included. The command line takes msgpackr's plain build instead, and
 * `src/runtime/native-strings.js` becomes the function that loads the extractor into it, which a
 * codec of the msgpack wire calls (a command whose hosts run on worker threads: `serve`, `watch`,
 * `bench`). The host worker's bundle keeps msgpackr's Node entry.
 * lmdb's own msgpackr (a 1.x, loaded the same way) is served by the same plain build: lmdb uses it
 * only for a database whose `encoding` is msgpack, and the store opens every database as
 * `binary` (`open-database.ts`, `walk-store.ts`) or `utf8` (`verify-store.ts`).
 */
const msgpackrPlain = {
  name: 'msgpackr-plain',
  setup(esbuild) {
    const folder = resolve(dirname(createRequire(import.meta.url).resolve('msgpackr')), '..');
    esbuild.onResolve({ filter: /^msgpackr$/ }, () => ({ path: join(folder, 'index.js') }));
    esbuild.onLoad({ filter: /[\\/]src[\\/]runtime[\\/]native-strings\.js$/ }, (args) =>
      args.path.startsWith(compiled)
        ? {
            contents: [
              `import { setExtractor } from ${JSON.stringify(join(folder, 'unpack.js'))};`,
              'let loaded = false;',
              'export function loadNativeStrings() {',
              '  if (loaded) return;',
              '  loaded = true;',
              '  try {',
              "    setExtractor(require('msgpackr-extract').extractStrings);",
              '  } catch {',
              '    // Optional, as for msgpackr itself: strings are then read in JavaScript.',
              '  }',
              '}',
            ].join('\n'),
            loader: 'js',
          }
        : undefined,
    );
  },
};

/**
 * Node built-ins that most commands never call, loaded on first use rather than when the module
 * importing them starts: `serve` alone needs `http` and `https`, a worker-thread host alone
 * `worker_threads`' `Worker`, and so on. Each is replaced by an object of getters, one per export
 * of the built-in, that loads it on first access; esbuild reads a named import as a property of
 * that object at each use, so a value is never read before it is needed.
 */
const LAZY_BUILTINS = [
  'child_process',
  'http',
  'https',
  'perf_hooks',
  'readline/promises',
  'worker_threads',
  'zlib',
];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(esbuild) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|').replaceAll('/', '\\/')})$`);
    esbuild.onResolve({ filter }, (args) =>
      // The getters' own `require` is the real one.
      args.namespace === 'lazy-builtin'
        ? { path: args.path, external: true }
        : { path: `node:${args.path.replace(/^node:/, '')}`, namespace: 'lazy-builtin' },
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, async (args) => {
      const names = Object.keys(await import(args.path)).filter((name) => name !== 'default');
      const getters = names.map((name) => {
        const key = JSON.stringify(name);
        return `  get ${key}() { return load()[${key}]; },`;
      });
      return {
        contents: [
          'let builtin;',
          `const load = () => (builtin ??= require(${JSON.stringify(args.path)}));`,
          'module.exports = {',
          ...getters,
          '};',
        ].join('\n'),
        loader: 'js',
      };
    });
  },
};

// The command line: one CommonJS file (its lazy imports inlined), then the bin that runs it.
const cliBundle = `${outdir}/wbemrx-cli.cjs`;
await build({
  ...common,
  entryPoints: [`${out}/src/cli/wbemrx.js`],
  outfile: cliBundle,
  format: 'cjs',
  external: external.filter((name) => name !== 'lmdb' && name !== 'lmdb/*').concat('bun:ffi'),
  // Non-ASCII text in code as escapes (esbuild's default, made explicit): see below.
  charset: 'ascii',
  plugins: [msgpackrPlain, lazyBuiltins, lmdbInside, keepModuleUrls('__bundleUrl'), rxjsAsModules],
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
// A bundle run with the code cache is read as Latin-1 when it is ASCII, 5 ms less than decoding
// 1.2 MB of UTF-8 (`src/runtime/code-cache-file.ts`). What esbuild leaves non-ASCII is in
// comments: each such UTF-16 unit becomes `?`, so that every column, and with them the source
// map, stays where it was.
function writeAscii(file) {
  const text = readFileSync(file, 'utf8');
  const ascii = text.replace(/[\u0080-\uffff]/g, '?');
  if (ascii !== text) writeFileSync(file, ascii);
}
writeAscii(cliBundle);
await build({
  ...common,
  entryPoints: [`${out}/src/cli/bin.js`],
  outfile: `${outdir}/wbemrx.js`,
  format: 'esm',
});
chmodSync(`${outdir}/wbemrx.js`, 0o755);

// The host worker: its code as one CommonJS file (lmdb and piscina stay in node_modules, required
// where the modules that use them first load), and the thread's entry that runs it with V8's code
// cache. Each new thread then skips Node's ES module loader, and from the second engine on the
// compiling (bench/RESULTS.md, "The host's and the library's code, cached").
const hostCode = `${outdir}/actor-host.cjs`;
await build({
  ...common,
  ...cjsUrls,
  entryPoints: [`${out}/workers/actor-host.main.js`],
  outfile: hostCode,
  charset: 'ascii',
  plugins: [keepModuleUrls('__bundleUrl'), rxjsAsModules],
});
writeAscii(hostCode);
await build({
  ...common,
  ...cjsUrls,
  entryPoints: [`${out}/workers/actor-host.worker.js`],
  outfile: `${outdir}/actor-host.worker.cjs`,
  plugins: [keepModuleUrls('__bundleUrl')],
});

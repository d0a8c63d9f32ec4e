/**
 * The host worker, the `wbemrx` bin and the load benchmark's scenario process run the bundles
 * `workers/bundle.mjs` writes after `tsc`:
 * they must be built from the compiled modules beside them (a bundle older than them would run
 * old code). The host's code and the command line are each one CommonJS file, run with V8's
 * code cache, in which the durable store (and with it lmdb) is set up only on first use.
 */
import assert from 'node:assert/strict';
import { isAscii } from 'node:buffer';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const BUNDLED = fileURLToPath(new URL('../../bundled/', import.meta.url));
const HOST_ENTRY = `${BUNDLED}actor-host.worker.cjs`;
const HOST_CODE = `${BUNDLED}actor-host.cjs`;
const ENTRIES = [
  'actor-host.worker.cjs',
  'actor-host.cjs',
  'wbemrx.js',
  'wbemrx-cli.cjs',
  'load-bench-child.js',
  'library/index.js',
  'library/core.js',
  'library/load.js',
  'library/library.cjs',
];
const LIBRARY_CODE = `${BUNDLED}library/library.cjs`;
const CLI_BUNDLE = `${BUNDLED}wbemrx-cli.cjs`;
const BIN = `${BUNDLED}wbemrx.js`;
const COMPILED_HOST = fileURLToPath(new URL('../../src/runtime/actor-host.js', import.meta.url));

/** The compiled modules a bundled file holds (esbuild writes `// build/src/...` above each). */
function modulesOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^\/\/ \w+\/(src\/\S+\.js)$/gm)].map(
    (m) => m[1] ?? '',
  );
}

/**
 * A bundle run from V8's code cache cannot `import()` (Node 20 loses the callback): the only
 * `import(` in it is `importModule`'s own, used when the file running the bundle gave none.
 */
function assertNoOwnImport(text: string): void {
  const imports = [...text.matchAll(/(?<![\w.$])import\(/g)].map((m) => m.index);
  assert.equal(imports.length, 1, `import( at ${imports.join(', ')}`);
  const at = imports[0] ?? 0;
  assert.match(
    text.slice(text.lastIndexOf('function importModule(', at), at),
    /^function importModule\(/,
  );
}

describe('bundles', () => {
  it('are at least as new as the compiled modules when the build has run', () => {
    for (const bundle of ENTRIES.map((entry) => `${BUNDLED}${entry}`)) {
      assert.ok(
        statSync(bundle).mtimeMs >= statSync(COMPILED_HOST).mtimeMs,
        `${bundle} is older than build/src: run \`npm run build:test\`, not tsc alone`,
      );
    }
  });

  it("give the host's code as one CommonJS file, and its thread's entry nothing but the code-cache runner and its import", () => {
    const modules = modulesOf(HOST_CODE);
    for (const module of [
      'src/runtime/actor-host.js',
      'src/schema/put-class.js',
      'src/wql/parse-wql.js',
      'src/providers/provider-host.js',
      'src/store/durable/durable-repository.js',
    ]) {
      assert.ok(modules.includes(module), `${module} is not in the host's bundle`);
    }
    const text = readFileSync(HOST_CODE, 'utf8');
    assertNoOwnImport(text);
    assert.doesNotMatch(text, /import\.meta/);
    assert.doesNotMatch(text, /^import /m);
    assert.ok(isAscii(readFileSync(HOST_CODE)));
    // lmdb is required only where the durable store's modules are first set up, inside their
    // lazy initialiser; an engine in memory never loads it.
    const lmdb = text.indexOf('("lmdb")');
    assert.ok(lmdb > 0);
    assert.match(text.slice(text.lastIndexOf('__esm({', lmdb), lmdb), /lmdb-module\.js"\(\) \{/);
    assert.deepEqual([...new Set(modulesOf(HOST_ENTRY))].sort(), [
      'src/runtime/code-cache-file.js',
      'src/runtime/module-import.js',
    ]);
    assert.match(
      readFileSync(HOST_ENTRY, 'utf8'),
      /^\/\/ build\/workers\/actor-host\.worker\.js$/m,
    );
  });

  it('give the public API as one CommonJS file, with the entries naming its exports', () => {
    const text = readFileSync(LIBRARY_CODE, 'utf8');
    const modules = modulesOf(LIBRARY_CODE);
    for (const module of ['src/index.js', 'src/core.js', 'src/api/wbem-engine.js']) {
      assert.ok(modules.includes(module), `${module} is not in the library's bundle`);
    }
    assertNoOwnImport(text);
    assert.doesNotMatch(text, /import\.meta/);
    assert.doesNotMatch(text, /^import /m);
    assert.ok(isAscii(readFileSync(LIBRARY_CODE)));
    // Each entry is the names of one export of the bundle, loaded by `load.js`.
    assert.match(
      readFileSync(`${BUNDLED}library/index.js`, 'utf8'),
      /^import \{ library \} from '\.\/load\.js';\nexport const \{ [\w$, ]+ \} = library\.index;\n$/m,
    );
    assert.match(
      readFileSync(`${BUNDLED}library/core.js`, 'utf8'),
      /^export const \{ [\w$, ]+ \} = library\.core\(\);$/m,
    );
    assert.deepEqual([...new Set(modulesOf(`${BUNDLED}library/load.js`))].sort(), [
      'src/runtime/code-cache-file.js',
      'src/runtime/module-import.js',
    ]);
  });

  it('hold no native addon loader, and give each module a require for the ones loaded at run time', () => {
    const files = readdirSync(BUNDLED).filter((f) => /\.c?js$/.test(f) && f !== 'wbemrx.js');
    for (const file of files) {
      const text = readFileSync(`${BUNDLED}${file}`, 'utf8');
      // A bundled loader looks for its addon beside the bundle and fails, silently for msgpackr.
      // The command line's holds lmdb's, which is told lmdb's folder (see the next test).
      assert.doesNotMatch(
        text,
        file === 'wbemrx-cli.cjs'
          ? /^\/\/ node_modules\/msgpackr-extract\//m
          : /^\/\/ node_modules\/(msgpackr-extract|node-gyp-build[\w-]*)\//m,
        file,
      );
      if (file.endsWith('.js')) {
        assert.match(text, /^const require = createBundleRequire\(import\.meta\.url\);$/m, file);
      }
    }
  });

  it('give the command line as one CommonJS file, with the modules lazily loaded inside it', () => {
    const text = readFileSync(CLI_BUNDLE, 'utf8');
    const modules = modulesOf(CLI_BUNDLE);
    for (const module of [
      'src/cli/main.js',
      'src/wql/parse-wql.js',
      'src/store/durable/durable-repository.js',
    ]) {
      assert.ok(modules.includes(module), `${module} is not in the command line's bundle`);
    }
    // lmdb's JavaScript inside, its binding's loader too, so that the code cache covers them.
    assert.match(text, /^\/\/ node_modules\/lmdb\/dist\/index\.cjs$/m);
    assert.match(text, /^\/\/ node_modules\/node-gyp-build-optional-packages\/index\.js$/m);
    // msgpackr's plain build, for ours and lmdb's; its native extractor loaded only by
    // `loadNativeStrings` (src/runtime/native-strings.ts).
    assert.match(text, /^\/\/ node_modules\/msgpackr\/index\.js$/m);
    assert.doesNotMatch(text, /^\/\/ node_modules\/lmdb\/node_modules\/msgpackr\//m);
    assert.equal(text.match(/require\("msgpackr-extract"\)/g)?.length, 1);
    assert.match(text, /function loadNativeStrings\(\) \{\n\s+if \(loaded\) return;/);
    // The built-ins few commands use are required on first use only.
    assert.doesNotMatch(text, /^\s*\w+ = require\("node:(http|https|child_process|zlib)"\);$/m);
    // ASCII, which the bin reads without decoding UTF-8.
    assert.ok(isAscii(readFileSync(CLI_BUNDLE)));
    // An `import.meta` would be empty in CommonJS: the build rewrites every one it meets.
    assert.doesNotMatch(text, /import\.meta/);
    assertNoOwnImport(text);
    assert.doesNotMatch(text, /^import /m);
    // Nothing but the code-cache runner in the bin: no chunk, no module of the engine.
    assert.deepEqual([...new Set(modulesOf(BIN))].sort(), [
      'src/cli/bin.js',
      'src/cli/code-cache.js',
      'src/runtime/code-cache-file.js',
      'src/runtime/module-import.js',
    ]);
  });
});

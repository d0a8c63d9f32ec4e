/**
 * The host worker, the `wbemrx` bin and the load benchmark's scenario process run the bundles
 * `workers/bundle.mjs` writes after `tsc`:
 * they must be built from the compiled modules beside them (a bundle older than them would run
 * old code), and the host's must keep WQL, the provider runtime and the durable store in chunks
 * of their own, loaded on first use. The command line is one CommonJS file the bin runs with
 * V8's code cache.
 */
import assert from 'node:assert/strict';
import { isAscii } from 'node:buffer';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const BUNDLED = fileURLToPath(new URL('../../bundled/', import.meta.url));
const ENTRY = `${BUNDLED}actor-host.worker.js`;
const ENTRIES = [
  'actor-host.worker.js',
  'wbemrx.js',
  'wbemrx-cli.cjs',
  'load-bench-child.js',
  'library/index.js',
  'library/core.js',
];
const CLI_BUNDLE = `${BUNDLED}wbemrx-cli.cjs`;
const BIN = `${BUNDLED}wbemrx.js`;
const COMPILED_HOST = fileURLToPath(new URL('../../src/runtime/actor-host.js', import.meta.url));

/** The compiled modules a bundled file holds (esbuild writes `// build/src/...` above each). */
function modulesOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^\/\/ \w+\/(src\/\S+\.js)$/gm)].map(
    (m) => m[1] ?? '',
  );
}

/** The modules `file` loads before it runs: its own and those of the chunks it imports statically. */
function staticModulesOf(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  const chunks = [
    ...text.matchAll(/^(?:import|} from|export \*? ?from) ?.*?"\.\/([\w.-]+\.js)";$/gm),
  ];
  return [
    ...modulesOf(file),
    ...chunks.flatMap((m) => staticModulesOf(`${BUNDLED}${m[1] ?? ''}`, seen)),
  ];
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

  it('hold the host and the schema in the host entry, and neither WQL nor providers nor lmdb', () => {
    const entry = staticModulesOf(ENTRY);
    assert.ok(entry.includes('src/runtime/actor-host.js'));
    assert.ok(entry.includes('src/schema/put-class.js'));
    assert.deepEqual(
      entry.filter(
        (m) =>
          m.startsWith('src/wql/') ||
          m === 'src/providers/provider-host.js' ||
          m.startsWith('src/store/durable/'),
      ),
      [],
    );
  });

  it('load WQL, the provider runtime and the durable store as chunks of their own', () => {
    const chunks = readdirSync(BUNDLED)
      .filter((f) => f.endsWith('.js') && !ENTRIES.includes(f))
      .flatMap((f) => modulesOf(`${BUNDLED}${f}`));
    for (const module of [
      'src/wql/parse-wql.js',
      'src/providers/provider-host.js',
      'src/store/durable/durable-repository.js',
    ]) {
      assert.ok(chunks.includes(module), `${module} is in no chunk`);
    }
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
    assert.doesNotMatch(text, /^import /m);
    // Nothing but the code-cache runner in the bin: no chunk, no module of the engine.
    assert.deepEqual([...new Set(modulesOf(BIN))].sort(), [
      'src/cli/bin.js',
      'src/cli/code-cache.js',
    ]);
  });
});

/**
 * The host worker runs the bundle `workers/bundle.mjs` writes after `tsc`: it must be built from
 * the compiled modules beside it (a bundle older than them would run old host code), and keep
 * WQL, the provider runtime and the durable store in chunks of their own, loaded on first use.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const BUNDLED = fileURLToPath(new URL('../../workers/bundled/', import.meta.url));
const ENTRY = `${BUNDLED}actor-host.worker.js`;
const COMPILED_HOST = fileURLToPath(new URL('../../src/runtime/actor-host.js', import.meta.url));

/** The compiled modules a bundled file holds, from the `// build/src/...` line esbuild puts above each. */
function modulesOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^\/\/ \w+\/(src\/\S+\.js)$/gm)].map((m) => m[1] ?? '');
}

describe('actor host bundle', () => {
  it('is at least as new as the compiled host module when the build has run', () => {
    assert.ok(
      statSync(ENTRY).mtimeMs >= statSync(COMPILED_HOST).mtimeMs,
      'workers/bundled is older than build/src: run `npm run build:test`, not tsc alone',
    );
  });

  it('holds the host and the schema in its entry, and neither WQL nor providers nor lmdb', () => {
    const entry = modulesOf(ENTRY);
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

  it('loads WQL, the provider runtime and the durable store as chunks of their own', () => {
    const chunks = readdirSync(BUNDLED)
      .filter((f) => f.endsWith('.js') && f !== 'actor-host.worker.js')
      .flatMap((f) => modulesOf(`${BUNDLED}${f}`));
    for (const module of [
      'src/wql/parse-wql.js',
      'src/providers/provider-host.js',
      'src/store/durable/durable-repository.js',
    ]) {
      assert.ok(chunks.includes(module), `${module} is in no chunk`);
    }
  });
});

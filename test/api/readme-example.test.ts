/**
 * The README's "Using it from code" example, taken from README.md as written and run twice in a
 * child process against the built package entry (`wbemrx` → `bundled/library/index.js`), in a
 * temporary working directory: the second run must work too, and both must show events and type
 * names.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = fileURLToPath(new URL('.', import.meta.url));
// build/test/api → the repository root, and build/bundled/library/index.js for the package entry.
const readme = join(here, '../../../README.md');
const entry = pathToFileURL(join(here, '../../bundled/library/index.js')).href;

function example(): string {
  const text = readFileSync(readme, 'utf8');
  const section = text.slice(text.indexOf('## Using it from code'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  assert.ok(match?.[1], 'README has a ts block under "Using it from code"');
  return match[1].replace("from 'wbemrx'", `from '${entry}'`);
}

describe('README example', () => {
  it('runs as written twice, showing events and type names, when its repository persists', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wbemrx-readme-'));
    try {
      writeFileSync(join(dir, 'example.mjs'), example());
      for (const first of [true, false]) {
        const { stdout } = await run(process.execPath, ['example.mjs'], { cwd: dir });
        assert.match(stdout, /PutClassAsync returned WBEM_S_NO_ERROR/);
        assert.match(stdout, /PutClassAsync: WBEM_S_NO_ERROR/);
        assert.match(
          stdout,
          first
            ? /event: __ClassCreationEvent Acme_Disk/
            : /event: __ClassModificationEvent Acme_Disk/,
        );
        assert.equal(
          stdout.match(/event: __ClassModificationEvent Acme_Disk/g)?.length,
          first ? 2 : 3,
        );
        assert.match(stdout, /\\root\\cimv2:Acme_Disk/);
        assert.match(stdout, /"type": "uint64"/);
        assert.match(stdout, /"flavors": \[\]/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

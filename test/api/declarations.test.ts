/**
 * The declarations the build emits (`stripInternal` removes what is marked `@internal`) must
 * type-check in a consumer's project that checks library declarations too (`skipLibCheck`
 * off): a public signature naming an internal type would leave a declaration that imports
 * something its module no longer exports. The public entry only: `wbemrx/core` reaches lmdb's
 * own declarations, which do not pass this check themselves.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');
const INDEX = fileURLToPath(new URL('../../src/index.js', import.meta.url));

describe('emitted declarations', () => {
  it('type-check in a consumer project with skipLibCheck off', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wbemrx-consumer-'));
    try {
      writeFileSync(
        join(dir, 'consumer.ts'),
        [
          `import * as wbemrx from ${JSON.stringify(INDEX)};`,
          'const client = new wbemrx.CimXmlClient({ url: "http://u:p@127.0.0.1:5988/root" });',
          'export const used = [client.withNamespace("root/cimv2"), wbemrx.WbemEngine];',
          '',
        ].join('\n'),
      );
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            module: 'nodenext',
            moduleResolution: 'nodenext',
            target: 'es2023',
            noEmit: true,
            skipLibCheck: false,
            types: ['node'],
            typeRoots: [join(ROOT, 'node_modules', '@types')],
          },
          files: ['consumer.ts'],
        }),
      );
      const run = spawnSync(TSC, ['-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
      assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

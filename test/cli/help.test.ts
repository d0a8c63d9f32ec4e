import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { packageVersion } from '../../src/cli/package-version.js';
import { runWbemrx, spawnWbemrx } from './run-wbemrx.js';

/** The version in the repository's `package.json` (`build/test/cli` → the root). */
const VERSION = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

const VERBS = [
  'mofcomp',
  'get-class',
  'enum-classes',
  'delete-class',
  'namespaces',
  'instances',
  'get-instance',
  'query',
  'watch',
  'bench',
] as const;

describe('wbemrx --help', () => {
  it('lists every command and exits 0 when run without a command', async () => {
    const result = await runWbemrx(['--help']);
    assert.equal(result.code, 0);
    for (const verb of VERBS) assert.match(result.stdout, new RegExp(`^  ${verb} `, 'm'));
  });

  for (const verb of VERBS) {
    it(`prints the usage of ${verb} and exits 0 when --help is given`, async () => {
      const result = await runWbemrx([verb, '--help']);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, new RegExp(`^Usage: wbemrx ${verb}`));
      assert.equal(result.stderr, '');
    });
  }

  it('fails with WBEM_E_INVALID_PARAMETER when the command is unknown', async () => {
    const result = await runWbemrx(['frobnicate']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^WBEM_E_INVALID_PARAMETER: unknown command 'frobnicate'/);
  });

  it('fails with WBEM_E_INVALID_PARAMETER when an option is unknown', async () => {
    const result = await runWbemrx(['get-class', 'X', '--colour']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^WBEM_E_INVALID_PARAMETER: .*--colour/);
  });

  it('fails with WBEM_E_INVALID_PARAMETER when an integer option is malformed', async () => {
    const result = await runWbemrx(['bench', '--count', 'many']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^WBEM_E_INVALID_PARAMETER: --count must be an integer/);
  });
});

describe('wbemrx --version', () => {
  for (const flag of ['--version', '-V', 'version']) {
    it(`prints the package's version and exits 0 when run with ${flag}`, async () => {
      const result = await runWbemrx([flag]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, `wbemrx ${VERSION}\n`);
    });
  }

  it('prints the same version from the bundled bin', async () => {
    const result = await spawnWbemrx(['--version']).exited;
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `wbemrx ${VERSION}\n`);
  });

  it("skips another package's manifest on the way up, and says unknown outside wbemrx", () => {
    const root = mkdtempSync(join(tmpdir(), 'wbemrx-version-'));
    try {
      writeFileSync(join(root, 'package.json'), '{"name":"wbemrx","version":"9.8.7"}');
      const inner = join(root, 'node_modules', 'other', 'lib');
      mkdirSync(inner, { recursive: true });
      writeFileSync(
        join(root, 'node_modules', 'other', 'package.json'),
        '{"name":"other","version":"1.0.0"}',
      );
      writeFileSync(join(inner, 'package.json'), 'not json');
      assert.equal(packageVersion(join(inner, 'main.js')), '9.8.7');
      rmSync(join(root, 'package.json'));
      assert.equal(packageVersion(join(inner, 'main.js')), 'unknown');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

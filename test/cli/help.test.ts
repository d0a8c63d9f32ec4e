import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runWbemrx } from './run-wbemrx.js';

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

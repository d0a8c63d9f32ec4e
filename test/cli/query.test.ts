import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixture, runWbemrx } from './run-wbemrx.js';

const SMALL = ['--memory', '--mof', fixture('small.mof')];

describe('wbemrx query', () => {
  it('prints the matching instances as a table with their properties', async () => {
    const result = await runWbemrx([
      'query',
      ...SMALL,
      "SELECT * FROM Test_Element WHERE Name LIKE 'dev%'",
    ]);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^__CLASS\s+Name\s+Caption\s+Speed$/);
    assert.match(lines[2] ?? '', /^Test_Device\s+dev0\s+device\s+1000$/);
    assert.match(result.stderr, /^1 object$/m);
  });

  it('prints the selected properties and the keys only when a property list is given', async () => {
    const result = await runWbemrx(['query', ...SMALL, 'SELECT Speed FROM Test_Device']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^__CLASS\s+Speed\s+Name$/m);
    assert.doesNotMatch(result.stdout, /Caption/);
  });

  it('prints classes of a schema query and JSON objects with --json', async () => {
    const result = await runWbemrx([
      'query',
      ...SMALL,
      '--json',
      "SELECT * FROM meta_class WHERE __THIS ISA 'Test_Element'",
    ]);
    assert.equal(result.code, 0, result.stderr);
    const classes = JSON.parse(result.stdout) as { name: string }[];
    assert.deepEqual(
      classes.map((c) => c.name),
      ['Test_Element', 'Test_Device'],
    );
  });

  it('fails with WBEM_E_INVALID_QUERY and shows the column when the query does not parse', async () => {
    const result = await runWbemrx([
      'query',
      '--memory',
      '-n',
      'root',
      'SELECT * FORM Test_Device',
    ]);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^WBEM_E_INVALID_QUERY: expected FROM, found 'FORM' at column 10$/m,
    );
    assert.match(result.stderr, /^ {11}\^$/m);
  });

  it('fails with WBEM_E_INVALID_CLASS when the class does not exist', async () => {
    const result = await runWbemrx(['query', ...SMALL, 'SELECT * FROM Test_Nothing']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^WBEM_E_INVALID_CLASS: /m);
  });
});

describe('wbemrx watch --query', () => {
  it('prints only the events the notification query matches', async () => {
    const result = await runWbemrx([
      'watch',
      ...SMALL,
      '--once',
      '--query',
      "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance.Name = 'dev0'",
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /__InstanceCreationEvent root\/cimv2 Test_Device$/m);
    assert.doesNotMatch(result.stdout, /__ClassCreationEvent/);
  });

  it('prints one __AggregateEvent line for a GROUP WITHIN query', async () => {
    const result = await runWbemrx([
      'watch',
      ...SMALL,
      '--once',
      '--query',
      'SELECT * FROM __ClassCreationEvent GROUP WITHIN 0.2',
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /__AggregateEvent root\/cimv2 Test_Element NumberOfEvents=2$/m);
  });

  it('fails with WBEM_E_INVALID_CLASS when the query names a class the namespace lacks', async () => {
    const result = await runWbemrx([
      'watch',
      '--memory',
      '-n',
      'root',
      '--once',
      '--query',
      "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'Nope'",
    ]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^WBEM_E_INVALID_CLASS: ISA names no class: Nope$/m);
  });
});

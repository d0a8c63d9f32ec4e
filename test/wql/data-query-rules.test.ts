import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { qualifier } from '../../src/model/cim-builders.js';
import type { CimInstance } from '../../src/model/cim-instance.js';
import { hresultName, WBEM_E_INVALID_QUERY } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { projectInstance } from '../../src/wql/data-query.js';
import { parseWql, runQuery } from '../../src/wql/index.js';
import { sampleReader } from './helpers/sample-namespace.js';

const reader = sampleReader();

const [C] = [...reader.instancesOf('Sample_Disk', false)] as CimInstance[];
assert.ok(C);

function fails(query: string, says: RegExp): void {
  assert.throws(
    () => [...runQuery(query, reader)],
    (e: unknown) =>
      e instanceof WbemError &&
      hresultName(e.hresult) === 'WBEM_E_INVALID_QUERY' &&
      e.hresult === WBEM_E_INVALID_QUERY &&
      says.test(e.message),
  );
}

describe('ExecQuery: data query checks', () => {
  it('fails with WBEM_E_INVALID_QUERY naming WITHIN when a data query has WITHIN', () => {
    fails('SELECT * FROM Sample_Disk WITHIN 10', /: WITHIN belongs to notification queries/);
  });

  it('fails with WBEM_E_INVALID_QUERY naming GROUP WITHIN when a data query has GROUP WITHIN', () => {
    fails('SELECT * FROM Sample_Disk GROUP WITHIN 10', /: GROUP WITHIN belongs to notification/);
  });

  it('names the whole property path when WHERE names an embedded property the class lacks', () => {
    fails('SELECT * FROM Sample_Disk WHERE Nope.Inner = 1', /has no property Nope\.Inner/);
  });

  it('runs a query given parsed as it runs its text', () => {
    const text = "SELECT Name FROM Sample_Disk WHERE DeviceID = 'C:'";
    const relpaths = (q: Parameters<typeof runQuery>[0]) =>
      [...runQuery(q, reader)].map((o) => o.systemProperties?.__RELPATH);
    assert.deepEqual(relpaths(parseWql(text)), relpaths(text));
    assert.deepEqual(relpaths(parseWql(text)), ['Sample_Disk.DeviceID="C:"']);
  });

  it('keeps no property for a selected system property', () => {
    const [disk] = [...runQuery('SELECT __PATH, Name FROM Sample_Disk', reader)] as CimInstance[];
    assert.deepEqual([...(disk?.properties.keys() ?? [])].sort(), ['deviceid', 'name']);
    assert.equal(disk?.systemProperties?.__PATH, C.systemProperties?.__PATH);
  });
});

describe('projectInstance', () => {
  it('keeps the selected properties and the keys, with __PROPERTY_COUNT counting them', () => {
    const out = projectInstance(C, ['Size'], reader);
    assert.deepEqual(
      [...out.properties.values()].map((p) => [p.name, p.value]),
      [
        ['Size', '500000000000'],
        ['DeviceID', 'C:'],
      ],
    );
    assert.equal(out.systemProperties?.__PROPERTY_COUNT, 2);
  });

  it('skips a selected name neither the class nor the instance has', () => {
    const out = projectInstance(C, ['Nope'], reader);
    assert.deepEqual([...out.properties.keys()], ['deviceid']);
  });

  it('reads the instance own properties when the reader does not know its class', () => {
    const out = projectInstance(C, ['Name'], { getClass: () => undefined });
    assert.deepEqual(
      [...out.properties.values()].map((p) => [p.name, p.value]),
      [['Name', 'System']],
    );
  });

  it('keeps the instance qualifiers, and adds none when it has none', () => {
    const qualifiers = new Map([['q', qualifier('Q', true)]]);
    assert.equal(projectInstance({ ...C, qualifiers }, [], reader).qualifiers, qualifiers);
    assert.equal('qualifiers' in projectInstance(C, [], reader), false);
  });

  it('adds no system properties to an instance without them', () => {
    const { systemProperties: _, ...bare } = C;
    assert.equal('systemProperties' in projectInstance(bare, ['Name'], reader), false);
  });
});

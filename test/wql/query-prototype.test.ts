import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hresultName } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { parseWql, queryPrototype, type WqlReader } from '../../src/wql/index.js';
import { sampleReader } from './helpers/sample-namespace.js';

const reader = sampleReader();

function fails(query: string, hresult: string, says: RegExp): void {
  assert.throws(
    () => queryPrototype(parseWql(query), reader),
    (e: unknown) =>
      e instanceof WbemError && hresultName(e.hresult) === hresult && says.test(e.message),
  );
}

describe('queryPrototype (WBEM_FLAG_PROTOTYPE)', () => {
  it('fails with WBEM_E_INVALID_CLASS naming the class when ResultClass names no class', () => {
    fails(
      'ASSOCIATORS OF {Sample_Process.Handle=4} WHERE ResultClass = Nope',
      'WBEM_E_INVALID_CLASS',
      /no class Nope/,
    );
  });

  it('fails with WBEM_E_NOT_SUPPORTED saying ResultClass is needed when an association query has none', () => {
    fails('ASSOCIATORS OF {Sample_Process.Handle=4}', 'WBEM_E_NOT_SUPPORTED', /needs ResultClass/);
  });

  it('returns the ResultClass of REFERENCES OF', () => {
    const proto = queryPrototype(
      parseWql('REFERENCES OF {Sample_Process.Handle=4} WHERE ResultClass = Sample_DiskProcess'),
      reader,
    );
    assert.equal(proto, reader.getClass('Sample_DiskProcess'));
  });

  it('adds no system properties to a reduced class that has none', () => {
    const bare: WqlReader = {
      ...reader,
      getClass(name) {
        const cls = reader.getClass(name);
        if (cls === undefined) return undefined;
        const { systemProperties: _, ...rest } = cls;
        return rest;
      },
    };
    const proto = queryPrototype(parseWql('SELECT Size FROM Sample_Disk'), bare);
    assert.deepEqual([...proto.properties.keys()], ['deviceid', 'size']);
    assert.equal('systemProperties' in proto, false);
  });

  it('counts the kept properties in __PROPERTY_COUNT of a reduced class', () => {
    const proto = queryPrototype(parseWql('SELECT Size FROM Sample_Disk'), reader);
    assert.equal(proto.systemProperties?.__PROPERTY_COUNT, 2);
  });
});

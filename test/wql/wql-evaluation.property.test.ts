import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { WbemEvent } from '../../src/model/wbem-event.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { compileEventQuery, formatWql, parseWql, runQuery } from '../../src/wql/index.js';
import { sampleReader } from './helpers/sample-namespace.js';
import { wqlArbitraries, wqlIdent } from './helpers/wql-arbitraries.js';

const reader = sampleReader();
const NAMES = [
  'Sample_Disk',
  'Sample_RemovableDisk',
  'Sample_Process',
  'Sample_DiskProcess',
  'CIM_ManagedElement',
  'meta_class',
  '__InstanceCreationEvent',
  '__InstanceOperationEvent',
  '__ClassOperationEvent',
  'TargetInstance',
  'PreviousInstance',
  'TargetClass',
  '__CLASS',
  '__THIS',
  '__DERIVATION',
  'DeviceID',
  'Name',
  'Size',
  'Handle',
  'Tags',
  'Disk',
  'Process',
  'Association',
];
const { query } = wqlArbitraries(fc.oneof(fc.constantFrom(...NAMES), wqlIdent));
const instance = reader.getInstance('Sample_RemovableDisk.DeviceID="E:"');
const events: WbemEvent[] = [
  {
    eventClass: '__InstanceCreationEvent',
    namespace: 'root/sample',
    timeCreated: '1',
    ...(instance === undefined ? {} : { targetInstance: instance }),
  },
  {
    eventClass: '__ClassDeletionEvent',
    namespace: 'root/sample',
    timeCreated: '2',
    targetClass:
      reader.getClass('Sample_Process') ?? reader.getClass('Sample_Disk') ?? (undefined as never),
  },
];

/** Runs `fn`; anything thrown must be a WbemError. */
function onlyWbemError(fn: () => unknown): void {
  try {
    fn();
  } catch (thrown) {
    if (!(thrown instanceof WbemError)) throw thrown;
  }
}

describe('runQuery and compileEventQuery (property)', () => {
  it('return results or throw a WbemError when the query is any valid WQL over the sample namespace', () => {
    fc.assert(
      fc.property(query, fc.boolean(), (q, prototype) => {
        onlyWbemError(() => [...runQuery(q, reader, { prototype })]);
        onlyWbemError(() => {
          const filter = compileEventQuery(formatWql(q), { reader });
          for (const e of events) assert.equal(typeof filter.matches(e), 'boolean');
        });
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same results when the query is run from its printed text', () => {
    fc.assert(
      fc.property(query, (q) => {
        let direct: unknown[] | WbemError;
        let printed: unknown[] | WbemError;
        try {
          direct = [...runQuery(q, reader)];
        } catch (e) {
          direct = e as WbemError;
        }
        try {
          printed = [...runQuery(parseWql(formatWql(q)), reader)];
        } catch (e) {
          printed = e as WbemError;
        }
        if (direct instanceof WbemError || printed instanceof WbemError) {
          assert.equal((direct as WbemError).hresult, (printed as WbemError).hresult);
        } else {
          assert.equal(direct.length, printed.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});

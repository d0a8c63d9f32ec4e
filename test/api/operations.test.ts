import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { INDICATE_BATCH } from '../../src/api/call-registry.js';
import type { WbemEngine } from '../../src/api/wbem-engine.js';
import type { WbemServices } from '../../src/api/wbem-services.js';
import { cimClass, cimInstance, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import type { WbemEvent } from '../../src/model/wbem-event.js';
import { CIM_STRING } from '../../src/wbem/cim-type.js';
import {
  WBEM_FLAG_CREATE_ONLY,
  WBEM_FLAG_RETURN_IMMEDIATELY,
  WBEM_FLAG_SHALLOW,
} from '../../src/wbem/flags.js';
import {
  E_FAIL,
  WBEM_E_ALREADY_EXISTS,
  WBEM_E_CALL_CANCELLED,
  WBEM_E_INVALID_CLASS,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_NOT_FOUND,
  WBEM_S_NO_ERROR,
} from '../../src/wbem/status.js';
import { RecordingSink, sampleClass, startEngine } from '../runtime/helpers/engine-fixture.js';

let engine: WbemEngine;
let svc: WbemServices;

const keyed = (name: string, superclass: string | null = null): CimClass =>
  cimClass({
    name,
    superclass,
    properties:
      superclass === null
        ? [
            cimProperty('Id', 'string', { qualifiers: [qualifier('Key', true)] }),
            cimProperty('Size', 'uint32'),
          ]
        : [cimProperty('Extra', 'string')],
  });

before(async () => {
  engine = await startEngine({ hosts: 1 });
  await engine.createNamespace('root', 'ops');
  svc = await engine.connectServer('root/ops');
  await svc.putClass(keyed('Ops_Base'));
  await svc.putClass(keyed('Ops_Child', 'Ops_Base'));
  await svc.putClass(keyed('Ops_Grandchild', 'Ops_Child'));
});
after(() => engine.shutdown());

describe('GetObject / GetObjectAsync (class)', () => {
  it('B24: returns the resolved class with system properties', async () => {
    const cls = await svc.getClass('ops_child');
    assert.equal(cls.name, 'Ops_Child');
    assert.equal(cls.systemProperties?.__SUPERCLASS, 'Ops_Base');
    assert.equal(cls.systemProperties?.__NAMESPACE, 'root\\ops');
    assert.ok(cls.properties.has('id') && cls.properties.has('extra'));
  });

  it('B87: fails with WBEM_E_NOT_FOUND when the class does not exist', async () => {
    await assert.rejects(svc.getClass('Ops_Missing'), { hresult: WBEM_E_NOT_FOUND });
  });

  it('delivers one Indicate with the class, then the final status', async () => {
    const sink = new RecordingSink();
    assert.equal(svc.getObjectAsync('Ops_Base', 0, null, sink), WBEM_S_NO_ERROR);
    await sink.done;
    assert.deepEqual(
      sink.calls.map((c) => c.method),
      ['indicate', 'setStatus'],
    );
    assert.equal((sink.calls[0]?.objects?.[0] as CimClass | undefined)?.name, 'Ops_Base');
    assert.equal(sink.finals[0]?.hResult, WBEM_S_NO_ERROR);
  });

  it('fails with WBEM_E_NOT_FOUND on the sink, without Indicate, when the class is missing', async () => {
    const sink = new RecordingSink();
    svc.getObjectAsync('Ops_Missing', 0, null, sink);
    await sink.done;
    assert.deepEqual(
      sink.calls.map((c) => [c.method, c.hResult]),
      [['setStatus', WBEM_E_NOT_FOUND]],
    );
  });

  it('B16: ends with WBEM_E_CALL_CANCELLED when the sink refuses Indicate with E_FAIL', async () => {
    const sink = new RecordingSink({ indicate: E_FAIL });
    svc.getObjectAsync('Ops_Base', 0, null, sink);
    await sink.done;
    assert.deepEqual(
      sink.calls.map((c) => [c.method, c.hResult]),
      [
        ['indicate', undefined],
        ['setStatus', WBEM_E_CALL_CANCELLED],
      ],
    );
  });

  it('fails synchronously with WBEM_E_INVALID_PARAMETER when RETURN_IMMEDIATELY is given to the async call', () => {
    assert.equal(
      svc.getObjectAsync('Ops_Base', WBEM_FLAG_RETURN_IMMEDIATELY, null, new RecordingSink()),
      WBEM_E_INVALID_PARAMETER,
    );
  });
});

describe('CreateClassEnum / CreateClassEnumAsync', () => {
  it('B88/B89: lists descendants deep, direct children shallow', async () => {
    const deep = (await svc.createClassEnum('Ops_Base')).map((c) => c.name).sort();
    const shallow = (await svc.createClassEnum('Ops_Base', WBEM_FLAG_SHALLOW)).map((c) => c.name);
    assert.deepEqual(deep, ['Ops_Child', 'Ops_Grandchild']);
    assert.deepEqual(shallow, ['Ops_Child']);
  });

  it('delivers Indicate batches, then one final status', async () => {
    const sink = new RecordingSink();
    assert.equal(svc.createClassEnumAsync('Ops_Base', 0, null, sink), WBEM_S_NO_ERROR);
    await sink.done;
    const objects = sink.calls.flatMap((c) => (c.method === 'indicate' ? (c.objects ?? []) : []));
    assert.equal(objects.length, 2);
    assert.equal(sink.calls.at(-1)?.method, 'setStatus');
    assert.equal(sink.finals.length, 1);
  });

  it('splits a large result into Indicate batches of INDICATE_BATCH objects', async () => {
    await svc.putClass(sampleClass('Many_Base', 1));
    await Promise.all(
      Array.from({ length: INDICATE_BATCH + 44 }, (_, i) =>
        svc.putClass(sampleClass(`Many_${i}`, 1, { superclass: 'Many_Base' })),
      ),
    );
    const sink = new RecordingSink();
    svc.createClassEnumAsync('Many_Base', 0, null, sink);
    await sink.done;
    const sizes = sink.calls.filter((c) => c.method === 'indicate').map((c) => c.objects?.length);
    assert.deepEqual(sizes, [INDICATE_BATCH, 44]);
  });

  it('B91: fails with WBEM_E_INVALID_CLASS when the superclass does not exist', async () => {
    await assert.rejects(svc.createClassEnum('Ops_Nothing'), { hresult: WBEM_E_INVALID_CLASS });
  });
});

describe('DeleteClass / DeleteClassAsync', () => {
  it('B76/B93: deletes the class and its subclasses and raises __ClassDeletionEvent', async () => {
    await svc.putClass(sampleClass('Del_Top'));
    await svc.putClass(sampleClass('Del_Sub', 1, { superclass: 'Del_Top' }));
    const seen: WbemEvent[] = [];
    const sub = engine.events$.subscribe((e) => seen.push(e));
    const sink = new RecordingSink();
    assert.equal(svc.deleteClassAsync('Del_Top', 0, null, sink), WBEM_S_NO_ERROR);
    assert.equal((await sink.done).hResult, WBEM_S_NO_ERROR);
    // A subscriber paced on a busy machine gets what was raised before it leaves.
    engine.flushEvents();
    sub.unsubscribe();
    await assert.rejects(svc.getClass('Del_Top'), { hresult: WBEM_E_NOT_FOUND });
    await assert.rejects(svc.getClass('Del_Sub'), { hresult: WBEM_E_NOT_FOUND });
    assert.ok(
      seen.some(
        (e) => e.eventClass === '__ClassDeletionEvent' && e.targetClass?.name === 'Del_Top',
      ),
    );
  });

  it('fails with WBEM_E_NOT_FOUND when the class does not exist', async () => {
    await assert.rejects(svc.deleteClass('Del_Missing'), { hresult: WBEM_E_NOT_FOUND });
  });

  it('B95: fails synchronously with WBEM_E_INVALID_PARAMETER when DeleteClassAsync gets RETURN_IMMEDIATELY', async () => {
    const sink = new RecordingSink();
    assert.equal(
      svc.deleteClassAsync('Ops_Base', WBEM_FLAG_RETURN_IMMEDIATELY, null, sink),
      WBEM_E_INVALID_PARAMETER,
    );
    assert.equal(svc.deleteClassAsync(null, 0, null, sink), WBEM_E_INVALID_PARAMETER);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(sink.calls.length, 0);
    assert.equal((await svc.getClass('Ops_Base')).name, 'Ops_Base');
  });
});

describe('PutInstance / GetObject / DeleteInstance / CreateInstanceEnum', () => {
  it('hands the new instance path to the sink as strParam', async () => {
    const sink = new RecordingSink();
    const inst = cimInstance('Ops_Base', { Id: 'a', Size: 1 });
    assert.equal(svc.putInstanceAsync(inst, 0, null, sink), WBEM_S_NO_ERROR);
    const final = await sink.done;
    assert.equal(final.hResult, WBEM_S_NO_ERROR);
    assert.equal(typeof final.param, 'string');
    assert.match(final.param ?? '', /^Ops_Base\.Id="a"$/i);
  });

  it('reads, enumerates and deletes the instance by path', async () => {
    const path = await svc.putInstance(cimInstance('Ops_Base', { Id: 'b', Size: 2 }));
    const got = await svc.getInstance(path);
    assert.equal(got.properties.get('size')?.value, 2);
    const viaGetObject = await svc.getObject(path);
    assert.equal(viaGetObject.genus, 2);
    const sink = new RecordingSink();
    assert.equal(svc.getObjectAsync(path, 0, null, sink), WBEM_S_NO_ERROR);
    await sink.done;
    assert.deepEqual(
      sink.calls.map((c) => c.method),
      ['indicate', 'setStatus'],
    );
    assert.ok(
      (await svc.createInstanceEnum('Ops_Base')).some((i) => i.properties.get('id')?.value === 'b'),
    );
    await svc.deleteInstance(path);
    await assert.rejects(svc.getInstance(path), { hresult: WBEM_E_NOT_FOUND });
  });

  it('fails with WBEM_E_ALREADY_EXISTS when CREATE_ONLY and the instance exists', async () => {
    await svc.putInstance(cimInstance('Ops_Base', { Id: 'c' }));
    await assert.rejects(
      svc.putInstance(cimInstance('Ops_Base', { Id: 'c' }), WBEM_FLAG_CREATE_ONLY),
      {
        hresult: WBEM_E_ALREADY_EXISTS,
      },
    );
  });

  it('fails with WBEM_E_INVALID_PARAMETER when the instance is null', async () => {
    await assert.rejects(svc.putInstance(null), { hresult: WBEM_E_INVALID_PARAMETER });
  });
});

describe('putQualifierDeclaration', () => {
  it('stores a declaration that getQualifierDeclaration then returns', async () => {
    const declaration = {
      name: 'OpsQualifier',
      type: CIM_STRING,
      isArray: false,
      value: null,
      scopes: ['class'],
      flavor: 0,
    } as const;
    assert.equal(await svc.putQualifierDeclaration(declaration), undefined);
    const stored = await svc.getQualifierDeclaration('opsqualifier');
    assert.equal(stored.name, 'OpsQualifier');
    assert.equal(stored.type, CIM_STRING);
    assert.equal(stored.isArray, false);
    assert.equal(stored.value, null);
    assert.deepEqual(stored.scopes, ['class']);
  });

  it('fails with WBEM_E_INVALID_PARAMETER when flags are given', async () => {
    await assert.rejects(
      svc.putQualifierDeclaration(
        { name: 'Q2', type: CIM_STRING, isArray: false, value: null, scopes: ['any'], flavor: 0 },
        1,
      ),
      { hresult: WBEM_E_INVALID_PARAMETER },
    );
  });
});

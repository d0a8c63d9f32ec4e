/**
 * `ensureObjectManager` and `objectManagerKeys` over a stub engine: the class it defines when
 * `root/interop` lacks it, the read failures it passes on, and the instance it writes only when
 * the class has none. The loopback tests (`object-manager.test.ts`) see what pywbem reads; these
 * see each write the function makes, and engine answers a real repository does not give.
 */
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { describe, it } from 'node:test';
import {
  CIM_STRING,
  type CimClass,
  type CimInstance,
  nameKey,
  WBEM_E_ACCESS_DENIED,
  WBEM_E_NOT_FOUND,
  type WbemEngine,
  WbemError,
  type WbemServices,
} from '../../src/index.js';
import {
  ensureObjectManager,
  OBJECT_MANAGER_CLASS,
  objectManagerKeys,
} from '../../src/server/object-manager.js';

/** What the stub engine was asked. */
interface Stub {
  readonly engine: WbemEngine;
  /** Each namespace connected to. */
  readonly opened: string[];
  /** Each class read, by name. */
  readonly classReads: string[];
  /** Each class enumerated, by name. */
  readonly enumerated: string[];
  readonly classesWritten: CimClass[];
  readonly instancesWritten: CimInstance[];
}

/**
 * A stub engine whose `getClass` fails with `classRead` (or answers a class when undefined) and
 * whose `createInstanceEnum` answers `existing` instances.
 */
function stubEngine(classRead: Error | undefined, existing = 0): Stub {
  const stub: Stub = {
    engine: undefined as unknown as WbemEngine,
    opened: [],
    classReads: [],
    enumerated: [],
    classesWritten: [],
    instancesWritten: [],
  };
  const services = {
    getClass: async (name: string) => {
      stub.classReads.push(name);
      if (classRead !== undefined) throw classRead;
      return { name } as unknown as CimClass;
    },
    putClass: async (cls: CimClass) => {
      stub.classesWritten.push(cls);
    },
    createInstanceEnum: async (name: string) => {
      stub.enumerated.push(name);
      return Array.from({ length: existing }, () => ({}) as CimInstance);
    },
    putInstance: async (inst: CimInstance) => {
      stub.instancesWritten.push(inst);
      return '';
    },
  };
  const engine = {
    connectServer: async (namespace: string) => {
      stub.opened.push(namespace);
      return services as unknown as WbemServices;
    },
  };
  (stub as { engine: WbemEngine }).engine = engine as unknown as WbemEngine;
  return stub;
}

/** An instance's property values by name as written. */
function values(inst: CimInstance): Record<string, unknown> {
  return Object.fromEntries([...inst.properties.values()].map((p) => [p.name, p.value]));
}

describe('objectManagerKeys', () => {
  it('names the wbemrx object manager of this host, scoped to its computer system', () => {
    assert.deepEqual(objectManagerKeys(), {
      SystemCreationClassName: 'CIM_ComputerSystem',
      SystemName: hostname(),
      CreationClassName: 'CIM_ObjectManager',
      Name: 'wbemrx',
    });
  });
});

describe('ensureObjectManager', () => {
  it('defines CIM_ObjectManager in root/interop with the four DMTF keys, ElementName and Description when the class is not found', async () => {
    const stub = stubEngine(new WbemError(WBEM_E_NOT_FOUND));
    await ensureObjectManager(stub.engine);
    assert.deepEqual(stub.opened, ['root/interop']);
    assert.deepEqual(stub.classReads, [OBJECT_MANAGER_CLASS]);
    const [cls, ...more] = stub.classesWritten;
    assert.equal(more.length, 0);
    assert.ok(cls !== undefined);
    assert.equal(cls.name, 'CIM_ObjectManager');
    assert.equal(cls.superclass, null);
    assert.equal(
      cls.qualifiers.get(nameKey('Description'))?.value,
      'DSP1071 object manager: the WBEM server itself',
    );
    // The keys are what pywbem copies into its filters' keys; the other two are plain strings.
    assert.deepEqual(
      [...cls.properties.values()].map((p) => ({
        name: p.name,
        type: p.type,
        key: p.qualifiers.get(nameKey('Key'))?.value ?? false,
      })),
      [
        { name: 'SystemCreationClassName', type: CIM_STRING, key: true },
        { name: 'SystemName', type: CIM_STRING, key: true },
        { name: 'CreationClassName', type: CIM_STRING, key: true },
        { name: 'Name', type: CIM_STRING, key: true },
        { name: 'ElementName', type: CIM_STRING, key: false },
        { name: 'Description', type: CIM_STRING, key: false },
      ],
    );
  });

  it('leaves the class as it is when root/interop already defines it', async () => {
    // A full DMTF definition compiled into the namespace wins over the minimal one.
    const stub = stubEngine(undefined);
    await ensureObjectManager(stub.engine);
    assert.deepEqual(stub.classesWritten, []);
  });

  it('passes on a class read refused with anything but WBEM_E_NOT_FOUND without defining the class', async () => {
    const stub = stubEngine(new WbemError(WBEM_E_ACCESS_DENIED));
    await assert.rejects(ensureObjectManager(stub.engine), { hresult: WBEM_E_ACCESS_DENIED });
    assert.deepEqual(stub.classesWritten, []);
    assert.deepEqual(stub.instancesWritten, []);
  });

  it('passes on a class read that fails with an error other than a WbemError', async () => {
    // A plain Error carries no hresult: it is not taken for a missing class.
    const failure = new Error('the store is closed');
    const stub = stubEngine(failure);
    await assert.rejects(ensureObjectManager(stub.engine), (e) => e === failure);
    assert.deepEqual(stub.classesWritten, []);
  });

  it("writes this server's instance with ElementName wbemrx and a description when the class has none", async () => {
    const stub = stubEngine(undefined, 0);
    await ensureObjectManager(stub.engine);
    assert.deepEqual(stub.enumerated, [OBJECT_MANAGER_CLASS]);
    const [inst, ...more] = stub.instancesWritten;
    assert.equal(more.length, 0);
    assert.ok(inst !== undefined);
    assert.equal(inst.className, 'CIM_ObjectManager');
    assert.deepEqual(values(inst), {
      ...objectManagerKeys(),
      ElementName: 'wbemrx',
      Description: 'wbemrx CIM-XML server',
    });
  });

  it('writes no instance when the class already has one, which an administrator may have replaced', async () => {
    const stub = stubEngine(undefined, 1);
    await ensureObjectManager(stub.engine);
    assert.deepEqual(stub.instancesWritten, []);
  });
});

/**
 * The creator records of indication subscriptions (`indication-creators.ts`): the class the
 * server defines, and how it upgrades one stored without `Remote` (with and without records, and
 * which refusals it passes on); what `recordSubscriptionCreator` writes and
 * `forgetSubscriptionCreator` deletes (the record path with `"` and `\` escaped); which records
 * `readSubscriptionCreators` keeps and how it reads `Remote`; and the helpers the subscription
 * spec reads filters with (`text`, `namespaceKey`, `sourceNamespacesOf`, `localPath`). A stub
 * engine shows each call and gives the refusals a real engine does not let a test choose; an
 * in-memory engine shows the records end to end.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type CimClass,
  type CimInstance,
  cimClass,
  cimInstance,
  cimProperty,
  nameKey,
  qualifier,
  WBEM_E_ACCESS_DENIED,
  WBEM_E_CLASS_HAS_INSTANCES,
  WBEM_E_NOT_FOUND,
  WBEM_FLAG_UPDATE_FORCE_MODE,
  WBEM_FLAG_UPDATE_ONLY,
  WbemEngine,
  WbemError,
  type WbemServices,
} from '../../src/index.js';
import {
  CREATOR_CLASS,
  ensureCreatorClass,
  forgetSubscriptionCreator,
  localPath,
  namespaceKey,
  readSubscriptionCreators,
  recordSubscriptionCreator,
  sourceNamespacesOf,
  text,
} from '../../src/server/indication-creators.js';
import { INTEROP } from './helpers/interop-fixtures.js';

/** How the stub connection answers, and what it was asked. */
interface Stub {
  readonly engine: WbemEngine;
  readonly svc: WbemServices;
  /** Every call, as `what:detail`. */
  readonly calls: string[];
  /** The classes and instances written, in order. */
  readonly classes: { cls: CimClass; flags: number | undefined }[];
  readonly instances: CimInstance[];
  /** What `getClass` answers (a class) or throws. */
  stored: CimClass | Error;
  /** Thrown by each `putClass` in turn; undefined: it succeeds. */
  readonly putClassFailures: (Error | undefined)[];
  /** What `createInstanceEnum` answers. */
  records: CimInstance[];
  /** Thrown by `deleteInstance` when set. */
  deleteFailure: Error | undefined;
}

function stub(): Stub {
  const s: Stub = {
    engine: undefined as unknown as WbemEngine,
    svc: undefined as unknown as WbemServices,
    calls: [],
    classes: [],
    instances: [],
    stored: new WbemError(WBEM_E_NOT_FOUND),
    putClassFailures: [],
    records: [],
    deleteFailure: undefined,
  };
  const svc = {
    getClass: async (name: string) => {
      s.calls.push(`getClass:${name}`);
      if (s.stored instanceof Error) throw s.stored;
      return s.stored;
    },
    putClass: async (cls: CimClass, flags?: number) => {
      s.calls.push(`putClass:${cls.name}:${flags}`);
      const failure = s.putClassFailures.shift();
      if (failure !== undefined) throw failure;
      s.classes.push({ cls, flags });
    },
    createInstanceEnum: async (name: string) => {
      s.calls.push(`enum:${name}`);
      return s.records;
    },
    putInstance: async (inst: CimInstance) => {
      s.calls.push(`putInstance:${inst.className}`);
      s.instances.push(inst);
      return '';
    },
    deleteInstance: async (path: string) => {
      s.calls.push(`deleteInstance:${path}`);
      if (s.deleteFailure !== undefined) throw s.deleteFailure;
    },
  } as unknown as WbemServices;
  const engine = {
    connectServer: async (namespace: string, options?: unknown) => {
      s.calls.push(`connect:${namespace}${options === undefined ? '' : JSON.stringify(options)}`);
      return svc;
    },
  } as unknown as WbemEngine;
  Object.assign(s, { engine, svc });
  return s;
}

/** A plain error that carries an HRESULT without being a `WbemError`. */
function lookalike(hresult: number): Error {
  return Object.assign(new Error('not a WbemError'), { hresult });
}

/** The creator class as stored before `Remote` existed. */
const OLD_CLASS = cimClass({
  name: CREATOR_CLASS,
  properties: [
    cimProperty('Subscription', 'string', { qualifiers: [qualifier('Key', true)] }),
    cimProperty('Creator', 'string'),
  ],
});

/** A record's properties as `[name, value]` pairs. */
function valuesOf(inst: CimInstance | undefined): [string, unknown][] {
  return [...(inst?.properties.values() ?? [])].map((p) => [p.name, p.value]);
}

/** The class with its qualifiers and properties as plain data. */
function shape(cls: CimClass | undefined) {
  return {
    name: cls?.name,
    qualifiers: [...(cls?.qualifiers.values() ?? [])].map((q) => [q.name, q.value]),
    properties: [...(cls?.properties.values() ?? [])].map((p) => [
      p.name,
      p.type,
      p.isArray,
      [...p.qualifiers.values()].map((q) => [q.name, q.value]),
    ]),
  };
}

const EXPECTED_CLASS = shape(
  cimClass({
    name: CREATOR_CLASS,
    qualifiers: [
      qualifier(
        'Description',
        'The principal whose rights deliveries of a CIM_IndicationSubscription follow (kept by the server)',
      ),
    ],
    properties: [
      cimProperty('Subscription', 'string', { qualifiers: [qualifier('Key', true)] }),
      cimProperty('Creator', 'string'),
      cimProperty('Remote', 'boolean'),
    ],
  }),
);

describe('ensureCreatorClass', () => {
  it('defines the class in root/interop when it is missing', async () => {
    const s = stub();
    await ensureCreatorClass(s.engine);
    assert.deepEqual(s.calls, [
      `connect:${INTEROP}`,
      `getClass:${CREATOR_CLASS}`,
      `putClass:${CREATOR_CLASS}:undefined`,
    ]);
    assert.deepEqual(shape(s.classes[0]?.cls), EXPECTED_CLASS);
  });

  it('leaves a class that has Remote as it is', async () => {
    const s = stub();
    s.stored = cimClass({
      name: CREATOR_CLASS,
      properties: [...OLD_CLASS.properties.values(), cimProperty('remote', 'boolean')],
    });
    await ensureCreatorClass(s.engine);
    assert.deepEqual(s.calls, [`connect:${INTEROP}`, `getClass:${CREATOR_CLASS}`]);
  });

  it('adds Remote in compatible mode when no record is stored', async () => {
    const s = stub();
    s.stored = OLD_CLASS;
    await ensureCreatorClass(s.engine);
    assert.deepEqual(s.calls, [
      `connect:${INTEROP}`,
      `getClass:${CREATOR_CLASS}`,
      `putClass:${CREATOR_CLASS}:${WBEM_FLAG_UPDATE_ONLY}`,
    ]);
    assert.deepEqual(shape(s.classes[0]?.cls), EXPECTED_CLASS);
  });

  it('with records stored, reads them, updates in force mode and writes them back without Remote', async () => {
    const s = stub();
    s.stored = OLD_CLASS;
    s.putClassFailures.push(new WbemError(WBEM_E_CLASS_HAS_INSTANCES));
    s.records = [
      cimInstance(CREATOR_CLASS, { Subscription: 'S.Id="1"', Creator: 'alice' }),
      cimInstance(CREATOR_CLASS, { Creator: 'nobody' }),
      cimInstance(CREATOR_CLASS, { Subscription: 'S.Id="2"' }),
    ];
    await ensureCreatorClass(s.engine);
    assert.deepEqual(s.calls, [
      `connect:${INTEROP}`,
      `getClass:${CREATOR_CLASS}`,
      `putClass:${CREATOR_CLASS}:${WBEM_FLAG_UPDATE_ONLY}`,
      `enum:${CREATOR_CLASS}`,
      `putClass:${CREATOR_CLASS}:${WBEM_FLAG_UPDATE_ONLY | WBEM_FLAG_UPDATE_FORCE_MODE}`,
      `putInstance:${CREATOR_CLASS}`,
      `putInstance:${CREATOR_CLASS}`,
    ]);
    assert.deepEqual(shape(s.classes[0]?.cls), EXPECTED_CLASS);
    assert.deepEqual(s.instances.map(valuesOf), [
      [
        ['Subscription', 'S.Id="1"'],
        ['Creator', 'alice'],
      ],
      [['Subscription', 'S.Id="2"']],
    ]);
  });

  it('passes on other refusals of the read and of the update', async () => {
    for (const failure of [
      new WbemError(WBEM_E_ACCESS_DENIED),
      lookalike(WBEM_E_NOT_FOUND),
      new Error('plain'),
    ]) {
      const s = stub();
      s.stored = failure;
      await assert.rejects(ensureCreatorClass(s.engine), (e) => e === failure);
      assert.deepEqual(s.calls, [`connect:${INTEROP}`, `getClass:${CREATOR_CLASS}`]);
    }
    for (const failure of [
      new WbemError(WBEM_E_ACCESS_DENIED),
      lookalike(WBEM_E_CLASS_HAS_INSTANCES),
      new Error('plain'),
    ]) {
      const s = stub();
      s.stored = OLD_CLASS;
      s.putClassFailures.push(failure);
      await assert.rejects(ensureCreatorClass(s.engine), (e) => e === failure);
      assert.equal(s.calls.includes(`enum:${CREATOR_CLASS}`), false);
    }
  });
});

describe('recordSubscriptionCreator and forgetSubscriptionCreator', () => {
  it('records the creator with Remote false unless remote is true', async () => {
    const s = stub();
    await recordSubscriptionCreator(s.engine, 'S.Id="1"', 'alice');
    await recordSubscriptionCreator(s.engine, 'S.Id="2"', 'bob', { remote: true });
    await recordSubscriptionCreator(s.engine, 'S.Id="3"', 'carol', { remote: false });
    assert.deepEqual(
      s.calls.filter((c) => c.startsWith('connect')),
      [`connect:${INTEROP}`, `connect:${INTEROP}`, `connect:${INTEROP}`],
    );
    assert.deepEqual(
      s.instances.map((i) => [i.className, valuesOf(i)]),
      [
        [
          CREATOR_CLASS,
          [
            ['Subscription', 'S.Id="1"'],
            ['Creator', 'alice'],
            ['Remote', false],
          ],
        ],
        [
          CREATOR_CLASS,
          [
            ['Subscription', 'S.Id="2"'],
            ['Creator', 'bob'],
            ['Remote', true],
          ],
        ],
        [
          CREATOR_CLASS,
          [
            ['Subscription', 'S.Id="3"'],
            ['Creator', 'carol'],
            ['Remote', false],
          ],
        ],
      ],
    );
  });

  it('deletes the record at the subscription path with " and \\ escaped', async () => {
    const s = stub();
    await forgetSubscriptionCreator(s.engine, 'S.Name="a\\b",Other="c"');
    assert.deepEqual(s.calls, [
      `connect:${INTEROP}`,
      `deleteInstance:${CREATOR_CLASS}.Subscription="S.Name=\\"a\\\\b\\",Other=\\"c\\""`,
    ]);
  });

  it('is content when there is no record, and passes on other refusals', async () => {
    const s = stub();
    s.deleteFailure = new WbemError(WBEM_E_NOT_FOUND);
    await forgetSubscriptionCreator(s.engine, 'S.Id="1"');
    for (const failure of [
      new WbemError(WBEM_E_ACCESS_DENIED),
      lookalike(WBEM_E_NOT_FOUND),
      new Error('plain'),
    ]) {
      s.deleteFailure = failure;
      await assert.rejects(forgetSubscriptionCreator(s.engine, 'S.Id="1"'), (e) => e === failure);
    }
  });
});

describe('readSubscriptionCreators', () => {
  it('keeps records with a subscription and a creator, and reads a missing Remote as remote', async () => {
    const s = stub();
    s.records = [
      cimInstance(CREATOR_CLASS, { Subscription: 'S.Id="local"', Creator: 'alice', Remote: false }),
      cimInstance(CREATOR_CLASS, { Subscription: 'S.Id="remote"', Creator: 'bob', Remote: true }),
      cimInstance(CREATOR_CLASS, { Subscription: 'S.Id="old"', Creator: 'carol' }),
      cimInstance(CREATOR_CLASS, { Subscription: 'S.Id="null"', Creator: 'dave', Remote: null }),
      cimInstance(CREATOR_CLASS, { Subscription: 'S.Id="empty"', Creator: '', Remote: false }),
      cimInstance(CREATOR_CLASS, { Subscription: 'S.Id="none"', Remote: false }),
      cimInstance(CREATOR_CLASS, { Subscription: 'S.Id="number"', Creator: 7, Remote: false }),
      cimInstance(CREATOR_CLASS, { Creator: 'erin', Remote: false }),
    ];
    const creators = await readSubscriptionCreators(s.svc);
    assert.deepEqual(s.calls, [`enum:${CREATOR_CLASS}`]);
    assert.deepEqual(
      [...creators],
      [
        ['S.Id="local"', { principal: 'alice', remote: false }],
        ['S.Id="remote"', { principal: 'bob', remote: true }],
        ['S.Id="old"', { principal: 'carol', remote: true }],
        ['S.Id="null"', { principal: 'dave', remote: true }],
      ],
    );
  });
});

describe('the creator records in an engine', () => {
  let engine: WbemEngine;
  before(async () => {
    engine = await WbemEngine.start({ storage: 'memory', hosts: 1 });
    await engine.ensureNamespace(INTEROP);
  });
  after(async () => {
    await engine.shutdown();
  });

  it('defines the class, records a creator under a path with quotes and backslashes and forgets it', async () => {
    await ensureCreatorClass(engine);
    const svc = await engine.connectServer(INTEROP);
    assert.deepEqual(
      shape(await svc.getClass(CREATOR_CLASS)).properties.map((p) => p[0]),
      ['Subscription', 'Creator', 'Remote'],
    );
    const path = 'CIM_IndicationSubscription.Filter="F.Name=\\"a\\\\b\\"",Handler="H"';
    await recordSubscriptionCreator(engine, path, 'alice', { remote: true });
    await recordSubscriptionCreator(engine, 'S.Id="2"', 'bob');
    assert.deepEqual(
      [...(await readSubscriptionCreators(svc))].sort(),
      [
        [path, { principal: 'alice', remote: true }],
        ['S.Id="2"', { principal: 'bob', remote: false }],
      ].sort(),
    );
    await forgetSubscriptionCreator(engine, path);
    await forgetSubscriptionCreator(engine, path);
    assert.deepEqual(
      [...(await readSubscriptionCreators(svc))],
      [['S.Id="2"', { principal: 'bob', remote: false }]],
    );
  });
});

describe('text and namespaceKey', () => {
  it('reads a string property by any case of its name, and nothing else', () => {
    const inst = cimInstance('X', { Name: 'n', Count: 3, Flag: true, Empty: null, List: ['a'] });
    assert.equal(text(inst, 'name'), 'n');
    assert.equal(text(inst, 'NAME'), 'n');
    for (const name of ['Count', 'Flag', 'Empty', 'List', 'Missing'])
      assert.equal(text(inst, name), undefined, name);
  });

  it('compares namespaces with every backslash a slash, in lower case', () => {
    assert.equal(namespaceKey('ROOT\\CimV2\\Sub'), 'root/cimv2/sub');
    assert.equal(namespaceKey('root/cimv2'), 'root/cimv2');
  });
});

describe('sourceNamespacesOf', () => {
  const filter = (values: Record<string, string | string[] | null>) =>
    cimInstance('CIM_IndicationFilter', values);

  it('takes SourceNamespaces, with slashes, once each by namespaceKey', () => {
    assert.deepEqual(
      sourceNamespacesOf(
        filter({ SourceNamespaces: ['root\\cimv2', 'root/a', 'ROOT/CIMV2'], SourceNamespace: 'x' }),
      ),
      ['ROOT/CIMV2', 'root/a'],
    );
  });

  it('leaves out what is not a string', () => {
    const f = cimInstance('CIM_IndicationFilter', {});
    const withNumber = {
      ...f,
      properties: new Map([
        [
          nameKey('SourceNamespaces'),
          { name: 'SourceNamespaces', value: ['root/a', 7, 'root\\b'] as unknown as string[] },
        ],
      ]),
    } as CimInstance;
    assert.deepEqual(sourceNamespacesOf(withNumber), ['root/a', 'root/b']);
  });

  it('falls back to SourceNamespace, then to root/interop', () => {
    assert.deepEqual(sourceNamespacesOf(filter({ SourceNamespace: 'root\\single' })), [
      'root/single',
    ]);
    assert.deepEqual(
      sourceNamespacesOf(filter({ SourceNamespaces: [], SourceNamespace: 'root/one' })),
      ['root/one'],
    );
    assert.deepEqual(sourceNamespacesOf(filter({ SourceNamespaces: null })), [INTEROP]);
    assert.deepEqual(sourceNamespacesOf(filter({ SourceNamespaces: 'root/a' })), [INTEROP]);
    assert.deepEqual(sourceNamespacesOf(filter({})), [INTEROP]);
  });
});

describe('localPath', () => {
  it('drops a namespace prefix, with or without a host', () => {
    assert.equal(localPath('root/interop:CIM_X.Name="a"'), 'CIM_X.Name="a"');
    assert.equal(localPath('root\\interop:_X.Name="a"'), '_X.Name="a"');
    assert.equal(localPath('//host.example.com/root/interop:CIM_X.Name="a"'), 'CIM_X.Name="a"');
    assert.equal(localPath('//host:5988/root/interop:cim_x.Name="a"'), 'cim_x.Name="a"');
    assert.equal(localPath(':CIM_X.Name="a"'), 'CIM_X.Name="a"');
  });

  it('leaves a path without a prefix as it is, colons in its values included', () => {
    for (const path of [
      'CIM_X.Name="a"',
      'CIM_X.Name="root:b"',
      'CIM_X.Name="x",Other="ns:Y"',
      'CIM_X=@',
      'root/interop:9X',
      'root/interop:.X',
      'root.x:CIM_X',
      'ns=1:CIM_X',
      'a"b:CIM_X',
      '//host/ns:9X.Name="root:Z"',
    ])
      assert.equal(localPath(path), path, path);
  });
});

/**
 * `instance-operations.ts` over loopback on a small tree (`Acme_Disk` → `Acme_Ssd`, and
 * `Acme_Slot` keyed by a uint32): the view each read writes (LocalOnly read as false,
 * IncludeClassOrigin, PropertyList), shallow and deep enumerations with a PropertyList, key values
 * typed by their class in every INSTANCENAME, the parameters each operation validates, and
 * ModifyInstance's refusals and update-only write. Then the operations run directly over a stub
 * connection, for what a real engine does not show: an instance without a path, the instance
 * ModifyInstance's PropertyList merge writes, and an embedded object whose class cannot be read.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type CimClass,
  type CimInstance,
  WBEM_E_NOT_FOUND,
  WBEM_FLAG_CREATE_ONLY,
  WBEM_FLAG_UPDATE_ONLY,
  WbemError,
  type WbemServices,
} from '../../src/index.js';
import type { CimCall } from '../../src/server/cim-call.js';
import { cimErrorOf } from '../../src/server/cim-status.js';
import { NO_DECLARATIONS } from '../../src/server/decode-cim.js';
import {
  createInstance,
  enumerateInstanceNames,
  enumerateInstances,
  modifyInstance,
} from '../../src/server/instance-operations.js';
import type { OperationContext } from '../../src/server/operation.js';
import { childNamed, childrenNamed, parseXml, type XmlElement } from '../../src/server/xml-tree.js';
import {
  type CimReply,
  className,
  param,
  startTestServer,
  type TestServer,
  value,
} from './helpers/cim-client.js';

const CIM_ERR_INVALID_PARAMETER = 4;
const CIM_ERR_NOT_FOUND = 6;

const KEY = '<QUALIFIER NAME="Key" TYPE="boolean"><VALUE>TRUE</VALUE></QUALIFIER>';
const DISK = `<CLASS NAME="Acme_Disk"><PROPERTY NAME="Id" TYPE="string">${KEY}</PROPERTY><PROPERTY NAME="Size" TYPE="uint32"><VALUE>0</VALUE></PROPERTY><PROPERTY NAME="Label" TYPE="string"/></CLASS>`;
const SSD = `<CLASS NAME="Acme_Ssd" SUPERCLASS="Acme_Disk"><PROPERTY NAME="Wear" TYPE="uint8"/></CLASS>`;
const SLOT = `<CLASS NAME="Acme_Slot"><PROPERTY NAME="Slot" TYPE="uint32">${KEY}</PROPERTY></CLASS>`;

const prop = (name: string, type: string, v: string): string =>
  `<PROPERTY NAME="${name}" TYPE="${type}"><VALUE>${v}</VALUE></PROPERTY>`;
const instance = (cls: string, props: string): string =>
  `<INSTANCE CLASSNAME="${cls}">${props}</INSTANCE>`;
const idName = (cls: string, id: string): string =>
  `<INSTANCENAME CLASSNAME="${cls}"><KEYBINDING NAME="Id"><KEYVALUE VALUETYPE="string">${id}</KEYVALUE></KEYBINDING></INSTANCENAME>`;
/** The INSTANCENAME the server writes for slot `n`: its key typed uint32 by the class. */
const slotName = (n: number): string =>
  `<INSTANCENAME CLASSNAME="Acme_Slot"><KEYBINDING NAME="Slot"><KEYVALUE VALUETYPE="numeric" TYPE="uint32">${n}</KEYVALUE></KEYBINDING></INSTANCENAME>`;
const flag = (name: string, on: boolean): string => param(name, value(on));
const propertyList = (...names: string[]): string =>
  param('PropertyList', `<VALUE.ARRAY>${names.map((n) => value(n)).join('')}</VALUE.ARRAY>`);

/** The `IRETURNVALUE` exactly as the server wrote it. */
function rawReturnValue(reply: CimReply): string {
  assert.equal(reply.error, undefined, reply.error?.description);
  return /<IRETURNVALUE>(.*)<\/IRETURNVALUE>/s.exec(reply.http.body)?.[1] ?? '';
}

/** An INSTANCE as its class name and each property's NAME, `@CLASSORIGIN` when sent, `=value`. */
function shape(inst: XmlElement | undefined): string[] {
  assert.ok(inst !== undefined, 'no INSTANCE');
  return [
    inst.attrs['CLASSNAME'] ?? '',
    ...inst.children.map((p) => {
      const origin = p.attrs['CLASSORIGIN'] === undefined ? '' : `@${p.attrs['CLASSORIGIN']}`;
      const v = childNamed(p, 'VALUE')?.text;
      return `${p.attrs['NAME']}${origin}${v === undefined ? '' : `=${v}`}`;
    }),
  ];
}

describe('instance operations over CIM-XML (GetInstance, EnumerateInstances, EnumerateInstanceNames, CreateInstance, ModifyInstance, DeleteInstance)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
    for (const cls of [DISK, SSD, SLOT]) {
      const r = await t.client.call('CreateClass', param('NewClass', cls));
      assert.equal(r.error, undefined, r.error?.description);
    }
    for (const inst of [
      instance('Acme_Disk', prop('Id', 'string', 'd1') + prop('Label', 'string', 'boot')),
      instance('Acme_Ssd', prop('Id', 'string', 's1') + prop('Wear', 'uint8', '3')),
    ]) {
      const r = await t.client.call('CreateInstance', param('NewInstance', inst));
      assert.equal(r.error, undefined, r.error?.description);
    }
  });
  after(() => t.close());

  const getInstance = (name: string, params = ''): Promise<CimReply> =>
    t.client.call('GetInstance', param('InstanceName', name) + params);
  const enumerate = (params: string): Promise<CimReply> =>
    t.client.call('EnumerateInstances', param('ClassName', className('Acme_Disk')) + params);
  /** Each VALUE.NAMEDINSTANCE's INSTANCE, by its shape. */
  const enumerated = async (params: string): Promise<string[][]> => {
    const r = await enumerate(params);
    assert.equal(r.error, undefined, r.error?.description);
    return childrenNamed(r.returnValue as XmlElement, 'VALUE.NAMEDINSTANCE').map((n) =>
      shape(childNamed(n, 'INSTANCE')),
    );
  };

  describe('GetInstance', () => {
    it('writes every property, inherited ones too, without CLASSORIGIN when only InstanceName is given', async () => {
      const r = await getInstance(idName('Acme_Ssd', 's1'));
      assert.equal(r.error, undefined, r.error?.description);
      assert.deepEqual(shape(childNamed(r.returnValue as XmlElement, 'INSTANCE')), [
        'Acme_Ssd',
        'Id=s1',
        'Size=0',
        'Label',
        'Wear=3',
      ]);
    });

    it('still writes the inherited properties when LocalOnly is true, since DSP0200 deprecates it', async () => {
      const r = await getInstance(idName('Acme_Ssd', 's1'), flag('LocalOnly', true));
      assert.equal(r.error, undefined, r.error?.description);
      assert.deepEqual(shape(childNamed(r.returnValue as XmlElement, 'INSTANCE')), [
        'Acme_Ssd',
        'Id=s1',
        'Size=0',
        'Label',
        'Wear=3',
      ]);
    });

    it('writes CLASSORIGIN on each property when IncludeClassOrigin is true', async () => {
      const r = await getInstance(
        idName('Acme_Ssd', 's1'),
        flag('IncludeClassOrigin', true) + propertyList('Id', 'Wear'),
      );
      assert.equal(r.error, undefined, r.error?.description);
      assert.deepEqual(shape(childNamed(r.returnValue as XmlElement, 'INSTANCE')), [
        'Acme_Ssd',
        'Id@Acme_Disk=s1',
        'Wear@Acme_Ssd=3',
      ]);
    });

    for (const name of ['LocalOnly', 'IncludeQualifiers', 'IncludeClassOrigin']) {
      it(`fails with CIM_ERR_INVALID_PARAMETER naming ${name} when it is not a boolean`, async () => {
        const r = await getInstance(idName('Acme_Disk', 'd1'), param(name, value('maybe')));
        assert.deepEqual(r.error, {
          code: CIM_ERR_INVALID_PARAMETER,
          description: `WBEM_E_INVALID_PARAMETER (0x80041008): parameter ${name} must be <VALUE>TRUE</VALUE> or <VALUE>FALSE</VALUE>`,
        });
      });
    }
  });

  describe('EnumerateInstances', () => {
    it('writes each instance with its INSTANCENAME and every property of its own class when only ClassName is given', async () => {
      const r = await enumerate('');
      assert.equal(
        rawReturnValue(r),
        `<VALUE.NAMEDINSTANCE>${idName('Acme_Disk', 'd1')}<INSTANCE CLASSNAME="Acme_Disk"><PROPERTY NAME="Id" TYPE="string"><VALUE>d1</VALUE></PROPERTY><PROPERTY NAME="Size" TYPE="uint32"><VALUE>0</VALUE></PROPERTY><PROPERTY NAME="Label" TYPE="string"><VALUE>boot</VALUE></PROPERTY></INSTANCE></VALUE.NAMEDINSTANCE>` +
          `<VALUE.NAMEDINSTANCE>${idName('Acme_Ssd', 's1')}<INSTANCE CLASSNAME="Acme_Ssd"><PROPERTY NAME="Id" TYPE="string" PROPAGATED="true"><VALUE>s1</VALUE></PROPERTY><PROPERTY NAME="Size" TYPE="uint32" PROPAGATED="true"><VALUE>0</VALUE></PROPERTY><PROPERTY NAME="Label" TYPE="string" PROPAGATED="true"></PROPERTY><PROPERTY NAME="Wear" TYPE="uint8"><VALUE>3</VALUE></PROPERTY></INSTANCE></VALUE.NAMEDINSTANCE>`,
      );
    });

    it('keeps the listed properties of every class when DeepInheritance is true and a PropertyList is given', async () => {
      assert.deepEqual(await enumerated(propertyList('WEAR', 'Label')), [
        ['Acme_Disk', 'Label=boot'],
        ['Acme_Ssd', 'Label', 'Wear=3'],
      ]);
    });

    it('keeps only the listed properties the named class declares when DeepInheritance is false and a PropertyList is given', async () => {
      assert.deepEqual(
        await enumerated(flag('DeepInheritance', false) + propertyList('Wear', 'Id')),
        [
          ['Acme_Disk', 'Id=d1'],
          ['Acme_Ssd', 'Id=s1'],
        ],
      );
    });

    it('keeps the properties the named class declares when DeepInheritance is false without a PropertyList', async () => {
      assert.deepEqual(await enumerated(flag('DeepInheritance', false)), [
        ['Acme_Disk', 'Id=d1', 'Size=0', 'Label=boot'],
        ['Acme_Ssd', 'Id=s1', 'Size=0', 'Label'],
      ]);
    });

    it('writes CLASSORIGIN and inherited properties when IncludeClassOrigin and LocalOnly are true', async () => {
      assert.deepEqual(
        await enumerated(
          flag('LocalOnly', true) + flag('IncludeClassOrigin', true) + propertyList('Id', 'Wear'),
        ),
        [
          ['Acme_Disk', 'Id@Acme_Disk=d1'],
          ['Acme_Ssd', 'Id@Acme_Disk=s1', 'Wear@Acme_Ssd=3'],
        ],
      );
    });

    for (const name of ['LocalOnly', 'DeepInheritance', 'IncludeQualifiers']) {
      it(`fails with CIM_ERR_INVALID_PARAMETER naming ${name} when it is not a boolean`, async () => {
        const r = await enumerate(param(name, value('maybe')));
        assert.equal(r.error?.code, CIM_ERR_INVALID_PARAMETER);
        assert.match(r.error?.description ?? '', new RegExp(`parameter ${name} must be`));
      });
    }
  });

  describe('key values typed by their class', () => {
    before(async () => {
      for (const n of [7, 8]) {
        const r = await t.client.call(
          'CreateInstance',
          param('NewInstance', instance('Acme_Slot', prop('Slot', 'uint32', String(n)))),
        );
        assert.equal(r.error, undefined, r.error?.description);
      }
    });

    it('returns the new INSTANCENAME with its key typed by the class when CreateInstance succeeds', async () => {
      const r = await t.client.call(
        'CreateInstance',
        param('NewInstance', instance('Acme_Slot', prop('Slot', 'uint32', '9'))),
      );
      assert.equal(rawReturnValue(r), slotName(9));
    });

    it('writes one INSTANCENAME per instance, keys typed by the class, when EnumerateInstanceNames is called', async () => {
      const r = await t.client.call(
        'EnumerateInstanceNames',
        param('ClassName', className('Acme_Slot')),
      );
      assert.equal(rawReturnValue(r), slotName(7) + slotName(8) + slotName(9));
    });

    it('types the key of each VALUE.NAMEDINSTANCE when EnumerateInstances is called', async () => {
      const r = await t.client.call(
        'EnumerateInstances',
        param('ClassName', className('Acme_Slot')) + propertyList(),
      );
      assert.equal(
        rawReturnValue(r),
        [7, 8, 9]
          .map(
            (n) =>
              `<VALUE.NAMEDINSTANCE>${slotName(n)}<INSTANCE CLASSNAME="Acme_Slot"></INSTANCE></VALUE.NAMEDINSTANCE>`,
          )
          .join(''),
      );
    });
  });

  describe('ModifyInstance', () => {
    const modify = (inner: string, params = ''): Promise<CimReply> =>
      t.client.call('ModifyInstance', param('ModifiedInstance', inner) + params);
    const named = (name: string, inst: string): string =>
      `<VALUE.NAMEDINSTANCE>${name}${inst}</VALUE.NAMEDINSTANCE>`;

    for (const [what, inner] of [
      ['no INSTANCENAME', instance('Acme_Disk', prop('Id', 'string', 'd1'))],
      ['no INSTANCE', idName('Acme_Disk', 'd1')],
    ] as const) {
      it(`fails with CIM_ERR_INVALID_PARAMETER when ModifiedInstance holds ${what}`, async () => {
        const r = await modify(`<VALUE.NAMEDINSTANCE>${inner}</VALUE.NAMEDINSTANCE>`);
        assert.deepEqual(r.error, {
          code: CIM_ERR_INVALID_PARAMETER,
          description:
            'WBEM_E_INVALID_PARAMETER (0x80041008): ModifiedInstance needs an INSTANCENAME and an INSTANCE',
        });
      });
    }

    it('fails with CIM_ERR_INVALID_PARAMETER naming both classes when the name and the instance differ', async () => {
      const r = await modify(
        named(idName('Acme_Disk', 'd1'), instance('Acme_Ssd', prop('Id', 'string', 'd1'))),
      );
      assert.deepEqual(r.error, {
        code: CIM_ERR_INVALID_PARAMETER,
        description:
          'WBEM_E_INVALID_PARAMETER (0x80041008): ModifiedInstance names Acme_Disk but holds an instance of Acme_Ssd',
      });
    });

    it('fails with CIM_ERR_INVALID_PARAMETER when IncludeQualifiers is not a boolean', async () => {
      const r = await modify(
        named(idName('Acme_Disk', 'd1'), instance('Acme_Disk', prop('Id', 'string', 'd1'))),
        param('IncludeQualifiers', value('maybe')),
      );
      assert.equal(r.error?.code, CIM_ERR_INVALID_PARAMETER);
      assert.match(r.error?.description ?? '', /parameter IncludeQualifiers must be/);
    });

    it('fails with CIM_ERR_NOT_FOUND and creates nothing when the named instance does not exist', async () => {
      const r = await modify(
        named(idName('Acme_Disk', 'd9'), instance('Acme_Disk', prop('Id', 'string', 'd9'))),
      );
      assert.equal(r.error?.code, CIM_ERR_NOT_FOUND, r.error?.description);
      assert.equal((await getInstance(idName('Acme_Disk', 'd9'))).error?.code, CIM_ERR_NOT_FOUND);
    });

    it('replaces the whole instance, a property left out losing its value, when no PropertyList is given, and takes the class name in another case', async () => {
      const r = await modify(
        named(
          idName('ACME_SSD', 's1'),
          instance('Acme_Ssd', prop('Id', 'string', 's1') + prop('Size', 'uint32', '64')),
        ),
      );
      assert.equal(r.error, undefined, r.error?.description);
      assert.equal(r.returnValue, undefined);
      const after = await getInstance(idName('Acme_Ssd', 's1'));
      assert.deepEqual(shape(childNamed(after.returnValue as XmlElement, 'INSTANCE')), [
        'Acme_Ssd',
        'Id=s1',
        'Size=64',
        'Label',
        'Wear',
      ]);
    });

    it('sets a listed property the instance leaves out to NULL and keeps the unlisted ones when a PropertyList is given', async () => {
      const r = await modify(
        named(
          idName('Acme_Disk', 'd1'),
          instance('Acme_Disk', prop('Id', 'string', 'd1') + prop('Size', 'uint32', '5')),
        ),
        propertyList('LABEL'),
      );
      assert.equal(r.error, undefined, r.error?.description);
      const after = await getInstance(idName('Acme_Disk', 'd1'));
      assert.deepEqual(shape(childNamed(after.returnValue as XmlElement, 'INSTANCE')), [
        'Acme_Disk',
        'Id=d1',
        'Size=0',
        'Label',
      ]);
    });
  });

  describe('DeleteInstance', () => {
    it('answers an empty response and removes the instance', async () => {
      const r = await t.client.call('DeleteInstance', param('InstanceName', slotName(8)));
      assert.equal(r.error, undefined, r.error?.description);
      assert.match(r.http.body, /<IMETHODRESPONSE NAME="DeleteInstance"><\/IMETHODRESPONSE>/);
      assert.equal((await getInstance(slotName(8))).error?.code, CIM_ERR_NOT_FOUND);
    });
  });
});

describe('instance operations on a stub connection', () => {
  /** A call holding `params` (name → inner XML). */
  function call(params: Record<string, string>): CimCall {
    return {
      messageId: '1',
      method: 'X',
      namespace: 'root/cimv2',
      params: new Map(
        Object.entries(params).map(([name, inner]) => [
          name.toLowerCase(),
          parseXml(`<IPARAMVALUE NAME="${name}">${inner}</IPARAMVALUE>`, {
            maxDepth: 64,
            maxElements: 1000,
          }),
        ]),
      ),
      extrinsic: false,
    };
  }

  const ACME_X: CimClass = {
    genus: 1,
    className: 'Acme_X',
    superclass: null,
    qualifiers: new Map(),
    properties: new Map([
      ['id', { name: 'Id', type: 8, isArray: false, value: null, qualifiers: new Map() }],
      ['note', { name: 'Note', type: 8, isArray: false, value: null, qualifiers: new Map() }],
      ['size', { name: 'Size', type: 19, isArray: false, value: null, qualifiers: new Map() }],
    ]),
    methods: new Map(),
  } as unknown as CimClass;

  /** A context over `services`; `classOf` gives `ACME_X` (or throws `classError`) and counts. */
  function context(
    params: Record<string, string>,
    services: Partial<Record<keyof WbemServices, unknown>>,
    classError?: Error,
  ): { ctx: OperationContext; classReads: string[] } {
    const classReads: string[] = [];
    const ctx = {
      call: call(params),
      services: services as unknown as WbemServices,
      declarations: async () => NO_DECLARATIONS,
      classOf: async (name: string) => {
        classReads.push(name);
        if (classError !== undefined) throw classError;
        return ACME_X;
      },
    } as unknown as OperationContext;
    return { ctx, classReads };
  }

  const stored = (properties: [string, string, string | number | null][]): CimInstance =>
    ({
      genus: 2,
      className: 'Acme_X',
      properties: new Map(properties.map(([key, name, v]) => [key, { name, value: v }])),
      systemProperties: { __RELPATH: 'Acme_X.Id="x1"' },
    }) as unknown as CimInstance;

  for (const [what, relPath] of [
    ['no system properties', undefined],
    ['a __RELPATH that is not a string', 42],
  ] as const) {
    it(`fails with CIM_ERR_INVALID_PARAMETER naming the class when an enumerated instance has ${what}`, async () => {
      const inst = {
        genus: 2,
        className: 'Acme_X',
        properties: new Map(),
        systemProperties: relPath === undefined ? undefined : { __RELPATH: relPath },
      };
      for (const op of [enumerateInstances, enumerateInstanceNames]) {
        const { ctx } = context(
          { ClassName: className('Acme_X') },
          { createInstanceEnum: async () => [inst] },
        );
        await assert.rejects(
          op.run(ctx),
          (error: unknown) => {
            assert.ok(error instanceof WbemError);
            assert.deepEqual(cimErrorOf(error), {
              code: CIM_ERR_INVALID_PARAMETER,
              description:
                'WBEM_E_INVALID_PARAMETER (0x80041008): an instance of Acme_X has no path',
            });
            return true;
          },
          op.name,
        );
      }
    });
  }

  /** ModifyInstance of `Acme_X.Id="x1"` holding `props`; records what the engine is asked. */
  async function modifyOverStub(
    props: string,
    list: string[] | null,
    storedInstance: CimInstance,
  ): Promise<{ written: CimInstance; flags: number; read: string[] }> {
    const read: string[] = [];
    let written: CimInstance | undefined;
    let flags = -1;
    const params: Record<string, string> = {
      ModifiedInstance: `<VALUE.NAMEDINSTANCE>${idName('Acme_X', 'x1')}${instance('Acme_X', props)}</VALUE.NAMEDINSTANCE>`,
    };
    if (list !== null) {
      params['PropertyList'] = `<VALUE.ARRAY>${list.map((n) => value(n)).join('')}</VALUE.ARRAY>`;
    }
    const { ctx } = context(params, {
      getInstance: async (path: string) => {
        read.push(path);
        return storedInstance;
      },
      putInstance: async (inst: CimInstance, f: number) => {
        written = inst;
        flags = f;
        return 'Acme_X.Id="x1"';
      },
    });
    const reply = await modifyInstance.run(ctx);
    assert.deepEqual(reply, { returnValue: null });
    assert.ok(written !== undefined);
    return { written, flags, read };
  }

  const entries = (inst: CimInstance): [string, string, unknown][] =>
    [...inst.properties].map(([key, p]) => [key, p.name, p.value]);

  it('lays the listed values over the stored instance, the names as sent, then stored, then listed, and writes it update-only', async () => {
    const { written, flags, read } = await modifyOverStub(
      prop('NOTE', 'string', 'new'),
      ['note', 'size', 'extra'],
      stored([
        ['id', 'Id', 'x1'],
        ['note', 'Note', 'old'],
        ['size', 'Size', 9],
      ]),
    );
    assert.deepEqual(read, ['Acme_X.Id="x1"']);
    assert.equal(flags, WBEM_FLAG_UPDATE_ONLY);
    assert.equal(written.genus, 2);
    assert.equal(written.className, 'Acme_X');
    assert.deepEqual(entries(written), [
      ['id', 'Id', 'x1'],
      ['note', 'NOTE', 'new'],
      ['size', 'Size', null],
      ['extra', 'extra', null],
    ]);
  });

  it('writes the instance as sent, reading nothing, when no PropertyList is given', async () => {
    const { written, flags, read } = await modifyOverStub(
      prop('Id', 'string', 'x1') + prop('Note', 'string', 'n'),
      null,
      stored([['size', 'Size', 9]]),
    );
    assert.deepEqual(read, []);
    assert.equal(flags, WBEM_FLAG_UPDATE_ONLY);
    assert.deepEqual(entries(written), [
      ['id', 'Id', 'x1'],
      ['note', 'Note', 'n'],
    ]);
  });

  it('writes the instance create-only and reads no class before the write when it holds no embedded object', async () => {
    const writes: [number, number][] = [];
    const { ctx, classReads } = context(
      { NewInstance: instance('Acme_X', prop('Id', 'string', 'x1')) },
      {
        putInstance: async (_inst: CimInstance, f: number) => {
          writes.push([f, classReads.length]);
          return 'Acme_X.Id="x1"';
        },
      },
    );
    const reply = await createInstance.run(ctx);
    assert.deepEqual(writes, [[WBEM_FLAG_CREATE_ONLY, 0]]);
    assert.equal(reply.returnValue, idName('Acme_X', 'x1'));
  });

  it('passes an embedded object on to the engine as sent when its class cannot be read', async () => {
    let written: CimInstance | undefined;
    const { ctx, classReads } = context(
      {
        NewInstance: instance(
          'Acme_X',
          `<PROPERTY NAME="Note" TYPE="string" EmbeddedObject="instance"><VALUE>${instance('Acme_Y', '').replace(/</g, '&lt;')}</VALUE></PROPERTY>`,
        ),
      },
      {
        putInstance: async (inst: CimInstance) => {
          written = inst;
          throw new WbemError(WBEM_E_NOT_FOUND, { message: 'no class Acme_X' });
        },
      },
      new WbemError(WBEM_E_NOT_FOUND),
    );
    await assert.rejects(
      createInstance.run(ctx),
      (error: unknown) => error instanceof WbemError && error.detail === 'no class Acme_X',
    );
    assert.deepEqual(classReads, ['Acme_X']);
    const note = written?.properties.get('note')?.value;
    assert.equal(typeof note, 'object', 'the embedded object is still an object');
  });
});

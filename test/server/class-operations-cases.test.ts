/**
 * `class-operations.ts` over loopback on a small tree (`Acme_Base` → `Acme_Sub` → `Acme_Leaf`):
 * the defaults and each flag of GetClass and EnumerateClasses, deep and shallow enumerations, the
 * system classes left out only from the top, the superclass refusals of CreateClass and
 * ModifyClass, the update mode ModifyClass writes in, and DeleteClass's DSP0200 refusals outside
 * force mode. Then CreateClass and ModifyClass run directly over a stub connection, for engine
 * answers a real schema does not give.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type CimClass,
  WBEM_E_NOT_FOUND,
  WBEM_FLAG_CREATE_ONLY,
  WBEM_FLAG_UPDATE_ONLY,
  WBEM_FLAG_UPDATE_SAFE_MODE,
  WbemError,
  type WbemServices,
} from '../../src/index.js';
import type { CimCall } from '../../src/server/cim-call.js';
import { cimErrorOf } from '../../src/server/cim-status.js';
import { createClass, modifyClass } from '../../src/server/class-operations.js';
import { NO_DECLARATIONS } from '../../src/server/decode-cim.js';
import type { OperationContext } from '../../src/server/operation.js';
import type { UpdateMode } from '../../src/server/update-mode.js';
import { childNamed, childrenNamed, parseXml, type XmlElement } from '../../src/server/xml-tree.js';
import {
  CimClient,
  type CimReply,
  className,
  param,
  startTestServer,
  type TestServer,
  value,
} from './helpers/cim-client.js';

const CIM_ERR_INVALID_PARAMETER = 4;
const CIM_ERR_NOT_FOUND = 6;
const CIM_ERR_CLASS_HAS_CHILDREN = 8;
const CIM_ERR_CLASS_HAS_INSTANCES = 9;
const CIM_ERR_INVALID_SUPERCLASS = 10;
const CIM_ERR_ALREADY_EXISTS = 11;

const KEY = '<QUALIFIER NAME="Key" TYPE="boolean"><VALUE>TRUE</VALUE></QUALIFIER>';
const description = (text: string): string =>
  `<QUALIFIER NAME="Description" TYPE="string"><VALUE>${text}</VALUE></QUALIFIER>`;
const BASE = `<CLASS NAME="Acme_Base">${description('base')}<PROPERTY NAME="Id" TYPE="string">${KEY}</PROPERTY><PROPERTY NAME="Size" TYPE="uint32"/></CLASS>`;
const SUB = `<CLASS NAME="Acme_Sub" SUPERCLASS="Acme_Base">${description('sub')}<PROPERTY NAME="Wear" TYPE="uint8"/></CLASS>`;
const LEAF = `<CLASS NAME="Acme_Leaf" SUPERCLASS="Acme_Sub"><PROPERTY NAME="Cells" TYPE="uint16"/></CLASS>`;

/** The reply's items named `element`, failing on an error reply. */
function items(reply: CimReply, element: string): XmlElement[] {
  assert.equal(reply.error, undefined, reply.error?.description);
  return reply.returnValue === undefined ? [] : childrenNamed(reply.returnValue, element);
}

/** A class as its name, each property's name and CLASSORIGIN, and whether any qualifier is sent. */
function shape(cls: XmlElement): {
  name: string | undefined;
  properties: string[];
  qualifiers: boolean;
} {
  const properties = cls.children.filter((c) => c.name.startsWith('PROPERTY'));
  return {
    name: cls.attrs['NAME'],
    properties: properties.map(
      (p) => `${p.attrs['NAME']}${p.attrs['CLASSORIGIN'] ? `@${p.attrs['CLASSORIGIN']}` : ''}`,
    ),
    qualifiers: [cls, ...properties].some((e) => childNamed(e, 'QUALIFIER') !== undefined),
  };
}

/** The `IRETURNVALUE` exactly as the server wrote it. */
function rawReturnValue(reply: CimReply): string {
  assert.equal(reply.error, undefined, reply.error?.description);
  return /<IRETURNVALUE>(.*)<\/IRETURNVALUE>/s.exec(reply.http.body)?.[1] ?? '';
}

describe('class operations over CIM-XML (GetClass, EnumerateClasses, EnumerateClassNames, CreateClass, ModifyClass, DeleteClass)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
    for (const cls of [BASE, SUB, LEAF]) {
      const r = await t.client.call('CreateClass', param('NewClass', cls));
      assert.equal(r.error, undefined, r.error?.description);
    }
  });
  after(() => t.close());

  const getClass = (name: string, flags = ''): Promise<CimReply> =>
    t.client.call('GetClass', param('ClassName', className(name)) + flags);
  const flag = (name: string, on: boolean): string => param(name, value(on));
  /** A client whose requests carry `X-WBEMRX-UpdateMode: mode`. */
  const clientIn = (mode: UpdateMode): CimClient =>
    new CimClient({
      port: t.port,
      auth: { user: 'admin', password: 'admin-pw' },
      headers: { 'X-WBEMRX-UpdateMode': mode },
    });

  describe('GetClass', () => {
    it('returns the local properties with qualifiers and no CLASSORIGIN when only ClassName is given', async () => {
      const [sub] = items(await getClass('Acme_Sub'), 'CLASS');
      assert.deepEqual(shape(sub as XmlElement), {
        name: 'Acme_Sub',
        properties: ['Wear'],
        qualifiers: true,
      });
    });

    it('returns the inherited properties with CLASSORIGIN and no qualifier when LocalOnly and IncludeQualifiers are false and IncludeClassOrigin is true', async () => {
      const [sub] = items(
        await getClass(
          'Acme_Sub',
          flag('LocalOnly', false) +
            flag('IncludeQualifiers', false) +
            flag('IncludeClassOrigin', true),
        ),
        'CLASS',
      );
      assert.deepEqual(shape(sub as XmlElement), {
        name: 'Acme_Sub',
        properties: ['Id@Acme_Base', 'Size@Acme_Base', 'Wear@Acme_Sub'],
        qualifiers: false,
      });
    });

    it('keeps only the listed properties when GetClass has a PropertyList', async () => {
      const [sub] = items(
        await getClass(
          'Acme_Sub',
          flag('LocalOnly', false) +
            param('PropertyList', '<VALUE.ARRAY><VALUE>size</VALUE></VALUE.ARRAY>'),
        ),
        'CLASS',
      );
      assert.deepEqual(shape(sub as XmlElement).properties, ['Size']);
    });

    it('fails with CIM_ERR_NOT_FOUND when the class does not exist', async () => {
      assert.equal((await getClass('Acme_Nope')).error?.code, CIM_ERR_NOT_FOUND);
    });
  });

  describe('EnumerateClasses and EnumerateClassNames', () => {
    const enumerate = (method: string, params: string): Promise<CimReply> =>
      t.client.call(method, params);

    it('returns only the direct subclasses, local properties and qualifiers without CLASSORIGIN when only ClassName is given', async () => {
      const classes = items(
        await enumerate('EnumerateClasses', param('ClassName', className('Acme_Base'))),
        'CLASS',
      );
      assert.deepEqual(classes.map(shape), [
        { name: 'Acme_Sub', properties: ['Wear'], qualifiers: true },
      ]);
    });

    it('returns every subclass with inherited properties, CLASSORIGIN and no qualifier when DeepInheritance, LocalOnly, IncludeQualifiers and IncludeClassOrigin say so', async () => {
      const classes = items(
        await enumerate(
          'EnumerateClasses',
          param('ClassName', className('Acme_Base')) +
            flag('DeepInheritance', true) +
            flag('LocalOnly', false) +
            flag('IncludeQualifiers', false) +
            flag('IncludeClassOrigin', true),
        ),
        'CLASS',
      );
      assert.deepEqual(classes.map(shape), [
        {
          name: 'Acme_Sub',
          properties: ['Id@Acme_Base', 'Size@Acme_Base', 'Wear@Acme_Sub'],
          qualifiers: false,
        },
        {
          name: 'Acme_Leaf',
          properties: ['Id@Acme_Base', 'Size@Acme_Base', 'Wear@Acme_Sub', 'Cells@Acme_Leaf'],
          qualifiers: false,
        },
      ]);
    });

    it('writes one CLASSNAME per subclass and nothing between them when EnumerateClassNames is deep', async () => {
      const shallow = await enumerate(
        'EnumerateClassNames',
        param('ClassName', className('Acme_Base')),
      );
      assert.equal(rawReturnValue(shallow), '<CLASSNAME NAME="Acme_Sub"/>');
      const deep = await enumerate(
        'EnumerateClassNames',
        param('ClassName', className('Acme_Base')) + flag('DeepInheritance', true),
      );
      assert.equal(
        rawReturnValue(deep),
        '<CLASSNAME NAME="Acme_Sub"/><CLASSNAME NAME="Acme_Leaf"/>',
      );
    });

    it('leaves the WMI system classes out from the top but lists them below a system class', async () => {
      for (const [method, element] of [
        ['EnumerateClasses', 'CLASS'],
        ['EnumerateClassNames', 'CLASSNAME'],
      ] as const) {
        const top = items(await enumerate(method, flag('DeepInheritance', true)), element).map(
          (c) => c.attrs['NAME'] ?? '',
        );
        assert.ok(top.includes('Acme_Leaf'), `${method}: ${top.join(' ')}`);
        assert.deepEqual(
          top.filter((name) => name.startsWith('__')),
          [],
          method,
        );
        const below = items(
          await enumerate(method, param('ClassName', className('__SystemClass'))),
          element,
        ).map((c) => c.attrs['NAME']);
        assert.ok(below.includes('__NAMESPACE'), `${method}: ${below.join(' ')}`);
      }
    });
  });

  describe('CreateClass', () => {
    it('fails with CIM_ERR_INVALID_SUPERCLASS naming the superclass and the engine detail when the superclass does not exist', async () => {
      const r = await t.client.call(
        'CreateClass',
        param('NewClass', '<CLASS NAME="Acme_Orphan" SUPERCLASS="Acme_Nope"/>'),
      );
      assert.deepEqual(r.error, {
        code: CIM_ERR_INVALID_SUPERCLASS,
        description:
          'WBEM_E_INVALID_SUPERCLASS (0x8004100d): superclass Acme_Nope of Acme_Orphan does not exist (superclass "Acme_Nope" does not exist)',
      });
    });

    it('fails with CIM_ERR_ALREADY_EXISTS, not INVALID_SUPERCLASS, when a subclass is created twice', async () => {
      const r = await t.client.call('CreateClass', param('NewClass', SUB));
      assert.equal(r.error?.code, CIM_ERR_ALREADY_EXISTS, r.error?.description);
    });

    it('fails with CIM_ERR_INVALID_PARAMETER when NewClass is not a CLASS', async () => {
      const r = await t.client.call('CreateClass', param('NewClass', className('Acme_X')));
      assert.deepEqual(r.error, {
        code: CIM_ERR_INVALID_PARAMETER,
        description:
          'WBEM_E_INVALID_PARAMETER (0x80041008): parameter NewClass must be a <CLASS>, not <CLASSNAME>',
      });
    });
  });

  describe('ModifyClass', () => {
    it('fails with CIM_ERR_NOT_FOUND and creates nothing when the class does not exist, though its superclass does', async () => {
      const r = await t.client.call(
        'ModifyClass',
        param('ModifiedClass', '<CLASS NAME="Acme_Ghost" SUPERCLASS="Acme_Base"/>'),
      );
      assert.equal(r.error?.code, CIM_ERR_NOT_FOUND, r.error?.description);
      assert.equal((await getClass('Acme_Ghost')).error?.code, CIM_ERR_NOT_FOUND);
    });

    it('fails with CIM_ERR_INVALID_SUPERCLASS when an existing class is moved below a class that does not exist', async () => {
      const r = await t.client.call(
        'ModifyClass',
        param(
          'ModifiedClass',
          '<CLASS NAME="Acme_Leaf" SUPERCLASS="Acme_Nope"><PROPERTY NAME="Cells" TYPE="uint16"/></CLASS>',
        ),
      );
      assert.deepEqual(r.error, {
        code: CIM_ERR_INVALID_SUPERCLASS,
        description:
          'WBEM_E_INVALID_SUPERCLASS (0x8004100d): superclass Acme_Nope of Acme_Leaf does not exist (superclass "Acme_Nope" does not exist)',
      });
    });

    it('refuses a type change of a class with subclasses and instances in compatible and safe mode, and makes it in force mode', async () => {
      for (const cls of [
        `<CLASS NAME="Acme_Modal"><PROPERTY NAME="Id" TYPE="string">${KEY}</PROPERTY><PROPERTY NAME="Size" TYPE="uint32"/></CLASS>`,
        '<CLASS NAME="Acme_ModalSub" SUPERCLASS="Acme_Modal"/>',
      ]) {
        assert.equal((await t.client.call('CreateClass', param('NewClass', cls))).error, undefined);
      }
      const created = await t.client.call(
        'CreateInstance',
        param(
          'NewInstance',
          '<INSTANCE CLASSNAME="Acme_Modal"><PROPERTY NAME="Id" TYPE="string"><VALUE>m1</VALUE></PROPERTY></INSTANCE>',
        ),
      );
      assert.equal(created.error, undefined, created.error?.description);
      const changed = `<CLASS NAME="Acme_Modal"><PROPERTY NAME="Id" TYPE="string">${KEY}</PROPERTY><PROPERTY NAME="Size" TYPE="string"/></CLASS>`;
      const outcomes: Record<string, number | undefined> = {};
      for (const mode of ['compatible', 'safe', 'force'] as const) {
        const client = clientIn(mode);
        try {
          outcomes[mode] = (
            await client.call('ModifyClass', param('ModifiedClass', changed))
          ).error?.code;
        } finally {
          client.close();
        }
      }
      assert.deepEqual(outcomes, {
        compatible: CIM_ERR_CLASS_HAS_CHILDREN,
        safe: CIM_ERR_CLASS_HAS_INSTANCES,
        force: undefined,
      });
      const [modal] = items(await getClass('Acme_Modal'), 'CLASS');
      const size = (modal as XmlElement).children.find((c) => c.attrs['NAME'] === 'Size');
      assert.equal(size?.attrs['TYPE'], 'string');
    });
  });

  describe('DeleteClass', () => {
    const deleteClass = (name: string, client = t.client): Promise<CimReply> =>
      client.call('DeleteClass', param('ClassName', className(name)));

    before(async () => {
      for (const cls of [
        `<CLASS NAME="Acme_Del"><PROPERTY NAME="Id" TYPE="string">${KEY}</PROPERTY></CLASS>`,
        '<CLASS NAME="Acme_DelSub" SUPERCLASS="Acme_Del"/>',
        `<CLASS NAME="Acme_Full"><PROPERTY NAME="Id" TYPE="string">${KEY}</PROPERTY></CLASS>`,
        '<CLASS NAME="Acme_Empty"/>',
      ]) {
        const r = await t.client.call('CreateClass', param('NewClass', cls));
        assert.equal(r.error, undefined, r.error?.description);
      }
      for (const [cls, id] of [
        ['Acme_Full', 'f1'],
        ['Acme_Full', 'f2'],
        ['Acme_DelSub', 's1'],
      ]) {
        const r = await t.client.call(
          'CreateInstance',
          param(
            'NewInstance',
            `<INSTANCE CLASSNAME="${cls}"><PROPERTY NAME="Id" TYPE="string"><VALUE>${id}</VALUE></PROPERTY></INSTANCE>`,
          ),
        );
        assert.equal(r.error, undefined, r.error?.description);
      }
    });

    it('deletes a class with no subclass and no instance when the update mode is not force', async () => {
      const r = await deleteClass('Acme_Empty');
      assert.equal(r.error, undefined, r.error?.description);
      assert.equal((await getClass('Acme_Empty')).error?.code, CIM_ERR_NOT_FOUND);
    });

    it('fails with CIM_ERR_NOT_FOUND when the class does not exist, in either mode', async () => {
      assert.equal((await deleteClass('Acme_Nope')).error?.code, CIM_ERR_NOT_FOUND);
      const force = clientIn('force');
      try {
        assert.equal((await deleteClass('Acme_Nope', force)).error?.code, CIM_ERR_NOT_FOUND);
      } finally {
        force.close();
      }
    });

    it('fails with CIM_ERR_CLASS_HAS_CHILDREN naming the subclass when the class has one', async () => {
      assert.deepEqual((await deleteClass('Acme_Del')).error, {
        code: CIM_ERR_CLASS_HAS_CHILDREN,
        description: 'WBEM_E_CLASS_HAS_CHILDREN (0x80041025): Acme_Del has subclass Acme_DelSub',
      });
    });

    it('fails with CIM_ERR_CLASS_HAS_INSTANCES counting them when the class has instances', async () => {
      assert.deepEqual((await deleteClass('Acme_Full')).error, {
        code: CIM_ERR_CLASS_HAS_INSTANCES,
        description: 'WBEM_E_CLASS_HAS_INSTANCES (0x80041026): Acme_Full has 2 instance(s)',
      });
      assert.equal(items(await getClass('Acme_Full'), 'CLASS').length, 1);
    });

    it('deletes the class with its subclasses and instances when the update mode is force', async () => {
      const force = clientIn('force');
      try {
        for (const name of ['Acme_Del', 'Acme_Full']) {
          const r = await deleteClass(name, force);
          assert.equal(r.error, undefined, r.error?.description);
        }
      } finally {
        force.close();
      }
      for (const name of ['Acme_Del', 'Acme_DelSub', 'Acme_Full']) {
        assert.equal((await getClass(name)).error?.code, CIM_ERR_NOT_FOUND, name);
      }
    });
  });
});

describe('CreateClass and ModifyClass on a stub connection', () => {
  /** A call whose only parameter is `name`, holding `inner`. */
  function call(name: string, inner: string): CimCall {
    const element = parseXml(`<IPARAMVALUE NAME="${name}">${inner}</IPARAMVALUE>`, {
      maxDepth: 64,
      maxElements: 1000,
    });
    return {
      messageId: '1',
      method: 'X',
      namespace: 'root/cimv2',
      params: new Map([[name.toLowerCase(), element]]),
      extrinsic: false,
    };
  }

  /** Runs `putClass` as given; records each call's flags; `getClass` finds only `Acme_There`. */
  function context(
    inner: { name: string; xml: string },
    putClass: (cls: CimClass) => Promise<void>,
    updateMode: UpdateMode = 'compatible',
  ): { ctx: OperationContext; flags: number[] } {
    const flags: number[] = [];
    const services = {
      putClass: async (cls: CimClass, f: number) => {
        flags.push(f);
        await putClass(cls);
      },
      getClass: async (name: string) => {
        if (name !== 'Acme_There') throw new WbemError(WBEM_E_NOT_FOUND);
        return {};
      },
    } as unknown as WbemServices;
    const ctx = {
      call: call(inner.name, inner.xml),
      services,
      updateMode,
      declarations: async () => NO_DECLARATIONS,
      declarationsChanged: () => {},
    } as unknown as OperationContext;
    return { ctx, flags };
  }

  const notFound = async (): Promise<void> => {
    throw new WbemError(WBEM_E_NOT_FOUND, { message: 'something is missing' });
  };

  it('keeps CIM_ERR_NOT_FOUND when the engine answers WBEM_E_NOT_FOUND for a class without a superclass', async () => {
    const { ctx, flags } = context(
      { name: 'NewClass', xml: '<CLASS NAME="Acme_There"/>' },
      notFound,
    );
    await assert.rejects(createClass.run(ctx), (error: unknown) => {
      assert.ok(error instanceof WbemError);
      assert.deepEqual(cimErrorOf(error), {
        code: CIM_ERR_NOT_FOUND,
        description: 'WBEM_E_NOT_FOUND (0x80041002): something is missing',
      });
      return true;
    });
    assert.deepEqual(flags, [WBEM_FLAG_CREATE_ONLY]);
  });

  it('writes WBEM_FLAG_UPDATE_ONLY with the mode bit and turns NOT_FOUND into INVALID_SUPERCLASS only when the class exists', async () => {
    for (const [name, code] of [
      ['Acme_There', CIM_ERR_INVALID_SUPERCLASS],
      ['Acme_Gone', CIM_ERR_NOT_FOUND],
    ] as const) {
      const { ctx, flags } = context(
        { name: 'ModifiedClass', xml: `<CLASS NAME="${name}" SUPERCLASS="Acme_Up"/>` },
        notFound,
        'safe',
      );
      await assert.rejects(modifyClass.run(ctx), (error: unknown) => {
        assert.ok(error instanceof WbemError);
        assert.equal(cimErrorOf(error).code, code, name);
        return true;
      });
      assert.deepEqual(flags, [WBEM_FLAG_UPDATE_ONLY | WBEM_FLAG_UPDATE_SAFE_MODE]);
    }
  });

  it('says only that the superclass does not exist when the engine gives WBEM_E_NOT_FOUND without a detail', async () => {
    const { ctx } = context(
      { name: 'NewClass', xml: '<CLASS NAME="Acme_There" SUPERCLASS="Acme_Up"/>' },
      async () => {
        throw new WbemError(WBEM_E_NOT_FOUND);
      },
    );
    await assert.rejects(createClass.run(ctx), (error: unknown) => {
      assert.ok(error instanceof WbemError);
      assert.deepEqual(cimErrorOf(error), {
        code: CIM_ERR_INVALID_SUPERCLASS,
        description:
          'WBEM_E_INVALID_SUPERCLASS (0x8004100d): superclass Acme_Up of Acme_There does not exist',
      });
      return true;
    });
  });

  it('passes the engine error through when it is not WBEM_E_NOT_FOUND', async () => {
    const refused = new Error('store unavailable');
    const { ctx } = context(
      { name: 'NewClass', xml: '<CLASS NAME="Acme_There" SUPERCLASS="Acme_Up"/>' },
      async () => {
        throw refused;
      },
    );
    await assert.rejects(createClass.run(ctx), (error: unknown) => error === refused);
  });
});

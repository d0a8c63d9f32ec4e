/**
 * `pull-operations.ts` run directly on an operation context over a stub connection (no engine, no
 * HTTP): the open options refused, the replies' out parameters, the opens' items, and the pulls,
 * CloseEnumeration and EnumerationCount with each refusal's status and text.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  type CimClass,
  type CimInstance,
  cimClass,
  cimInstance,
  cimProperty,
  qualifier,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_NOT_SUPPORTED,
  WbemError,
  type WbemServices,
} from '../../src/index.js';
import type { CimCall } from '../../src/server/cim-call.js';
import { CimStatusError, cimErrorOf } from '../../src/server/cim-status.js';
import { EnumerationContexts } from '../../src/server/enumeration-contexts.js';
import type { OperationContext } from '../../src/server/operation.js';
import {
  checkOpenOptions,
  closeEnumeration,
  enumerationCount,
  openEnumerateInstancePaths,
  openEnumerateInstances,
  pullInstancePaths,
  pullInstances,
  pullInstancesWithPath,
  sliceReply,
} from '../../src/server/pull-operations.js';
import { parseXml } from '../../src/server/xml-tree.js';

/** A call with `IPARAMVALUE`s given as their inner XML, by name. */
function call(params: Readonly<Record<string, string>>, namespace = 'root/cimv2'): CimCall {
  const map = new Map(
    Object.entries(params).map(([name, inner]) => [
      name.toLowerCase(),
      parseXml(`<IPARAMVALUE NAME="${name}">${inner}</IPARAMVALUE>`, {
        maxDepth: 64,
        maxElements: 1000,
      }),
    ]),
  );
  return { messageId: '1', method: 'X', namespace, params: map, extrinsic: false };
}

const v = (text: string | number): string => `<VALUE>${text}</VALUE>`;
const cn = (name: string): string => `<CLASSNAME NAME="${name}"/>`;

const BASE: CimClass = cimClass({
  name: 'Acme_Base',
  properties: [
    {
      ...cimProperty('K', 'uint32', { qualifiers: [qualifier('Key', true)] }),
      classOrigin: 'Acme_Base',
    },
    { ...cimProperty('S', 'string'), classOrigin: 'Acme_Base' },
  ],
});
/** Its inherited properties are marked so: an open writes them all the same (no LocalOnly). */
const SUB: CimClass = cimClass({
  name: 'Acme_Sub',
  superclass: 'Acme_Base',
  properties: [
    ...[...BASE.properties.values()].map((p) => ({ ...p, propagated: true })),
    cimProperty('Extra', 'string'),
  ],
});

function withPath(inst: CimInstance, relPath: string): CimInstance {
  return { ...inst, systemProperties: { __RELPATH: relPath } } as CimInstance;
}

const INSTANCES: readonly CimInstance[] = [
  withPath(cimInstance('Acme_Base', { K: 1, S: 'a' }), 'Acme_Base.K=1'),
  withPath(cimInstance('Acme_Sub', { K: 2, S: 'b', Extra: 'e' }), 'Acme_Sub.K=2'),
  withPath(cimInstance('Acme_Base', { K: 3, S: 'c' }), 'Acme_Base.K=3'),
];

const LIMITS = { maxOpen: 4, defaultTimeoutS: 30, maxTimeoutS: 60, maxObjectCount: 100 };

function context(
  enumerations: EnumerationContexts,
  params: Readonly<Record<string, string>>,
  principal = 'alice',
  namespace = 'root/cimv2',
): OperationContext {
  const classes = new Map([
    ['acme_base', BASE],
    ['acme_sub', SUB],
  ]);
  const services = {
    namespace: 'root/cimv2',
    createInstanceEnum: async (className: string) => {
      assert.equal(className, 'Acme_Base');
      return INSTANCES;
    },
  } as unknown as WbemServices;
  return {
    call: call(params, namespace),
    services,
    principal,
    updateMode: 'compatible',
    declarations: async () => {
      throw new Error('not used');
    },
    declarationsChanged: () => {},
    classOf: async (name) => {
      const cls = classes.get(name.toLowerCase());
      if (cls === undefined) throw new Error(`no class ${name}`);
      return cls;
    },
    enumerations,
    host: 'h&1',
  };
}

/** A predicate for `assert.rejects`/`throws`: the CIM code and whole description. */
function cimRefusal(code: number, description: string) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof WbemError, String(error));
    assert.deepEqual(cimErrorOf(error), { code, description });
    return true;
  };
}

const NS_PATH =
  '<NAMESPACEPATH><HOST>h&amp;1</HOST><LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="cimv2"/></LOCALNAMESPACEPATH></NAMESPACEPATH>';
const pathOf = (cls: string, k: number) =>
  `<INSTANCEPATH>${NS_PATH}<INSTANCENAME CLASSNAME="${cls}"><KEYBINDING NAME="K"><KEYVALUE VALUETYPE="numeric" TYPE="uint32">${k}</KEYVALUE></KEYBINDING></INSTANCENAME></INSTANCEPATH>`;
const END = (end: boolean, context: string) =>
  `<PARAMVALUE NAME="EndOfSequence" PARAMTYPE="boolean"><VALUE>${end ? 'TRUE' : 'FALSE'}</VALUE></PARAMVALUE><PARAMVALUE NAME="EnumerationContext" PARAMTYPE="string"><VALUE>${context}</VALUE></PARAMVALUE>`;

describe('sliceReply', () => {
  it('ends the sequence with an empty context when the slice has none', () => {
    assert.deepEqual(sliceReply({ items: ['<A/>', '<B/>'], context: null }), {
      returnValue: '<A/><B/>',
      outParams: END(true, ''),
    });
  });

  it('gives the context, escaped, while the enumeration goes on', () => {
    assert.deepEqual(sliceReply({ items: [], context: 'c<1>' }), {
      returnValue: '',
      outParams: END(false, 'c&lt;1&gt;'),
    });
  });
});

describe('checkOpenOptions', () => {
  const filtered = (what: string) =>
    cimRefusal(25, `CIM_ERR_FILTERED_ENUMERATION_NOT_SUPPORTED: filtered ${what} are not served`);

  it('lets an open without FilterQuery, FilterQueryLanguage or ContinueOnError through', () => {
    checkOpenOptions(call({}));
    checkOpenOptions(call({ ContinueOnError: v('FALSE') }));
    checkOpenOptions(call({ FilterQuery: '' }));
  });

  it('refuses FilterQuery or FilterQueryLanguage with CIM_ERR_FILTERED_ENUMERATION_NOT_SUPPORTED, naming the enumeration', () => {
    assert.throws(() => checkOpenOptions(call({ FilterQuery: v('x') })), filtered('enumerations'));
    assert.throws(
      () => checkOpenOptions(call({ FilterQueryLanguage: v('DMTF:FQL') }), 'associations'),
      filtered('associations'),
    );
  });

  it('refuses ContinueOnError TRUE with CIM_ERR_CONTINUATION_ON_ERROR_NOT_SUPPORTED', () => {
    assert.throws(
      () => checkOpenOptions(call({ ContinueOnError: v('TRUE') })),
      cimRefusal(
        26,
        'CIM_ERR_CONTINUATION_ON_ERROR_NOT_SUPPORTED: ContinueOnError is not supported',
      ),
    );
    const error = (() => {
      try {
        checkOpenOptions(call({ ContinueOnError: v('TRUE') }));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(error instanceof CimStatusError);
    assert.equal(error.hresult, WBEM_E_NOT_SUPPORTED);
  });
});

describe('OpenEnumerateInstances and OpenEnumerateInstancePaths', () => {
  let enumerations: EnumerationContexts;
  beforeEach(() => {
    enumerations = new EnumerationContexts(LIMITS);
  });
  afterEach(() => {
    enumerations.closeAll();
  });

  it('accepts the DSP0200 parameters of each open, paths without the shaping ones', () => {
    assert.deepEqual(openEnumerateInstances.params, [
      'ClassName',
      'DeepInheritance',
      'IncludeClassOrigin',
      'IncludeQualifiers',
      'PropertyList',
      'FilterQueryLanguage',
      'FilterQuery',
      'OperationTimeout',
      'ContinueOnError',
      'MaxObjectCount',
    ]);
    assert.deepEqual(openEnumerateInstancePaths.params, [
      'ClassName',
      'FilterQueryLanguage',
      'FilterQuery',
      'OperationTimeout',
      'ContinueOnError',
      'MaxObjectCount',
    ]);
    for (const op of [pullInstancesWithPath, pullInstancePaths, pullInstances])
      assert.deepEqual(op.params, ['EnumerationContext', 'MaxObjectCount']);
    assert.deepEqual(closeEnumeration.params, ['EnumerationContext']);
    assert.deepEqual(enumerationCount.params, ['EnumerationContext']);
    assert.deepEqual(
      [
        openEnumerateInstances,
        openEnumerateInstancePaths,
        pullInstancesWithPath,
        pullInstancePaths,
        pullInstances,
        closeEnumeration,
        enumerationCount,
      ].map((o) => o.name),
      [
        'OpenEnumerateInstances',
        'OpenEnumerateInstancePaths',
        'PullInstancesWithPath',
        'PullInstancePaths',
        'PullInstances',
        'CloseEnumeration',
        'EnumerationCount',
      ],
    );
  });

  it('answers every instance with its path, deep and unshaped by default, with MaxObjectCount 0 opening a context', async () => {
    const ctx = context(enumerations, { ClassName: cn('Acme_Base') });
    const reply = await openEnumerateInstances.run(ctx);
    assert.equal(reply.returnValue, '');
    const id = /EnumerationContext" PARAMTYPE="string"><VALUE>([^<]+)</.exec(
      reply.outParams ?? '',
    )?.[1];
    assert.ok(id !== undefined);
    assert.equal(reply.outParams, END(false, id));
    assert.equal(enumerations.remaining({ principal: 'alice', namespace: 'root/cimv2' }, id), 3);
    const pulled = await pullInstancesWithPath.run(
      context(enumerations, { EnumerationContext: v(id), MaxObjectCount: v(100) }),
    );
    assert.equal(
      pulled.returnValue,
      `<VALUE.INSTANCEWITHPATH>${pathOf('Acme_Base', 1)}<INSTANCE CLASSNAME="Acme_Base"><PROPERTY NAME="K" TYPE="uint32"><VALUE>1</VALUE></PROPERTY><PROPERTY NAME="S" TYPE="string"><VALUE>a</VALUE></PROPERTY></INSTANCE></VALUE.INSTANCEWITHPATH>` +
        `<VALUE.INSTANCEWITHPATH>${pathOf('Acme_Sub', 2)}<INSTANCE CLASSNAME="Acme_Sub"><PROPERTY NAME="K" TYPE="uint32" PROPAGATED="true"><VALUE>2</VALUE></PROPERTY><PROPERTY NAME="S" TYPE="string" PROPAGATED="true"><VALUE>b</VALUE></PROPERTY><PROPERTY NAME="Extra" TYPE="string"><VALUE>e</VALUE></PROPERTY></INSTANCE></VALUE.INSTANCEWITHPATH>` +
        `<VALUE.INSTANCEWITHPATH>${pathOf('Acme_Base', 3)}<INSTANCE CLASSNAME="Acme_Base"><PROPERTY NAME="K" TYPE="uint32"><VALUE>3</VALUE></PROPERTY><PROPERTY NAME="S" TYPE="string"><VALUE>c</VALUE></PROPERTY></INSTANCE></VALUE.INSTANCEWITHPATH>`,
    );
    assert.equal(pulled.outParams, END(true, ''));
  });

  it('shapes the instances by DeepInheritance FALSE and PropertyList', async () => {
    const reply = await openEnumerateInstances.run(
      context(enumerations, {
        ClassName: cn('Acme_Base'),
        DeepInheritance: v('FALSE'),
        PropertyList: '<VALUE.ARRAY><VALUE>extra</VALUE><VALUE>K</VALUE></VALUE.ARRAY>',
        MaxObjectCount: v(2),
      }),
    );
    // The subclass's instance keeps only what the class enumerated defines, within the list.
    assert.match(
      String(reply.returnValue ?? ''),
      /<INSTANCE CLASSNAME="Acme_Sub"><PROPERTY NAME="K" TYPE="uint32" PROPAGATED="true"><VALUE>2<\/VALUE><\/PROPERTY><\/INSTANCE>/,
    );
    assert.match(
      String(reply.returnValue ?? ''),
      /^<VALUE.INSTANCEWITHPATH>.*<INSTANCE CLASSNAME="Acme_Base"><PROPERTY NAME="K" TYPE="uint32"><VALUE>1<\/VALUE><\/PROPERTY><\/INSTANCE>/,
    );
  });

  it('writes CLASSORIGIN with IncludeClassOrigin, and no qualifier on instances even with IncludeQualifiers', async () => {
    const reply = await openEnumerateInstances.run(
      context(enumerations, {
        ClassName: cn('Acme_Base'),
        IncludeClassOrigin: v('TRUE'),
        IncludeQualifiers: v('TRUE'),
        MaxObjectCount: v(1),
      }),
    );
    assert.equal(
      reply.returnValue,
      `<VALUE.INSTANCEWITHPATH>${pathOf('Acme_Base', 1)}<INSTANCE CLASSNAME="Acme_Base"><PROPERTY NAME="K" TYPE="uint32" CLASSORIGIN="Acme_Base"><VALUE>1</VALUE></PROPERTY><PROPERTY NAME="S" TYPE="string" CLASSORIGIN="Acme_Base"><VALUE>a</VALUE></PROPERTY></INSTANCE></VALUE.INSTANCEWITHPATH>`,
    );
  });

  it('answers the paths only, of every subclass, on OpenEnumerateInstancePaths, and ends when they fit', async () => {
    const reply = await openEnumerateInstancePaths.run(
      context(enumerations, { ClassName: cn('Acme_Base'), MaxObjectCount: v(3) }),
    );
    assert.deepEqual(reply, {
      returnValue: pathOf('Acme_Base', 1) + pathOf('Acme_Sub', 2) + pathOf('Acme_Base', 3),
      outParams: END(true, ''),
    });
    assert.equal(enumerations.size, 0);
  });

  it('refuses IncludeQualifiers, IncludeClassOrigin or DeepInheritance that is not a boolean with CIM_ERR_INVALID_PARAMETER', async () => {
    for (const name of ['IncludeQualifiers', 'IncludeClassOrigin', 'DeepInheritance']) {
      await assert.rejects(
        openEnumerateInstances.run(
          context(enumerations, { ClassName: cn('Acme_Base'), [name]: v('maybe') }),
        ),
        cimRefusal(
          4,
          `WBEM_E_INVALID_PARAMETER (0x80041008): parameter ${name} must be <VALUE>TRUE</VALUE> or <VALUE>FALSE</VALUE>`,
        ),
      );
    }
  });

  it('refuses a filtered open, ContinueOnError and a bad OperationTimeout before enumerating', async () => {
    await assert.rejects(
      openEnumerateInstances.run(
        context(enumerations, { ClassName: cn('Nonesuch'), FilterQuery: v('x') }),
      ),
      cimRefusal(
        25,
        'CIM_ERR_FILTERED_ENUMERATION_NOT_SUPPORTED: filtered enumerations are not served',
      ),
    );
    await assert.rejects(
      openEnumerateInstancePaths.run(
        context(enumerations, { ClassName: cn('Nonesuch'), OperationTimeout: v(0) }),
      ),
      cimRefusal(
        22,
        'CIM_ERR_INVALID_OPERATION_TIMEOUT: OperationTimeout must be from 1 to 60 seconds',
      ),
    );
  });

  it('opens with the OperationTimeout given and refuses one past the limit', async () => {
    await assert.rejects(
      openEnumerateInstances.run(
        context(enumerations, { ClassName: cn('Acme_Base'), OperationTimeout: v(61) }),
      ),
      cimRefusal(
        22,
        'CIM_ERR_INVALID_OPERATION_TIMEOUT: OperationTimeout must be from 1 to 60 seconds',
      ),
    );
    const reply = await openEnumerateInstances.run(
      context(enumerations, { ClassName: cn('Acme_Base'), OperationTimeout: v(60) }),
    );
    assert.match(reply.outParams ?? '', /<VALUE>FALSE<\/VALUE>/);
  });
});

describe('PullInstancesWithPath, PullInstancePaths, PullInstances, CloseEnumeration, EnumerationCount', () => {
  let enumerations: EnumerationContexts;
  const ALICE = { principal: 'alice', namespace: 'root/cimv2' };
  beforeEach(() => {
    enumerations = new EnumerationContexts(LIMITS);
  });
  afterEach(() => {
    enumerations.closeAll();
  });

  function open(kind: 'instances' | 'paths' | 'query-instances'): string {
    return enumerations.open(ALICE, kind, ['<1/>', '<2/>', '<3/>'], 1, 30_000).context as string;
  }

  const NO_CONTEXT = cimRefusal(
    21,
    'CIM_ERR_INVALID_ENUMERATION_CONTEXT: no such enumeration context (closed, expired or never opened)',
  );

  it('continues each kind only with its own pull', async () => {
    const cases = [
      [pullInstancesWithPath, 'instances'],
      [pullInstancePaths, 'paths'],
      [pullInstances, 'query-instances'],
    ] as const;
    for (const [op, kind] of cases) {
      const id = open(kind);
      const reply = await op.run(
        context(enumerations, { EnumerationContext: v(id), MaxObjectCount: v(1) }),
      );
      assert.deepEqual(reply, { returnValue: '<2/>', outParams: END(false, id) });
      for (const [other, otherKind] of cases) {
        if (otherKind === kind) continue;
        await assert.rejects(
          other.run(context(enumerations, { EnumerationContext: v(id), MaxObjectCount: v(1) })),
          (error: unknown) =>
            error instanceof CimStatusError &&
            error.cimStatus === 'CIM_ERR_INVALID_ENUMERATION_CONTEXT',
        );
      }
    }
  });

  it('pulls as the principal and namespace of the call', async () => {
    const id = open('instances');
    await assert.rejects(
      pullInstancesWithPath.run(
        context(enumerations, { EnumerationContext: v(id), MaxObjectCount: v(1) }, 'bob'),
      ),
      NO_CONTEXT,
    );
    await assert.rejects(
      enumerationCount.run(
        context(enumerations, { EnumerationContext: v(id) }, 'alice', 'root/other'),
      ),
      NO_CONTEXT,
    );
    await assert.rejects(
      closeEnumeration.run(context(enumerations, { EnumerationContext: v(id) }, 'bob')),
      NO_CONTEXT,
    );
    assert.equal(enumerations.size, 1);
  });

  it('refuses a pull without MaxObjectCount or EnumerationContext with CIM_ERR_INVALID_PARAMETER', async () => {
    const id = open('instances');
    await assert.rejects(
      pullInstancesWithPath.run(context(enumerations, { EnumerationContext: v(id) })),
      cimRefusal(4, 'WBEM_E_INVALID_PARAMETER (0x80041008): parameter MaxObjectCount is required'),
    );
    await assert.rejects(
      pullInstancePaths.run(context(enumerations, { MaxObjectCount: v(1) })),
      cimRefusal(
        4,
        'WBEM_E_INVALID_PARAMETER (0x80041008): parameter EnumerationContext is required',
      ),
    );
    await assert.rejects(
      closeEnumeration.run(context(enumerations, {})),
      cimRefusal(
        4,
        'WBEM_E_INVALID_PARAMETER (0x80041008): parameter EnumerationContext is required',
      ),
    );
    await assert.rejects(
      enumerationCount.run(context(enumerations, {})),
      cimRefusal(
        4,
        'WBEM_E_INVALID_PARAMETER (0x80041008): parameter EnumerationContext is required',
      ),
    );
    assert.equal(enumerations.remaining(ALICE, id), 2);
  });

  it('counts what is left, and closes with a void reply', async () => {
    const id = open('paths');
    assert.deepEqual(
      await enumerationCount.run(context(enumerations, { EnumerationContext: v(id) })),
      { returnValue: '<VALUE>2</VALUE>' },
    );
    assert.deepEqual(
      await closeEnumeration.run(context(enumerations, { EnumerationContext: v(id) })),
      { returnValue: null },
    );
    assert.equal(enumerations.size, 0);
    await assert.rejects(
      enumerationCount.run(context(enumerations, { EnumerationContext: v(id) })),
      NO_CONTEXT,
    );
  });

  it('refuses an unknown context the same way', async () => {
    await assert.rejects(
      pullInstances.run(
        context(enumerations, { EnumerationContext: v('x'), MaxObjectCount: v(1) }),
      ),
      NO_CONTEXT,
    );
  });

  it('uses WBEM_E_INVALID_PARAMETER as the nearest HRESULT of its refusals', async () => {
    await assert.rejects(
      pullInstances.run(
        context(enumerations, { EnumerationContext: v('x'), MaxObjectCount: v(1) }),
      ),
      (error: unknown) => error instanceof WbemError && error.hresult === WBEM_E_INVALID_PARAMETER,
    );
  });
});

/**
 * `CallDispatcher` over a stub engine and stub operations: which calls it refuses before any
 * connection, the context an operation is given, the connections it keeps (one per principal,
 * locality and namespace, the oldest closed past 1024, none kept after a failure, a namespace's
 * dropped after WBEM_E_INVALID_NAMESPACE), the qualifier declarations it keeps for two seconds, the
 * classes it reads once per call, and `schedule`, which starts the calls of one turn together.
 * The loopback tests reach it through the whole server; these give the engine answers and the
 * clock a real server does not let a test choose.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import {
  type CimClass,
  type QualifierDeclaration,
  WBEM_E_INVALID_NAMESPACE,
  WBEM_E_NOT_FOUND,
  type WbemEngine,
  WbemError,
  type WbemServices,
} from '../../src/index.js';
import {
  CallDispatcher,
  type Caller,
  type ConnectionView,
} from '../../src/server/call-dispatcher.js';
import type { CimCall } from '../../src/server/cim-call.js';
import type { ResponseBody } from '../../src/server/cim-response.js';
import type { EnumerationContexts } from '../../src/server/enumeration-contexts.js';
import type { Operation, OperationContext, OperationReply } from '../../src/server/operation.js';
import { childNamed, parseXml, type XmlElement } from '../../src/server/xml-tree.js';

const CIM_ERR_FAILED = 1;
const CIM_ERR_INVALID_NAMESPACE = 3;
const CIM_ERR_INVALID_PARAMETER = 4;
const CIM_ERR_NOT_FOUND = 6;
const CIM_ERR_NOT_SUPPORTED = 7;

const ADMIN: Caller = { principal: 'admin', remote: false, updateMode: 'safe', host: 'h.example' };

/** A call of `method` in `namespace` holding the parameters named (each empty). */
function call(
  method: string,
  namespace = 'root/cimv2',
  { params = [] as string[], extrinsic = false, messageId = '7' } = {},
): CimCall {
  return {
    messageId,
    method,
    namespace,
    params: new Map(
      params.map((name) => [
        name.toLowerCase(),
        parseXml(`<IPARAMVALUE NAME="${name}"/>`, { maxDepth: 4, maxElements: 4 }),
      ]),
    ),
    extrinsic,
  };
}

/** The response element of a body (`IMETHODRESPONSE` or `METHODRESPONSE`). */
function response(body: ResponseBody): XmlElement {
  assert.equal(typeof body, 'string');
  const root = parseXml(body as string, { maxDepth: 64, maxElements: 1000 });
  const simple = childNamed(childNamed(root, 'MESSAGE') as XmlElement, 'SIMPLERSP') as XmlElement;
  const rsp = simple.children[0];
  assert.ok(rsp !== undefined, 'no response element');
  return rsp;
}

/** The ERROR a body carries, or undefined. */
function errorOf(body: ResponseBody): { code: number; description: string } | undefined {
  const err = childNamed(response(body), 'ERROR');
  return err === undefined
    ? undefined
    : { code: Number(err.attrs['CODE']), description: err.attrs['DESCRIPTION'] ?? '' };
}

/** What the stub engine was asked and how its connections answer. */
interface Stub {
  readonly engine: WbemEngine;
  /** `namespace|user|remote` of each connectServer call. */
  readonly opened: string[];
  /** Each class read, by namespace and name as asked. */
  readonly classReads: string[];
  /** The namespace of each qualifier-declaration read. */
  readonly declarationReads: string[];
  /** When set, the next connectServer call fails with it. */
  refuseNext: Error | undefined;
  /** When set, the qualifier-declaration reads fail with it. */
  declarationsFail: Error | undefined;
}

function stubEngine(declarations: readonly QualifierDeclaration[] = []): Stub {
  const stub: Stub = {
    engine: undefined as unknown as WbemEngine,
    opened: [],
    classReads: [],
    declarationReads: [],
    refuseNext: undefined,
    declarationsFail: undefined,
  };
  const engine = {
    connectServer: async (namespace: string, who: { user: string; remote: boolean }) => {
      stub.opened.push(`${namespace}|${who.user}|${who.remote}`);
      const refused = stub.refuseNext;
      if (refused !== undefined) {
        stub.refuseNext = undefined;
        throw refused;
      }
      return {
        namespace,
        getClass: async (name: string) => {
          stub.classReads.push(`${namespace}:${name}`);
          return { className: name } as unknown as CimClass;
        },
        createQualifierDeclarationEnum: async () => {
          stub.declarationReads.push(namespace);
          if (stub.declarationsFail !== undefined) throw stub.declarationsFail;
          return declarations;
        },
      } as unknown as WbemServices;
    },
  };
  (stub as { engine: WbemEngine }).engine = engine as unknown as WbemEngine;
  return stub;
}

/** An operation named `name` that runs `run` (void by default). */
function operation(
  name: string,
  run: (ctx: OperationContext) => Promise<OperationReply> = async () => ({ returnValue: null }),
  params: string[] = [],
): Operation {
  return { name, params, run };
}

function dispatcherOf(
  stub: Stub,
  ops: Operation[],
  enumerations = {} as EnumerationContexts,
  view: ConnectionView | null = null,
): CallDispatcher {
  return new CallDispatcher(
    stub.engine,
    new Map(ops.map((op) => [op.name.toLowerCase(), op])),
    enumerations,
    view,
  );
}

describe('CallDispatcher: the calls it answers without an operation', () => {
  it('answers CIM_ERR_NOT_SUPPORTED in a METHODRESPONSE and opens no connection when the call is extrinsic', async () => {
    const stub = stubEngine();
    const ran: string[] = [];
    const d = dispatcherOf(stub, [
      operation('Reboot', async () => {
        ran.push('Reboot');
        return { returnValue: null };
      }),
    ]);
    const body = await d.dispatch(call('Reboot', 'root/cimv2', { extrinsic: true }), ADMIN);
    assert.equal(response(body).name, 'METHODRESPONSE');
    assert.deepEqual(errorOf(body), {
      code: CIM_ERR_NOT_SUPPORTED,
      description: 'CIM_ERR_NOT_SUPPORTED: extrinsic method Reboot is not served',
    });
    assert.deepEqual(ran, []);
    assert.deepEqual(stub.opened, []);
  });

  it('answers CIM_ERR_NOT_SUPPORTED naming the method when no operation has its name', async () => {
    const stub = stubEngine();
    const body = await dispatcherOf(stub, [operation('GetClass')]).dispatch(
      call('GetKlass'),
      ADMIN,
    );
    assert.equal(response(body).name, 'IMETHODRESPONSE');
    assert.deepEqual(errorOf(body), {
      code: CIM_ERR_NOT_SUPPORTED,
      description: 'CIM_ERR_NOT_SUPPORTED: intrinsic method GetKlass is not supported',
    });
    assert.deepEqual(stub.opened, []);
  });

  it("answers CIM_ERR_INVALID_PARAMETER and opens no connection when a parameter is not the operation's", async () => {
    const stub = stubEngine();
    const d = dispatcherOf(stub, [operation('GetClass', undefined, ['ClassName'])]);
    const body = await d.dispatch(call('GetClass', 'root/cimv2', { params: ['Klass'] }), ADMIN);
    assert.equal(errorOf(body)?.code, CIM_ERR_INVALID_PARAMETER);
    assert.deepEqual(stub.opened, []);
  });

  it('answers CIM_ERR_FAILED when the operation throws something that is not a WbemError', async () => {
    const d = dispatcherOf(stubEngine(), [
      operation('GetClass', async () => {
        throw new Error('boom');
      }),
    ]);
    assert.equal(errorOf(await d.dispatch(call('GetClass'), ADMIN))?.code, CIM_ERR_FAILED);
  });
});

describe('CallDispatcher: the operation and its context', () => {
  it('finds the operation by its name in any case and answers its value under the name and message ID sent', async () => {
    const d = dispatcherOf(stubEngine(), [
      operation('GetClass', async () => ({ returnValue: '<CLASS NAME="Acme_X"/>' })),
    ]);
    const body = await d.dispatch(call('getCLASS', 'root/cimv2', { messageId: '4242' }), ADMIN);
    assert.match(body as string, /<MESSAGE ID="4242" PROTOCOLVERSION="1.0">/);
    assert.match(
      body as string,
      /<IMETHODRESPONSE NAME="getCLASS"><IRETURNVALUE><CLASS NAME="Acme_X"\/><\/IRETURNVALUE><\/IMETHODRESPONSE>/,
    );
  });

  it("gives the operation the call, the caller's principal, update mode and host, the enumerations and the connection", async () => {
    const enumerations = { marker: 'enumerations' } as unknown as EnumerationContexts;
    let seen: OperationContext | undefined;
    const d = dispatcherOf(
      stubEngine(),
      [
        operation('GetClass', async (ctx) => {
          seen = ctx;
          return { returnValue: null };
        }),
      ],
      enumerations,
    );
    const c = call('GetClass', 'root/acme');
    const caller: Caller = {
      principal: 'reader',
      remote: true,
      updateMode: 'force',
      host: 'h:5988',
    };
    assert.equal(errorOf(await d.dispatch(c, caller)), undefined);
    assert.ok(seen !== undefined);
    assert.equal(seen.call, c);
    assert.equal(seen.principal, 'reader');
    assert.equal(seen.updateMode, 'force');
    assert.equal(seen.host, 'h:5988');
    assert.equal(seen.enumerations, enumerations);
    assert.equal((seen.services as unknown as { namespace: string }).namespace, 'root/acme');
  });

  it('sees the connection through the view, which is given the caller', async () => {
    const given: { user: string; remote: boolean }[] = [];
    const view: ConnectionView = (svc, who) => {
      given.push({ ...who });
      return { viewed: svc } as unknown as WbemServices;
    };
    let services: WbemServices | undefined;
    const d = dispatcherOf(
      stubEngine(),
      [
        operation('GetClass', async (ctx) => {
          services = ctx.services;
          return { returnValue: null };
        }),
      ],
      undefined,
      view,
    );
    await d.dispatch(call('GetClass'), { ...ADMIN, remote: true });
    assert.deepEqual(given, [{ user: 'admin', remote: true }]);
    const viewed = (services as unknown as { viewed: { namespace: string } }).viewed;
    assert.equal(viewed.namespace, 'root/cimv2');
  });

  it('reads each class once per call, by its name in any case, and again in the next call', async () => {
    const stub = stubEngine();
    const d = dispatcherOf(stub, [
      operation('GetClass', async (ctx) => {
        const [a, b, c] = await Promise.all([
          ctx.classOf('Acme_X'),
          ctx.classOf('ACME_X'),
          ctx.classOf('Acme_Y'),
        ]);
        assert.equal(a, b);
        assert.notEqual(a, c);
        return { returnValue: null };
      }),
    ]);
    for (let i = 0; i < 2; i++)
      assert.equal(errorOf(await d.dispatch(call('GetClass'), ADMIN)), undefined);
    assert.deepEqual(stub.classReads, [
      'root/cimv2:Acme_X',
      'root/cimv2:Acme_Y',
      'root/cimv2:Acme_X',
      'root/cimv2:Acme_Y',
    ]);
  });
});

describe('CallDispatcher: connections', () => {
  const get = operation('GetClass');

  it('opens one connection per principal, locality and namespace, each in any case, as the caller', async () => {
    const stub = stubEngine();
    const d = dispatcherOf(stub, [get]);
    const calls: [string, Caller][] = [
      ['root/cimv2', ADMIN],
      ['ROOT/CimV2', { ...ADMIN, principal: 'ADMIN', updateMode: 'force', host: 'other' }],
      ['root/cimv2', { ...ADMIN, remote: true }],
      ['root/cimv2', { ...ADMIN, principal: 'reader' }],
      ['root/acme', ADMIN],
      ['root/cimv2', { ...ADMIN, remote: true }],
    ];
    for (const [ns, caller] of calls) {
      assert.equal(errorOf(await d.dispatch(call('GetClass', ns), caller)), undefined);
    }
    assert.deepEqual(stub.opened, [
      'root/cimv2|admin|false',
      'root/cimv2|admin|true',
      'root/cimv2|reader|false',
      'root/acme|admin|false',
    ]);
  });

  it('opens the connection again after an attempt to open it failed', async () => {
    const stub = stubEngine();
    const d = dispatcherOf(stub, [get]);
    stub.refuseNext = new WbemError(WBEM_E_NOT_FOUND, { message: 'not now' });
    assert.equal(errorOf(await d.dispatch(call('GetClass'), ADMIN))?.code, CIM_ERR_NOT_FOUND);
    assert.equal(errorOf(await d.dispatch(call('GetClass'), ADMIN)), undefined);
    assert.equal(errorOf(await d.dispatch(call('GetClass'), ADMIN)), undefined);
    assert.equal(stub.opened.length, 2);
  });

  it('closes the oldest connection, and only it, when 1024 are open and another is opened', async () => {
    const stub = stubEngine();
    const d = dispatcherOf(stub, [get]);
    const as = (i: number): Caller => ({ ...ADMIN, principal: `u${i}` });
    for (let i = 0; i <= 1024; i++) await d.dispatch(call('GetClass'), as(i));
    assert.equal(stub.opened.length, 1025);
    // u1 is still open; u0, the oldest, was closed when u1024 was opened.
    await d.dispatch(call('GetClass'), as(1));
    assert.equal(stub.opened.length, 1025);
    await d.dispatch(call('GetClass'), as(0));
    assert.deepEqual(stub.opened.slice(1025), ['root/cimv2|u0|false']);
  });

  it('drops every connection to a namespace, and no other, when a call there fails with WBEM_E_INVALID_NAMESPACE', async () => {
    const stub = stubEngine();
    const d = dispatcherOf(stub, [
      get,
      operation('DeleteClass', async (ctx) => {
        throw new WbemError(
          ctx.call.namespace.toLowerCase() === 'root/gone'
            ? WBEM_E_INVALID_NAMESPACE
            : WBEM_E_NOT_FOUND,
        );
      }),
    ]);
    const reader = { ...ADMIN, principal: 'reader' };
    for (const [ns, caller] of [
      ['root/gone', ADMIN],
      ['root/gone', reader],
      ['root/cimv2', ADMIN],
      ['other/root/gone', ADMIN],
    ] as const) {
      await d.dispatch(call('GetClass', ns), caller);
    }
    assert.equal(stub.opened.length, 4);
    // Another error keeps the connection.
    assert.equal(
      errorOf(await d.dispatch(call('DeleteClass', 'root/cimv2'), ADMIN))?.code,
      CIM_ERR_NOT_FOUND,
    );
    const gone = await d.dispatch(call('DeleteClass', 'ROOT/Gone'), ADMIN);
    assert.equal(errorOf(gone)?.code, CIM_ERR_INVALID_NAMESPACE);
    for (const [ns, caller] of [
      ['root/gone', reader],
      ['root/cimv2', ADMIN],
      ['other/root/gone', ADMIN],
    ] as const) {
      await d.dispatch(call('GetClass', ns), caller);
    }
    assert.deepEqual(stub.opened.slice(4), ['root/gone|reader|false']);
  });
});

describe('CallDispatcher: qualifier declarations', () => {
  const KEY_FLAVOR = 0x10;
  const declared = [{ name: 'Key', flavor: KEY_FLAVOR }] as unknown as QualifierDeclaration[];
  let clock = 1_000_000;
  let now: { mock: { restore(): void } } | undefined;
  beforeEach(() => {
    clock = 1_000_000;
    // The clock the dispatcher reads; restored after each test, as the group's process is shared.
    now = mock.method(Date, 'now', () => clock);
  });
  afterEach(() => now?.mock.restore());

  /** A dispatcher whose `Read` operation answers the flavor the declarations give `name`. */
  function reading(stub: Stub): CallDispatcher {
    return dispatcherOf(stub, [
      operation('Read', async (ctx) => {
        const flavor = (await ctx.declarations()).declaredFlavor('kEY');
        return { returnValue: String(flavor) };
      }),
      operation('Changed', async (ctx) => {
        ctx.declarationsChanged();
        return { returnValue: null };
      }),
    ]);
  }
  const flavorOf = async (d: CallDispatcher, ns = 'root/cimv2'): Promise<string> => {
    const body = await d.dispatch(call('Read', ns), ADMIN);
    return childNamed(response(body), 'IRETURNVALUE')?.text ?? '';
  };

  it('reads the declarations of a namespace once in two seconds, in any case of the namespace, and finds a flavor by its name in any case', async () => {
    const stub = stubEngine(declared);
    const d = reading(stub);
    assert.equal(await flavorOf(d), String(KEY_FLAVOR));
    clock += 1999;
    assert.equal(await flavorOf(d, 'ROOT/CIMV2'), String(KEY_FLAVOR));
    assert.equal(await flavorOf(d, 'root/acme'), String(KEY_FLAVOR));
    assert.deepEqual(stub.declarationReads, ['root/cimv2', 'root/acme']);
    clock += 1;
    assert.equal(await flavorOf(d), String(KEY_FLAVOR));
    assert.deepEqual(stub.declarationReads, ['root/cimv2', 'root/acme', 'root/cimv2']);
  });

  it('decodes without declarations, and reads them again at the next call, when they cannot be read', async () => {
    const stub = stubEngine(declared);
    const d = reading(stub);
    stub.declarationsFail = new WbemError(WBEM_E_NOT_FOUND);
    assert.equal(await flavorOf(d), 'undefined');
    stub.declarationsFail = undefined;
    assert.equal(await flavorOf(d), String(KEY_FLAVOR));
    assert.deepEqual(stub.declarationReads, ['root/cimv2', 'root/cimv2']);
  });

  it('reads the declarations again after an operation says they changed, in any case of the namespace', async () => {
    const stub = stubEngine(declared);
    const d = reading(stub);
    await flavorOf(d);
    await d.dispatch(call('Changed', 'ROOT/cimv2'), ADMIN);
    await flavorOf(d, 'root/acme');
    await flavorOf(d);
    assert.deepEqual(stub.declarationReads, ['root/cimv2', 'root/acme', 'root/cimv2']);
  });

  it('reads the declarations of a namespace again after a call there fails with WBEM_E_INVALID_NAMESPACE', async () => {
    const stub = stubEngine(declared);
    const d = dispatcherOf(stub, [
      operation('Read', async (ctx) => {
        await ctx.declarations();
        return { returnValue: null };
      }),
      operation('Fail', async () => {
        throw new WbemError(WBEM_E_INVALID_NAMESPACE);
      }),
    ]);
    await d.dispatch(call('Read'), ADMIN);
    await d.dispatch(call('Fail', 'ROOT/CIMV2'), ADMIN);
    await d.dispatch(call('Read'), ADMIN);
    assert.deepEqual(stub.declarationReads, ['root/cimv2', 'root/cimv2']);
  });
});

describe('CallDispatcher.schedule', () => {
  it('starts the calls scheduled in one turn after that turn, together, and answers each', {
    timeout: 5000,
  }, async () => {
    const started: string[] = [];
    const d = dispatcherOf(stubEngine(), [
      operation('Echo', async (ctx) => {
        started.push(ctx.call.messageId);
        return { returnValue: ctx.call.messageId };
      }),
    ]);
    const replies = [1, 2, 3].map((i) =>
      d.schedule(call('Echo', 'root/cimv2', { messageId: String(i) }), ADMIN),
    );
    await Promise.resolve();
    assert.deepEqual(started, []);
    const bodies = await Promise.all(replies);
    assert.deepEqual(started, ['1', '2', '3']);
    assert.deepEqual(
      bodies.map((b) => childNamed(response(b), 'IRETURNVALUE')?.text),
      ['1', '2', '3'],
    );
  });

  it('starts a call scheduled alone, and one scheduled after the first batch started', {
    timeout: 5000,
  }, async () => {
    const d = dispatcherOf(stubEngine(), [
      operation('Echo', async (ctx) => ({ returnValue: ctx.call.messageId })),
    ]);
    for (const id of ['a', 'b']) {
      const body = await d.schedule(call('Echo', 'root/cimv2', { messageId: id }), ADMIN);
      assert.equal(childNamed(response(body), 'IRETURNVALUE')?.text, id);
    }
  });

  it('starts a call scheduled while a batch starts in the next turn, after the callbacks already waiting in this one', {
    timeout: 5000,
  }, async () => {
    const log: string[] = [];
    const d = dispatcherOf(stubEngine(), [
      operation('Echo', async (ctx) => {
        log.push(`start ${ctx.call.messageId}`);
        return { returnValue: null };
      }),
    ]);
    const echo = (id: string): Promise<ResponseBody> =>
      d.schedule(call('Echo', 'root/cimv2', { messageId: id }), ADMIN);
    const replies = [echo('a')];
    // Runs in the turn that starts a and b, as an HTTP body ending then would.
    setImmediate(() => {
      log.push('schedule c');
      replies.push(echo('c'));
    });
    replies.push(echo('b'));
    await new Promise<void>((resolve) =>
      setImmediate(() => {
        log.push('next callback');
        resolve();
      }),
    );
    await Promise.all(replies);
    assert.deepEqual(log, ['start a', 'start b', 'schedule c', 'next callback', 'start c']);
  });
});

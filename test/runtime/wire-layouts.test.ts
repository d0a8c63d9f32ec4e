/**
 * The fixed layouts on the msgpack wire (`fixed-batch.ts`, `put-class-layout.ts`,
 * `write-put-class-batch.ts`, `read-put-class-batch.ts`, `reply-batch-wire.ts`): what fits goes in
 * the layout and arrives exactly as sent, anything else takes the general route and arrives as
 * sent too, and bytes that are not such a batch are refused with a TypeError naming the fault.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass, cimMethod, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import { ByteWriter } from '../../src/runtime/wire-bytes.js';
import { createWireCodec } from '../../src/runtime/wire-codec.js';
import { encodeWithInheritedKey } from './helpers/inherited-key.js';
import { INTENT, putRequest } from './helpers/put-request.js';

/** The codec's first byte for each fixed layout (`wire-codec.ts`). */
const PUT_CLASS_BATCH = 1;
const REPLY_BATCH = 2;

function batch(...messages: unknown[]): { kind: string; messages: unknown[] } {
  return { kind: 'batch', messages };
}

const ok = (id: number) => ({ kind: 'ok', id, objects: [], param: null, events: [] });
const fail = (id: number) => ({ kind: 'fail', id, hresult: 0x80041002, message: 'not found' });

/** What the receiver sees: the data through a real structured clone, as `postMessage`. */
function send(value: unknown): { readonly format: number | undefined; readonly back: unknown } {
  const { data } = createWireCodec('msgpack').encode(value);
  const format = data instanceof ArrayBuffer ? new Uint8Array(data)[0] : undefined;
  return { format, back: createWireCodec('msgpack').decode(structuredClone(data)) };
}

/** Sends `value` and checks that it took the general route and arrived as structured clone gives it. */
function assertGeneral(value: unknown, layoutFormat: number): void {
  const { format, back } = send(value);
  assert.notEqual(format, layoutFormat);
  assert.deepStrictEqual(back, structuredClone(value));
}

const plain = cimClass({
  name: 'Wire_Plain',
  qualifiers: [qualifier('Description', 'plain')],
  properties: [cimProperty('Id', 'string', { qualifiers: [qualifier('Key', true)] })],
});

describe('the frame of a fixed-layout batch', () => {
  it('writes one batch after another with one codec, each in the layout', () => {
    const codec = createWireCodec('msgpack');
    const receiver = createWireCodec('msgpack');
    for (const value of [batch(putRequest(plain, 1)), batch(putRequest(plain, 2)), batch(ok(3))]) {
      const { data } = codec.encode(value);
      assert.notEqual(new Uint8Array(data as ArrayBuffer)[0], 0);
      assert.deepStrictEqual(receiver.decode(structuredClone(data)), value);
    }
  });

  it('sends a batch whose first or a later message is null by the general route, unchanged', () => {
    assertGeneral(batch(null), PUT_CLASS_BATCH);
    assertGeneral(batch(putRequest(plain), null), PUT_CLASS_BATCH);
    assertGeneral(batch(ok(1), null), REPLY_BATCH);
  });

  it('keeps the kind of an object that only looks like a batch', () => {
    const value = { kind: 'notBatch', messages: [ok(1)] };
    assertGeneral(value, REPLY_BATCH);
    assertGeneral({ kind: 'notBatch', messages: [putRequest(plain)] }, PUT_CLASS_BATCH);
  });

  it('sends messages in an Array subclass by the general route', () => {
    class Messages<T> extends Array<T> {}
    const value = { kind: 'batch', messages: Messages.from([ok(1)]) };
    assertGeneral(value, REPLY_BATCH);
  });

  it('sends nothing inherited: with a key added to Object.prototype, the general route', () => {
    const value = batch(putRequest(cimClass({ name: 'Wire_Inherit' })));
    const data = encodeWithInheritedKey('amended', true, value);
    const back = createWireCodec('msgpack').decode(structuredClone(data)) as typeof value;
    const cls = (back.messages[0] as { cls: object }).cls;
    assert.equal(Object.hasOwn(cls, 'amended'), false);
    assert.deepStrictEqual(back, value);
  });

  it('lets what a getter throws reach the caller instead of sending the batch another way', () => {
    const failure = new Error('getter failed');
    let reads = 0;
    const cls = { ...cimClass({ name: 'Wire_Getter' }) };
    Object.defineProperty(cls, 'superclass', {
      enumerable: true,
      get() {
        reads++;
        if (reads === 1) throw failure;
        return null;
      },
    });
    assert.throws(() => createWireCodec('msgpack').encode(batch(putRequest(cls))), failure);
    assert.equal(reads, 1);
  });

  it('refuses a batch claiming more messages than it has bytes, or with bytes after the last', () => {
    const codec = createWireCodec('msgpack');
    // format byte, no strings, Latin-1, then a message count of 127.
    assert.throws(
      () => codec.decode(Uint8Array.from([REPLY_BATCH, 0, 0, 0x7f]).buffer),
      /^TypeError: the batch claims more messages than bytes$/,
    );
    const { data } = codec.encode(batch(ok(1)));
    const longer = Uint8Array.from([...new Uint8Array(data as ArrayBuffer), 0]);
    assert.throws(() => codec.decode(longer.buffer), /^TypeError: bytes follow the last message$/);
  });
});

describe('plain replies in their layout', () => {
  it('writes a batch of fail replies alone in the layout', () => {
    const value = batch(fail(1), fail(2));
    const { format, back } = send(value);
    assert.equal(format, REPLY_BATCH);
    assert.deepStrictEqual(back, value);
  });

  it('sends an ok reply whose objects are an empty Array subclass by the general route', () => {
    class Objects<T> extends Array<T> {}
    assertGeneral(batch({ ...ok(1), objects: new Objects() }), REPLY_BATCH);
  });

  it('keeps the kind of a message with the keys of a fail reply but another kind', () => {
    assertGeneral(batch(ok(1), { ...fail(2), kind: 'warn' }), REPLY_BATCH);
  });
});

describe('PutClass requests in their layout', () => {
  it('rebuilds an amended class with qualifiers, properties and methods exactly', () => {
    const cls = {
      ...cimClass({
        name: 'Wire_Amended',
        qualifiers: [qualifier('Description', 'd'), qualifier('Values', ['a', 'b'])],
        properties: [
          cimProperty('Id', 'string', { qualifiers: [qualifier('Key', true)] }),
          cimProperty('Size', 'uint32[]', { arraySize: 2 }),
        ],
        methods: [cimMethod('Go', 'uint32', { qualifiers: [qualifier('Static', true)] })],
      }),
      amended: true,
    };
    const value = batch(putRequest(cls, 1), putRequest(plain, 2));
    const { format, back } = send(value);
    assert.equal(format, PUT_CLASS_BATCH);
    assert.deepStrictEqual(back, value);
    const sent = (back as typeof value).messages[0] as { cls: object };
    assert.deepEqual(Object.keys(sent.cls), Object.keys(cls));
  });

  it('rebuilds a request without a caller, its class and intent included', () => {
    const request = { kind: 'putClass', cls: plain, intent: { ...INTENT }, id: 4 };
    const value = batch({ ...request, namespace: 'root', sendStatus: true, wantsEvents: false });
    const { format, back } = send(value);
    assert.equal(format, PUT_CLASS_BATCH);
    assert.deepStrictEqual(back, value);
  });

  it('rebuilds a caller whose context is undefined or an array of scalars', () => {
    for (const context of [undefined, ['a', 1]]) {
      const value = batch(putRequest(plain, 1, { caller: { principal: 'p', rights: 1, context } }));
      assert.deepStrictEqual(send(value).back, value);
    }
  });

  const general: readonly [string, () => unknown][] = [
    ['no class', () => putRequest(undefined)],
    [
      'no intent',
      () => {
        const { intent: _, ...rest } = putRequest(plain) as Record<string, unknown>;
        return rest;
      },
    ],
    [
      'neither intent nor caller',
      () => {
        const { intent: _, caller: __, ...rest } = putRequest(plain) as Record<string, unknown>;
        return rest;
      },
    ],
    [
      'a class without its superclass',
      () => {
        const { superclass: _, ...cls } = plain;
        return putRequest(cls);
      },
    ],
    ['an intent missing its last key', () => putRequest(plain, 1, { intent: { mode: 'x' } })],
    [
      'a qualifier missing its last key',
      () => {
        const { flavor: _, ...q } = qualifier('Description', 'x');
        return putRequest({ ...plain, qualifiers: new Map([['description', q]]) });
      },
    ],
    ['a null caller', () => putRequest(plain, 1, { caller: null })],
    [
      'a caller with a context object',
      () => putRequest(plain, 1, { caller: { principal: 'p', rights: 1, context: { a: 1 } } }),
    ],
  ];
  for (const [what, make] of general) {
    it(`sends a request with ${what} by the general route`, () => {
      assertGeneral(batch(make()), PUT_CLASS_BATCH);
    });
  }

  it('refuses a qualifier whose array value holds itself with the RangeError of a cycle', () => {
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    const q = { ...qualifier('Q', [1]), value: cyclic };
    const value = batch(putRequest({ ...plain, qualifiers: new Map([['q', q]]) }));
    assert.throws(
      () => createWireCodec('msgpack').encode(value),
      (error: unknown) =>
        error instanceof RangeError && error.message === 'the object is nested deeper than 256',
    );
  });
});

describe('PutClass request bytes that do not fit the layout', () => {
  /** A put-class batch of one request, written by hand. */
  function crafted(write: (out: ByteWriter) => void): ArrayBuffer {
    const out = new ByteWriter();
    out.reset();
    out.varint(1);
    write(out);
    return out.take(PUT_CLASS_BATCH);
  }
  interface Masks {
    readonly request?: number;
    readonly cls?: number;
    readonly qualifier?: number;
    readonly property?: number;
    readonly intent?: number;
    readonly caller?: number;
  }
  /** Every mask is that of the builders' shape unless given. */
  function request(m: Masks): ArrayBuffer {
    return crafted((out) => {
      out.varint(m.request ?? 0xff);
      out.value('putClass');
      out.varint(m.cls ?? 0b0111111);
      out.value(1);
      out.value('C');
      out.value(null);
      out.varint(1);
      out.string('q');
      out.varint(m.qualifier ?? 0b11011);
      for (const v of ['Q', 'string', 'v', 0]) out.value(v);
      out.varint(1);
      out.string('p');
      out.varint(m.property ?? 0b1001000111);
      for (const v of ['P', 'string', false, null]) out.value(v);
      out.varint(0);
      out.varint(0);
      out.varint(m.intent ?? 0b1111);
      for (const v of ['create-only', 'compatible', false, false]) out.value(v);
      for (const v of [1, 'root', false, true]) out.value(v);
      out.varint(m.caller ?? 0b111);
      for (const v of ['alice', 1, null]) out.value(v);
    });
  }

  it('reads the builders’ shapes written by hand (the layout pinned)', () => {
    const back = createWireCodec('msgpack').decode(request({}));
    assert.deepStrictEqual(
      back,
      batch({
        kind: 'putClass',
        cls: {
          genus: 1,
          name: 'C',
          superclass: null,
          qualifiers: new Map([['q', { name: 'Q', type: 'string', value: 'v', flavor: 0 }]]),
          properties: new Map([
            [
              'p',
              { name: 'P', type: 'string', isArray: false, value: null, qualifiers: new Map() },
            ],
          ]),
          methods: new Map(),
        },
        intent: { ...INTENT },
        id: 1,
        namespace: 'root',
        sendStatus: false,
        wantsEvents: true,
        caller: { principal: 'alice', rights: 1, context: null },
      }),
    );
  });

  const misfits: readonly [string, Masks, number][] = [
    ['a request with a key beyond the layout', { request: 0x1ff }, 0x1ff],
    ['a request without its required keys', { request: 0 }, 0],
    ['a class with a key beyond the layout', { cls: 0b10111111 }, 0b10111111],
    ['a class without its name', { cls: 0b0111101 }, 0b0111101],
    ['a qualifier with a key beyond the layout', { qualifier: 0b111011 }, 0b111011],
    ['a qualifier without its flavor', { qualifier: 0b01011 }, 0b01011],
    ['a property with a key beyond the layout', { property: 0b11001000111 }, 0b11001000111],
    ['an intent with a key beyond the layout', { intent: 0b11111 }, 0b11111],
    ['an intent without its last key', { intent: 0b0111 }, 0b0111],
    ['a caller with a key beyond the layout', { caller: 0b1111 }, 0b1111],
    ['a caller without its context', { caller: 0b011 }, 0b011],
  ];
  for (const [what, masks, mask] of misfits) {
    it(`refuses ${what}, naming its key mask`, () => {
      assert.throws(
        () => createWireCodec('msgpack').decode(request(masks)),
        (error: unknown) =>
          error instanceof TypeError &&
          error.message === `key mask ${mask} does not fit the layout`,
      );
    });
  }
});

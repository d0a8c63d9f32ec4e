/**
 * The wire codec's encodings (`runtime/wire-codec.ts`): what each hands `postMessage` (the data
 * and the buffers it transfers), the JSON encoding's tagged Maps and bytes, and `discard` and
 * `reset`, which keep the two ends' derivation streams in step.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { derivationLink, withLazyDerivation } from '../../src/model/derivation-chain.js';
import { createWireCodec, DEFAULT_ENCODING } from '../../src/runtime/wire-codec.js';

/** The codec's first byte for a batch packed by msgpackr. */
const MSGPACK = 0;
const PUT_CLASS_BATCH = 1;
const REPLY_BATCH = 2;

const general = { kind: 'batch', messages: [{ kind: 'cancel', ids: [1, 2] }] };

describe('wire codec encodings', () => {
  it('uses msgpack unless told otherwise', () => {
    assert.equal(DEFAULT_ENCODING, 'msgpack');
  });

  it('clone: posts the batch object itself and transfers nothing', () => {
    const codec = createWireCodec('clone');
    const { data, transfer } = codec.encode(general);
    assert.equal(data, general);
    assert.deepEqual(transfer, []);
    assert.equal(codec.decode(data), data);
  });

  it('copy: posts a copy the receiver owns, equal to the batch, and transfers nothing', () => {
    const codec = createWireCodec('copy');
    const { data, transfer } = codec.encode(general);
    assert.notEqual(data, general);
    assert.deepStrictEqual(data, general);
    assert.deepEqual(transfer, []);
    assert.equal(codec.decode(data), data);
  });

  it('json: posts text, transfers nothing, and decodes anything else to undefined', () => {
    const codec = createWireCodec('json');
    const { data, transfer } = codec.encode(general);
    assert.equal(typeof data, 'string');
    assert.deepEqual(transfer, []);
    assert.deepStrictEqual(codec.decode(data), general);
    assert.equal(codec.decode(42), undefined);
    assert.equal(codec.decode(new ArrayBuffer(2)), undefined);
  });

  it('json: rebuilds Maps and bytes from their tags, and leaves other objects as they are', () => {
    const codec = createWireCodec('json');
    const value = {
      map: new Map<string, unknown>([['k', [1, 2]]]),
      bytes: new Uint8Array([0, 1, 254, 255]).subarray(1, 3),
      empty: new Uint8Array(0),
      blank: { '': [['a', 1]] },
      text: { '': 'abc' },
    };
    const back = codec.decode(codec.encode(value).data) as typeof value;
    assert.deepStrictEqual(back.map, value.map);
    assert.ok(back.bytes instanceof Uint8Array);
    assert.deepEqual([...back.bytes], [1, 254]);
    assert.deepEqual([...back.empty], []);
    assert.deepStrictEqual(back.blank, value.blank);
    assert.deepStrictEqual(back.text, value.text);
    const tagged = codec.decode('{"a":{"\\u0000bytes":null},"m":{"\\u0000map":[["k",1]]}}') as {
      a: Uint8Array;
      m: Map<string, number>;
    };
    assert.deepEqual([...tagged.a], []);
    assert.deepEqual(tagged.m, new Map([['k', 1]]));
  });

  it('msgpack: transfers the buffer it posts, whichever byte format it holds', () => {
    const codec = createWireCodec('msgpack');
    const put = {
      kind: 'batch',
      messages: [{ kind: 'ok', id: 1, objects: [], param: null, events: [] }],
    };
    for (const [value, format] of [
      [general, MSGPACK],
      [put, REPLY_BATCH],
    ] as const) {
      const { data, transfer } = codec.encode(value);
      assert.ok(data instanceof ArrayBuffer);
      assert.equal(new Uint8Array(data)[0], format);
      assert.equal(transfer.length, 1);
      assert.equal(transfer[0], data);
      assert.deepStrictEqual(codec.decode(structuredClone(data)), value);
    }
    assert.notEqual(PUT_CLASS_BATCH, MSGPACK);
  });

  it('msgpack: posts what msgpack would change as the object itself, transferring nothing', () => {
    const codec = createWireCodec('msgpack');
    const value = { kind: 'batch', messages: [{ kind: 'cancel', ids: [-0] }] };
    const { data, transfer } = codec.encode(value);
    assert.equal(data, value);
    assert.deepEqual(transfer, []);
  });

  it('msgpack: keeps Maps as Maps and null as null on the general route', () => {
    const codec = createWireCodec('msgpack');
    for (const value of [null, { kind: 'batch', messages: [new Map([['k', { a: 1 }]])] }]) {
      const { data } = codec.encode(value);
      assert.deepStrictEqual(codec.decode(structuredClone(data)), value);
    }
  });
});

describe('wire codec derivation streams', () => {
  /** A class result whose `__DERIVATION` is chained (`A` then its superclass `Base`). */
  const chained = () => ({
    name: 'A',
    systemProperties: withLazyDerivation(
      { __CLASS: 'A', __DERIVATION: [] as string[] },
      derivationLink('Base', null),
    ),
  });
  const indicate = (id: number) => ({
    kind: 'batch',
    messages: [{ kind: 'indicate', id, objects: [chained()] }],
  });
  const derivation = (decoded: unknown): unknown =>
    (decoded as { messages: { objects: { systemProperties: { __DERIVATION: unknown } }[] }[] })
      .messages[0]?.objects[0]?.systemProperties.__DERIVATION;

  it('sends a call’s links again after discard, so the receiver can rebuild what it gets next', () => {
    const sender = createWireCodec('clone');
    const receiver = createWireCodec('clone');
    const lost = indicate(7);
    sender.encode(lost);
    sender.discard(lost);
    const next = sender.encode(indicate(7)).data;
    assert.deepEqual(derivation(receiver.decode(structuredClone(next))), ['Base']);
  });

  it('after reset, sends every stream afresh to a new peer', () => {
    const sender = createWireCodec('clone');
    createWireCodec('clone').decode(structuredClone(sender.encode(indicate(7)).data));
    sender.reset();
    const replacement = createWireCodec('clone');
    const next = sender.encode(indicate(7)).data;
    assert.deepEqual(derivation(replacement.decode(structuredClone(next))), ['Base']);
  });

  it('after reset, no longer knows the links it received', () => {
    const sender = createWireCodec('clone');
    const receiver = createWireCodec('clone');
    receiver.decode(structuredClone(sender.encode(indicate(7)).data));
    const more = structuredClone(sender.encode(indicate(7)).data);
    receiver.reset();
    assert.throws(
      () => receiver.decode(more),
      /^TypeError: malformed or out-of-order derivation segment$/,
    );
  });
});

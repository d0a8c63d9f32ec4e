import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass } from '../../src/model/cim-builders.js';
import { createWireCodec } from '../../src/runtime/wire-codec.js';

/** The codec's first byte for a reply batch in the fixed layout (`wire-codec.ts`). */
const REPLY_BATCH = 2;

const ok = (id: number, param: string | null = null) => ({
  kind: 'ok',
  id,
  objects: [],
  param,
  events: [],
});
const fail = (id: number, message: string) => ({ kind: 'fail', id, hresult: 0x80041002, message });

/** What the main thread sees: the data through a real structured clone, as `postMessage`. */
function send(value: unknown): { readonly format: number | undefined; readonly back: unknown } {
  const { data } = createWireCodec('msgpack').encode(value);
  const format = data instanceof ArrayBuffer ? new Uint8Array(data)[0] : undefined;
  return { format, back: createWireCodec('msgpack').decode(structuredClone(data)) };
}

describe('plain replies on the msgpack wire (fixed layout)', () => {
  it('rebuilds ok and fail replies with their keys in order when none carries objects', () => {
    const value = {
      kind: 'batch',
      messages: [ok(1), ok(2, 'Wire.Id="\u00e9\ud800"'), fail(3, 'class "X" not found'), ok(-0)],
    };
    const { format, back } = send(value);
    assert.equal(format, REPLY_BATCH);
    assert.deepStrictEqual(back, value);
    const messages = (back as { messages: object[] }).messages;
    assert.deepEqual(Object.keys(messages[0] ?? {}), ['kind', 'id', 'objects', 'param', 'events']);
    assert.deepEqual(Object.keys(messages[2] ?? {}), ['kind', 'id', 'hresult', 'message']);
    assert.ok(Object.is((messages[3] as { id: number }).id, -0));
  });

  const general: readonly [string, unknown][] = [
    ['an ok reply with objects', { ...ok(1), objects: [cimClass({ name: 'Wire_X' })] }],
    ['an ok reply with events', { ...ok(1), events: [{ kind: 'x' }] }],
    ['a reply with a key of its own', { ...fail(1, 'x'), extra: true }],
    ['a progress reply', { kind: 'progress', id: 1, progress: 0, message: '' }],
  ];
  for (const [what, odd] of general) {
    it(`sends the batch by the general route, unchanged, when it holds ${what}`, () => {
      const value = { kind: 'batch', messages: [ok(1), odd] };
      const { format, back } = send(value);
      assert.notEqual(format, REPLY_BATCH);
      assert.deepStrictEqual(back, value);
    });
  }

  it('refuses bytes with an unknown reply tag instead of guessing', () => {
    const { data } = createWireCodec('msgpack').encode({ kind: 'batch', messages: [ok(1)] });
    const bytes = new Uint8Array(data as ArrayBuffer).slice();
    // format byte, string count 0, string table width, message count 1, then the reply's tag.
    assert.deepEqual([...bytes.subarray(0, 5)], [REPLY_BATCH, 0, 0, 1, 0]);
    bytes[4] = 9;
    assert.throws(() => createWireCodec('msgpack').decode(bytes.buffer), /unknown reply tag 9/);
  });
});

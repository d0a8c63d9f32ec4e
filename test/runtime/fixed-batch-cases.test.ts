/**
 * Cases of the fixed-layout batch frame (`runtime/fixed-batch.ts`) found by mutation testing:
 * while `Object.prototype` has an enumerable key the layouts are not used, even for a key every
 * object of the batch has as its own; and the fault named for a message count as large as the
 * whole message.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWireCodec } from '../../src/runtime/wire-codec.js';
import { encodeWithInheritedKey } from './helpers/inherited-key.js';

/** The codec's first byte for a reply batch in the fixed layout (`wire-codec.ts`). */
const REPLY_BATCH = 2;

const ok = (id: number) => ({ kind: 'ok', id, objects: [], param: null, events: [] });

describe('the fixed-layout frame', () => {
  it('sends replies by the general route while Object.prototype has an enumerable key, even one each object shadows', () => {
    const value = { kind: 'batch', messages: [ok(1), ok(2)] };
    const data = encodeWithInheritedKey('kind', 'inherited', value);
    const format = data instanceof ArrayBuffer ? new Uint8Array(data)[0] : undefined;
    assert.notEqual(format, REPLY_BATCH);
    assert.deepStrictEqual(createWireCodec('msgpack').decode(structuredClone(data)), value);
  });

  it('reads a batch claiming as many messages as it has bytes, refusing it where it ends early', () => {
    // Format byte, no strings, Latin-1, a count of 5 (the length of the bytes), one ok reply.
    const bytes = Uint8Array.from([REPLY_BATCH, 0, 0, 5, 0]);
    assert.throws(
      () => createWireCodec('msgpack').decode(bytes.buffer),
      /^TypeError: the message ends early$/,
    );
    // One more than the bytes: refused before any message is read.
    const more = Uint8Array.from([REPLY_BATCH, 0, 0, 6, 0]);
    assert.throws(
      () => createWireCodec('msgpack').decode(more.buffer),
      /^TypeError: the batch claims more messages than bytes$/,
    );
  });
});

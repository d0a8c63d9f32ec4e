/**
 * `Outbox` (`runtime/outbox.ts`): one post per event-loop turn and per `maxBatch` messages, a
 * full batch at once, the rest when the turn's microtasks run; a batch that cannot be encoded or
 * posted is retried message by message from a microtask, and only the messages that still fail
 * are rejected, each with its own error.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Outbox } from '../../src/runtime/outbox.js';
import type { WireCodec } from '../../src/runtime/wire-codec.js';

/** Lets the current turn's microtasks (the outbox's flush) run. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface Batch {
  readonly kind: 'batch';
  readonly messages: readonly unknown[];
}

/** A codec passing batches as they are, refusing any holding the message 'bad'. */
function fakeCodec() {
  const encoded: unknown[][] = [];
  const discarded: unknown[] = [];
  const codec: WireCodec = {
    encode(value) {
      const messages = (value as Batch).messages;
      encoded.push([...messages]);
      if (messages.includes('bad')) throw new TypeError('cannot encode bad');
      return { data: value, transfer: [] };
    },
    decode: (data) => data,
    discard: (value) => discarded.push([...(value as Batch).messages]),
    reset: () => {},
  };
  return { codec, encoded, discarded };
}

function harness(maxBatch: number) {
  const posted: unknown[][] = [];
  const rejected: [unknown, string][] = [];
  const fake = fakeCodec();
  const outbox = new Outbox<unknown>(
    {
      postMessage(data) {
        const messages = (data as Batch).messages;
        if (messages.includes('unpostable')) throw new Error('cannot post');
        posted.push([...messages]);
      },
    },
    fake.codec,
    { maxBatch, reject: (message, error) => rejected.push([message, (error as Error).message]) },
  );
  return { outbox, posted, rejected, ...fake };
}

describe('Outbox', () => {
  it('posts what a turn sent once its microtasks run, without a call to flush', async () => {
    const { outbox, posted } = harness(8);
    outbox.send(1);
    outbox.send(2);
    assert.deepEqual(posted, []);
    await nextTurn();
    assert.deepEqual(posted, [[1, 2]]);
  });

  it('posts again in a later turn, and after an explicit flush', async () => {
    const { outbox, posted } = harness(8);
    outbox.send(1);
    await nextTurn();
    outbox.send(2);
    await nextTurn();
    outbox.send(3);
    outbox.flush();
    outbox.send(4);
    await nextTurn();
    assert.deepEqual(posted, [[1], [2], [3], [4]]);
  });

  it('posts a full batch inside the send that filled it, from the first batch on', () => {
    const { outbox, posted } = harness(2);
    outbox.send(1);
    outbox.send(2);
    assert.deepEqual(posted, [[1, 2]]);
    outbox.send(3);
    outbox.send(4);
    assert.deepEqual(posted, [
      [1, 2],
      [3, 4],
    ]);
  });

  it('posts nothing on a flush with nothing queued, and never a message twice', async () => {
    const { outbox, posted, encoded } = harness(8);
    outbox.flush();
    outbox.send(1);
    outbox.flush();
    outbox.flush();
    await nextTurn();
    assert.deepEqual(posted, [[1]]);
    assert.deepEqual(encoded, [[1]]);
  });

  it('splits a flush into posts of maxBatch messages', () => {
    const { outbox, posted } = harness(3);
    // Full batches fail once each, so that the flush finds seven queued.
    outbox.send('bad');
    for (let i = 1; i < 7; i++) outbox.send(i);
    outbox.flush();
    assert.deepEqual(posted, [[1], [2], [3, 4, 5], [6]]);
  });

  it('removes queued messages that match and says how many', async () => {
    const { outbox, posted } = harness(8);
    for (const m of [1, 2, 3, 2]) outbox.send(m);
    assert.equal(
      outbox.remove((m) => m === 2),
      2,
    );
    assert.equal(
      outbox.remove((m) => m === 9),
      0,
    );
    await nextTurn();
    assert.deepEqual(posted, [[1, 3]]);
  });

  it('retries a batch that fails to encode message by message, rejecting only the failing one', async () => {
    const { outbox, posted, rejected, encoded, discarded } = harness(2);
    outbox.send('bad');
    outbox.send(1);
    // Full, failed: not encoded again by later sends of the turn, and nothing rejected yet.
    outbox.send(2);
    assert.deepEqual(encoded, [['bad', 1]]);
    assert.deepEqual(rejected, []);
    assert.deepEqual(posted, []);
    await nextTurn();
    assert.deepEqual(rejected, [['bad', 'cannot encode bad']]);
    assert.deepEqual(posted, [[1], [2]]);
    assert.deepEqual(discarded, [['bad', 1], ['bad', 1], ['bad']]);
  });

  it('after a failed full batch, lets a later full batch leave at once again', async () => {
    const { outbox, posted, rejected } = harness(2);
    outbox.send('bad');
    outbox.send(1);
    outbox.flush();
    assert.deepEqual(rejected, [['bad', 'cannot encode bad']]);
    assert.deepEqual(posted, [[1]]);
    outbox.send(3);
    outbox.send(4);
    assert.deepEqual(posted, [[1], [3, 4]]);
    await nextTurn();
    assert.deepEqual(posted, [[1], [3, 4]]);
  });

  it('flushes a lone full batch that failed from a microtask, rejecting nothing inside send', async () => {
    const { outbox, rejected } = harness(1);
    outbox.send('bad');
    assert.deepEqual(rejected, []);
    await nextTurn();
    assert.deepEqual(rejected, [['bad', 'cannot encode bad']]);
  });

  it('rejects a message whose post fails with the error of the post', async () => {
    const { outbox, posted, rejected } = harness(8);
    outbox.send('unpostable');
    outbox.send(1);
    await nextTurn();
    assert.deepEqual(rejected, [['unpostable', 'cannot post']]);
    assert.deepEqual(posted, [[1]]);
  });
});

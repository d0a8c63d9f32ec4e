/**
 * Cases of the in-thread channel (`runtime/in-thread-channel.ts`) found by mutation testing, in
 * this process: the timer that holds the event loop while a port is listened to, ref'd and open
 * (one, however often `ref` is called; none once unref'd, no longer listened to or closed), the
 * messages after one whose listener threw, and a port closed before it was paired.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InThreadPort, inThreadChannel } from '../../src/runtime/in-thread-channel.js';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The timers of this process that hold its event loop. */
const heldTimers = (): number =>
  process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

describe('inThreadChannel: holding the event loop', () => {
  it('holds it with one timer while listened to and ref-d, and lets go when unref-d, unheard or closed', () => {
    const before = heldTimers();
    const { port1 } = inThreadChannel(true);
    assert.equal(heldTimers(), before, 'not listened to');
    const listener = () => {};
    port1.on('message', listener);
    assert.equal(heldTimers(), before + 1, 'listened to');
    port1.ref();
    assert.equal(heldTimers(), before + 1, 'ref-d again: still one');
    port1.ref();
    assert.equal(heldTimers(), before + 1, 'and again');
    port1.unref();
    assert.equal(heldTimers(), before, 'unref-d');
    port1.ref();
    assert.equal(heldTimers(), before + 1, 'ref-d after unref');
    port1.off('message', listener);
    assert.equal(heldTimers(), before, 'no longer listened to');
    port1.on('message', listener);
    assert.equal(heldTimers(), before + 1);
    port1.close();
    assert.equal(heldTimers(), before, 'closed');
  });

  it('holds it for another kind of listener only while a message listener is there', () => {
    const before = heldTimers();
    const { port1 } = inThreadChannel(true);
    const other = () => {};
    port1.on('close', other);
    assert.equal(heldTimers(), before);
    port1.off('close', other);
    port1.on('message', other);
    port1.off('close', other);
    assert.equal(heldTimers(), before + 1, 'removing another kind of listener changes nothing');
    port1.close();
  });
});

describe('inThreadChannel: a listener that throws', () => {
  it('makes its exception the process’s, and the messages after it arrive in order on a later turn', async () => {
    const thrown: string[] = [];
    // What the process is given instead of the test runner (restored below).
    process.setUncaughtExceptionCaptureCallback((error) => thrown.push((error as Error).message));
    const { port1, port2 } = inThreadChannel(true);
    try {
      const got: unknown[] = [];
      port2.on('message', (v) => {
        got.push(v);
        if (v === 1) throw new Error('one');
      });
      port1.postMessage(1);
      port1.postMessage(2);
      port1.postMessage(3);
      await nextTurn();
      assert.deepEqual(got, [1]);
      assert.deepEqual(thrown, ['one']);
      await nextTurn();
      assert.deepEqual(got, [1, 2, 3]);
      assert.deepEqual(thrown, ['one']);
    } finally {
      port1.close();
      process.setUncaughtExceptionCaptureCallback(null);
    }
  });
});

describe('InThreadPort: a port never paired', () => {
  it('closes without error and emits close', async () => {
    const port = new InThreadPort(true);
    let closed = 0;
    port.on('close', () => closed++);
    port.close();
    await nextTurn();
    assert.equal(closed, 1);
  });
});

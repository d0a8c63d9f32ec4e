/**
 * The calling-thread host's wire: the `copy` encoding (`copyForWire`) gives what structured clone
 * gives, owned by the receiver, and refuses what the msgpack wire refuses; the in-thread channel
 * keeps a port's contract (a turn later, in order, held until listened to, nothing after close,
 * clones unless the values are copies, the loop held while listened to and ref'd).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { cimClass, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import { handOver, isHandedOver } from '../../src/model/hand-over.js';
import { inThreadChannel } from '../../src/runtime/in-thread-channel.js';
import { Outbox } from '../../src/runtime/outbox.js';
import { createWireCodec } from '../../src/runtime/wire-codec.js';
import { copyForWire, wireRoute } from '../../src/runtime/wire-fidelity.js';

const CHANNEL_MODULE = fileURLToPath(
  new URL('../../src/runtime/in-thread-channel.js', import.meta.url),
);

/** Every object reachable from `value`, to check that a copy shares none of them. */
function objectsOf(value: unknown, seen = new Set<object>()): Set<object> {
  if (typeof value !== 'object' || value === null || seen.has(value)) return seen;
  seen.add(value);
  if (value instanceof Map) {
    for (const [k, v] of value) {
      objectsOf(k, seen);
      objectsOf(v, seen);
    }
  } else if (!ArrayBuffer.isView(value)) {
    for (const v of Object.values(value)) objectsOf(v, seen);
  }
  return seen;
}

/** Plain data as requests and replies hold it, with the odd values structured clone keeps. */
const plainData = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.double(),
    fc.constantFrom(-0, Number.NaN, Number.POSITIVE_INFINITY),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
    tie('object'),
    tie('array'),
    tie('map'),
    fc.uint8Array({ maxLength: 8 }),
  ),
  object: fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 5 }),
  array: fc
    .tuple(fc.array(tie('value'), { maxLength: 5 }), fc.array(fc.nat(6), { maxLength: 2 }))
    .map(([items, holes]) => {
      const list = [...items];
      for (const hole of holes) if (hole < list.length) delete list[hole];
      return list;
    }),
  map: fc
    .array(fc.tuple(fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), tie('value')), {
      maxLength: 4,
    })
    .map((entries) => new Map(entries)),
}));

const dmtfLikeClass = cimClass({
  name: 'Copy_Test',
  qualifiers: [qualifier('Description', 'a class as the wire carries it')],
  properties: [
    cimProperty('Id', 'string', { qualifiers: [qualifier('Key', true)] }),
    cimProperty('Big', 'uint64', { value: '18446744073709551615' }),
    cimProperty('Counts', 'sint32[]', { value: [-1, 0, 2 ** 31 - 1] }),
  ],
});

describe('copyForWire (the copy encoding)', () => {
  it('gives what structured clone gives, sharing no object with the original', () => {
    fc.assert(
      fc.property(plainData.value, (value) => {
        const copy = copyForWire(value);
        assert.deepStrictEqual(copy, structuredClone(value));
        const original = objectsOf(value);
        for (const object of objectsOf(copy)) assert.ok(!original.has(object));
      }),
      { numRuns: 1500 },
    );
  });

  it('copies plain data member by member (a shared object comes out twice, as msgpack gives it) and the rest by clone (kept shared)', () => {
    const shared = { x: 1 };
    const plain = [
      'text',
      7.5,
      -0,
      true,
      null,
      undefined,
      -(2n ** 63n),
      2n ** 64n - 1n,
      new Map([['k', shared]]),
      // biome-ignore lint/suspicious/noSparseArray: the hole is plain data too.
      [1, , 3],
      new Uint8Array([1]),
      Object.assign(Object.create(null) as object, { n: 1 }),
    ];
    for (const [i, member] of plain.entries()) {
      const copy = copyForWire({ a: shared, b: shared, member }) as Record<string, unknown>;
      assert.notEqual(copy['a'], copy['b'], `plain member ${i} took the clone route`);
      assert.deepStrictEqual(copy, structuredClone({ a: shared, b: shared, member }));
    }
    for (const member of [new Date(1), new Set([1]), -(2n ** 63n) - 1n]) {
      if (typeof member === 'bigint') {
        assert.throws(() => copyForWire({ a: shared, b: shared, member }), RangeError);
        continue;
      }
      const copy = copyForWire({ a: shared, b: shared, member }) as Record<string, unknown>;
      assert.equal(copy['a'], copy['b'], `${typeof member} did not take the clone route`);
    }
  });

  it('refuses nesting at the depth the msgpack wire refuses, not one level before', () => {
    const nested = (depth: number): unknown => {
      let value: unknown = 'leaf';
      for (let i = 0; i < depth; i++) value = { v: value };
      return value;
    };
    let deepest = 0;
    while (deepest < 1000) {
      try {
        wireRoute(nested(deepest + 1));
        deepest++;
      } catch {
        break;
      }
    }
    assert.ok(deepest > 100 && deepest < 1000);
    assert.deepStrictEqual(copyForWire(nested(deepest)), nested(deepest));
    assert.throws(() => copyForWire(nested(deepest + 1)), RangeError);
  });

  it('lets structured clone take a value of more than 2^20 objects, sharing what it shares', () => {
    const shared = { x: 1 };
    const many = new Array<object>(2 ** 20).fill(shared);
    const copied = copyForWire(many) as object[];
    assert.equal(copied.length, many.length);
    assert.equal(copied[0], copied[1], 'over 2^20 objects the copy is structured clone');
    const fewer = new Array<object>(2 ** 20 - 1).fill(shared);
    const copiedFewer = copyForWire(fewer) as object[];
    assert.notEqual(copiedFewer[0], copiedFewer[1], 'at 2^20 objects the copy is member by member');
  });

  it('copies a class and a batch of requests member by member', () => {
    const batch = { kind: 'batch', messages: [{ kind: 'putClass', cls: dmtfLikeClass }] };
    const copy = copyForWire(batch) as typeof batch;
    assert.deepStrictEqual(copy, batch);
    assert.notEqual(copy.messages[0]?.cls, dmtfLikeClass);
    assert.notEqual(copy.messages[0]?.cls.properties, dmtfLikeClass.properties);
  });

  it('passes a handed-over object as it is, and copies the rest of the batch around it', () => {
    const given = handOver(cimClass({ name: 'Given', properties: [cimProperty('P', 'string')] }));
    const kept = cimClass({ name: 'Kept' });
    const batch = {
      kind: 'batch',
      messages: [
        { kind: 'putClass', cls: given, caller: { principal: 'p' } },
        { kind: 'putClass', cls: kept },
      ],
    };
    const copy = copyForWire(batch) as typeof batch;
    assert.deepStrictEqual(copy, batch);
    assert.equal(copy.messages[0]?.cls, given, 'the handed-over class is passed, not copied');
    assert.notEqual(copy.messages[0], batch.messages[0]);
    assert.notEqual(copy.messages[0]?.caller, batch.messages[0]?.caller);
    assert.notEqual(copy.messages[1]?.cls, kept, 'a class not handed over is copied');
    assert.ok(isHandedOver(given) && !isHandedOver(kept));
  });

  it('still packs a handed-over object on the msgpack wire', () => {
    const given = handOver(cimClass({ name: 'Given', properties: [cimProperty('P', 'string')] }));
    const [sender, receiver] = [createWireCodec('msgpack'), createWireCodec('msgpack')];
    const { data } = sender.encode({ kind: 'batch', messages: [{ kind: 'x', cls: given }] });
    assert.ok(data instanceof ArrayBuffer);
    const got = receiver.decode(data) as { messages: { cls: unknown }[] };
    assert.deepStrictEqual(got.messages[0]?.cls, given);
    assert.notEqual(got.messages[0]?.cls, given);
  });

  it('keeps an own __proto__ member a member, as structured clone does', () => {
    const value = JSON.parse('{"a": 1, "__proto__": {"polluted": true}}') as object;
    const copy = copyForWire(value) as Record<string, unknown>;
    assert.deepStrictEqual(copy, structuredClone(value));
    assert.equal(Object.getPrototypeOf(copy), Object.prototype);
    assert.ok(Object.hasOwn(copy, '__proto__'));
    assert.equal(copy['polluted'], undefined);
    assert.deepStrictEqual(
      Object.getOwnPropertyDescriptor(copy, '__proto__'),
      Object.getOwnPropertyDescriptor(structuredClone(value), '__proto__'),
    );
  });

  it('leaves out inherited members and copies bytes that are not shared', () => {
    const child = Object.create({ inherited: 1 }) as Record<string, unknown>;
    child['own'] = 1;
    assert.deepStrictEqual(copyForWire({ child }), structuredClone({ child }));
    const bytes = new Uint8Array([1, 2, 3]);
    const copy = copyForWire({ bytes }) as { bytes: Uint8Array };
    bytes[0] = 9;
    assert.equal(copy.bytes[0], 1);
  });

  it('takes an object whose own constructor member hides what it is by clone', () => {
    const shared = { x: 1 };
    const bareSpoofed = Object.assign(Object.create(null) as object, { constructor: 5, a: 1 });
    for (const v of [{ constructor: undefined, a: 1 }, bareSpoofed]) {
      const copy = copyForWire({ a: shared, b: shared, v }) as Record<string, unknown>;
      assert.equal(copy['a'], copy['b'], 'the clone route keeps what is shared');
      assert.deepStrictEqual(copy, structuredClone({ a: shared, b: shared, v }));
    }
  });

  it('gives a view of the same memory for bytes in a SharedArrayBuffer, as clone does', () => {
    const bytes = new Uint8Array(new SharedArrayBuffer(4));
    const copy = copyForWire({ bytes }) as { bytes: Uint8Array };
    assert.equal(copy.bytes.buffer, bytes.buffer);
    assert.notEqual(copy.bytes, bytes);
  });

  it('goes by structured clone for what is not plain data (Date, Error, Set, class instances)', () => {
    for (const value of [
      { d: new Date(5) },
      { e: new Error('x') },
      { s: new Set([1]) },
      {
        p: new (class Point {
          x = 1;
        })(),
      },
      { b: Buffer.from([1, 2]) },
    ]) {
      assert.deepStrictEqual(copyForWire(value), structuredClone(value));
    }
  });

  it('refuses what the msgpack wire refuses, with the same errors', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    for (const value of [
      { f: () => 1 },
      { s: Symbol('x') },
      { v: 2n ** 64n },
      { v: -(2n ** 63n) - 1n },
      cyclic,
      { d: new Date(0), f: () => 1 },
    ]) {
      let expected: unknown;
      try {
        wireRoute(value);
      } catch (error) {
        expected = error;
      }
      assert.ok(expected instanceof Error);
      assert.throws(() => copyForWire(value), { name: expected.name, message: expected.message });
    }
  });

  it('rejects a bad message in an Outbox and lets the others leave, as the other encodings do', () => {
    const posted: unknown[] = [];
    const rejected: unknown[] = [];
    const outbox = new Outbox<unknown>(
      { postMessage: (data) => posted.push(data) },
      createWireCodec('copy'),
      { reject: (m) => rejected.push(m) },
    );
    const bad = { f: () => 1 };
    outbox.send(bad);
    outbox.send({ fine: true });
    outbox.flush();
    assert.deepEqual(rejected, [bad]);
    assert.deepEqual(posted, [{ kind: 'batch', messages: [{ fine: true }] }]);
  });
});

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('inThreadChannel', () => {
  it('delivers a turn later, in order, both ways', async () => {
    const { port1, port2 } = inThreadChannel(true);
    const got: unknown[] = [];
    port2.on('message', (v) => {
      got.push(v);
      if (v === 2) port2.postMessage('reply');
    });
    const replies: unknown[] = [];
    port1.on('message', (v) => replies.push(v));
    port1.postMessage(1);
    port1.postMessage(2);
    assert.deepEqual(got, [], 'not in the same turn');
    await nextTurn();
    assert.deepEqual(got, [1, 2]);
    await nextTurn();
    assert.deepEqual(replies, ['reply']);
    port1.close();
  });

  it('keeps messages until something listens', async () => {
    const { port1, port2 } = inThreadChannel(true);
    port1.postMessage('early');
    await nextTurn();
    await nextTurn();
    const got: unknown[] = [];
    port2.on('message', (v) => got.push(v));
    await nextTurn();
    assert.deepEqual(got, ['early']);
    port1.close();
  });

  it('passes copies as they are, and clones any other value as postMessage would', async () => {
    const value = { a: new Map([['k', [1, 2]]]) };
    for (const copied of [true, false]) {
      const { port1, port2 } = inThreadChannel(copied);
      const got: unknown[] = [];
      port2.on('message', (v) => got.push(v));
      port1.postMessage(value);
      await nextTurn();
      assert.deepStrictEqual(got[0], value);
      assert.equal(got[0] === value, copied);
      port1.close();
    }
  });

  it('transfers what the sender lists when it clones, as postMessage does', async () => {
    const { port1, port2 } = inThreadChannel(false);
    const got: unknown[] = [];
    port2.on('message', (v) => got.push(v));
    const bytes = new Uint8Array([1, 2, 3]);
    port1.postMessage({ bytes }, [bytes.buffer]);
    assert.equal(bytes.byteLength, 0, 'the sender no longer holds the buffer');
    await nextTurn();
    assert.deepEqual([...((got[0] as { bytes: Uint8Array }).bytes ?? [])], [1, 2, 3]);
    port1.close();
  });

  it('delivers the messages after one whose listener threw, in order, on a later turn', () => {
    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { inThreadChannel } from ${JSON.stringify(CHANNEL_MODULE)};
const { port1, port2 } = inThreadChannel(true);
const got = [];
process.on('uncaughtException', (e) => got.push('threw ' + e.message));
port2.on('message', (v) => { got.push(v); if (v === 1) throw new Error('one'); });
port1.postMessage(1); port1.postMessage(2); port1.postMessage(3);
setTimeout(() => { console.log(JSON.stringify(got)); port1.close(); }, 50);`,
      ],
      { encoding: 'utf8', timeout: 5000 },
    );
    assert.equal(run.stdout.trim(), JSON.stringify([1, 'threw one', 2, 3]), run.stderr);
  });

  it('delivers nothing once either end is closed, and emits close on both', async () => {
    const { port1, port2 } = inThreadChannel(true);
    const got: unknown[] = [];
    let closes = 0;
    port2.on('message', (v) => got.push(v));
    port1.on('close', () => closes++);
    port2.on('close', () => closes++);
    port1.postMessage('queued');
    port2.close();
    port1.postMessage('after');
    await nextTurn();
    await nextTurn();
    assert.deepEqual(got, []);
    assert.equal(closes, 2);
  });

  it('holds the process while listened to and ref-d, not once unref-d or closed', () => {
    const run = (script: string) =>
      spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `import { inThreadChannel } from ${JSON.stringify(CHANNEL_MODULE)};\n${script}`,
        ],
        { encoding: 'utf8', timeout: 5000 },
      );
    const alive = "setTimeout(() => { console.log('alive'); port1.close(); }, 300).unref();";
    const cases: [string, string, boolean][] = [
      ['listened to', "port1.on('message', () => {});", true],
      [
        'listened to and ref-d again',
        "port1.on('message', () => {}); port1.ref(); port1.ref();",
        true,
      ],
      ['unref-d', "port1.on('message', () => {}); port1.unref();", false],
      [
        'ref-d twice, then unref-d',
        "port1.on('message', () => {}); port1.ref(); port1.ref(); port1.unref();",
        false,
      ],
      ['not listened to', '', false],
      [
        'no longer listened to',
        "const f = () => {}; port1.on('message', f); port1.off('message', f);",
        false,
      ],
      ['closed', "port1.on('message', () => {}); port1.close();", false],
    ];
    for (const [what, script, holds] of cases) {
      const result = run(`const { port1 } = inThreadChannel(true); ${script} ${alive}`);
      assert.equal(result.status, 0, `${what}: ${result.stderr}`);
      assert.equal(result.stdout.trim(), holds ? 'alive' : '', what);
    }
  });
});

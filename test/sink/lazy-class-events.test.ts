/**
 * Class events as the main thread receives them (`event-wire.ts`): the class header is read by
 * dispatch, the members are decoded only when something reads them. Decodes are counted through
 * `eventFromWire`'s decoder seam while the events go through the real `EngineStreams`,
 * `NotificationHub` and compiled notification queries.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import { cimClass, cimMethod, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import type { WbemEvent } from '../../src/model/wbem-event.js';
import {
  type ClassMembers,
  eventFromWire,
  eventToWire,
  unpackMembers,
} from '../../src/runtime/event-wire.js';
import { createWireCodec } from '../../src/runtime/wire-codec.js';
import { EngineStreams } from '../../src/sink/engine-streams.js';
import type { Notification } from '../../src/sink/notification-hub.js';
import { compileEventQuery } from '../../src/wql/event-filter.js';

const DELIVERY = { queueLimit: 100, slowCallbackMs: 1_000, maxShare: 0.5 };

/** A class as `getClass` returns it: resolved members and system properties. */
function classView(name: string, derivation: readonly string[], size = 7): CimClass {
  return {
    ...cimClass({
      name,
      superclass: derivation[0] ?? null,
      qualifiers: [qualifier('Description', `the ${name} class`)],
      properties: [
        cimProperty('Id', 'uint32', { qualifiers: [qualifier('Key', true)] }),
        cimProperty('Size', 'uint64', { value: size }),
        cimProperty('Ratio', 'real64', { value: 1.5 }),
      ],
    }),
    systemProperties: {
      __GENUS: 1,
      __CLASS: name,
      __SUPERCLASS: derivation[0] ?? null,
      __DYNASTY: derivation[derivation.length - 1] ?? name,
      __DERIVATION: derivation,
      __PROPERTY_COUNT: 3,
      __RELPATH: name,
      __PATH: `\\\\host\\root\\lazy:${name}`,
      __NAMESPACE: 'root\\lazy',
      __SERVER: 'host',
    },
  };
}

function deletion(cls: CimClass, n: number): WbemEvent {
  return {
    eventClass: '__ClassDeletionEvent',
    namespace: 'root/lazy',
    timeCreated: String(n),
    targetClass: cls,
  };
}

/** Streams with notification queries, fed wire events through a decoder that counts. */
function fixture(queries: readonly string[]) {
  const streams = new EngineStreams(DELIVERY);
  const decodes: string[] = [];
  const decode = (bytes: Uint8Array): ClassMembers => {
    const members = unpackMembers(bytes);
    decodes.push([...members.properties.keys()].join());
    return members;
  };
  const seen = queries.map(() => [] as Notification[]);
  queries.forEach((query, i) => {
    streams.notifications
      .open({
        namespace: 'root/lazy',
        filter: compileEventQuery(query),
        allowed: () => true,
        target: { next: (n) => seen[i]?.push(n), complete: () => undefined },
      })
      .release();
  });
  const publish = (events: readonly WbemEvent[]) =>
    new Promise<void>((resolve) =>
      streams.publishEvents(
        events.map((e) => eventFromWire(eventToWire(e), decode)),
        resolve,
      ),
    );
  return { streams, decodes, seen, publish };
}

const disk = classView('Lazy_Disk', ['Lazy_Device', 'Lazy_Base']);
const other = classView('Lazy_Other', []);

describe('class events decoded lazily', () => {
  it('never decodes a class whose members no filter and no subscriber reads', async () => {
    const { decodes, seen, publish } = fixture([
      "SELECT * FROM __ClassDeletionEvent WHERE TargetClass ISA 'Lazy_Base' AND TargetClass.__CLASS <> 'X'",
      "SELECT * FROM __ClassOperationEvent WHERE TargetClass ISA 'Lazy_Device'",
      "SELECT * FROM __ClassCreationEvent WHERE TargetClass ISA 'Lazy_Base'",
    ]);
    await publish([deletion(disk, 1), deletion(other, 2)]);
    assert.deepEqual(
      seen.map((s) => s.length),
      [1, 1, 0],
    );
    const [delivered] = seen[0] ?? [];
    assert.ok(delivered !== undefined && delivered.eventClass === '__ClassDeletionEvent');
    assert.equal(delivered.targetClass?.name, 'Lazy_Disk');
    assert.deepEqual(delivered.targetClass?.systemProperties?.__DERIVATION, [
      'Lazy_Device',
      'Lazy_Base',
    ]);
    assert.deepEqual(decodes, [], 'the header answered every filter and read');
  });

  it('decodes once, on first read, and the class read equals the class raised', async () => {
    const { decodes, seen, publish } = fixture([
      "SELECT * FROM __ClassDeletionEvent WHERE TargetClass ISA 'Lazy_Base'",
    ]);
    await publish([deletion(disk, 1)]);
    const [delivered] = seen[0] ?? [];
    assert.ok(delivered !== undefined && delivered.eventClass === '__ClassDeletionEvent');
    assert.equal(decodes.length, 0);
    assert.equal(delivered.targetClass?.properties.get('size')?.value, 7);
    assert.equal(decodes.length, 1);
    assert.deepEqual(delivered.targetClass, disk);
    assert.deepEqual(delivered, deletion(disk, 1));
    assert.equal(structuredClone(delivered.targetClass)?.qualifiers.size, 1);
    assert.equal(decodes.length, 1, 'the members are decoded once, then kept');
  });

  it('decodes only the events whose filter reads a member of the class', async () => {
    const { decodes, seen, publish } = fixture([
      "SELECT * FROM __ClassDeletionEvent WHERE TargetClass ISA 'Lazy_Base' AND TargetClass.Size = 9",
    ]);
    const big = classView('Lazy_Big', ['Lazy_Base'], 9);
    await publish([deletion(disk, 1), deletion(big, 2), deletion(other, 3)]);
    assert.deepEqual(
      seen[0]?.map((n) => (n.eventClass === '__AggregateEvent' ? '' : n.targetClass?.name)),
      ['Lazy_Big'],
    );
    assert.equal(decodes.length, 2, 'Lazy_Other matched no ISA and was never decoded');
  });

  it('publishes an events$ observer that does not read the class without decoding it', async () => {
    const { streams, decodes, publish } = fixture([]);
    const names: string[] = [];
    const sub = streams.events$.subscribe((e) => names.push(e.targetClass?.name ?? ''));
    await publish([deletion(disk, 1), deletion(other, 2)]);
    sub.unsubscribe();
    assert.deepEqual(names, ['Lazy_Disk', 'Lazy_Other']);
    assert.deepEqual(decodes, []);
  });

  it('sends a class whole when msgpack would not carry its members exactly', () => {
    const negativeZero = {
      ...disk,
      properties: new Map([['ratio', { ...cimProperty('Ratio', 'real64'), value: -0 }]]),
    };
    const wire = eventToWire(deletion(negativeZero, 1));
    assert.equal('packedMembers' in (wire.targetClass ?? {}), false);
    const back = eventFromWire(wire);
    assert.ok(Object.is(back.targetClass?.properties.get('ratio')?.value, -0));
  });
});

describe('class members packed on the host (eventToWire)', () => {
  const packedOf = (cls: CimClass, n = 1) => {
    const wire = eventToWire(deletion(cls, n)).targetClass;
    assert.ok(wire !== undefined && 'packedMembers' in wire);
    return wire.packedMembers;
  };

  it('packs a class version once for every event that carries it', () => {
    const version = classView('Lazy_Packed_Once', ['Lazy_Base']);
    // Another view of the same stored version: a new object, the same member maps.
    const again: CimClass = { ...version, superclass: 'Lazy_Base' };
    const first = packedOf(version, 1);
    assert.equal(packedOf(again, 2), first);
    const back = eventFromWire(eventToWire(deletion(again, 3))).targetClass;
    assert.deepEqual(back?.properties, version.properties);
    assert.equal(back?.name, 'Lazy_Packed_Once');
  });

  it('packs again when a version changes any of its members', () => {
    const version = classView('Lazy_Packed_Twice', []);
    const first = packedOf(version);
    const requalified = { ...version, qualifiers: new Map(version.qualifiers) };
    const withMethod: CimClass = {
      ...version,
      methods: cimClass({ name: 'Lazy_Packed_Twice', methods: [cimMethod('Go', 'uint32')] })
        .methods,
    };
    const resized = classView('Lazy_Packed_Twice', [], 9);
    for (const changed of [requalified, withMethod, resized]) {
      const bytes = packedOf(changed);
      assert.notEqual(bytes, first);
      const back = eventFromWire(eventToWire(deletion(changed, 2))).targetClass;
      assert.deepEqual(back?.qualifiers, changed.qualifiers);
      assert.deepEqual(back?.properties, changed.properties);
      assert.deepEqual(back?.methods, changed.methods);
    }
  });

  it('shares the packed members with the receiving thread instead of copying them', async () => {
    const version = classView('Lazy_Shared', ['Lazy_Base']);
    const sent = packedOf(version);
    assert.ok(sent.buffer instanceof SharedArrayBuffer);
    // The reply batch as a host posts it, through the wire codec and a real port.
    const codec = createWireCodec('msgpack');
    const reply = {
      kind: 'ok',
      id: 1,
      objects: [],
      param: null,
      events: [eventToWire(deletion(version, 1))],
    };
    const { data, transfer } = codec.encode({ kind: 'batch', messages: [reply] });
    const { port1, port2 } = new MessageChannel();
    const arrived = new Promise<unknown>((resolve) => port2.once('message', resolve));
    port1.postMessage(data, [...transfer]);
    const batch = createWireCodec('msgpack').decode(await arrived) as {
      messages: [{ events: [{ targetClass: { packedMembers: Uint8Array } }] }];
    };
    port1.close();
    const received = batch.messages[0].events[0];
    const bytes = received.targetClass.packedMembers;
    assert.ok(bytes.buffer instanceof SharedArrayBuffer);
    assert.deepEqual(bytes, sent);
    // The same memory on both sides: a copy would not see a byte the sender's view changes.
    const at = sent.length - 1;
    const byte = sent[at] as number;
    sent[at] = byte ^ 0xff;
    assert.equal(bytes[at], byte ^ 0xff);
    sent[at] = byte;
    const back = eventFromWire(received as unknown as ReturnType<typeof eventToWire>).targetClass;
    assert.deepEqual(back?.properties, version.properties);
    assert.deepEqual(back?.qualifiers, version.qualifiers);
  });
});

/**
 * Class events from a host to the main thread (`runtime/event-wire.ts`): each class travels as
 * its header and its members packed into shared bytes, packed once per class version, and the
 * main thread's class equals the one raised, its members decoded on their first read only. A
 * class whose members msgpack would not carry exactly travels whole.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimProperty, qualifier } from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import {
  type ClassMembers,
  type EventWire,
  eventFromWire,
  eventToWire,
  type PackedClass,
  unpackMembers,
} from '../../src/runtime/event-wire.js';
import { event, makeClass } from './helpers/wire-event-fixture.js';

/** A decoder that counts its calls. */
function counting() {
  const calls = { count: 0 };
  const decode = (bytes: Uint8Array): ClassMembers => {
    calls.count++;
    return unpackMembers(bytes);
  };
  return { calls, decode };
}

const packedOf = (cls: EventWire['targetClass']): PackedClass => cls as PackedClass;

describe('eventToWire', () => {
  it('passes an event without classes as it is', () => {
    const plain = event();
    assert.equal(eventToWire(plain), plain);
    assert.equal(eventFromWire(plain), plain);
  });

  it('sends a class as its header and its members packed into shared memory', () => {
    const cls = makeClass('Event_A');
    const raised = event(cls);
    const wire = eventToWire(raised);
    assert.notEqual(wire, raised);
    assert.equal(raised.targetClass, cls, 'the event raised is not changed');
    const packed = packedOf(wire.targetClass);
    assert.deepEqual(Object.keys(packed), [
      'genus',
      'name',
      'superclass',
      'systemProperties',
      'packedMembers',
    ]);
    assert.equal(packed.name, 'Event_A');
    assert.ok(packed.packedMembers.buffer instanceof SharedArrayBuffer);
    const { qualifiers, properties, methods } = cls;
    assert.deepStrictEqual(unpackMembers(packed.packedMembers), {
      qualifiers,
      properties,
      methods,
    });
    assert.equal(wire.namespace, 'root/cimv2');
    assert.equal(wire.timeCreated, raised.timeCreated);
  });

  it('packs the target and the previous class of an event', () => {
    const target = makeClass('Event_New');
    const previous = makeClass('Event_Old');
    const wire = eventToWire(event(target, previous));
    assert.ok(packedOf(wire.targetClass).packedMembers instanceof Uint8Array);
    assert.ok(packedOf(wire.previousClass).packedMembers instanceof Uint8Array);
    const back = eventFromWire(wire);
    assert.deepStrictEqual(back, event(target, previous));
    const onlyPrevious = eventToWire({ ...event(undefined, previous) });
    assert.equal(onlyPrevious.targetClass, undefined);
    assert.deepStrictEqual(eventFromWire(onlyPrevious), event(undefined, previous));
  });

  it('packs a class version once, however many events carry it', () => {
    const cls = makeClass('Event_Once');
    const first = packedOf(eventToWire(event(cls)).targetClass).packedMembers;
    const view = { ...cls, name: 'Event_Once' };
    const again = packedOf(eventToWire(event(cls, view)).previousClass).packedMembers;
    assert.equal(again, first);
  });

  it('packs again when the qualifiers or methods differ beside the same properties', () => {
    const cls = makeClass('Event_Version');
    const first = packedOf(eventToWire(event(cls)).targetClass).packedMembers;
    const requalified: CimClass = {
      ...cls,
      qualifiers: new Map([['abstract', qualifier('Abstract', true)]]),
    };
    const second = packedOf(eventToWire(event(requalified)).targetClass).packedMembers;
    assert.notEqual(second, first);
    assert.deepStrictEqual(unpackMembers(second).qualifiers, requalified.qualifiers);
    const remethoded: CimClass = { ...requalified, methods: new Map() };
    const third = packedOf(eventToWire(event(remethoded)).targetClass).packedMembers;
    assert.deepStrictEqual(unpackMembers(third).methods, new Map());
    assert.deepStrictEqual(unpackMembers(third).qualifiers, requalified.qualifiers);
  });

  it('sends a class whole when msgpack would change its members or cannot carry them', () => {
    const zero: CimClass = {
      ...makeClass('Event_Zero'),
      properties: new Map([['z', { ...cimProperty('Z', 'real64'), value: -0 }]]),
    };
    const fn: CimClass = {
      ...makeClass('Event_Fn'),
      qualifiers: new Map([['q', { ...qualifier('Q', 1), value: (() => 1) as unknown as number }]]),
    };
    for (const cls of [zero, fn]) {
      const wire = eventToWire(event(cls));
      assert.equal(wire.targetClass, cls);
      assert.equal(eventFromWire(wire).targetClass, cls);
    }
  });
});

describe('eventFromWire', () => {
  it('gives a class equal to the one raised, decoding its members once, on their first read', () => {
    const cls = makeClass('Event_Lazy');
    const { calls, decode } = counting();
    const back = eventFromWire(eventToWire(event(cls)), decode);
    const target = back.targetClass as CimClass;
    assert.equal(target.name, 'Event_Lazy');
    assert.deepEqual(target.systemProperties, cls.systemProperties);
    assert.equal(calls.count, 0, 'the header is read without decoding');
    assert.deepStrictEqual(target.properties, cls.properties);
    assert.deepStrictEqual(target.qualifiers, cls.qualifiers);
    assert.deepStrictEqual(target.methods, cls.methods);
    assert.equal(target.properties, target.properties);
    assert.equal(calls.count, 1);
    assert.deepStrictEqual(target, cls);
  });

  it('makes the members enumerable, so that a spread or a comparison sees them', () => {
    const cls = makeClass('Event_Keys');
    const target = eventFromWire(eventToWire(event(cls))).targetClass as CimClass;
    assert.deepEqual(Object.keys(target).sort(), Object.keys(cls).sort());
    assert.deepStrictEqual({ ...target }, { ...cls });
    assert.equal('packedMembers' in target, false);
  });

  it('keeps the event’s other fields and passes a whole class as it is', () => {
    const cls = makeClass('Event_Whole');
    const wire: EventWire = { ...event(cls), droppedEvents: 3 };
    const back = eventFromWire(wire);
    assert.notEqual(back, wire);
    assert.equal(back.targetClass, cls);
    assert.equal(back.droppedEvents, 3);
    assert.equal(back.eventClass, '__ClassCreationEvent');
  });
});

/**
 * Cases of the class-event wire (`runtime/event-wire.ts`) found by mutation testing: an event
 * carrying only a previous class has it packed too, and the main thread rebuilds it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventFromWire, eventToWire, type PackedClass } from '../../src/runtime/event-wire.js';
import { event, makeClass } from './helpers/wire-event-fixture.js';

describe('eventToWire: an event with a previous class only', () => {
  it('packs the previous class’s members, and eventFromWire gives back the class raised', () => {
    const previous = makeClass('Event_OnlyPrevious');
    const raised = event(undefined, previous);
    const wire = eventToWire(raised);
    assert.notEqual(wire, raised);
    const packed = wire.previousClass as PackedClass;
    assert.ok(packed.packedMembers instanceof Uint8Array);
    assert.equal('properties' in packed, false);
    assert.equal('targetClass' in wire, false);
    assert.deepStrictEqual(eventFromWire(wire), raised);
  });
});

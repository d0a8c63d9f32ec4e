/**
 * @module Which values msgpack (msgpackr records, Maps kept) carries exactly as structured clone
 * would, so that the msgpack wire behaves like the clone wire for every input.
 *
 * msgpackr silently changes some values that structured clone keeps: `-0` becomes `0`, an array
 * hole becomes `undefined`, a function becomes `undefined`, an `Error` becomes an array, a typed
 * array becomes a `Buffer`, an object with `toJSON` or of another class loses its identity, and a
 * `WeakMap` or a `Promise` becomes `{}` where clone refuses it. A batch holding any of those goes
 * by structured clone instead (which keeps it, or refuses it as the clone wire always did); plain
 * data (primitives, plain objects, arrays, Maps), i.e. every well-formed request and reply, is
 * packed. What neither can carry faithfully is refused here, before any bytes are written.
 */

import { isHandedOver } from '../model/hand-over.js';

/** How a value must cross: packed, or by structured clone. */
export type WireRoute = 'pack' | 'clone';

/** Deeper than any CIM object: a cycle (msgpack would recurse without end). */
const MAX_DEPTH = 256;
/** More nodes than this and shared sub-objects may be copying out of hand: let clone share them. */
const MAX_NODES = 1 << 20;

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

class Walk {
  nodes = 0;
  clone = false;

  visit(value: unknown, depth: number): void {
    switch (typeof value) {
      case 'string':
      case 'boolean':
      // Stryker disable next-line ConditionalExpression: undefined falling through to 'number' returns there too
      case 'undefined':
        return;
      case 'number':
        // Stryker disable next-line EqualityOperator: 1 / value is ±Infinity here, never 0
        if (value === 0 && 1 / value < 0) this.clone = true;
        return;
      case 'bigint':
        if (value < INT64_MIN || value > UINT64_MAX) {
          throw new RangeError(`${value} does not fit the wire's 64-bit integers`);
        }
        return;
      case 'symbol':
        throw new TypeError('a symbol cannot be sent');
      case 'function':
        throw new TypeError('a function cannot be sent');
      default:
        if (value === null) return;
        this.#object(value as object, depth);
    }
  }

  #object(value: object, depth: number): void {
    if (depth >= MAX_DEPTH) throw new RangeError(`the object is nested deeper than ${MAX_DEPTH}`);
    if (++this.nodes > MAX_NODES) {
      this.clone = true;
      return;
    }
    const next = depth + 1;
    // `constructor` first, as msgpackr dispatches: a spoofed one is not plain data anyway.
    const ctor = (value as { constructor?: unknown }).constructor;
    if (ctor === Object || (ctor === undefined && Object.getPrototypeOf(value) === null)) {
      const record = value as Record<string, unknown>;
      for (const key in record) {
        if (Object.hasOwn(record, key)) this.visit(record[key], next);
      }
    } else if (ctor === Array) {
      const list = value as unknown[];
      for (let i = 0; i < list.length; i++) {
        const item = list[i];
        // Stryker disable next-line ConditionalExpression: a hole always reads undefined (a fast check first)
        if (item === undefined && !(i in list)) this.clone = true;
        else this.visit(item, next);
      }
    } else if (ctor === Map) {
      for (const [k, v] of value as Map<unknown, unknown>) {
        this.visit(k, next);
        this.visit(v, next);
      }
    } else {
      // Date, Error, RegExp, Set, typed arrays, class instances, ...: clone's own rules apply.
      this.clone = true;
    }
  }
}

/**
 * The route for one batch: `pack` when msgpack carries it exactly, `clone` otherwise.
 * @throws {RangeError} a cycle, or a BigInt beyond 64 bits (the request is refused, never sent).
 * @throws {TypeError} a function or a symbol (refused, as structured clone refuses them).
 */
export function wireRoute(value: unknown): WireRoute {
  const walk = new Walk();
  walk.visit(value, 0);
  return walk.clone ? 'clone' : 'pack';
}

/** Thrown inside `Copy` when a node is not plain data: the whole value then goes by clone. */
const NOT_PLAIN = Symbol('not plain data');

/** `Walk`'s twin that builds the copy as it goes (plain data only; see `copyForWire`). */
class Copy {
  nodes = 0;

  value(value: unknown, depth: number): unknown {
    switch (typeof value) {
      case 'string':
      case 'boolean':
      case 'undefined':
      case 'number':
        return value;
      case 'bigint':
        if (value < INT64_MIN || value > UINT64_MAX) throw NOT_PLAIN;
        return value;
      // Stryker disable next-line StringLiteral: a symbol reaching #object is refused there (not plain data)
      case 'symbol':
      // Stryker disable next-line ConditionalExpression,StringLiteral: a function or symbol reaching #object is refused there (not plain data)
      case 'function':
        throw NOT_PLAIN;
      default:
        return value === null ? null : this.#object(value as object, depth);
    }
  }

  #object(value: object, depth: number): object {
    // Given for good by its creator (the MOF loader's compiled objects): nothing to snapshot.
    if (isHandedOver(value)) return value;
    if (depth >= MAX_DEPTH || ++this.nodes > MAX_NODES) throw NOT_PLAIN;
    const next = depth + 1;
    const ctor = (value as { constructor?: unknown }).constructor;
    if (ctor === Object || (ctor === undefined && Object.getPrototypeOf(value) === null)) {
      const record = value as Record<string, unknown>;
      const copy: Record<string, unknown> = {};
      for (const key in record) {
        if (!Object.hasOwn(record, key)) continue;
        const member = this.value(record[key], next);
        // An own `__proto__` (JSON.parse makes one) stays a property, as clone keeps it.
        // Stryker disable next-line ConditionalExpression: defining any other key so gives the same property
        if (key === '__proto__') {
          Object.defineProperty(copy, key, {
            value: member,
            writable: true,
            enumerable: true,
            configurable: true,
          });
        } else copy[key] = member;
      }
      return copy;
    }
    if (ctor === Array) {
      const list = value as unknown[];
      const copy: unknown[] = new Array(list.length);
      // Stryker disable next-line EqualityOperator: index length is not in the list, so nothing is copied for it
      for (let i = 0; i < list.length; i++) {
        // A hole stays a hole, as structured clone keeps it.
        if (i in list) copy[i] = this.value(list[i], next);
      }
      return copy;
    }
    if (ctor === Map) {
      const copy = new Map<unknown, unknown>();
      for (const [k, v] of value as Map<unknown, unknown>) {
        copy.set(this.value(k, next), this.value(v, next));
      }
      return copy;
    }
    if (ctor === Uint8Array) {
      // As structured clone does: a view of the same memory when it is shared (an event's packed
      // members, `event-wire.ts`), else of a copy of the whole buffer.
      const bytes = value as Uint8Array;
      const buffer =
        bytes.buffer instanceof SharedArrayBuffer ? bytes.buffer : bytes.buffer.slice(0);
      return new Uint8Array(buffer, bytes.byteOffset, bytes.length);
    }
    throw NOT_PLAIN;
  }
}

/**
 * A copy of `value` that its receiver owns, equal to what `structuredClone` gives and checked as
 * `wireRoute` checks: the `copy` encoding, for a port within one thread. Plain data (primitives,
 * plain objects, arrays, Maps, and the `Uint8Array`s events carry: every well-formed request and
 * reply) is copied member by member,
 * sharing the strings, which structured clone and msgpack both copy byte by byte; anything else
 * goes through `structuredClone` whole, after `wireRoute`'s checks. An object its creator handed
 * over (`handOver`) is passed as it is, unchecked: it is the receiver's already.
 * @throws as `wireRoute` does; and as `structuredClone` does for what it refuses.
 */
export function copyForWire(value: unknown): unknown {
  try {
    return new Copy().value(value, 0);
  } catch (thrown) {
    if (thrown !== NOT_PLAIN) throw thrown;
  }
  wireRoute(value);
  return structuredClone(value);
}

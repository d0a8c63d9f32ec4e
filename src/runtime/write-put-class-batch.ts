/**
 * @module Writes a batch of `putClass` requests in their fixed layout (`put-class-layout.ts`):
 * the request, its intent and caller, and the class with its qualifiers, properties, methods and
 * parameters, each as the presence of its known keys and their values. The first thousand creates
 * after start spent most of the main thread's wire time in msgpackr's generic packer, which is
 * slow until the JIT has settled, and in the separate fidelity walk (`wire-fidelity.ts`) before
 * it; here one pass checks and writes, and the host rebuilds each object from a literal.
 *
 * The layout holds only what it rebuilds exactly: plain objects whose own keys are the known ones
 * in the known order (builders and `Object.assign` produce them so), `Map`s with string keys,
 * values of `wire-bytes.ts`. Anything else (another key, another order, a subclass, a context
 * object, an embedded object value, ...) makes `writePutClassBatch` return `undefined`, and the
 * batch takes the general route, which sends it exactly or refuses it, as before.
 */
import type { CimClass } from '../model/cim-class.js';
import type { CimProperty } from '../model/cim-property.js';
import type { Qualifier } from '../model/qualifier.js';
import { writeFixedBatch } from './fixed-batch.js';
import type { CallAuthority, PutClassRequest } from './protocol.js';
import {
  CALLER,
  CLASS,
  type Fields,
  FULL_REQUEST,
  INTENT,
  type Layout,
  METHOD,
  PARAMETER,
  PLAIN_CLASS,
  PLAIN_PROPERTY,
  PLAIN_QUALIFIER,
  PROPERTY,
  presence,
  QUALIFIER,
  REQUEST,
} from './put-class-layout.js';
import { type ByteWriter, OFF_LAYOUT } from './wire-bytes.js';

/** Writes the keys present, in layout order, `container` deciding how each is written. */
function writeFields(
  out: ByteWriter,
  value: unknown,
  shape: Layout,
  container: (out: ByteWriter, key: string, field: unknown) => boolean,
): void {
  writePresent(out, value as Fields, presence(value, shape), shape, container);
}

function writePresent(
  out: ByteWriter,
  fields: Fields,
  mask: number,
  shape: Layout,
  container: (out: ByteWriter, key: string, field: unknown) => boolean,
): void {
  out.varint(mask);
  // Stryker disable next-line EqualityOperator: `presence` sets no bit at keys.length
  for (let i = 0; i < shape.keys.length; i++) {
    if ((mask & (1 << i)) === 0) continue;
    const key = shape.keys[i] as string;
    const field = fields[key];
    if (!container(out, key, field)) out.value(field);
  }
}

function writeMap(out: ByteWriter, map: unknown, element: (out: ByteWriter, v: unknown) => void) {
  if (!(map instanceof Map) || Object.getPrototypeOf(map) !== Map.prototype) throw OFF_LAYOUT;
  out.varint(map.size);
  // forEach, not for-of over entries: no entry arrays, which matters before the JIT has run.
  (map as Map<unknown, unknown>).forEach((value, key) => {
    if (typeof key !== 'string') throw OFF_LAYOUT;
    out.string(key);
    element(out, value);
  });
}

// Stryker disable next-line ArrowFunction: undefined is as false to writePresent
const noContainers = (): boolean => false;

// The shapes the builders produce are written field by field (named reads, no per-key
// dispatch); any other mask goes through `writePresent`.

function writeQualifier(out: ByteWriter, value: unknown): void {
  const mask = presence(value, QUALIFIER);
  const q = value as Qualifier;
  // Stryker disable next-line ConditionalExpression: a fast path; writePresent writes the same bytes
  if (mask === PLAIN_QUALIFIER) {
    out.varint(mask);
    out.value(q.name);
    out.value(q.type);
    out.value(q.value);
    out.value(q.flavor);
  } else writePresent(out, value as Fields, mask, QUALIFIER, noContainers);
}

function qualifiersOnly(out: ByteWriter, key: string, field: unknown): boolean {
  if (key !== 'qualifiers') return false;
  writeMap(out, field, writeQualifier);
  return true;
}

function writeProperty(out: ByteWriter, value: unknown): void {
  const mask = presence(value, PROPERTY);
  const p = value as CimProperty;
  // Stryker disable next-line ConditionalExpression: a fast path; writePresent writes the same bytes
  if (mask === PLAIN_PROPERTY) {
    out.varint(mask);
    out.value(p.name);
    out.value(p.type);
    out.value(p.isArray);
    out.value(p.value);
    writeMap(out, p.qualifiers, writeQualifier);
  } else writePresent(out, value as Fields, mask, PROPERTY, qualifiersOnly);
}

function writeParameter(out: ByteWriter, value: unknown): void {
  writeFields(out, value, PARAMETER, qualifiersOnly);
}

function writeMethod(out: ByteWriter, value: unknown): void {
  writeFields(out, value, METHOD, (o, key, field) => {
    if (key === 'parameters') writeMap(o, field, writeParameter);
    else if (key === 'qualifiers') writeMap(o, field, writeQualifier);
    else return false;
    return true;
  });
}

function classContainers(out: ByteWriter, key: string, field: unknown): boolean {
  if (key === 'qualifiers') writeMap(out, field, writeQualifier);
  else if (key === 'properties') writeMap(out, field, writeProperty);
  else if (key === 'methods') writeMap(out, field, writeMethod);
  else return false;
  return true;
}

function writeClass(out: ByteWriter, value: unknown): void {
  const mask = presence(value, CLASS);
  const c = value as CimClass;
  // Stryker disable next-line ConditionalExpression: a fast path; writePresent writes the same bytes
  if (mask === PLAIN_CLASS) {
    out.varint(mask);
    out.value(c.genus);
    out.value(c.name);
    out.value(c.superclass);
    writeMap(out, c.qualifiers, writeQualifier);
    writeMap(out, c.properties, writeProperty);
    writeMap(out, c.methods, writeMethod);
  } else writePresent(out, value as Fields, mask, CLASS, classContainers);
}

// Every key of a caller and of an intent is required: `presence` throws for any other mask.
// A context object (`caller.context`) is off the layout by `out.value`, which carries scalars
// and arrays of scalars only.
function writeCaller(out: ByteWriter, value: unknown): void {
  out.varint(presence(value, CALLER));
  const c = value as CallAuthority;
  out.value(c.principal);
  out.value(c.rights);
  out.value(c.context);
}

function writeIntent(out: ByteWriter, value: unknown): void {
  out.varint(presence(value, INTENT));
  const i = value as PutClassRequest['intent'];
  out.value(i.mode);
  out.value(i.update);
  out.value(i.useAmendedQualifiers);
  out.value(i.ownerUpdate);
}

// Only for a request without a caller: one with a caller has every key (`FULL_REQUEST`).
function requestContainers(out: ByteWriter, key: string, field: unknown): boolean {
  if (key === 'cls') writeClass(out, field);
  else if (key === 'intent') writeIntent(out, field);
  else return false;
  return true;
}

function writeRequest(out: ByteWriter, message: unknown): void {
  // Stryker disable next-line ConditionalExpression: the kind is written as a value, so another kind with a request's keys would arrive as sent too
  if ((message as { kind?: unknown } | null)?.kind !== 'putClass') throw OFF_LAYOUT;
  const mask = presence(message, REQUEST);
  if (mask !== FULL_REQUEST) {
    writePresent(out, message as Fields, mask, REQUEST, requestContainers);
    return;
  }
  const m = message as PutClassRequest;
  out.varint(mask);
  out.value(m.kind);
  writeClass(out, m.cls);
  writeIntent(out, m.intent);
  out.value(m.id);
  out.value(m.namespace);
  out.value(m.sendStatus);
  out.value(m.wantsEvents);
  writeCaller(out, m.caller);
}

// Stryker disable next-line ConditionalExpression: a quick refusal; writeRequest refuses any other kind too
const isPutClass = (kind: unknown): boolean => kind === 'putClass';

/**
 * The batch in the fixed layout after `prefix` (the codec's format byte), when it is a batch of
 * `putClass` requests that fit it whole; `undefined` otherwise.
 */
export function writePutClassBatch(
  out: ByteWriter,
  batch: unknown,
  prefix: number,
): ArrayBuffer | undefined {
  return writeFixedBatch(out, batch, prefix, isPutClass, writeRequest);
}

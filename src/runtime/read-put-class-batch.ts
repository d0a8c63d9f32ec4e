/**
 * @module Reads a batch written by `write-put-class-batch.ts` back into the objects that were
 * sent: the same keys in the same order, equal values. The shapes the builders produce are
 * rebuilt from literals, any other mask key by key.
 */

import { readFixedBatch } from './fixed-batch.js';
import {
  ARRAY_QUALIFIER,
  CLASS,
  type Fields,
  FULL_CALLER,
  FULL_INTENT,
  FULL_REQUEST,
  type Layout,
  METHOD,
  PARAMETER,
  PLAIN_CLASS,
  PLAIN_PROPERTY,
  PLAIN_QUALIFIER,
  PROPERTY,
  REQUEST,
  required,
} from './put-class-layout.js';
import type { ByteReader } from './wire-bytes.js';

type FieldReader = (input: ByteReader, key: string) => unknown;

/** The error for a key mask that no object of the layout has. */
function misfit(mask: number): TypeError {
  return new TypeError(`key mask ${mask} does not fit the layout`);
}

/**
 * An object of `shape` with the keys of `mask`, in layout order (the order they were sent in).
 * @throws {TypeError} a mask that no object of the layout has.
 */
function readFields(input: ByteReader, mask: number, shape: Layout, field: FieldReader): Fields {
  const all = (1 << shape.keys.length) - 1;
  if ((mask & ~all) !== 0 || (mask & required(shape)) !== required(shape)) {
    throw misfit(mask);
  }
  const fields: Fields = {};
  // Stryker disable next-line EqualityOperator: the mask has no bit at keys.length (checked above)
  for (let i = 0; i < shape.keys.length; i++) {
    if ((mask & (1 << i)) === 0) continue;
    const key = shape.keys[i] as string;
    fields[key] = field(input, key);
  }
  return fields;
}

function readMap(input: ByteReader, element: (input: ByteReader) => unknown): Map<string, unknown> {
  const size = input.varint();
  const map = new Map<string, unknown>();
  for (let i = 0; i < size; i++) map.set(input.string(), element(input));
  return map;
}

// The common shapes are rebuilt from literals (properties initialise in source order, the order
// they were written in): one hidden class each, for the host's reading of the class after.
function readQualifier(input: ByteReader): unknown {
  const mask = input.varint();
  if (mask === PLAIN_QUALIFIER) {
    return {
      name: input.value(),
      type: input.value(),
      value: input.value(),
      flavor: input.value(),
    };
  }
  if (mask === ARRAY_QUALIFIER) {
    return {
      name: input.value(),
      type: input.value(),
      isArray: input.value(),
      value: input.value(),
      flavor: input.value(),
    };
  }
  // `isArray` is a qualifier's only optional key: no other mask fits.
  throw misfit(mask);
}

const qualifiersField: FieldReader = (input, key) =>
  key === 'qualifiers' ? readMap(input, readQualifier) : input.value();

function readProperty(input: ByteReader): unknown {
  const mask = input.varint();
  // Stryker disable next-line ConditionalExpression,BlockStatement: the literal is a fast path; readFields rebuilds the same object, keys in the same order
  if (mask === PLAIN_PROPERTY) {
    return {
      name: input.value(),
      type: input.value(),
      isArray: input.value(),
      value: input.value(),
      qualifiers: readMap(input, readQualifier),
    };
  }
  return readFields(input, mask, PROPERTY, qualifiersField);
}

function readParameter(input: ByteReader): unknown {
  return readFields(input, input.varint(), PARAMETER, qualifiersField);
}

function readMethod(input: ByteReader): unknown {
  return readFields(input, input.varint(), METHOD, (i, key) =>
    key === 'parameters'
      ? readMap(i, readParameter)
      : key === 'qualifiers'
        ? readMap(i, readQualifier)
        : i.value(),
  );
}

const classField: FieldReader = (input, key) => {
  switch (key) {
    case 'qualifiers':
      return readMap(input, readQualifier);
    case 'properties':
      return readMap(input, readProperty);
    case 'methods':
      return readMap(input, readMethod);
    default:
      return input.value();
  }
};

function readClass(input: ByteReader): unknown {
  const mask = input.varint();
  // Stryker disable next-line ConditionalExpression,BlockStatement: the literal is a fast path; readFields rebuilds the same object, keys in the same order
  if (mask === PLAIN_CLASS) {
    return {
      genus: input.value(),
      name: input.value(),
      superclass: input.value(),
      qualifiers: readMap(input, readQualifier),
      properties: readMap(input, readProperty),
      methods: readMap(input, readMethod),
    };
  }
  return readFields(input, mask, CLASS, classField);
}

function readIntent(input: ByteReader): unknown {
  const mask = input.varint();
  if (mask === FULL_INTENT) {
    return {
      mode: input.value(),
      update: input.value(),
      useAmendedQualifiers: input.value(),
      ownerUpdate: input.value(),
    };
  }
  // Every key of an intent is required.
  throw misfit(mask);
}

function readCaller(input: ByteReader): unknown {
  const mask = input.varint();
  if (mask === FULL_CALLER) {
    return { principal: input.value(), rights: input.value(), context: input.value() };
  }
  // Every key of a caller is required.
  throw misfit(mask);
}

// Only for a request without a caller: one with a caller has every key (`FULL_REQUEST`).
const requestField: FieldReader = (input, key) =>
  key === 'cls' ? readClass(input) : key === 'intent' ? readIntent(input) : input.value();

function readRequest(input: ByteReader): unknown {
  const mask = input.varint();
  if (mask === FULL_REQUEST) {
    return {
      kind: input.value(),
      cls: readClass(input),
      intent: readIntent(input),
      id: input.value(),
      namespace: input.value(),
      sendStatus: input.value(),
      wantsEvents: input.value(),
      caller: readCaller(input),
    };
  }
  return readFields(input, mask, REQUEST, requestField);
}

/**
 * The batch `writePutClassBatch` wrote into `bytes` from offset `at` (after the format byte).
 * @throws {TypeError} bytes that are not such a batch (the post is undecodable).
 */
export function readPutClassBatch(bytes: Uint8Array, at: number): unknown {
  return readFixedBatch(bytes, at, readRequest);
}

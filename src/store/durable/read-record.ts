/**
 * @module Decoding one record read back from the database, checked against what its key says
 * it is before anything trusts it: a record that fails is reported as damage, never skipped.
 */
import { EMPTY_CHANGE_SET } from '../../model/change-set.js';
import { WBEM_E_CRITICAL_ERROR } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';
import { checkChangeSet } from '../check-change-set.js';
import { keyComponents } from './keys.js';
import type { RecordCodec } from './record-codec.js';

/** What a record read back must be. */
export type RecordFamily = 'class' | 'instance' | 'qualifier' | 'name' | 'count';

/** Where a record was read, for the damage message. */
export interface RecordOrigin {
  readonly codec: RecordCodec;
  readonly file: string;
  readonly nsKey: string;
}

/** WBEM_E_CRITICAL_ERROR naming the file, the namespace and the record. */
export function damagedRecord(
  origin: RecordOrigin,
  key: Uint8Array,
  what: string,
  cause?: unknown,
): WbemError {
  const name = keyComponents(key)
    .map((part) => JSON.stringify(part))
    .join('/');
  return new WbemError(WBEM_E_CRITICAL_ERROR, {
    message: `${origin.file} is damaged: namespace ${origin.nsKey}: record ${name} ${what}`,
    cause,
  });
}

function shapeOf(record: unknown, family: RecordFamily): string | undefined {
  switch (family) {
    case 'class':
      checkChangeSet({ ...EMPTY_CHANGE_SET, putClasses: [record] });
      return undefined;
    case 'instance':
      checkChangeSet({ ...EMPTY_CHANGE_SET, putInstances: [record] });
      return undefined;
    case 'qualifier':
      checkChangeSet({ ...EMPTY_CHANGE_SET, putQualifierDeclarations: [record] });
      return undefined;
    case 'name':
      return typeof record === 'string' && record.length > 0 ? undefined : 'is not a class name';
    case 'count':
      return Number.isSafeInteger(record) && (record as number) >= 0 ? undefined : 'is not a count';
  }
}

/**
 * Decodes the record stored under `key` and checks its shape.
 * @throws {WbemError} WBEM_E_CRITICAL_ERROR when it cannot be decoded or is not a `family` record.
 */
export function readRecord(
  origin: RecordOrigin,
  bytes: Uint8Array,
  key: Buffer,
  family: RecordFamily,
): unknown {
  let record: unknown;
  try {
    record = origin.codec.decode(bytes, key);
  } catch (cause) {
    throw damagedRecord(origin, key, `cannot be decoded (${(cause as Error).message})`, cause);
  }
  let fault: string | undefined;
  try {
    fault = shapeOf(record, family);
  } catch (cause) {
    throw damagedRecord(origin, key, `is malformed (${(cause as Error).message})`, cause);
  }
  if (fault !== undefined) throw damagedRecord(origin, key, fault);
  return record;
}

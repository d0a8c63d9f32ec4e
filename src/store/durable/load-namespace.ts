/**
 * @module Loading one namespace's records from the database whole, into a `MemoryClassStore`: the
 * reference a lazily read namespace (`lazy-namespace.ts`) must answer exactly as, and the way to
 * take a copy of a namespace in memory. The derived index records are skipped.
 */
import type { RootDatabase } from 'lmdb';
import type { ClassRecord, InstanceRecord } from '../../model/change-set.js';
import { EMPTY_CHANGE_SET } from '../../model/change-set.js';
import type { QualifierDeclaration } from '../../model/qualifier-declaration.js';
import { WBEM_E_CRITICAL_ERROR } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';
import { checkChangeSet } from '../check-change-set.js';
import { MemoryClassStore } from '../memory-class-store.js';
import {
  CLASS,
  INDEX,
  INSTANCE,
  keyComponents,
  META,
  prefixRange,
  QUALIFIER,
  SUBCLASS,
  storeKey,
} from './keys.js';
import type { RecordCodec } from './record-codec.js';

/**
 * Reads every record of a namespace into a new `MemoryClassStore`.
 *
 * @throws {WbemError} WBEM_E_CRITICAL_ERROR naming the file, the namespace and the record when a
 * record cannot be decoded or is not what its key says (damage is reported, never skipped).
 */
export function loadNamespace(
  db: RootDatabase<Buffer, Buffer>,
  codec: RecordCodec,
  nsKey: string,
  file: string,
): MemoryClassStore {
  const classes: ClassRecord[] = [];
  const instances: InstanceRecord[] = [];
  const qualifiers: QualifierDeclaration[] = [];
  const damaged = (what: string, cause?: unknown): WbemError =>
    new WbemError(WBEM_E_CRITICAL_ERROR, {
      message: `${file} is damaged: namespace ${nsKey}: ${what}`,
      cause,
    });
  for (const { key, value } of db.getRange(prefixRange(storeKey(nsKey)))) {
    const family = keyComponents(key)[1];
    if (family === META || family === SUBCLASS || family === INDEX) continue;
    let record: unknown;
    try {
      record = codec.decode(value, key);
    } catch (cause) {
      throw damaged(
        `record ${keyComponents(key).join('/')} cannot be decoded (${(cause as Error).message})`,
        cause,
      );
    }
    if (family === CLASS) classes.push(record as ClassRecord);
    else if (family === INSTANCE) instances.push(record as InstanceRecord);
    else if (family === QUALIFIER) qualifiers.push(record as QualifierDeclaration);
    else throw damaged(`unknown record family ${JSON.stringify(family)}`);
  }
  const mirror = new MemoryClassStore();
  const stored = {
    ...EMPTY_CHANGE_SET,
    putClasses: classes,
    putInstances: instances,
    putQualifierDeclarations: qualifiers,
  };
  try {
    // Records read from the file are untrusted input: their shape is checked before the mirror,
    // which trusts what it is given, takes them.
    checkChangeSet(stored);
    mirror.apply(stored);
  } catch (cause) {
    throw damaged(`stored records are malformed (${(cause as Error).message})`, cause);
  }
  return mirror;
}

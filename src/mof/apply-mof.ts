/**
 * @module Loads compiled MOF into a target (the engine) through its public put operations.
 *
 * Operations run in groups: all qualifier declarations, then one group per class level, then
 * the instances. Within a group nothing depends on anything else, so up to `window` puts are in
 * flight at once; a group starts only when the previous one has fully succeeded, so a class is
 * never put before its superclass or the classes it references.
 */
import type { CimClass } from '../model/cim-class.js';
import type { CimInstance } from '../model/cim-instance.js';
import type { QualifierDeclaration } from '../model/qualifier-declaration.js';
import {
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_NOT_FOUND,
  WBEM_E_NOT_SUPPORTED,
} from '../wbem/status.js';
import { toWbemError, WbemError } from '../wbem/wbem-error.js';
import { MofError } from './mof-error.js';
import type { MofOperation } from './mof-operation.js';

/**
 * Where compiled MOF is written; the engine implements it over its public API. The optional
 * operations serve the pragmas that act on the repository; a MOF that needs one the target
 * lacks fails at that statement with WBEM_E_NOT_SUPPORTED.
 */
export interface MofTarget {
  putQualifierDeclaration(namespace: string, declaration: QualifierDeclaration): Promise<void>;
  putClass(namespace: string, cls: CimClass, flags: number): Promise<void>;
  putInstance(namespace: string, instance: CimInstance, flags: number): Promise<void>;
  /** `#pragma deleteclass`: rejects with WBEM_E_NOT_FOUND when the class does not exist. */
  deleteClass?(namespace: string, className: string): Promise<void>;
  /** `#pragma deleteinstance`: rejects with WBEM_E_NOT_FOUND when the instance does not exist. */
  deleteInstance?(namespace: string, path: string): Promise<void>;
  /** `instance of __Namespace`: creates `parent/name`, doing nothing when it exists. */
  createNamespace?(parent: string, name: string): Promise<void>;
}

export interface ApplyMofOptions {
  /** Most puts in flight at once within one group; default 32, 1 makes the load sequential. */
  readonly window?: number;
  /** Called after each successful put (and once with 0 done before the first). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ApplyMofResult {
  readonly qualifiers: number;
  readonly classes: number;
  readonly instances: number;
}

function groupKey(op: MofOperation, index: number): string {
  if (op.kind === 'class') return `class:${op.level}`;
  if (op.kind === 'qualifier' || op.kind === 'instance') return op.kind;
  return `barrier:${index}`;
}

/** What an operation writes, when two operations of one group could write the same thing. */
function writes(op: MofOperation): string | undefined {
  // Stryker disable next-line MethodExpression: either case folds the name; only equality of the keys matters
  if (op.kind === 'qualifier') return `${op.namespace}\u0000${op.declaration.name.toLowerCase()}`;
  return undefined;
}

/**
 * End of the group starting at `start`: consecutive operations of one kind and level, cut
 * before an operation that writes what an earlier one of the group wrote (a qualifier declared
 * twice), so the later declaration cannot overtake the earlier one in flight.
 */
function groupEnd(operations: readonly MofOperation[], start: number): number {
  const key = groupKey(operations[start] as MofOperation, start);
  const written = new Set<string>();
  let end = start;
  while (end < operations.length) {
    const op = operations[end] as MofOperation;
    if (groupKey(op, end) !== key) break;
    const target = writes(op);
    if (target !== undefined) {
      if (written.has(target)) break;
      written.add(target);
    }
    end++;
  }
  return end;
}

function describe(op: MofOperation): string {
  switch (op.kind) {
    case 'qualifier':
      return `qualifier ${op.declaration.name}`;
    case 'class':
      return `class ${op.cls.name}`;
    case 'instance':
      return `instance of ${op.instance.className}`;
    case 'deleteClass':
      return `#pragma deleteclass("${op.className}")`;
    case 'deleteInstance':
      return `#pragma deleteinstance("${op.path}")`;
    case 'namespace':
      return `instance of __Namespace ("${op.name}")`;
  }
}

function unsupported(what: string): Promise<void> {
  return Promise.reject(
    new WbemError(WBEM_E_NOT_SUPPORTED, { message: `this target cannot ${what}` }),
  );
}

/** A missing class or instance under NOFAIL is skipped, as mofcomp skips it. */
async function tolerateMissing(pending: Promise<void>, failIfMissing: boolean): Promise<void> {
  try {
    await pending;
  } catch (thrown) {
    if (failIfMissing || toWbemError(thrown).hresult !== WBEM_E_NOT_FOUND) throw thrown;
  }
}

function put(op: MofOperation, target: MofTarget): Promise<void> {
  switch (op.kind) {
    case 'qualifier':
      return target.putQualifierDeclaration(op.namespace, op.declaration);
    case 'class':
      return target.putClass(op.namespace, op.cls, op.flags);
    case 'instance':
      return target.putInstance(op.namespace, op.instance, op.flags);
    case 'deleteClass':
      return tolerateMissing(
        target.deleteClass?.(op.namespace, op.className) ?? unsupported('delete classes'),
        op.failIfMissing,
      );
    case 'deleteInstance':
      return tolerateMissing(
        target.deleteInstance?.(op.namespace, op.path) ?? unsupported('delete instances'),
        op.failIfMissing,
      );
    case 'namespace':
      return target.createNamespace?.(op.namespace, op.name) ?? unsupported('create namespaces');
  }
}

/**
 * Performs the operations of `compileMof` against `target`, in dependency order, stopping at
 * the first failure (puts already in flight are awaited, none is started after it).
 *
 * Mirrors the load phase of `mofcomp`.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER when `window` is not a positive integer.
 * @throws {MofError} with the HRESULT of the failed put (e.g. WBEM_E_ALREADY_EXISTS,
 * WBEM_E_NOT_FOUND) and the file, line and column of the declaration it came from; the original
 * error is its `cause`.
 */
export async function applyMof(
  operations: readonly MofOperation[],
  target: MofTarget,
  options: ApplyMofOptions = {},
): Promise<ApplyMofResult> {
  const window = options.window ?? 32;
  if (!Number.isInteger(window) || window < 1) {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: `window must be a positive integer, got ${String(window)}`,
    });
  }
  const total = operations.length;
  let done = 0;
  options.onProgress?.(0, total);
  let start = 0;
  while (start < total) {
    const end = groupEnd(operations, start);
    let next = start;
    let failure: MofError | undefined;
    const worker = async (): Promise<void> => {
      while (failure === undefined && next < end) {
        const op = operations[next++] as MofOperation;
        try {
          await put(op, target);
        } catch (thrown) {
          const error = toWbemError(thrown);
          failure ??= new MofError(
            error.hresult,
            op.source,
            `${describe(op)} in ${op.namespace} failed: ${error.detail ?? error.message}`,
            error,
          );
          return;
        }
        done++;
        options.onProgress?.(done, total);
      }
    };
    // Stryker disable next-line ArithmeticOperator: a worker past the group's operations finds none left and ends at once
    await Promise.all(Array.from({ length: Math.min(window, end - start) }, worker));
    if (failure !== undefined) throw failure;
    start = end;
  }
  let qualifiers = 0;
  let classes = 0;
  let instances = 0;
  for (const op of operations) {
    if (op.kind === 'qualifier') qualifiers++;
    else if (op.kind === 'class') classes++;
    else if (op.kind === 'instance') instances++;
  }
  return { qualifiers, classes, instances };
}

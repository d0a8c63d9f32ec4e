/**
 * @module The operations of the load on one namespace, and the state they need: the version of
 * each chain class (so each update is a real change) and the pool of standalone classes that
 * creates fill and deletes drain. State changes when a call is issued, not when it completes,
 * so concurrent calls never target a class another call is deleting.
 */
import type { WbemServices } from '../../index.js';
import {
  WBEM_FLAG_CREATE_ONLY,
  WBEM_FLAG_DEEP,
  WBEM_FLAG_UPDATE_FORCE_MODE,
  WBEM_FLAG_UPDATE_ONLY,
  WBEM_FLAG_UPDATE_SAFE_MODE,
} from '../../index.js';
import type { OperationKind } from '../report/load-report.js';
import { benchClass, chainClass, chainClassName } from './bench-classes.js';

export interface WorkloadShape {
  readonly properties: number;
  readonly depth: number;
}

export interface NamespaceWorkload {
  readonly namespace: string;
  /** Creates the chain (the load's updates, gets and enumerations need it). */
  prepare(): Promise<void>;
  /** Issues one operation of `kind`; returns the kind actually run (a delete with nothing to delete creates). */
  issue(
    kind: OperationKind,
    pick: number,
  ): { readonly kind: OperationKind; readonly done: Promise<unknown> };
}

/** The load's operations on `svc`. `pick` in [0, 1) chooses among the chain classes. */
export function namespaceWorkload(
  namespace: string,
  svc: WbemServices,
  shape: WorkloadShape,
): NamespaceWorkload {
  const depth = Math.max(1, shape.depth);
  const versions = new Array<number>(depth).fill(0);
  const pool: string[] = [];
  let created = 0;
  const middle = Math.floor((depth - 1) / 2);

  const update = (level: number, flags: number): Promise<unknown> => {
    versions[level] = (versions[level] ?? 0) + 1;
    return svc.putClass(chainClass(level, shape.properties, versions[level] ?? 0), flags);
  };
  const create = (): Promise<unknown> => {
    created += 1;
    const name = `Bench_C${created}`;
    const done = svc.putClass(benchClass(name, null, shape.properties, 0), WBEM_FLAG_CREATE_ONLY);
    return done.then((result) => {
      pool.push(name);
      return result;
    });
  };

  return {
    namespace,
    async prepare() {
      for (let level = 0; level < depth; level += 1) {
        await svc.putClass(chainClass(level, shape.properties, 0));
      }
    },
    issue(kind, pick) {
      switch (kind) {
        case 'create':
          return { kind, done: create() };
        case 'updateCompatible':
          return { kind, done: update(depth - 1, WBEM_FLAG_UPDATE_ONLY) };
        case 'updateSafe':
          return { kind, done: update(middle, WBEM_FLAG_UPDATE_ONLY | WBEM_FLAG_UPDATE_SAFE_MODE) };
        case 'updateForce':
          return { kind, done: update(0, WBEM_FLAG_UPDATE_ONLY | WBEM_FLAG_UPDATE_FORCE_MODE) };
        case 'get':
          return { kind, done: svc.getClass(chainClassName(Math.floor(pick * depth))) };
        case 'enumerate':
          return { kind, done: svc.createClassEnum(chainClassName(0), WBEM_FLAG_DEEP) };
        case 'delete': {
          const name = pool.pop();
          if (name === undefined) return { kind: 'create', done: create() };
          return { kind, done: svc.deleteClass(name) };
        }
      }
    },
  };
}

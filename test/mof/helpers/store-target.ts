/**
 * @module A `MofTarget` over the schema operations and one `MemoryClassStore` per namespace: the
 * engine's write path without threads, to load real MOF through the real rules.
 */
import type { CimClass } from '../../../src/model/cim-class.js';
import type { CimInstance } from '../../../src/model/cim-instance.js';
import type { QualifierDeclaration } from '../../../src/model/qualifier-declaration.js';
import type { MofTarget } from '../../../src/mof/apply-mof.js';
import {
  type OperationEnv,
  parsePutClassFlags,
  parsePutInstanceFlags,
  putClass,
  putInstance,
  putQualifierDeclaration,
  type SchemaRules,
  WMI_RULES,
} from '../../../src/schema/index.js';
import { MemoryClassStore } from '../../../src/store/memory-class-store.js';

export interface StoreTarget extends MofTarget {
  store(namespace: string): MemoryClassStore;
  env(namespace: string): OperationEnv;
}

export function storeTarget(rules: SchemaRules = WMI_RULES): StoreTarget {
  const stores = new Map<string, MemoryClassStore>();
  const store = (namespace: string): MemoryClassStore => {
    let s = stores.get(namespace);
    if (s === undefined) {
      s = new MemoryClassStore();
      stores.set(namespace, s);
    }
    return s;
  };
  const env = (namespace: string): OperationEnv => ({
    namespace,
    server: 'TESTHOST',
    now: () => '0',
    rules,
  });
  return {
    store,
    env,
    async putQualifierDeclaration(
      namespace: string,
      declaration: QualifierDeclaration,
    ): Promise<void> {
      const s = store(namespace);
      s.apply(putQualifierDeclaration(s, declaration, env(namespace)).changes);
    },
    async putClass(namespace: string, cls: CimClass, flags: number): Promise<void> {
      const s = store(namespace);
      s.apply(putClass(s, cls, parsePutClassFlags(flags, 'sync'), env(namespace)).changes);
    },
    async putInstance(namespace: string, instance: CimInstance, flags: number): Promise<void> {
      const s = store(namespace);
      s.apply(
        putInstance(s, instance, parsePutInstanceFlags(flags, 'sync'), env(namespace)).changes,
      );
    },
  };
}

/**
 * @module The classes a load works on: a chain `Bench_L0 <- Bench_L1 <- ...` per namespace that
 * the updates target (leaf: compatible, middle: safe, root: force), and standalone classes that
 * creates add and deletes remove. Each update changes a default value, so every put is a real
 * modification and every update of the root re-derives the whole chain.
 */
import {
  CIM_STRING,
  type CimClass,
  type CimProperty,
  EMPTY_NAME_MAP,
  nameMap,
  type Qualifier,
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
  WBEM_GENUS_CLASS,
} from '../../index.js';

/** Name of level `level` of the update chain. */
export function chainClassName(level: number): string {
  return `Bench_L${level}`;
}

function description(text: string): Qualifier {
  return {
    name: 'Description',
    type: CIM_STRING,
    value: text,
    flavor: WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
  };
}

function properties(prefix: string, count: number, version: number): CimProperty[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `${prefix}_${i}`,
    type: CIM_STRING,
    isArray: false,
    value: i === 0 ? `v${version}` : `default value ${i} of ${prefix}`,
    qualifiers: nameMap([description(`property ${i} of ${prefix}`)]),
  }));
}

/**
 * A benchmark class: `propertyCount` local string properties named `<prefix>_<i>`; the first one's
 * default is `v<version>`, so bumping `version` makes an update that changes the class.
 */
export function benchClass(
  name: string,
  superclass: string | null,
  propertyCount: number,
  version: number,
): CimClass {
  return {
    genus: WBEM_GENUS_CLASS,
    name,
    superclass,
    qualifiers: nameMap([description(`benchmark class ${name}`)]),
    properties: nameMap(properties(`P${name.replace(/^Bench_/, '')}`, propertyCount, version)),
    methods: EMPTY_NAME_MAP,
  };
}

/** Level `level` of the chain, with superclass `Bench_L<level-1>`. */
export function chainClass(level: number, propertyCount: number, version: number): CimClass {
  return benchClass(
    chainClassName(level),
    level === 0 ? null : chainClassName(level - 1),
    propertyCount,
    version,
  );
}

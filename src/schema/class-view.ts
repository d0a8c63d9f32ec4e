/**
 * @module What readers get: a stored resolved view with its WMI system properties (spec §4.6)
 * and, for amended reads, the `amended` mark that makes a later write-back without the flag fail.
 */
import type { CimClass } from '../model/cim-class.js';
import type { ClassStoreReader } from '../model/class-store-reader.js';
import type { SystemProperties } from '../model/system-properties.js';
import { WBEM_GENUS_CLASS } from '../wbem/flags.js';
import { ancestry } from './class-lookup.js';
import type { OperationEnv } from './index.js';

/** `root/cimv2` → `root\cimv2`, the form of `__NAMESPACE` (computed once by the env's owner). */
export function namespaceText(env: OperationEnv): string {
  return env.namespaceText ?? env.namespace.replaceAll('/', '\\');
}

/** `\\server\root\cimv2:<relpath>`, the form of `__PATH`. */
export function objectPath(env: OperationEnv, relpath: string): string {
  return `\\\\${env.server}\\${namespaceText(env)}:${relpath}`;
}

/**
 * The system properties (spec §4.6) of a class or an instance of `cls`, whose ancestors (nearest
 * first) are `derivation`; `relpath` is the class name or the instance's key path.
 */
export function systemProperties(
  genus: SystemProperties['__GENUS'],
  cls: CimClass,
  derivation: readonly string[],
  relpath: string,
  env: OperationEnv,
): SystemProperties {
  return {
    __GENUS: genus,
    __CLASS: cls.name,
    __SUPERCLASS: derivation[0] ?? null,
    __DYNASTY: derivation[derivation.length - 1] ?? cls.name,
    __DERIVATION: derivation,
    __PROPERTY_COUNT: cls.properties.size,
    __RELPATH: relpath,
    __PATH: objectPath(env, relpath),
    __NAMESPACE: namespaceText(env),
    __SERVER: env.server,
  };
}

/** System properties of a stored class whose ancestors (nearest first) are `derivation`. */
export function classSystemProperties(
  cls: CimClass,
  derivation: readonly string[],
  env: OperationEnv,
): SystemProperties {
  return systemProperties(WBEM_GENUS_CLASS, cls, derivation, cls.name, env);
}

/**
 * The class as readers see it: resolved view plus system properties (plus `amended`).
 * `derivation`, when the caller already has it (`derivationMemo`), saves walking the chain.
 */
export function classView(
  view: ClassStoreReader,
  resolved: CimClass,
  env: OperationEnv,
  amended = false,
  derivation: readonly string[] = ancestry(view, resolved.superclass),
): CimClass {
  const systemProperties = classSystemProperties(resolved, derivation, env);
  const { genus, name, superclass, qualifiers, properties, methods } = resolved;
  return amended
    ? { genus, name, superclass, qualifiers, properties, methods, amended: true, systemProperties }
    : { genus, name, superclass, qualifiers, properties, methods, systemProperties };
}

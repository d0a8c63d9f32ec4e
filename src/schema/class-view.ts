/**
 * @module What readers get: a stored resolved view with its WMI system properties (spec §4.6)
 * and, for amended reads, the `amended` mark that makes a later write-back without the flag fail.
 */
import type { CimClass } from '../model/cim-class.js';
import type { ClassStoreReader } from '../model/class-store-reader.js';
import { type DerivationChain, withLazyDerivation } from '../model/derivation-chain.js';
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
 * Ancestors of a class, nearest first: an array, or a chain shared with the other classes of a
 * result (`DerivationChain`, `null` for none), which readers see as the same array.
 */
export type Derivation = readonly string[] | DerivationChain | null;

/** A placeholder: `withLazyDerivation` replaces `__DERIVATION` of a chain's view. */
// Stryker disable next-line ArrayDeclaration: replaced before any reader sees it
const NO_ANCESTORS: readonly string[] = [];

/**
 * The system properties (spec §4.6) of a class or an instance of `cls`, whose ancestors are
 * `derivation`; `relpath` is the class name or the instance's key path.
 */
export function systemProperties(
  genus: SystemProperties['__GENUS'],
  cls: CimClass,
  derivation: Derivation,
  relpath: string,
  env: OperationEnv,
): SystemProperties {
  const chain = derivation === null || 'dynasty' in derivation;
  const names = chain ? NO_ANCESTORS : derivation;
  const out: SystemProperties = {
    __GENUS: genus,
    __CLASS: cls.name,
    __SUPERCLASS: chain ? (derivation?.name ?? null) : (names[0] ?? null),
    __DYNASTY: chain ? (derivation?.dynasty ?? cls.name) : (names[names.length - 1] ?? cls.name),
    __DERIVATION: names,
    __PROPERTY_COUNT: cls.properties.size,
    __RELPATH: relpath,
    __PATH: objectPath(env, relpath),
    __NAMESPACE: namespaceText(env),
    __SERVER: env.server,
  };
  return chain ? withLazyDerivation(out, derivation) : out;
}

/** System properties of a stored class whose ancestors are `derivation`. */
export function classSystemProperties(
  cls: CimClass,
  derivation: Derivation,
  env: OperationEnv,
): SystemProperties {
  return systemProperties(WBEM_GENUS_CLASS, cls, derivation, cls.name, env);
}

/**
 * The class as readers see it: resolved view plus system properties (plus `amended`).
 * `derivation`, when the caller already has it (a memo over a result's classes), saves walking
 * the chain.
 */
export function classView(
  view: ClassStoreReader,
  resolved: CimClass,
  env: OperationEnv,
  amended = false,
  derivation: Derivation = ancestry(view, resolved.superclass),
): CimClass {
  const systemProperties = classSystemProperties(resolved, derivation, env);
  const { genus, name, superclass, qualifiers, properties, methods } = resolved;
  return amended
    ? { genus, name, superclass, qualifiers, properties, methods, amended: true, systemProperties }
    : { genus, name, superclass, qualifiers, properties, methods, systemProperties };
}

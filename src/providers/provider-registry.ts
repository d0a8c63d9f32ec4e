/**
 * @module Which provider serves which class: an immutable table of registrations and the pure
 * lookups the runtime needs inside an actor turn.
 *
 * Several providers for one class (the spec is silent; this is the engine's rule):
 * - Writes and GetObject go to exactly one provider, the class's *owner*: the registration named
 *   by the class's `Provider("name")` qualifier when that registration lists the class, otherwise
 *   the earliest registration that lists it. Capabilities are those of the owner only: an owner
 *   without `supportsPut` makes PutClass fail with `WBEM_E_PROVIDER_NOT_CAPABLE`, even when a later
 *   provider could put. One owner keeps a write atomic (no multi-provider commit) and the outcome
 *   independent of timing.
 * - CreateClassEnum asks every registration of the namespace whose module supports enumeration,
 *   in registration order, after the repository; for a class name returned twice, the first answer
 *   (the repository's, then the earliest registration's) wins.
 */
import type { CimClass } from '../model/cim-class.js';
import { nameKey } from '../model/names.js';
import {
  WBEM_E_INVALID_PROVIDER_REGISTRATION,
  WBEM_E_PROVIDER_ALREADY_REGISTERED,
  WBEM_E_PROVIDER_NOT_REGISTERED,
} from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import type { ProviderRegistration } from './provider-registration.js';
import { validateProviderRegistration } from './provider-registration.js';

export interface ProviderRegistry {
  /** In registration order, every namespace. */
  readonly registrations: readonly ProviderRegistration[];
}

export const EMPTY_PROVIDER_REGISTRY: ProviderRegistry = { registrations: [] };

const nsKey = (namespace: string): string =>
  namespace
    .split(/[\\/]/)
    .filter((p) => p.length > 0)
    .map(nameKey)
    .join('/');

const inNamespace = (registration: ProviderRegistration, namespace: string): boolean =>
  nsKey(registration.namespace) === nsKey(namespace);

const lists = (registration: ProviderRegistration, className: string): boolean =>
  registration.classes.some((cls) => nameKey(cls) === nameKey(className));

/**
 * Adds a registration (checked first).
 * @throws {WbemError} WBEM_E_INVALID_PROVIDER_REGISTRATION for a malformed registration;
 *   WBEM_E_PROVIDER_ALREADY_REGISTERED when the namespace has a provider of that name.
 */
export function registerProvider(registry: ProviderRegistry, input: unknown): ProviderRegistry {
  const registration = validateProviderRegistration(input);
  const clash = registry.registrations.find(
    (r) => inNamespace(r, registration.namespace) && nameKey(r.name) === nameKey(registration.name),
  );
  if (clash !== undefined)
    throw new WbemError(WBEM_E_PROVIDER_ALREADY_REGISTERED, {
      message: `provider ${clash.name} is already registered in ${clash.namespace}`,
    });
  return { registrations: [...registry.registrations, registration] };
}

/**
 * Removes a registration.
 * @throws {WbemError} WBEM_E_PROVIDER_NOT_REGISTERED when there is none of that name.
 */
export function unregisterProvider(
  registry: ProviderRegistry,
  namespace: string,
  name: string,
): ProviderRegistry {
  const kept = registry.registrations.filter(
    (r) => !(inNamespace(r, namespace) && nameKey(r.name) === nameKey(name)),
  );
  if (kept.length === registry.registrations.length)
    throw new WbemError(WBEM_E_PROVIDER_NOT_REGISTERED, {
      message: `no provider ${name} is registered in ${namespace}`,
    });
  return { registrations: kept };
}

/** Every registration of the namespace that lists the class, in registration order. */
export function providersFor(
  registry: ProviderRegistry,
  namespace: string,
  className: string,
): readonly ProviderRegistration[] {
  return registry.registrations.filter((r) => inNamespace(r, namespace) && lists(r, className));
}

/** Every registration of a namespace, in registration order. */
export function providersIn(
  registry: ProviderRegistry,
  namespace: string,
): readonly ProviderRegistration[] {
  return registry.registrations.filter((r) => inNamespace(r, namespace));
}

function providerQualifier(cls: CimClass | undefined): string | undefined {
  const value = cls?.qualifiers.get(nameKey('Provider'))?.value;
  return typeof value === 'string' ? value : undefined;
}

/**
 * The owner of a class: the one provider writes and GetObject go to (see the module rule), or
 * `undefined` for a class no provider serves. `cls` (the incoming or stored definition) is only
 * read for its `Provider` qualifier.
 */
export function classProviderFor(
  registry: ProviderRegistry,
  namespace: string,
  className: string,
  cls?: CimClass,
): ProviderRegistration | undefined {
  const candidates = providersFor(registry, namespace, className);
  const named = providerQualifier(cls);
  if (named !== undefined) {
    const chosen = candidates.find((r) => nameKey(r.name) === nameKey(named));
    if (chosen !== undefined) return chosen;
  }
  return candidates[0];
}

/**
 * Whether a class is dynamic (provider-backed) for the rights check (spec §8.2): it carries the
 * `Dynamic` qualifier with value TRUE, or a registered class provider serves it.
 */
export function isDynamicClass(
  registry: ProviderRegistry,
  namespace: string,
  className: string,
  cls?: CimClass,
): boolean {
  if (cls?.qualifiers.get(nameKey('Dynamic'))?.value === true) return true;
  return providersFor(registry, namespace, className).length > 0;
}

/**
 * DeleteClass drops the provider registrations of the deleted classes (spec §6.2): the names
 * leave every registration of the namespace; a registration left with no class is removed.
 */
export function dropClassRegistrations(
  registry: ProviderRegistry,
  namespace: string,
  classNames: readonly string[],
): ProviderRegistry {
  const dropped = new Set(classNames.map(nameKey));
  const registrations = registry.registrations.flatMap((r) => {
    if (!inNamespace(r, namespace)) return [r];
    const classes = r.classes.filter((cls) => !dropped.has(nameKey(cls)));
    if (classes.length === r.classes.length) return [r];
    return classes.length === 0 ? [] : [{ ...r, classes }];
  });
  return { registrations };
}

/** Removes every registration of a deleted namespace and of its descendants. */
export function dropNamespaceRegistrations(
  registry: ProviderRegistry,
  namespace: string,
): ProviderRegistry {
  const key = nsKey(namespace);
  return {
    registrations: registry.registrations.filter((r) => {
      const own = nsKey(r.namespace);
      return own !== key && !own.startsWith(`${key}/`);
    }),
  };
}

/** The third key part of the namespace-metadata record holding its registrations. */
export const PROVIDER_REGISTRATIONS_KEY = 'providers';

/** The persisted form of one namespace's registrations (JSON text). */
export function serializeProviderRegistrations(
  registry: ProviderRegistry,
  namespace: string,
): string {
  return JSON.stringify({ v: 1, registrations: providersIn(registry, namespace) });
}

/**
 * Reads back what `serializeProviderRegistrations` wrote, adding it to `registry`.
 * @throws {WbemError} WBEM_E_INVALID_PROVIDER_REGISTRATION when the text is not a registration
 *   list of a known version.
 */
export function parseProviderRegistrations(
  registry: ProviderRegistry,
  text: string,
): ProviderRegistry {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = undefined;
  }
  const list = (raw as { v?: unknown; registrations?: unknown } | undefined) ?? {};
  if (list.v !== 1 || !Array.isArray(list.registrations))
    throw new WbemError(WBEM_E_INVALID_PROVIDER_REGISTRATION, {
      message: 'stored provider registrations are unreadable',
    });
  return list.registrations.reduce<ProviderRegistry>(
    (acc, registration: unknown) => registerProvider(acc, registration),
    registry,
  );
}

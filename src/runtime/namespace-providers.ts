/**
 * @module The class providers of one namespace, as its actor sees them: the registrations in
 * force (those from the engine options, then those stored in the namespace's metadata) and the
 * host's `ProviderHost` that runs them. Only the owning actor reads or writes its registrations,
 * so no locking is needed; changes are persisted before they take effect.
 */
import { nameKey } from '../model/names.js';
import type { ProviderHost } from '../providers/provider-host.js';
import type { ProviderRegistration } from '../providers/provider-registration.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import {
  dropClassRegistrations,
  EMPTY_PROVIDER_REGISTRY,
  PROVIDER_REGISTRATIONS_KEY,
  parseProviderRegistrations,
  providersIn,
  registerProvider,
  serializeProviderRegistrations,
  unregisterProvider,
} from '../providers/provider-registry.js';
import type { Repository } from '../store/repository.js';
import { WBEM_E_INVALID_OPERATION, WBEM_E_PROVIDER_ALREADY_REGISTERED } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';

/** What an actor needs of its host's `ProviderHost` (the host may load it on first use). */
export type ProviderRunner = Pick<ProviderHost, 'capabilities' | 'invoke' | 'unload' | 'close'>;

export class NamespaceProviders {
  readonly host: ProviderRunner;
  readonly #path: string;
  readonly #repository: Repository;
  readonly #configured: ProviderRegistry;
  /** Registrations stored in the namespace's metadata; loaded on first use. */
  #stored: ProviderRegistry | undefined;
  #effective: ProviderRegistry | undefined;
  /** `any`, kept with `#effective`: the actor asks before most turns of a batch. */
  #any: boolean | undefined;

  constructor(
    path: string,
    repository: Repository,
    host: ProviderRunner,
    configured: readonly ProviderRegistration[],
  ) {
    this.#path = path;
    this.#repository = repository;
    this.host = host;
    this.#configured = { registrations: providersIn({ registrations: configured }, path) };
  }

  /**
   * Every registration in force: the engine options' first, then the stored ones.
   * @throws {WbemError} WBEM_E_INVALID_PROVIDER_REGISTRATION when the stored list is unreadable.
   */
  get registry(): ProviderRegistry {
    // Stryker disable next-line ConditionalExpression: the merge, built again, is the same list (the stored one is kept)
    if (this.#effective === undefined) {
      const stored = this.#loadStored();
      const taken = new Set(this.#configured.registrations.map((r) => nameKey(r.name)));
      this.#effective = {
        registrations: [
          ...this.#configured.registrations,
          ...stored.registrations.filter((r) => !taken.has(nameKey(r.name))),
        ],
      };
    }
    return this.#effective;
  }

  /** Whether any provider serves a class of this namespace (the turn stays synchronous if not). */
  get any(): boolean {
    this.#any ??= providersIn(this.registry, this.#path).length > 0;
    return this.#any;
  }

  /** Forgets the loaded registrations (the namespace was dropped). */
  reset(): void {
    this.#stored = undefined;
    this.#effective = undefined;
    this.#any = undefined;
  }

  /**
   * Adds a registration and persists it.
   * @throws {WbemError} WBEM_E_PROVIDER_ALREADY_REGISTERED when the name is taken;
   *   WBEM_E_INVALID_PROVIDER_REGISTRATION for a malformed registration.
   */
  async register(registration: ProviderRegistration): Promise<void> {
    if (this.#configured.registrations.some((r) => nameKey(r.name) === nameKey(registration.name)))
      throw new WbemError(WBEM_E_PROVIDER_ALREADY_REGISTERED, {
        message: `provider ${registration.name} is registered by the engine options`,
      });
    await this.#save(registerProvider(this.#loadStored(), registration));
  }

  /**
   * Removes a stored registration, persists the change and stops its sandbox.
   * @throws {WbemError} WBEM_E_PROVIDER_NOT_REGISTERED when there is none of that name;
   *   WBEM_E_INVALID_OPERATION for one that comes from the engine options.
   */
  async unregister(name: string): Promise<void> {
    const configured = this.#configured.registrations.find(
      (r) => nameKey(r.name) === nameKey(name),
    );
    if (configured !== undefined)
      throw new WbemError(WBEM_E_INVALID_OPERATION, {
        message: `provider ${name} is registered by the engine options and cannot be removed`,
      });
    const before = this.#loadStored();
    const gone = before.registrations.find((r) => nameKey(r.name) === nameKey(name));
    await this.#save(unregisterProvider(before, this.#path, name));
    // Stryker disable next-line ConditionalExpression: a name not stored was refused by unregisterProvider just above
    if (gone !== undefined) await this.host.unload(gone);
  }

  /** DeleteClass drops the deleted classes from every stored registration (spec §6.2). */
  dropClasses(classNames: readonly string[]): Promise<void> | undefined {
    // Stryker disable next-line ConditionalExpression: a shortcut; dropping no class changes no registration
    if (classNames.length === 0) return undefined;
    const before = this.#loadStored();
    const after = dropClassRegistrations(before, this.#path, classNames);
    const changed = after.registrations.some((r, i) => r !== before.registrations[i]);
    if (!changed && after.registrations.length === before.registrations.length) return undefined;
    return this.#save(after);
  }

  #loadStored(): ProviderRegistry {
    if (this.#stored === undefined) {
      const text = this.#repository.readMeta(this.#path, PROVIDER_REGISTRATIONS_KEY);
      this.#stored =
        text === undefined
          ? EMPTY_PROVIDER_REGISTRY
          : parseProviderRegistrations(EMPTY_PROVIDER_REGISTRY, text);
    }
    return this.#stored;
  }

  async #save(next: ProviderRegistry): Promise<void> {
    const value =
      next.registrations.length === 0 ? null : serializeProviderRegistrations(next, this.#path);
    await this.#repository.writeMeta(this.#path, PROVIDER_REGISTRATIONS_KEY, value);
    this.#stored = next;
    this.#effective = undefined;
    this.#any = undefined;
  }
}

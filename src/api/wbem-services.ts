/**
 * @module `IWbemServices` for one namespace: WMI's method names and flag words, as a thin adapter.
 * Each method hands one prepared call (`prepare-call.ts`) to the engine's single call path; the
 * async, Rx and promise forms of an operation differ only in how they hear the outcome.
 *
 * The class is built in layers, one concern per file: the connection and its call paths
 * (`services-connection.ts`), `PutClass` in all its forms (`put-class-forms.ts`), the other class
 * operations (`class-operations.ts`), the instance operations (`instance-operations.ts`), and here
 * the provider registrations.
 */
import { InstanceOperations } from './instance-operations.js';
import {
  type ProviderRegistrationInput,
  prepareRegisterProvider,
  prepareUnregisterProvider,
} from './namespace-admin.js';
import type { WbemContext } from './services-connection.js';

export type { CallResultReturn, WbemContext } from './services-connection.js';
export type { ProviderRegistrationInput };

export class WbemServices extends InstanceOperations {
  /**
   * Registers a class provider for classes of this namespace (a `__Win32Provider` write, so it
   * needs `WBEM_FULL_WRITE_REP`). Persisted with the namespace; the module is loaded on the
   * namespace's host at the first call that needs it.
   * @throws {WbemError} WBEM_E_INVALID_PROVIDER_REGISTRATION (malformed, or another namespace);
   * WBEM_E_PROVIDER_ALREADY_REGISTERED; WBEM_E_ACCESS_DENIED.
   */
  async registerProvider(
    registration: ProviderRegistrationInput,
    ctx: WbemContext = null,
  ): Promise<void> {
    await this.invoke(() => prepareRegisterProvider(this.namespace, registration), ctx);
  }

  /**
   * Removes a provider registration of this namespace and stops its sandbox.
   * @throws {WbemError} WBEM_E_PROVIDER_NOT_REGISTERED; WBEM_E_INVALID_OPERATION for one given by
   * the engine options; WBEM_E_ACCESS_DENIED without `WBEM_FULL_WRITE_REP`.
   */
  async unregisterProvider(name: string, ctx: WbemContext = null): Promise<void> {
    await this.invoke(() => prepareUnregisterProvider(name), ctx);
  }
}

/**
 * @module What a PutClass or DeleteClass must do about providers, decided once inside the actor's
 * turn: whether the class counts as dynamic for the rights check, and which provider (if any) is
 * called before the repository commits.
 */
import type { CimClass } from '../model/cim-class.js';
import type { ProviderRegistration } from './provider-registration.js';
import type { ProviderRegistry } from './provider-registry.js';
import { classProviderFor, isDynamicClass } from './provider-registry.js';

export interface ClassWritePlan {
  /** Pass to `checkClassWrite` (and to the force-mode rule: dynamic classes keep their instances). */
  readonly dynamic: boolean;
  /** The owner to call with `putClass`/`deleteClass` before committing; absent: call none. */
  readonly provider?: ProviderRegistration;
}

/**
 * Plans a class write. `cls` is the incoming definition (PutClass) or the stored one
 * (DeleteClass), read for its `Dynamic` and `Provider` qualifiers. With `ownerUpdate`
 * (`WBEM_FLAG_OWNER_UPDATE`)
 * the provider itself is writing (a push provider storing its own classes), so it is not called
 * back; the class still counts as dynamic.
 */
export function planClassWrite(
  registry: ProviderRegistry,
  namespace: string,
  className: string,
  cls: CimClass | undefined,
  ownerUpdate: boolean,
): ClassWritePlan {
  const dynamic = isDynamicClass(registry, namespace, className, cls);
  if (ownerUpdate) return { dynamic };
  const provider = classProviderFor(registry, namespace, className, cls);
  return provider === undefined ? { dynamic } : { dynamic, provider };
}

/**
 * @module The descriptor `root` gets when neither the store nor the engine options give one
 * (spec §8.3, decision A11: the access-rights constants pages win over the namespace overview).
 */
import { WBEM_ENABLE, WBEM_METHOD_EXECUTE, WBEM_WRITE_PROVIDER } from '../wbem/security.js';
import type { SecurityDescriptor } from './security-descriptor.js';
import { ace, WBEM_ALL_RIGHTS } from './security-descriptor.js';
import { ADMINISTRATORS, AUTHENTICATED_USERS, EVERYONE } from './well-known-groups.js';

/** What ordinary users hold by default: Enable Account, Execute Methods, Provider Write (A11). */
export const DEFAULT_USER_RIGHTS = WBEM_ENABLE | WBEM_METHOD_EXECUTE | WBEM_WRITE_PROVIDER;

/**
 * The default namespace descriptor: Administrators all rights; Authenticated Users and Everyone
 * `DEFAULT_USER_RIGHTS` (no full or partial repository write, no remote access, no security
 * changes). Every entry is container-inherited, so child namespaces get the same rights.
 */
export function defaultNamespaceDescriptor(): SecurityDescriptor {
  return {
    owner: ADMINISTRATORS,
    aces: [
      ace('allow', ADMINISTRATORS, WBEM_ALL_RIGHTS),
      ace('allow', AUTHENTICATED_USERS, DEFAULT_USER_RIGHTS),
      ace('allow', EVERYONE, DEFAULT_USER_RIGHTS),
    ],
  };
}

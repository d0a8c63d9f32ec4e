/**
 * @module The root descriptor the engine security tests start from: owned by Administrators, who
 * hold every right, plus the entries a test is about.
 */
import {
  ace,
  type SecurityDescriptor,
  WBEM_ALL_RIGHTS,
} from '../../../src/security/security-descriptor.js';

export function adminOwnedRoot(...aces: SecurityDescriptor['aces']): SecurityDescriptor {
  return {
    owner: 'Administrators',
    aces: [ace('allow', 'Administrators', WBEM_ALL_RIGHTS), ...aces],
  };
}

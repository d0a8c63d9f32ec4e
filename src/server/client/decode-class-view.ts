/**
 * @module A `CLASS` element as a server sent it, on the client side: every member it carries,
 * inherited ones included, with `classOrigin` (`CLASSORIGIN`), `propagated` (`PROPAGATED`) and
 * qualifiers marked `PROPAGATED="true"` given the `WBEM_FLAVOR_ORIGIN_PROPAGATED` bit, as
 * pywbem's `CIMClass` keeps them. A class read with `LocalOnly=false` and `IncludeClassOrigin`
 * thus decodes to the resolved view a local `getClass` returns. The decoding is the server's
 * (`decode-cim.ts`), read as a `view`.
 */
import { type CimClass, WBEM_E_INVALID_PARAMETER, WbemError } from '../../index.js';
import { decodeClass, NO_DECLARATIONS } from '../decode-cim.js';
import type { XmlElement } from '../xml-tree.js';

/**
 * A `CLASS` with everything the server sent, inherited members and qualifiers included.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for malformed content.
 */
export function decodeClassView(element: XmlElement): CimClass {
  if (element.name !== 'CLASS') {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: `malformed reply: expected <CLASS>, got <${element.name}>`,
    });
  }
  return decodeClass(element, NO_DECLARATIONS, 'view');
}

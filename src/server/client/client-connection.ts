/**
 * @module What the `CimXmlClient`s of one server share: the keep-alive transport, the
 * credentials, the message counter and the class cache. `CimXmlClient.withNamespace` hands out
 * clients of other namespaces over the same connection.
 */

import {
  type CimXmlClientOptions,
  CimXmlTransport,
  type ResolvedTarget,
  resolveTarget,
} from './cim-xml-transport.js';
import { ClientClassCache } from './client-class-cache.js';

/** @internal */
export class ClientConnection {
  readonly target: ResolvedTarget;
  readonly transport: CimXmlTransport;
  readonly classes = new ClientClassCache();
  #messageId = 0;

  /** @throws {WbemError} WBEM_E_INVALID_PARAMETER for a URL that is not http(s). */
  constructor(options: CimXmlClientOptions) {
    this.target = resolveTarget(options);
    this.transport = new CimXmlTransport(this.target, options);
  }

  /** The host the URL names: the `__SERVER` of what is read from it. */
  get server(): string {
    return this.target.url.hostname;
  }

  nextMessageId(): string {
    return String(++this.#messageId);
  }
}

/**
 * @module What one stored `CIM_IndicationSubscription` asks for, read with its filter and
 * handler: whose rights, which query, which namespaces, which listener.
 */
import type { CimInstance, WbemServices } from '../index.js';
import {
  localPath,
  type SubscriptionCreator,
  sourceNamespacesOf,
  text,
} from './indication-creators.js';
import { listenerUrl } from './indication-destination.js';

/** A subscription as stored: when any of it changes, its streams are opened anew. */
export interface SubscriptionSpec {
  /** The subscription instance's `__RELPATH`. */
  readonly path: string;
  readonly creator: string;
  /** The creator connected from another machine: deliveries need `WBEM_REMOTE_ACCESS` too. */
  readonly remote: boolean;
  readonly query: string;
  readonly namespaces: readonly string[];
  /** The listener's URL, normalised. */
  readonly url: string;
}

/**
 * The spec of the subscription `link` at `path` created by `creator`, its filter and handler
 * read through `svc` (`root/interop`); null when it names no filter or handler.
 * @throws {Error} for a filter that is not WQL or has no query, a handler without an http(s)
 * `Destination`; {WbemError} when either instance cannot be read.
 */
export async function readSubscriptionSpec(
  svc: WbemServices,
  link: CimInstance,
  path: string,
  creator: SubscriptionCreator,
): Promise<SubscriptionSpec | null> {
  const filterRef = text(link, 'Filter');
  const handlerRef = text(link, 'Handler');
  if (filterRef === undefined || handlerRef === undefined) return null;
  const filter = await svc.getInstance(localPath(filterRef));
  const handler = await svc.getInstance(localPath(handlerRef));
  const language = text(filter, 'QueryLanguage') ?? 'WQL';
  if (language.toUpperCase() !== 'WQL') throw new Error(`QueryLanguage ${language} is not WQL`);
  const query = text(filter, 'Query');
  if (query === undefined) throw new Error('the filter has no Query');
  const destination = text(handler, 'Destination');
  if (destination === undefined) throw new Error('the handler has no Destination');
  return {
    path,
    creator: creator.principal,
    remote: creator.remote,
    query,
    namespaces: sourceNamespacesOf(filter),
    url: listenerUrl(destination).href,
  };
}

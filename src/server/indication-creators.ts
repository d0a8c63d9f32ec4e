/**
 * @module Who created each indication subscription: the principal whose rights its deliveries
 * follow. WMI records a permanent subscription's `CreatorSID` and delivers only what that
 * account may read; DSP1054's classes have no such property, so the server keeps one
 * `WBEMRX_SubscriptionCreator` instance per subscription in `root/interop`, keyed by the
 * subscription's path. The server writes it when a client creates a subscription
 * (`indication-subscription-guard.ts`) and refuses client writes to it; a subscription without
 * one (created through the API, bypassing the server) is not delivered until code with the
 * engine's own rights records its creator with `recordSubscriptionCreator`.
 *
 * Also here: which namespaces a filter watches, read the same way at creation and at delivery.
 */
import {
  type CimInstance,
  cimClass,
  cimInstance,
  cimProperty,
  nameKey,
  qualifier,
  WBEM_E_NOT_FOUND,
  type WbemEngine,
  WbemError,
  type WbemServices,
} from '../index.js';
import { INTEROP_NAMESPACE } from './interop-schema.js';

export const CREATOR_CLASS = 'WBEMRX_SubscriptionCreator';

const CREATOR_DEFINITION = cimClass({
  name: CREATOR_CLASS,
  qualifiers: [
    qualifier(
      'Description',
      'The principal whose rights deliveries of a CIM_IndicationSubscription follow (kept by the server)',
    ),
  ],
  properties: [
    cimProperty('Subscription', 'string', { qualifiers: [qualifier('Key', true)] }),
    cimProperty('Creator', 'string'),
  ],
});

/**
 * Defines the creator class in `root/interop` when missing (after `ensureInteropSchema`).
 * @throws {WbemError} as `putClass`.
 */
export async function ensureCreatorClass(engine: WbemEngine): Promise<void> {
  const svc = await engine.connectServer(INTEROP_NAMESPACE);
  try {
    await svc.getClass(CREATOR_CLASS);
  } catch (error) {
    if (!(error instanceof WbemError) || error.hresult !== WBEM_E_NOT_FOUND) throw error;
    await svc.putClass(CREATOR_DEFINITION);
  }
}

function creatorPath(subscriptionPath: string): string {
  return `${CREATOR_CLASS}.Subscription="${subscriptionPath.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * Records `creator` as the principal of the subscription at `subscriptionPath` (its `__RELPATH`),
 * with the engine's own rights.
 * @throws {WbemError} as `putInstance`.
 */
export async function recordSubscriptionCreator(
  engine: WbemEngine,
  subscriptionPath: string,
  creator: string,
): Promise<void> {
  const svc = await engine.connectServer(INTEROP_NAMESPACE);
  await svc.putInstance(
    cimInstance(CREATOR_CLASS, { Subscription: subscriptionPath, Creator: creator }),
  );
}

/** Forgets the creator of a deleted subscription; nothing when none was recorded. */
export async function forgetSubscriptionCreator(
  engine: WbemEngine,
  subscriptionPath: string,
): Promise<void> {
  const svc = await engine.connectServer(INTEROP_NAMESPACE);
  try {
    await svc.deleteInstance(creatorPath(subscriptionPath));
  } catch (error) {
    if (!(error instanceof WbemError) || error.hresult !== WBEM_E_NOT_FOUND) throw error;
  }
}

/** Creators by subscription path, read through `svc` (a connection to `root/interop`). */
export async function readSubscriptionCreators(svc: WbemServices): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const record of await svc.createInstanceEnum(CREATOR_CLASS)) {
    const path = text(record, 'Subscription');
    const creator = text(record, 'Creator');
    if (path !== undefined && creator !== undefined && creator !== '') out.set(path, creator);
  }
  return out;
}

/** A string property's value. */
export function text(inst: CimInstance, name: string): string | undefined {
  const v = inst.properties.get(nameKey(name))?.value;
  return typeof v === 'string' ? v : undefined;
}

/** `root/cimv2` from `root\cimv2` or `ROOT/CIMV2`: how source namespaces are compared. */
export function namespaceKey(namespace: string): string {
  return namespace.replaceAll('\\', '/').toLowerCase();
}

/**
 * The namespaces a `CIM_IndicationFilter` watches: `SourceNamespaces`, else the older
 * `SourceNamespace`, else the interop namespace the filter is in (DSP1054); as written, `/`-separated.
 */
export function sourceNamespacesOf(filter: CimInstance): string[] {
  const listed = filter.properties.get('sourcenamespaces')?.value;
  const single = text(filter, 'SourceNamespace');
  const names =
    Array.isArray(listed) && listed.length > 0
      ? listed.filter((n): n is string => typeof n === 'string')
      : [single ?? INTEROP_NAMESPACE];
  return [...new Map(names.map((n) => [namespaceKey(n), n.replaceAll('\\', '/')])).values()];
}

/** A reference value without its namespace prefix (`root/interop:CIM_X.Name="a"`). */
export function localPath(ref: string): string {
  const m = /^(?:\/\/[^/]*\/)?[^":.=]*:(?=[A-Za-z_])/.exec(ref);
  return m === null ? ref : ref.slice(m[0].length);
}

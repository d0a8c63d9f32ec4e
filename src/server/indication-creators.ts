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
 * A creator who connected remotely (not from a loopback address) is recorded with `Remote`
 * true, and its deliveries then need `WBEM_REMOTE_ACCESS` as well as `WBEM_ENABLE`, as every
 * call of a remote caller does. Records written before the property existed have no value: they
 * were written by the server for its clients, whose locality was not kept, so they are read as
 * remote, the stricter reading (an administrator can record the creator again).
 *
 * Also here: which namespaces a filter watches, read the same way at creation and at delivery.
 */
import {
  type CimClass,
  type CimInstance,
  cimClass,
  cimInstance,
  cimProperty,
  nameKey,
  qualifier,
  WBEM_E_CLASS_HAS_INSTANCES,
  WBEM_E_NOT_FOUND,
  WBEM_FLAG_UPDATE_FORCE_MODE,
  WBEM_FLAG_UPDATE_ONLY,
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
    cimProperty('Remote', 'boolean'),
  ],
});

/** Who created a subscription, and whether from another machine. */
export interface SubscriptionCreator {
  readonly principal: string;
  /** Deliveries need `WBEM_REMOTE_ACCESS` too. */
  readonly remote: boolean;
}

/**
 * Defines the creator class in `root/interop` when missing (after `ensureInteropSchema`), and
 * adds `Remote` to a class stored without it. PutClass in compatible mode adds it when no
 * subscription has a creator yet; with records stored, compatible mode refuses
 * (WBEM_E_CLASS_HAS_INSTANCES) and force mode would delete them, so they are read first and
 * written back once the class is updated, with no `Remote` value (read as remote). Should the
 * process stop in between, the records are gone: those subscriptions then deliver nothing until
 * their creators are recorded again, the state a subscription without a creator is always in.
 * @throws {WbemError} as `putClass`.
 */
export async function ensureCreatorClass(engine: WbemEngine): Promise<void> {
  const svc = await engine.connectServer(INTEROP_NAMESPACE);
  let stored: CimClass;
  try {
    stored = await svc.getClass(CREATOR_CLASS);
  } catch (error) {
    if (!(error instanceof WbemError) || error.hresult !== WBEM_E_NOT_FOUND) throw error;
    await svc.putClass(CREATOR_DEFINITION);
    return;
  }
  if (stored.properties.has(nameKey('Remote'))) return;
  try {
    await svc.putClass(CREATOR_DEFINITION, WBEM_FLAG_UPDATE_ONLY);
    return;
  } catch (error) {
    if (!(error instanceof WbemError) || error.hresult !== WBEM_E_CLASS_HAS_INSTANCES) throw error;
  }
  const records = await svc.createInstanceEnum(CREATOR_CLASS);
  await svc.putClass(CREATOR_DEFINITION, WBEM_FLAG_UPDATE_ONLY | WBEM_FLAG_UPDATE_FORCE_MODE);
  for (const record of records) {
    const subscription = text(record, 'Subscription');
    if (subscription === undefined) continue;
    const creator = text(record, 'Creator');
    await svc.putInstance(
      cimInstance(CREATOR_CLASS, {
        Subscription: subscription,
        ...(creator === undefined ? {} : { Creator: creator }),
      }),
    );
  }
}

function creatorPath(subscriptionPath: string): string {
  return `${CREATOR_CLASS}.Subscription="${subscriptionPath.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * Records `creator` as the principal of the subscription at `subscriptionPath` (its `__RELPATH`),
 * with the engine's own rights; `options.remote`: the creator connected from another machine,
 * so deliveries need `WBEM_REMOTE_ACCESS` too (default false).
 * @throws {WbemError} as `putInstance`.
 */
export async function recordSubscriptionCreator(
  engine: WbemEngine,
  subscriptionPath: string,
  creator: string,
  options: { readonly remote?: boolean } = {},
): Promise<void> {
  const svc = await engine.connectServer(INTEROP_NAMESPACE);
  await svc.putInstance(
    cimInstance(CREATOR_CLASS, {
      Subscription: subscriptionPath,
      Creator: creator,
      Remote: options.remote === true,
    }),
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

/**
 * Creators by subscription path, read through `svc` (a connection to `root/interop`); a record
 * without a `Remote` value is read as remote (see the module note).
 */
export async function readSubscriptionCreators(
  svc: WbemServices,
): Promise<Map<string, SubscriptionCreator>> {
  const out = new Map<string, SubscriptionCreator>();
  for (const record of await svc.createInstanceEnum(CREATOR_CLASS)) {
    const path = text(record, 'Subscription');
    const principal = text(record, 'Creator');
    const remote = record.properties.get(nameKey('Remote'))?.value;
    if (path !== undefined && principal !== undefined && principal !== '')
      out.set(path, { principal, remote: remote !== false });
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

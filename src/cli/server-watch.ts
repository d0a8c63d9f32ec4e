/**
 * @module `wbemrx watch --url`: the events of a running server, received as DSP1054 indications.
 * A listener on a loopback port takes the server's ExportIndication requests; a
 * `CIM_IndicationFilter`, a `CIM_ListenerDestinationCIMXML` naming that listener and the
 * `CIM_IndicationSubscription` joining them are created in the server's `root/interop`, and
 * deleted again when the watch ends, so a stopped watch leaves no subscription behind (the
 * server would otherwise keep posting to a closed port).
 */
import { randomUUID } from 'node:crypto';
import type { Subscription } from 'rxjs';
import {
  type CimClass,
  type CimInstance,
  CimXmlClient,
  cimInstance,
  type IndicationListener,
  nameKey,
  type ReceivedIndication,
  startIndicationListener,
  type WbemEvent,
  type WbemEventClass,
} from '../index.js';
import { cimCall, instanceNameXml, instanceXml } from './raw-cim-call.js';
import type { ServerTarget } from './server-target.js';

/** `Class.K1="v1",K2="v2"`, the path form `CimXmlClient` takes for references. */
function formatKeys(className: string, keys: Readonly<Record<string, string>>): string {
  const bindings = Object.entries(keys).map(
    ([k, v]) => `${k}="${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`,
  );
  return `${className}.${bindings.join(',')}`;
}

/** What the local watch prints for all events: every intrinsic event of the namespace. */
export const DEFAULT_SERVER_QUERY = 'SELECT * FROM __Event';

const INTEROP = 'root/interop';

function value(inst: CimInstance, name: string): unknown {
  return inst.properties.get(nameKey(name))?.value;
}

function embedded<T extends CimClass | CimInstance>(
  inst: CimInstance,
  name: string,
  genus: T['genus'],
): T | undefined {
  const v = value(inst, name);
  return typeof v === 'object' && v !== null && 'genus' in v && v.genus === genus
    ? (v as T)
    : undefined;
}

/** An indication as the engine's own event, so the local printer formats it. */
export function eventOfIndication(received: ReceivedIndication): WbemEvent {
  const inst = received.instance;
  const text = (name: string): string | undefined => {
    const v = value(inst, name);
    return typeof v === 'string' ? v : undefined;
  };
  const targetClass = embedded<CimClass>(inst, 'TargetClass', 1);
  const previousClass = embedded<CimClass>(inst, 'PreviousClass', 1);
  const targetInstance = embedded<CimInstance>(inst, 'TargetInstance', 2);
  const previousInstance = embedded<CimInstance>(inst, 'PreviousInstance', 2);
  const targetNamespace = text('TargetNamespace');
  return {
    eventClass: received.className as WbemEventClass,
    namespace: (text('SourceNamespace') ?? '').replaceAll('\\', '/'),
    timeCreated: String(value(inst, 'TIME_CREATED') ?? '0'),
    ...(targetClass === undefined ? {} : { targetClass }),
    ...(previousClass === undefined ? {} : { previousClass }),
    ...(targetInstance === undefined ? {} : { targetInstance }),
    ...(previousInstance === undefined ? {} : { previousInstance }),
    ...(targetNamespace === undefined ? {} : { targetNamespace }),
  };
}

/** A subscription on the server; `close` deletes it and stops the listener. */
export interface ServerWatch {
  close(): Promise<void>;
}

/**
 * Starts the listener and subscribes it to `query` on the target's namespace.
 * @throws {WbemError} what the server reports (WBEM_E_INVALID_QUERY for a query it cannot
 * filter, WBEM_E_ACCESS_DENIED without interop write access, ...); nothing is left behind.
 */
export async function watchServer(
  target: ServerTarget,
  url: string,
  insecure: boolean,
  query: string,
  onEvent: (event: WbemEvent) => void,
): Promise<ServerWatch> {
  const interopUrl = new URL(url);
  interopUrl.pathname = `/${INTEROP}`;
  const interop = new CimXmlClient({
    url: interopUrl,
    ...(target.password === undefined ? {} : { password: target.password }),
    verifyTls: !insecure,
  });
  const listener: IndicationListener = await startIndicationListener({ host: '127.0.0.1' });
  const subscription: Subscription = listener.indications$.subscribe((received) =>
    onEvent(eventOfIndication(received)),
  );
  const raw = {
    url: new URL(url),
    insecure,
    ...(target.password === undefined ? {} : { password: target.password }),
  };
  const removals: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    // The subscription goes first, so the server stops sending before its ends are removed.
    for (const remove of removals.reverse()) await remove().catch(() => {});
    interop.close();
    subscription.unsubscribe();
    await listener.close();
  };
  try {
    const name = `wbemrx-watch-${randomUUID()}`;
    const keys = (className: string) => ({
      SystemCreationClassName: 'CIM_ComputerSystem',
      SystemName: 'localhost',
      CreationClassName: className,
      Name: name,
    });
    const filter = await interop.createInstance(
      cimInstance('CIM_IndicationFilter', {
        ...keys('CIM_IndicationFilter'),
        Query: query,
        QueryLanguage: 'WQL',
        SourceNamespaces: [target.namespace],
      }),
    );
    removals.push(() => interop.deleteInstance(filter));
    // Created and deleted as written (raw-cim-call.ts): its keys are all inherited.
    const handlerKeys = keys('CIM_ListenerDestinationCIMXML');
    await cimCall(
      raw,
      'CreateInstance',
      INTEROP,
      `<IPARAMVALUE NAME="NewInstance">${instanceXml('CIM_ListenerDestinationCIMXML', { ...handlerKeys, Destination: listener.url })}</IPARAMVALUE>`,
    );
    removals.push(() =>
      cimCall(
        raw,
        'DeleteInstance',
        INTEROP,
        `<IPARAMVALUE NAME="InstanceName">${instanceNameXml('CIM_ListenerDestinationCIMXML', handlerKeys)}</IPARAMVALUE>`,
      ),
    );
    const handler = formatKeys('CIM_ListenerDestinationCIMXML', handlerKeys);
    const link = await interop.createInstance(
      cimInstance('CIM_IndicationSubscription', {
        Filter: filter,
        Handler: handler,
      }),
    );
    removals.push(() => interop.deleteInstance(link));
  } catch (error) {
    await close();
    throw error;
  }
  return { close };
}

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
  cimInstance,
  type IndicationListener,
  nameKey,
  type ReceivedIndication,
  startIndicationListener,
  type WbemEvent,
  type WbemEventClass,
} from '../index.js';
import type { ServerTarget } from './server-target.js';

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

/** A subscription on the server; `close` deletes it, stops the listener and closes the client. */
export interface ServerWatch {
  close(): Promise<void>;
}

/**
 * Starts the listener and subscribes it to `query` on the target's namespace, through the
 * target's client (its `root/interop` view).
 * @throws {WbemError} what the server reports (WBEM_E_INVALID_QUERY for a query it cannot
 * filter, WBEM_E_ACCESS_DENIED without interop write access or read access to the namespace,
 * ...); nothing is left behind, and the client is closed.
 */
export async function watchServer(
  target: ServerTarget,
  query: string,
  onEvent: (event: WbemEvent) => void,
): Promise<ServerWatch> {
  const interop = target.client.withNamespace(INTEROP);
  let listener: IndicationListener;
  try {
    listener = await startIndicationListener({ host: '127.0.0.1' });
  } catch (error) {
    target.client.close();
    throw error;
  }
  const subscription: Subscription = listener.indications$.subscribe((received) =>
    onEvent(eventOfIndication(received)),
  );
  const removals: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    // The subscription goes first, so the server stops sending before its ends are removed.
    for (const remove of removals.reverse()) await remove().catch(() => {});
    target.client.close();
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
    const handler = await interop.createInstance(
      cimInstance('CIM_ListenerDestinationCIMXML', {
        ...keys('CIM_ListenerDestinationCIMXML'),
        Destination: listener.url,
      }),
    );
    removals.push(() => interop.deleteInstance(handler));
    const link = await interop.createInstance(
      cimInstance('CIM_IndicationSubscription', { Filter: filter, Handler: handler }),
    );
    removals.push(() => interop.deleteInstance(link));
  } catch (error) {
    await close();
    throw error;
  }
  return { close };
}

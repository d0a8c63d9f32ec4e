/**
 * @module `ExecNotificationQuery` on the engine: opens a subscription in the engine's
 * `NotificationHub` for an Rx subscriber or an async call's sink, has the namespace's actor check
 * the query's class names, and keeps the principal's right cheap to re-check for each event.
 */
import type { CimInstance, CimInstanceProperty } from '../model/cim-instance.js';
import { nameKey } from '../model/names.js';
import { namespaceKey } from '../model/namespace-path.js';
import { checkSubscribe } from '../security/access-checks.js';
import type { DeliveryTarget } from '../sink/event-delivery.js';
import type { Notification, NotificationSubscription } from '../sink/notification-hub.js';
import type { IWbemObjectSink } from '../sink/object-sink.js';
import { WBEM_STATUS_COMPLETE } from '../wbem/flags.js';
import {
  hresultName,
  succeeded,
  WBEM_E_CALL_CANCELLED,
  WBEM_E_SHUTTING_DOWN,
} from '../wbem/status.js';
import { toWbemError, WbemError } from '../wbem/wbem-error.js';
import { eventObject, instanceOf } from '../wql/event-object.js';
import type { EngineCore } from './engine-core.js';
import { extendedStatus } from './extended-status.js';
import { type Connection, phase1Caller } from './phase1/caller.js';
import type { PreparedNotificationQuery } from './phase1/exec-query.js';

/**
 * Whether the connection's principal may receive events of its namespace now: `WBEM_ENABLE` (and
 * `WBEM_REMOTE_ACCESS` when remote), recomputed only after a descriptor change.
 */
export function rightsCheck(core: EngineCore, on: Connection): () => boolean {
  let generation = -1;
  let allowed = false;
  return () => {
    const now = core.security.generation;
    if (now !== generation) {
      generation = now;
      const rights = core.security.rightsOf(on.namespace, on.principal);
      allowed = checkSubscribe(rights, { remote: on.remote }) === undefined;
    }
    return allowed;
  };
}

/**
 * What `rightsCheck` depends on: the hub asks one subscription's check per event for all those
 * with the same key.
 */
function rightsKeyOf(on: Connection): string {
  return `${on.remote ? 'remote' : 'local'}:${namespaceKey(on.namespace)}:${on.principal}`;
}

/**
 * Opens a notification query for `target`; `allowed` is the connection's `rightsCheck` (one per
 * connection: its subscriptions share the cached answer). Events flow once the actor accepted the query's
 * class names; if it refuses them, the subscription closes and `refused` gets the error.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER (context), WBEM_E_ACCESS_DENIED,
 * WBEM_E_SHUTTING_DOWN.
 */
export function openNotificationQuery(
  core: EngineCore,
  on: Connection,
  prepared: PreparedNotificationQuery,
  ctx: unknown,
  target: DeliveryTarget<Notification>,
  refused: (error: WbemError) => void,
  allowed: () => boolean,
  owner?: object,
): NotificationSubscription {
  const caller = phase1Caller(on, core.security, ctx);
  if (core.shuttingDown) {
    throw new WbemError(WBEM_E_SHUTTING_DOWN, { message: 'the engine is shutting down' });
  }
  const subscription = core.streams.notifications.open({
    namespace: on.namespace,
    filter: prepared.filter,
    allowed,
    rightsKey: rightsKeyOf(on),
    target,
    ...(owner === undefined ? {} : { owner }),
  });
  core
    .invoke(on.namespace, () => ({ ...prepared.check, caller }))
    .then(
      () => subscription.release(),
      (error: unknown) => {
        if (!subscription.open) return;
        subscription.close();
        refused(toWbemError(error));
      },
    );
  return subscription;
}

/** The WMI event object a sink's `Indicate` receives for a notification. */
export function notificationObject(n: Notification): CimInstance {
  if (n.eventClass !== '__AggregateEvent') return eventObject(n);
  const properties = new Map<string, CimInstanceProperty>();
  const put = (name: string, value: CimInstanceProperty['value']): void => {
    properties.set(nameKey(name), { name, value });
  };
  put('NumberOfEvents', n.numberOfEvents);
  put('Representative', eventObject(n.representative));
  for (const { property, value } of n.groupValues) put(property, value);
  return instanceOf('__AggregateEvent', properties, n.representative.namespace);
}

/**
 * The target of an async notification query: each notification is one `Indicate`; the end is the
 * sink's one final status (`WBEM_E_CALL_CANCELLED` after `CancelAsyncCall`, `WBEM_E_SHUTTING_DOWN`
 * at shutdown). A sink that throws or refuses an `Indicate` ends its subscription, cancelled.
 */
export class SinkTarget implements DeliveryTarget<Notification> {
  readonly #sink: IWbemObjectSink;
  /** The final HRESULT `complete()` reports. */
  reason: number = WBEM_E_SHUTTING_DOWN;
  subscription: NotificationSubscription | undefined;
  #finished = false;

  constructor(sink: IWbemObjectSink) {
    this.#sink = sink;
  }

  next(n: Notification): void {
    if (this.#finished) return;
    let result: unknown;
    try {
      result = this.#sink.indicate([notificationObject(n)]);
    } catch {
      result = WBEM_E_CALL_CANCELLED;
    }
    if (typeof result === 'number' && !succeeded(result)) {
      this.subscription?.close();
      this.finish(WBEM_E_CALL_CANCELLED, 'the sink refused Indicate');
    }
  }

  complete(): void {
    this.finish(this.reason, '');
  }

  /** The one final status. */
  finish(hresult: number, message: string): void {
    if (this.#finished) return;
    this.#finished = true;
    const description = message === '' ? hresultName(hresult) : message;
    try {
      this.#sink.setStatus(
        WBEM_STATUS_COMPLETE,
        hresult >>> 0,
        null,
        extendedStatus('ExecNotificationQuery', hresult, description),
      );
    } catch {
      // The sink's own failure has nowhere further to go.
    }
  }
}

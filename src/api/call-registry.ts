/**
 * @module Call bookkeeping on the main thread: every accepted call until its final status, the
 * sink it reports to, and the sink contract (spec §3.3) enforced in one place:
 * - zero or more `indicate`, progress only when asked, then exactly one final `setStatus`;
 * - callbacks of one call never overlap and never run inside the call that started it (they run
 *   when the host's reply batch arrives);
 * - a sink callback that throws or returns a failure HRESULT cancels the call: its final status
 *   is `WBEM_E_CALL_CANCELLED`, and nothing follows it;
 * - after the final status the sink is forgotten, so later replies for the call are dropped.
 */
import type { CimObject } from '../model/cim-value.js';
import type { EventWire } from '../runtime/event-wire.js';
import type { HostReply } from '../runtime/protocol.js';
import type { IWbemObjectSink, SinkEvent } from '../sink/object-sink.js';
import { WBEM_STATUS_COMPLETE, WBEM_STATUS_PROGRESS } from '../wbem/flags.js';
import { hresultName, succeeded, WBEM_E_CALL_CANCELLED, WBEM_S_NO_ERROR } from '../wbem/status.js';
import { extendedStatus } from './extended-status.js';

export interface PendingCall {
  readonly id: number;
  readonly namespace: string;
  readonly operation: string;
  readonly sink: IWbemObjectSink;
  readonly host: number;
  /** Frees the mailbox slot and the host's keep-alive once the call is over. */
  readonly slot: { release(): void };
}

export interface RegistryHooks {
  /** Every sink event, for `engine.status$`. */
  readonly monitor: ((call: PendingCall, event: SinkEvent) => void) | undefined;
  /**
   * Committed events, for `engine.events$` and notification queries: published in order, then
   * `then` routes the reply that carried them (at once when there are none and none wait).
   */
  readonly publish: (events: readonly EventWire[], then: () => void) => void;
}

const NO_EVENTS: readonly EventWire[] = [];

/** Objects per `Indicate`: large enumerations reach the sink in batches, as WMI delivers them. */
export const INDICATE_BATCH = 256;

/** True when a sink's return value asks to stop (a failure HRESULT). */
function refuses(result: unknown): boolean {
  return typeof result === 'number' && !succeeded(result);
}

export class CallRegistry {
  readonly #calls = new Map<number, PendingCall>();
  /** Pending call ids per sink; arrays, since a sink rarely carries more than one call. */
  readonly #bySink = new Map<IWbemObjectSink, number[]>();
  readonly #hooks: RegistryHooks;
  #nextId = 1;
  #idle: (() => void) | undefined;

  constructor(hooks: RegistryHooks) {
    this.#hooks = hooks;
  }

  get size(): number {
    return this.#calls.size;
  }

  nextId(): number {
    return this.#nextId++;
  }

  get(id: number): PendingCall | undefined {
    return this.#calls.get(id);
  }

  add(call: PendingCall): void {
    this.#calls.set(call.id, call);
    const ids = this.#bySink.get(call.sink);
    if (ids === undefined) this.#bySink.set(call.sink, [call.id]);
    else ids.push(call.id);
  }

  /** Pending calls started with this sink (`CancelAsyncCall` scope). */
  callsOf(sink: IWbemObjectSink): PendingCall[] {
    const ids = this.#bySink.get(sink);
    if (ids === undefined) return [];
    return ids.flatMap((id) => this.#calls.get(id) ?? []);
  }

  /** Pending calls on one host (all of them fail when it crashes). */
  callsOn(host: number): PendingCall[] {
    return [...this.#calls.values()].filter((c) => c.host === host);
  }

  /** Resolves when no call is pending. */
  idle(): Promise<void> {
    if (this.#calls.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.#idle = resolve;
    });
  }

  /**
   * Routes one host reply to its call, after the events it carries (and those of earlier replies
   * still being published) have reached their subscribers.
   */
  onReply(reply: HostReply): void {
    if (reply.kind === 'closed') return;
    // Events are facts once committed, whether or not the caller still listens.
    this.#hooks.publish(reply.kind === 'ok' ? reply.events : NO_EVENTS, () => this.#route(reply));
  }

  #route(reply: Exclude<HostReply, { kind: 'closed' }>): void {
    const call = this.#calls.get(reply.id);
    if (call === undefined) return;
    switch (reply.kind) {
      case 'progress':
        if (
          !this.#deliver(call, {
            kind: 'progress',
            flags: WBEM_STATUS_PROGRESS,
            hResult: reply.progress,
            param: reply.message,
          })
        ) {
          this.finish(call, WBEM_E_CALL_CANCELLED, 'the sink refused a progress report');
        }
        return;
      case 'indicate':
        for (let at = 0; at < reply.objects.length; at += INDICATE_BATCH) {
          const objects = reply.objects.slice(at, at + INDICATE_BATCH);
          if (!this.#deliver(call, { kind: 'indicate', objects })) {
            this.finish(call, WBEM_E_CALL_CANCELLED, 'the sink refused Indicate');
            return;
          }
        }
        return;
      case 'ok':
        for (let at = 0; at < reply.objects.length; at += INDICATE_BATCH) {
          const objects = reply.objects.slice(at, at + INDICATE_BATCH);
          if (!this.#deliver(call, { kind: 'indicate', objects })) {
            this.finish(call, WBEM_E_CALL_CANCELLED, 'the sink refused Indicate');
            return;
          }
        }
        this.finish(call, WBEM_S_NO_ERROR, '', reply.param);
        return;
      case 'fail':
        this.finish(call, reply.hresult, reply.message);
        return;
    }
  }

  /** Delivers the one final status and forgets the call. */
  finish(call: PendingCall, hresult: number, message: string, param: string | null = null): void {
    if (!this.#calls.delete(call.id)) return;
    const ids = this.#bySink.get(call.sink);
    if (ids !== undefined) {
      const at = ids.indexOf(call.id);
      if (at >= 0) ids.splice(at, 1);
      if (ids.length === 0) this.#bySink.delete(call.sink);
    }
    call.slot.release();
    const ok = succeeded(hresult);
    const object: CimObject | null = ok
      ? null
      : extendedStatus(call.operation, hresult, message === '' ? hresultName(hresult) : message);
    this.#deliver(call, {
      kind: 'status',
      flags: WBEM_STATUS_COMPLETE,
      hResult: hresult >>> 0,
      param: ok ? param : null,
      object,
    });
    if (this.#calls.size === 0) this.#idle?.();
  }

  /** One sink callback; false when the sink threw or returned a failure HRESULT. */
  #deliver(call: PendingCall, event: SinkEvent): boolean {
    this.#hooks.monitor?.(call, event);
    try {
      switch (event.kind) {
        case 'indicate':
          return !refuses(call.sink.indicate(event.objects));
        case 'progress':
          return !refuses(call.sink.setStatus(event.flags, event.hResult, event.param, null));
        case 'status':
          call.sink.setStatus(event.flags, event.hResult, event.param, event.object);
          return true;
      }
    } catch {
      return false;
    }
  }
}

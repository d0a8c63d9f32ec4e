/**
 * @module The live incarnation of one namespace on its host (Orleans' `ActivationData`): its
 * mailbox loop and its group commit. What each operation does in its turn lives in `turns/`.
 *
 * Invariant: one message is processed to completion before the next is dequeued, and only the
 * actor writes its store; a batch of mutations is made durable by ONE `store.flush()` before any
 * of them is acknowledged (group commit), and its events leave only after that flush succeeded.
 * A flush that fails fails exactly the calls of its batch and rolls the store back to what is
 * durable; the actor keeps serving. No caller sees a write before it is durable: a read that
 * follows uncommitted writes of its batch is answered after their flush, and run again on the
 * rolled-back store when the flush fails (in memory, where a flush cannot fail, at once); a turn
 * that streams or waits (a query, a provider, a metadata write) starts after that flush, and
 * nothing is committed while a turn waits.
 *
 * Lifecycle (Orleans' `ActivationState`): `idle` until the first message opens the store from the
 * repository (lazy activation), `active` while it serves, `stopped` after `dropNamespace` (the next
 * message activates it again on an empty store).
 */

import type { CimObject } from '../model/cim-value.js';
import type { WbemContext } from '../model/wbem-context.js';
import type { WbemEvent } from '../model/wbem-event.js';
import type { OperationEnv, SchemaRules } from '../schema/index.js';
import type { ClassStore } from '../store/class-store.js';
import type { Repository } from '../store/repository.js';
import { WBEM_E_CALL_CANCELLED, WBEM_E_FAILED } from '../wbem/status.js';
import { toWbemError, WbemError } from '../wbem/wbem-error.js';
import { type EventWire, eventToWire } from './event-wire.js';
import { FileTimeClock } from './file-time-clock.js';
import type { NamespaceProviders } from './namespace-providers.js';
import { authorityOf, type HostReply, type OperationRequest } from './protocol.js';
import type { Outcome, SchemaOperations, TurnScope } from './turns/turn.js';
import { runTurn } from './turns/turn-table.js';

export type ActorState = 'idle' | 'active' | 'stopped';

interface Acknowledgement {
  readonly id: number;
  readonly objects: readonly CimObject[];
  readonly param: string | null;
  readonly events: readonly EventWire[];
  /** A read that saw the batch's uncommitted writes: run again if their flush fails. */
  readonly read?: TurnMessage;
}

type TurnMessage = Exclude<OperationRequest, { kind: 'dropNamespace' }>;

/**
 * The events as they leave for the main thread (`event-wire.ts`); the call's context rides on
 * each one (spec §7), so listeners can correlate.
 */
function eventsToWire(
  events: readonly WbemEvent[],
  context: WbemContext | null,
): readonly EventWire[] {
  return events.map((event) => eventToWire(context === null ? event : { ...event, context }));
}

/**
 * What a failed commit answers: the store's own `WbemError` (`WBEM_E_OUT_OF_DISK_SPACE`, ...), or
 * `WBEM_E_FAILED` carrying the cause for anything else.
 */
function commitError(thrown: unknown): WbemError {
  if (thrown instanceof WbemError) return thrown;
  const why = thrown instanceof Error ? thrown.message : String(thrown);
  return new WbemError(WBEM_E_FAILED, { message: `commit failed: ${why}`, cause: thrown });
}

/** What a turn's outcome answers, once the writes before it (and its own) are committed. */
function acknowledgement(message: TurnMessage, outcome: Outcome): Acknowledgement {
  return {
    id: message.id,
    objects: outcome.objects,
    param: outcome.param,
    events:
      outcome.kind === 'write' && message.wantsEvents
        ? eventsToWire(outcome.mutation.events, authorityOf(message).context)
        : [],
  };
}

/** A turn's outcome once its write (if any) is applied to the store. */
function settle(store: ClassStore, outcome: Outcome): Outcome {
  if (outcome.kind === 'write') store.apply(outcome.mutation.changes);
  return outcome;
}

export class NamespaceActor {
  readonly path: string;
  #state: ActorState = 'idle';
  #store: ClassStore | undefined;
  readonly #queue: OperationRequest[] = [];
  readonly #cancelled = new Set<number>();
  /** The call whose turn is running, if any (a query streaming its results). */
  #running: number | undefined;
  #draining = false;
  readonly #repository: Repository;
  readonly #schema: SchemaOperations;
  readonly #env: OperationEnv;
  readonly #reply: (reply: HostReply) => void;
  readonly #providers: NamespaceProviders;

  constructor(
    path: string,
    repository: Repository,
    schema: SchemaOperations,
    env: { readonly server: string; readonly rules: SchemaRules },
    reply: (reply: HostReply) => void,
    providers: NamespaceProviders,
  ) {
    this.path = path;
    this.#repository = repository;
    this.#providers = providers;
    this.#schema = schema;
    const clock = new FileTimeClock();
    this.#env = {
      namespace: path,
      namespaceText: path.replaceAll('/', '\\'),
      server: env.server,
      rules: env.rules,
      now: () => clock.now(),
    };
    this.#reply = reply;
  }

  get state(): ActorState {
    return this.#state;
  }

  /** Number of messages waiting for a turn. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Queues messages; turns run until the queue is empty. Resolves when it is. */
  enqueue(messages: readonly OperationRequest[]): Promise<void> | undefined {
    for (const m of messages) this.#queue.push(m);
    if (this.#draining) return undefined;
    this.#draining = true;
    return this.#drain().finally(() => {
      this.#draining = false;
    });
  }

  /** Marks calls cancelled: those not yet dequeued are answered without running. */
  cancel(ids: readonly number[]): void {
    // A cancel follows its request on the same port, so a request not queued here already ran.
    for (const id of ids)
      if (id === this.#running || this.#queue.some((m) => m.id === id)) this.#cancelled.add(id);
  }

  /** Closes the store (flushing it); the actor can be activated again afterwards. */
  async deactivate(): Promise<void> {
    const store = this.#store;
    this.#store = undefined;
    this.#state = 'stopped';
    if (store !== undefined) await store.close();
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#queue.length);
      let acks: Acknowledgement[] = [];
      for (const message of batch) {
        if (message.kind === 'dropNamespace') {
          await this.#commit(acks);
          acks = [];
          await this.#drop(message.id);
          continue;
        }
        // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut; committing no writes does nothing
        if (acks.length > 0 && this.#mayWait(message)) {
          await this.#commit(acks);
          acks = [];
        }
        const turn = this.#turn(message);
        let outcome: Outcome | undefined;
        // Stryker disable next-line ConditionalExpression: a synchronous outcome awaited is the same outcome, and its change set applied again sets the same records
        if (turn instanceof Promise) {
          // `#mayWait` had the writes before it committed. Nothing is committed during the wait: a
          // wait it did not foresee keeps them in the batch, committed with this turn's own.
          this.#running = message.id;
          const waited = await turn;
          this.#running = undefined;
          this.#cancelled.delete(message.id);
          outcome = waited === undefined ? undefined : this.#settleWaited(message.id, waited);
        } else {
          outcome = turn;
        }
        if (outcome === undefined) continue;
        if (outcome.kind === 'write') acks.push(acknowledgement(message, outcome));
        // After an uncommitted write of this batch, a read saw it: it waits for the flush (unless
        // the store's flush cannot fail, as in memory, where nothing more is to come).
        else if (acks.length > 0 && this.#store?.flushNeverFails !== true)
          acks.push({ ...acknowledgement(message, outcome), read: message });
        else this.#ok(acknowledgement(message, outcome));
      }
      await this.#commit(acks);
    }
  }

  /**
   * One message, to completion: returns its outcome (a write already applied to the store), or
   * undefined when it already failed. The result is a promise only when the turn waits for
   * something (a provider, a metadata write); its write is then applied by `#settleWaited`.
   * `again`: a read run a second time after its batch failed, whose progress was already sent.
   */
  #turn(message: TurnMessage, again = false): Outcome | undefined | Promise<Outcome | undefined> {
    if (this.#cancelled.delete(message.id)) {
      this.#fail(message.id, WBEM_E_CALL_CANCELLED, 'cancelled before it ran');
      return undefined;
    }
    if (message.sendStatus && !again) {
      this.#reply({
        kind: 'progress',
        id: message.id,
        progress: 0,
        message: 'accepted by the actor',
      });
    }
    // The failure callback is made only for a turn that waits: a synchronous turn (every create
    // without a provider) allocates no closures beyond its scope's two.
    try {
      const store = this.#activate();
      const scope: TurnScope = {
        schema: this.#schema,
        store,
        env: this.#env,
        providers: this.#providers,
        repository: this.#repository,
        indicate: (objects) => this.#reply({ kind: 'indicate', id: message.id, objects }),
        cancelled: () => this.#cancelled.has(message.id),
      };
      const outcome = runTurn(scope, message);
      // A turn that waits is settled by the mailbox loop once the writes before it committed.
      if (outcome instanceof Promise)
        return outcome.catch((thrown: unknown) => this.#failTurn(message.id, thrown));
      return settle(store, outcome);
    } catch (thrown) {
      return this.#failTurn(message.id, thrown);
    }
  }

  /**
   * Whether the turn may hand results out or wait before it ends: a query streams as it runs, and
   * a provider (up to its time limit) or a metadata write is awaited. The uncommitted writes of
   * its batch are committed first: a query would stream them, and the writes would wait for the
   * provider to be acknowledged. In a namespace with providers every class turn counts, as which
   * classes a provider keeps is decided inside the turn.
   */
  #mayWait(message: TurnMessage): boolean {
    switch (message.kind) {
      case 'execQuery':
      case 'writeMeta':
      case 'registerProvider':
      case 'unregisterProvider':
        return true;
      case 'putClass':
      case 'deleteClass':
      case 'getClass':
      case 'createClassEnum':
      case 'enumerateClassNames':
        try {
          return this.#providers.any;
        } catch {
          return true; // unreadable registrations: the turn fails, and committing first is safe
        }
      // Stryker disable next-line ConditionalExpression: without the default the switch ends in undefined, as falsy
      default:
        return false;
    }
  }

  /** The outcome of a turn that waited: its write applied to the store now. */
  #settleWaited(id: number, outcome: Outcome): Outcome | undefined {
    try {
      return settle(this.#activate(), outcome);
    } catch (thrown) {
      return this.#failTurn(id, thrown);
    }
  }

  /** Fails the call `id` with what its turn threw (a `WbemError`, or WBEM_E_FAILED). */
  #failTurn(id: number, thrown: unknown): undefined {
    const error = toWbemError(thrown);
    this.#fail(id, error.hresult, error.detail ?? error.message);
    return undefined;
  }

  #activate(): ClassStore {
    if (this.#store === undefined) {
      this.#store = this.#repository.openNamespace(this.path);
      this.#state = 'active';
    }
    return this.#store;
  }

  /**
   * Group commit: one flush makes every acknowledged write of the batch durable. When it fails,
   * every call of the batch fails with the store's HRESULT and the store rolls back to what is
   * durable, so the next turn reads and writes on committed state only.
   */
  async #commit(acks: readonly Acknowledgement[]): Promise<void> {
    if (acks.length === 0) return;
    // The batch's writes were applied to the active store: this is that store.
    const store = this.#activate();
    try {
      await store.flush();
    } catch (thrown) {
      const error = commitError(thrown);
      const reads: TurnMessage[] = [];
      for (const ack of acks) {
        if (ack.read === undefined)
          this.#fail(ack.id, error.hresult, error.detail ?? error.message);
        else reads.push(ack.read);
      }
      await this.#rollback(store);
      // Reads are not what failed: they are answered from what is durable, in their order.
      for (const read of reads) await this.#answerAgain(read);
      return;
    }
    for (const ack of acks) this.#ok(ack);
  }

  /**
   * A read run again after its batch's writes failed, on the rolled-back store. A request's kind
   * decides whether its turn reads or writes, so it reads again: nothing to commit.
   */
  async #answerAgain(message: TurnMessage): Promise<void> {
    const outcome = await this.#turn(message, true);
    if (outcome !== undefined) this.#ok(acknowledgement(message, outcome));
  }

  /** Undoes a failed batch; a store that cannot even do that is reopened from the repository. */
  async #rollback(store: ClassStore): Promise<void> {
    try {
      store.rollback();
    } catch {
      // Stryker disable next-line ConditionalExpression: nothing replaces the store during its flush
      if (this.#store === store) await this.deactivate().catch(() => undefined);
    }
  }

  async #drop(id: number): Promise<void> {
    try {
      await this.deactivate();
      await this.#repository.dropNamespace(this.path);
      this.#providers.reset();
      this.#ok({ id, objects: [], param: null, events: [] });
    } catch (thrown) {
      const error = toWbemError(thrown);
      this.#fail(id, error.hresult, error.detail ?? error.message);
    }
  }

  #ok(ack: Acknowledgement): void {
    this.#reply({
      kind: 'ok',
      id: ack.id,
      objects: ack.objects,
      param: ack.param,
      events: ack.events,
    });
  }

  #fail(id: number, hresult: number, message: string): void {
    this.#reply({ kind: 'fail', id, hresult, message });
  }
}

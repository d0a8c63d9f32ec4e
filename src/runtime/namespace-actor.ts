/**
 * @module The live incarnation of one namespace on its host (Orleans' `ActivationData`).
 *
 * Invariant: one message is processed to completion before the next is dequeued, and only the
 * actor writes its store; a batch of mutations is made durable by ONE `store.flush()` before any
 * of them is acknowledged (group commit), and its events leave only after that flush succeeded.
 *
 * Lifecycle (Orleans' `ActivationState`): `idle` until the first message opens the store from the
 * repository (lazy activation), `active` while it serves, `stopped` after `dropNamespace` (the next
 * message activates it again on an empty store).
 */

import type { CimObject } from '../model/cim-value.js';
import type { WbemContext } from '../model/wbem-context.js';
import type { WbemEvent } from '../model/wbem-event.js';
import type { Mutation, OperationEnv, SchemaRules } from '../schema/index.js';
import { checkInstanceWrite } from '../security/access-checks.js';
import type { ClassStore } from '../store/class-store.js';
import type { Repository } from '../store/repository.js';
import { WBEM_E_CALL_CANCELLED, WBEM_E_FAILED } from '../wbem/status.js';
import { toWbemError } from '../wbem/wbem-error.js';
import {
  checkInstanceTurn,
  classOfPath,
  createClassEnumTurn,
  deleteClassTurn,
  getClassTurn,
  putClassTurn,
  qualifierDeclarationWriteTurn,
  type TurnScope,
} from './guarded-ops.js';
import * as namespaces from './namespace-ops.js';
import type { NamespaceProviders } from './namespace-providers.js';
import { assertNever, authorityOf, type HostReply, type OperationRequest } from './protocol.js';

/** The schema operations an actor runs (the contract of `src/schema/index.ts`). */
export type SchemaModule = typeof import('../schema/index.js');

export type ActorState = 'idle' | 'active' | 'stopped';

/** What a message produced: a read answers at once, a mutation waits for the batch's commit. */
type Outcome =
  | { readonly kind: 'read'; readonly objects: readonly CimObject[]; readonly param: string | null }
  | {
      readonly kind: 'write';
      readonly mutation: Mutation;
      readonly objects: readonly CimObject[];
      readonly param: string | null;
    }
  | { readonly kind: 'drop' };

interface Acknowledgement {
  readonly id: number;
  readonly objects: readonly CimObject[];
  readonly param: string | null;
  readonly events: readonly WbemEvent[];
}

/** The call's context rides on each event it raised (spec §7), so listeners can correlate. */
function withContext(
  events: readonly WbemEvent[],
  context: WbemContext | null,
): readonly WbemEvent[] {
  return context === null ? events : events.map((event) => ({ ...event, context }));
}

let lastMs = Number.NaN;
let lastFileTime = '';

/** 100-ns ticks since 1601-01-01 UTC, as WMI's `TIME_CREATED` (one BigInt per millisecond, not per call). */
function fileTimeNow(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastFileTime = ((BigInt(ms) + 11644473600000n) * 10000n).toString();
  }
  return lastFileTime;
}

export class NamespaceActor {
  readonly path: string;
  #state: ActorState = 'idle';
  #store: ClassStore | undefined;
  readonly #queue: OperationRequest[] = [];
  readonly #cancelled = new Set<number>();
  #draining = false;
  readonly #repository: Repository;
  readonly #schema: SchemaModule;
  readonly #env: OperationEnv;
  readonly #reply: (reply: HostReply) => void;
  readonly #providers: NamespaceProviders;

  constructor(
    path: string,
    repository: Repository,
    schema: SchemaModule,
    env: { readonly server: string; readonly rules: SchemaRules },
    reply: (reply: HostReply) => void,
    providers: NamespaceProviders,
  ) {
    this.path = path;
    this.#repository = repository;
    this.#providers = providers;
    this.#schema = schema;
    this.#env = { namespace: path, server: env.server, rules: env.rules, now: fileTimeNow };
    this.#reply = reply;
  }

  get state(): ActorState {
    return this.#state;
  }

  /** Number of messages waiting for a turn. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Queues messages; turns run until the mailbox is empty. Resolves when it is. */
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
    for (const id of ids) if (this.#queue.some((m) => m.id === id)) this.#cancelled.add(id);
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
        const turn = this.#turn(message);
        let outcome: Outcome | undefined;
        if (turn instanceof Promise) {
          // A provider may take up to its time limit: acknowledge the writes before it now.
          await this.#commit(acks);
          acks = [];
          outcome = await turn;
        } else {
          outcome = turn;
        }
        if (outcome === undefined) continue;
        if (outcome.kind === 'read') {
          this.#ok({ id: message.id, objects: outcome.objects, param: outcome.param, events: [] });
        } else if (outcome.kind === 'write') {
          acks.push({
            id: message.id,
            objects: outcome.objects,
            param: outcome.param,
            events: message.wantsEvents
              ? withContext(outcome.mutation.events, authorityOf(message).context)
              : [],
          });
        } else {
          await this.#commit(acks);
          acks = [];
          await this.#drop(message.id);
        }
      }
      await this.#commit(acks);
    }
  }

  /**
   * One message, to completion: returns its outcome, or undefined when it already failed. The
   * result is a promise only when the turn waits for something (a provider, a metadata write);
   * the mailbox does not start the next message until it settles.
   */
  #turn(message: OperationRequest): Outcome | undefined | Promise<Outcome | undefined> {
    if (this.#cancelled.delete(message.id)) {
      this.#fail(message.id, WBEM_E_CALL_CANCELLED, 'cancelled before it ran');
      return undefined;
    }
    if (message.sendStatus) {
      this.#reply({
        kind: 'progress',
        id: message.id,
        progress: 0,
        message: 'accepted by the actor',
      });
    }
    const failed = (thrown: unknown): undefined => {
      const error = toWbemError(thrown);
      this.#fail(message.id, error.hresult, error.detail ?? error.message);
      return undefined;
    };
    try {
      if (message.kind === 'dropNamespace') return { kind: 'drop' };
      const store = this.#activate();
      const settle = (outcome: Outcome): Outcome => {
        if (outcome.kind === 'write') store.apply(outcome.mutation.changes);
        return outcome;
      };
      const outcome = this.#run(store, message);
      if (outcome instanceof Promise) return outcome.then(settle).catch(failed);
      return settle(outcome);
    } catch (thrown) {
      return failed(thrown);
    }
  }

  #run(
    store: ClassStore,
    m: Exclude<OperationRequest, { kind: 'dropNamespace' }>,
  ): Outcome | Promise<Outcome> {
    const s = this.#schema;
    const env = this.#env;
    const scope: TurnScope = { schema: s, store, env, providers: this.#providers };
    const write = (mutation: Mutation, param: string | null = null): Outcome => ({
      kind: 'write',
      mutation,
      objects: [],
      param,
    });
    const read = (objects: readonly CimObject[], param: string | null = null): Outcome => ({
      kind: 'read',
      objects,
      param,
    });
    const later = <T>(
      value: T | Promise<T>,
      then: (v: T) => Outcome,
    ): Outcome | Promise<Outcome> => (value instanceof Promise ? value.then(then) : then(value));
    switch (m.kind) {
      case 'putClass':
        return later(putClassTurn(scope, m), (mutation) => write(mutation));
      case 'deleteClass':
        return later(deleteClassTurn(scope, m), (mutation) => write(mutation));
      case 'getClass':
        return later(getClassTurn(scope, m), read);
      case 'createClassEnum':
        return later(createClassEnumTurn(scope, m), read);
      case 'putInstance': {
        const cls = (m.instance as { className?: unknown } | null)?.className;
        checkInstanceTurn(scope, cls, authorityOf(m).rights);
        const result = s.putInstance(store, m.instance, m.intent, env);
        return write(result, result.path);
      }
      case 'getInstance':
        return read([s.getInstance(store, m.path, env)]);
      case 'deleteInstance':
        checkInstanceTurn(scope, classOfPath(m.path), authorityOf(m).rights);
        return write(s.deleteInstance(store, m.path, env));
      case 'createInstanceEnum':
        return read(s.createInstanceEnum(store, m.className, m.deep, env));
      case 'putQualifierDeclaration':
      case 'deleteQualifierDeclaration':
        return write(qualifierDeclarationWriteTurn(scope, m));
      case 'getQualifierDeclaration':
        return read([s.getQualifierDeclaration(store, m.name) as unknown as CimObject]);
      case 'createQualifierDeclarationEnum':
        return read(s.enumQualifierDeclarations(store) as unknown as CimObject[]);
      case 'createNamespace':
        return write(namespaces.createNamespace(store, m.name, env));
      case 'deleteNamespace':
        return write(namespaces.deleteNamespace(store, m.name, env));
      case 'getNamespaces':
        return read(namespaces.getNamespaces(store, m.name));
      case 'readMeta':
        return read([], this.#repository.readMeta(this.path, m.key) ?? null);
      case 'writeMeta':
        return this.#repository.writeMeta(this.path, m.key, m.value).then(() => read([]));
      case 'registerProvider':
        return this.#registration(authorityOf(m).rights, () =>
          this.#providers.register(m.registration),
        );
      case 'unregisterProvider':
        return this.#registration(authorityOf(m).rights, () => this.#providers.unregister(m.name));
      default:
        return assertNever(m);
    }
  }

  /** Registering a provider writes a `__Win32Provider` instance: a system class (FULL_WRITE_REP). */
  #registration(rights: number, change: () => Promise<void>): Promise<Outcome> {
    const denied = checkInstanceWrite(rights, { dynamic: false, systemDerived: true });
    if (denied !== undefined) return Promise.reject(denied);
    return change().then(() => ({ kind: 'read', objects: [], param: null }));
  }

  #activate(): ClassStore {
    if (this.#store === undefined) {
      this.#store = this.#repository.openNamespace(this.path);
      this.#state = 'active';
    }
    return this.#store;
  }

  /** Group commit: one flush makes every acknowledged write of the batch durable. */
  async #commit(acks: readonly Acknowledgement[]): Promise<void> {
    if (acks.length === 0) return;
    try {
      await this.#store?.flush();
    } catch (thrown) {
      const error = toWbemError(thrown);
      for (const ack of acks) {
        this.#fail(ack.id, WBEM_E_FAILED, `commit failed: ${error.detail ?? error.message}`);
      }
      // The store already shows the batch's changes: reopen it from the repository, so that
      // what the actor serves next is what was durably committed.
      await this.deactivate().catch(() => undefined);
      return;
    }
    for (const ack of acks) this.#ok(ack);
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

/**
 * @module An in-process harness for `NamespaceActor` and its turns: the actor over a memory
 * repository whose commits can be made to wait or fail, a stand-in provider runner, and request
 * builders shaped as the engine builds them. Everything a caller can see is recorded in one log,
 * in order: the store's flushes and rollbacks, the namespace opens, and every reply.
 */

import type { ChangeSet } from '../../../src/model/change-set.js';
import type { CimClass } from '../../../src/model/cim-class.js';
import type { ProviderCapabilities } from '../../../src/providers/provider-module.js';
import type { ProviderCall } from '../../../src/providers/provider-protocol.js';
import type { ProviderRegistration } from '../../../src/providers/provider-registration.js';
import { NamespaceActor } from '../../../src/runtime/namespace-actor.js';
import {
  NamespaceProviders,
  type ProviderRunner,
} from '../../../src/runtime/namespace-providers.js';
import type {
  FailReply,
  HostReply,
  OkReply,
  OperationRequest,
} from '../../../src/runtime/protocol.js';
import type { PutClassIntent } from '../../../src/schema/index.js';
import * as schemaOperations from '../../../src/schema/index.js';
import { WBEM_ALL_RIGHTS } from '../../../src/security/security-descriptor.js';
import type { ClassStore } from '../../../src/store/class-store.js';
import { MemoryRepository } from '../../../src/store/memory-repository.js';
import type { Repository } from '../../../src/store/repository.js';

export const NAMESPACE = 'root/test';

/** A deferred: a promise and its resolve/reject. */
export interface Gate {
  readonly promise: Promise<void>;
  readonly open: () => void;
  readonly fail: (why: unknown) => void;
}

export function gate(): Gate {
  let open!: () => void;
  let fail!: (why: unknown) => void;
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

/** Lets pending promise callbacks and `setImmediate` turns run. */
export async function settleTurns(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** What the store and repository of the harness are told to do next. */
export interface StoreControl {
  /** Thrown (once each, in order) by the next flushes. */
  readonly flushFailures: unknown[];
  /** Awaited by the next flush, if set (then cleared). */
  flushGate: Gate | undefined;
  /** `rollback()` throws this, if set. */
  rollbackFailure: unknown;
  /** `dropNamespace` rejects with this, if set. */
  dropFailure: unknown;
  /** Thrown (once each, in order) by the next `apply` calls, which then change nothing. */
  readonly applyFailures: unknown[];
  /** Awaited by the next `writeMeta`, if set (then cleared), before it stores anything. */
  metaGate: Gate | undefined;
  /** `getInstance` throws this, if set (a store that cannot read its data). */
  readFailure: unknown;
  /** What the store says of its flushes (read when the actor opens it): the memory store's `true`. */
  flushNeverFails?: boolean;
}

class ControlledStore implements ClassStore {
  readonly #inner: ClassStore;
  readonly #control: StoreControl;
  readonly #log: string[];

  constructor(inner: ClassStore, control: StoreControl, log: string[]) {
    this.#inner = inner;
    this.#control = control;
    this.#log = log;
  }

  getClass = (name: string) => this.#inner.getClass(name);
  hasClass = (name: string) => this.#inner.hasClass(name);
  subclassNames = (name: string | null) => this.#inner.subclassNames(name);
  classNames = () => this.#inner.classNames();
  classCount = () => this.#inner.classCount();
  getInstance = (className: string, key: string) => {
    if (this.#control.readFailure !== undefined) throw this.#control.readFailure;
    return this.#inner.getInstance(className, key);
  };
  instances = (className: string) => this.#inner.instances(className);
  instanceCount = (className: string) => this.#inner.instanceCount(className);
  getQualifierDeclaration = (name: string) => this.#inner.getQualifierDeclaration(name);
  qualifierDeclarations = () => this.#inner.qualifierDeclarations();

  apply(changes: ChangeSet): void {
    if (this.#control.applyFailures.length > 0) throw this.#control.applyFailures.shift();
    this.#inner.apply(changes);
  }

  get flushNeverFails(): boolean {
    return this.#control.flushNeverFails === true;
  }

  async flush(): Promise<void> {
    this.#log.push('flush');
    const waiting = this.#control.flushGate;
    this.#control.flushGate = undefined;
    if (waiting !== undefined) await waiting.promise;
    if (this.#control.flushFailures.length > 0) throw this.#control.flushFailures.shift();
    await this.#inner.flush();
  }

  rollback(): void {
    this.#log.push('rollback');
    if (this.#control.rollbackFailure !== undefined) throw this.#control.rollbackFailure;
    this.#inner.rollback();
  }

  /** Flushes; the inner memory store stays open, as a durable store's files stay on disk. */
  async close(): Promise<void> {
    this.#log.push('close');
    if (this.#control.flushFailures.length > 0) throw this.#control.flushFailures.shift();
    await this.#inner.flush();
  }
}

/** A memory repository whose stores obey a `StoreControl` and log what they are asked. */
export class ControlledRepository implements Repository {
  readonly inner = new MemoryRepository();
  readonly control: StoreControl = {
    flushFailures: [],
    flushGate: undefined,
    rollbackFailure: undefined,
    dropFailure: undefined,
    applyFailures: [],
    metaGate: undefined,
    readFailure: undefined,
  };
  readonly log: string[];

  constructor(log: string[]) {
    this.log = log;
  }

  openNamespace(path: string): ClassStore {
    this.log.push(`open ${path}`);
    return new ControlledStore(this.inner.openNamespace(path), this.control, this.log);
  }

  dropNamespace(path: string): Promise<void> {
    this.log.push(`drop ${path}`);
    if (this.control.dropFailure !== undefined) return Promise.reject(this.control.dropFailure);
    return this.inner.dropNamespace(path);
  }

  readMeta(path: string, key: string): string | undefined {
    return this.inner.readMeta(path, key);
  }

  async writeMeta(path: string, key: string, value: string | null): Promise<void> {
    this.log.push(`writeMeta ${key}`);
    const waiting = this.control.metaGate;
    this.control.metaGate = undefined;
    if (waiting !== undefined) await waiting.promise;
    await this.inner.writeMeta(path, key, value);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** What the stand-in provider answers, by call kind; a function may throw or wait. */
export interface ProviderScript {
  capabilities?: Partial<ProviderCapabilities>;
  putClass?: (call: ProviderCall) => unknown;
  deleteClass?: (call: ProviderCall) => unknown;
  getClass?: (call: ProviderCall) => unknown;
  enumerateClasses?: (call: ProviderCall) => unknown;
}

/** A `ProviderRunner` that answers from scripts keyed by registration name, logging each call. */
export class ScriptedProviders implements ProviderRunner {
  readonly scripts = new Map<string, ProviderScript>();
  readonly calls: { provider: string; call: ProviderCall }[] = [];
  readonly unloaded: string[] = [];
  readonly #log: string[];

  constructor(log: string[]) {
    this.#log = log;
  }

  async capabilities(registration: ProviderRegistration): Promise<ProviderCapabilities> {
    const caps = this.scripts.get(registration.name)?.capabilities ?? {};
    return {
      supportsPut: caps.supportsPut ?? true,
      supportsDelete: caps.supportsDelete ?? true,
      supportsGet: caps.supportsGet ?? true,
      supportsEnumerate: caps.supportsEnumerate ?? true,
    };
  }

  // biome-ignore lint/suspicious/noExplicitAny: the runner's generic result type
  async invoke(registration: ProviderRegistration, call: ProviderCall): Promise<any> {
    this.#log.push(`provider ${registration.name} ${call.kind}`);
    this.calls.push({ provider: registration.name, call });
    const script = this.scripts.get(registration.name)?.[call.kind];
    if (script !== undefined) return await script(call);
    switch (call.kind) {
      case 'getClass':
        return null;
      case 'enumerateClasses':
        return [];
      default:
        return undefined;
    }
  }

  async unload(registration: ProviderRegistration): Promise<void> {
    this.unloaded.push(registration.name);
  }

  async close(): Promise<void> {}
}

/** A registration of the harness's namespace (the module is never loaded). */
export function registration(name: string, classes: readonly string[]): ProviderRegistration {
  return { name, module: `/providers/${name}.mjs`, namespace: NAMESPACE, classes };
}

export interface RequestOptions {
  readonly id?: number;
  readonly sendStatus?: boolean;
  readonly wantsEvents?: boolean;
  /** The caller's rights (default: all); `null`: a request that carries no caller. */
  readonly rights?: number | null;
  readonly principal?: string;
  readonly context?: import('../../../src/model/wbem-context.js').WbemContext | null;
}

type Body<K extends OperationRequest['kind']> = Omit<
  Extract<OperationRequest, { kind: K }>,
  'kind' | 'id' | 'namespace' | 'sendStatus' | 'wantsEvents' | 'caller'
>;

export const CREATE_OR_UPDATE: PutClassIntent = {
  mode: 'create-or-update',
  update: 'compatible',
  useAmendedQualifiers: false,
  ownerUpdate: false,
};

export interface HarnessOptions {
  /** Registrations from the engine options, in force in the namespace. */
  readonly providers?: readonly ProviderRegistration[];
  readonly schema?: typeof schemaOperations;
}

/** One actor of namespace `root/test`, its repository, its provider runner and its replies. */
export class ActorHarness {
  readonly log: string[] = [];
  readonly replies: HostReply[] = [];
  readonly repository = new ControlledRepository(this.log);
  readonly providerRunner = new ScriptedProviders(this.log);
  readonly actor: NamespaceActor;
  #nextId = 1;

  constructor(options: HarnessOptions = {}) {
    this.actor = new NamespaceActor(
      NAMESPACE,
      this.repository,
      options.schema ?? schemaOperations,
      { server: 'HOST', rules: schemaOperations.WMI_RULES },
      (reply) => {
        this.replies.push(reply);
        this.log.push(
          reply.kind === 'closed'
            ? 'closed'
            : reply.kind === 'fail'
              ? `fail ${reply.id}`
              : `${reply.kind} ${reply.id}`,
        );
      },
      new NamespaceProviders(
        NAMESPACE,
        this.repository,
        this.providerRunner,
        options.providers ?? [],
      ),
    );
  }

  /** A request of `kind`, with a fresh id unless one is given. */
  request<K extends OperationRequest['kind']>(
    kind: K,
    body: Body<K>,
    options: RequestOptions = {},
  ): Extract<OperationRequest, { kind: K }> {
    const id = options.id ?? this.#nextId++;
    const rights = options.rights === undefined ? WBEM_ALL_RIGHTS : options.rights;
    return {
      kind,
      ...body,
      id,
      namespace: NAMESPACE,
      sendStatus: options.sendStatus ?? false,
      wantsEvents: options.wantsEvents ?? false,
      ...(rights === null
        ? {}
        : {
            caller: {
              principal: options.principal ?? 'alice',
              rights,
              context: options.context ?? null,
            },
          }),
    } as unknown as Extract<OperationRequest, { kind: K }>;
  }

  putClass(cls: unknown, options: RequestOptions & { intent?: Partial<PutClassIntent> } = {}) {
    return this.request(
      'putClass',
      { cls, intent: { ...CREATE_OR_UPDATE, ...options.intent } },
      options,
    );
  }

  getClass(name: unknown, options: RequestOptions = {}) {
    return this.request('getClass', { name, options: {} }, options);
  }

  /** Queues `messages` and waits until the actor's mailbox is empty. */
  async send(...messages: OperationRequest[]): Promise<void> {
    await this.actor.enqueue(messages);
  }

  /** Queues `messages` behind a drain already running (the host's next post during a turn). */
  queueWhileBusy(...messages: OperationRequest[]): void {
    if (this.actor.enqueue(messages) !== undefined) throw new Error('the actor was not busy');
  }

  /** Runs `messages` and returns the final reply of each (`ok` or `fail`), in request order. */
  async run(...messages: OperationRequest[]): Promise<(OkReply | FailReply)[]> {
    await this.send(...messages);
    return messages.map((m) => this.final(m.id));
  }

  /** Runs one message and returns its final reply. */
  async one(message: OperationRequest): Promise<OkReply | FailReply> {
    const [reply] = await this.run(message);
    return reply as OkReply | FailReply;
  }

  /** The `ok` or `fail` reply of call `id`; throws when there is none or more than one. */
  final(id: number): OkReply | FailReply {
    const finals = this.replies.filter(
      (r): r is OkReply | FailReply => (r.kind === 'ok' || r.kind === 'fail') && r.id === id,
    );
    if (finals.length !== 1) throw new Error(`call ${id} has ${finals.length} final replies`);
    return finals[0] as OkReply | FailReply;
  }

  /** The classes the store holds now, by `getClass` through the actor (names in stored case). */
  async hasClass(name: string): Promise<boolean> {
    const reply = await this.one(this.getClass(name));
    return reply.kind === 'ok';
  }

  /** The log since `from`, without the entries matching `skip`. */
  logSince(from: number, skip?: RegExp): string[] {
    return this.log.slice(from).filter((e) => skip === undefined || !skip.test(e));
  }
}

/** The ok reply's objects as classes. */
export function classesOf(reply: OkReply | FailReply): CimClass[] {
  if (reply.kind !== 'ok') throw new Error(`expected ok, got fail ${reply.message}`);
  return reply.objects as CimClass[];
}

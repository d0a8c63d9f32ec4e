/**
 * @module The worker side of a host (Orleans' `Catalog`): the table of live `NamespaceActor`s on
 * one thread, fed by one port. Decodes each batch, hands every namespace its messages in arrival
 * order, and sends replies back batched per turn.
 */

import { transferHandlers } from 'comlink';
import { namespaceKey } from '../model/namespace-path.js';
import type { ProviderHost, ProviderHostOptions } from '../providers/provider-host.js';
import type { ProviderCapabilities } from '../providers/provider-module.js';
import type { ProviderCall, ProviderResults } from '../providers/provider-protocol.js';
import type { ProviderRegistration } from '../providers/provider-registration.js';
import { registerWbemErrorHandler } from '../providers/wbem-error-handler.js';
import type { SchemaRules } from '../schema/index.js';
import * as schemaOperations from '../schema/index.js';
import type { Repository } from '../store/repository.js';
import { WBEM_E_FAILED } from '../wbem/status.js';
import { toWbemError } from '../wbem/wbem-error.js';
import { exposeHostControl } from './host-control.js';
import { NamespaceActor } from './namespace-actor.js';
import { NamespaceProviders, type ProviderRunner } from './namespace-providers.js';
import { openRepository } from './open-repository.js';
import { Outbox } from './outbox.js';
import {
  type Endpoint,
  type HostControl,
  type HostInit,
  type HostReply,
  type HostRequest,
  type HostStats,
  isRequestBatch,
  type OperationRequest,
} from './protocol.js';
import type { SchemaOperations } from './turns/turn.js';
import { createWireCodec } from './wire-codec.js';

/** What a host's actors share besides the repository and the schema. */
export interface ActorHostEnv {
  readonly server: string;
  readonly rules: SchemaRules;
  /** Registrations from the engine options (each actor keeps those of its namespace). */
  readonly providers: readonly ProviderRegistration[];
  readonly providerTimeoutMs: number;
  readonly providerLoadTimeoutMs: number;
  /** The durable store's path: no provider may be granted it. */
  readonly storePaths?: readonly string[];
}

/**
 * The host's `ProviderHost`, loaded on the first provider call. Most hosts never call a provider,
 * and the provider runtime (sandbox spawning, its IPC, `node:child_process`) is a sizeable part
 * of a host's module graph, which a worker loads before it answers its first call and a one-shot
 * command before it reads anything. The first call of a provider is asynchronous anyway.
 */
class LazyProviderHost implements ProviderRunner {
  readonly #options: ProviderHostOptions;
  #host: Promise<ProviderHost> | undefined;
  #closed = false;

  constructor(options: ProviderHostOptions) {
    this.#options = options;
    // Registered now, as the eager host did: the control plane's errors use it too.
    registerWbemErrorHandler(transferHandlers);
  }

  async capabilities(registration: ProviderRegistration): Promise<ProviderCapabilities> {
    return (await this.#load()).capabilities(registration);
  }

  async invoke<K extends ProviderCall['kind']>(
    registration: ProviderRegistration,
    call: Extract<ProviderCall, { kind: K }>,
  ): Promise<ProviderResults[K]> {
    return (await this.#load()).invoke(registration, call);
  }

  async unload(registration: ProviderRegistration): Promise<void> {
    await (await this.#loaded())?.unload(registration);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await (await this.#loaded())?.close();
  }

  /** The host if it was loaded; none if it never was or failed to load (its callers saw why). */
  async #loaded(): Promise<ProviderHost | undefined> {
    return this.#host?.catch(() => undefined);
  }

  /** A host loaded after `close()` is closed at once, so its calls fail as a closed one's do. */
  #load(): Promise<ProviderHost> {
    this.#host ??= import('../providers/provider-host.js').then(async ({ ProviderHost }) => {
      const host = new ProviderHost(this.#options);
      if (this.#closed) await host.close();
      return host;
    });
    return this.#host;
  }
}

export class ActorHost {
  readonly #actors = new Map<string, NamespaceActor>();
  readonly #busy = new Set<Promise<void>>();
  readonly #outbox: Outbox<HostReply>;
  readonly #repository: Repository;
  readonly #schema: SchemaOperations;
  readonly #env: ActorHostEnv;
  /** One per host thread: every provider of the host's namespaces runs in its sandboxes. */
  readonly #providerHost: LazyProviderHost;

  constructor(
    outbox: Outbox<HostReply>,
    repository: Repository,
    schema: SchemaOperations,
    env: ActorHostEnv,
  ) {
    this.#outbox = outbox;
    this.#repository = repository;
    this.#schema = schema;
    this.#env = env;
    this.#providerHost = new LazyProviderHost({
      timeoutMs: env.providerTimeoutMs,
      loadTimeoutMs: env.providerLoadTimeoutMs,
      protectedPaths: env.storePaths ?? [],
    });
  }

  /** Dispatches one decoded batch. */
  receive(messages: readonly HostRequest[]): void {
    let groups: Map<NamespaceActor, OperationRequest[]> | undefined;
    for (const m of messages) {
      switch (m.kind) {
        case 'cancel':
          for (const actor of this.#actors.values()) actor.cancel(m.ids);
          break;
        case 'shutdown':
          // The echo host's handshake: an actor host is shut down through its control plane.
          break;
        case 'crash':
          process.exit(1);
          break;
        default: {
          groups ??= new Map();
          const actor = this.#actor(m.namespace);
          const group = groups.get(actor);
          if (group === undefined) groups.set(actor, [m]);
          else group.push(m);
        }
      }
    }
    for (const [actor, group] of groups ?? []) {
      const running = actor.enqueue(group);
      if (running !== undefined) this.#track(running);
    }
  }

  #actor(path: string): NamespaceActor {
    const key = namespaceKey(path);
    let actor = this.#actors.get(key);
    if (actor === undefined) {
      actor = new NamespaceActor(
        path,
        this.#repository,
        this.#schema,
        this.#env,
        (reply) => sendSliced(this.#outbox, reply),
        new NamespaceProviders(path, this.#repository, this.#providerHost, this.#env.providers),
      );
      this.#actors.set(key, actor);
    }
    return actor;
  }

  #track(work: Promise<void>): void {
    this.#busy.add(work);
    work.then(
      () => this.#busy.delete(work),
      () => this.#busy.delete(work),
    );
  }

  /** Waits for every accepted turn, then closes the stores, the providers and the repository. */
  async shutdown(): Promise<void> {
    while (this.#busy.size > 0) await Promise.allSettled([...this.#busy]);
    for (const actor of this.#actors.values()) await actor.deactivate();
    await this.#providerHost.close();
    await this.#repository.close();
  }

  stats(): HostStats {
    return {
      actors: [...this.#actors.values()].map((actor) => ({
        namespace: actor.path,
        state: actor.state,
        queued: actor.queued,
      })),
    };
  }
}

/** Replies `fail` to every operation when the host could not start (no repository). */
function failEverything(
  outbox: Outbox<HostReply>,
  messages: readonly HostRequest[],
  why: unknown,
): void {
  const error = toWbemError(why);
  for (const m of messages) {
    if (m.kind === 'crash') process.exit(1);
    else if (m.kind !== 'cancel' && m.kind !== 'shutdown') {
      outbox.send({
        kind: 'fail',
        id: m.id,
        hresult: error.hresult,
        message: error.detail ?? error.message,
      });
    }
  }
}

/**
 * Objects per post of a large result: the main thread decodes one post in one go, and 256
 * classes of the usual size (~1.6 KB) decode in about a millisecond. Equal to the main thread's
 * Indicate batch (`INDICATE_BATCH`), so each post becomes one Indicate call.
 */
export const REPLY_SLICE = 256;

/** Sends a reply, a large result as `indicate` posts of `REPLY_SLICE` objects ahead of its `ok`. */
function sendSliced(outbox: Outbox<HostReply>, reply: HostReply): void {
  if (reply.kind !== 'ok' || reply.objects.length <= REPLY_SLICE) {
    outbox.send(reply);
    return;
  }
  const { objects } = reply;
  const last = objects.length - ((objects.length - 1) % REPLY_SLICE) - 1;
  outbox.flush();
  for (let at = 0; at < last; at += REPLY_SLICE) {
    outbox.send({ kind: 'indicate', id: reply.id, objects: objects.slice(at, at + REPLY_SLICE) });
    outbox.flush();
  }
  outbox.send({ ...reply, objects: objects.slice(last) });
}

/** What the entry that starts a host may add to it. */
export interface ServeOptions {
  /** The schema layer; only a test worker entry passes a stand-in. */
  readonly schema?: SchemaOperations;
  /**
   * Runs once the host has closed its stores on the control plane's `shutdown`, before the
   * answer: the main thread ends the worker right after it (the code cache is written here).
   */
  readonly afterShutdown?: () => void;
}

/** Wires a host to its port: what the host worker's entry (`workers/actor-host.main.ts`) calls. */
export async function serveActorHost(
  port: Endpoint,
  init: HostInit,
  { schema = schemaOperations, afterShutdown }: ServeOptions = {},
): Promise<void> {
  const codec = createWireCodec(init.encoding);
  const outbox: Outbox<HostReply> = new Outbox<HostReply>(port, codec, {
    maxBatch: init.maxBatch,
    reject: (reply, error) => {
      if (reply.kind !== 'ok') return;
      const message = `the result cannot be sent back: ${toWbemError(error).message}`;
      outbox.send({ kind: 'fail', id: reply.id, hresult: WBEM_E_FAILED, message });
    },
  });
  let host: ActorHost | undefined;
  let failure: unknown;
  try {
    host = new ActorHost(outbox, await openRepository(init.repository), schema, {
      server: init.server,
      rules: init.rules,
      providers: init.providers,
      providerTimeoutMs: init.providerTimeoutMs,
      providerLoadTimeoutMs: init.providerLoadTimeoutMs,
      storePaths: init.repository.kind === 'durable' ? [init.repository.path] : [],
    });
  } catch (thrown) {
    failure = thrown;
  }
  port.on('message', (data) => {
    let batch: unknown;
    try {
      batch = codec.decode(data);
    } catch {
      return;
    }
    if (!isRequestBatch(batch)) return;
    if (host === undefined) failEverything(outbox, batch.messages, failure);
    else host.receive(batch.messages);
  });
  if (init.control !== undefined) {
    exposeHostControl(init.control, controlOf(host, failure, afterShutdown));
  }
}

/** The control plane of a host, or of one that could not start (its calls report why). */
function controlOf(
  host: ActorHost | undefined,
  failure: unknown,
  afterShutdown: (() => void) | undefined,
): HostControl {
  return {
    async shutdown() {
      try {
        await host?.shutdown();
        return null;
      } catch (thrown) {
        return toWbemError(thrown);
      } finally {
        afterShutdown?.();
      }
    },
    stats() {
      return host === undefined ? toWbemError(failure) : host.stats();
    },
  };
}

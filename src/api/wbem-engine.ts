/**
 * @module The engine users embed: starts the host workers, connects `WbemServices` to namespaces,
 * creates and deletes namespaces, and exposes the engine-wide streams.
 *
 * Namespaces are modelled as WMI does: a `__NAMESPACE` instance in the parent namespace, owned by
 * the parent's actor, which raises `__NamespaceCreationEvent` / `__NamespaceDeletionEvent`. The
 * engine's methods here act with its own authority; a caller creates and deletes namespaces with
 * its own rights by putting and deleting `__NAMESPACE` instances through `WbemServices` (one
 * orchestration for both: `namespace-tree.ts`). `root` always exists, and a new repository also has `root/cimv2`, as WMI does. With
 * `storage: 'memory'` (the default) a crashed host loses its namespaces' data (classes and
 * child-namespace records alike): memory storage is not crash-safe.
 *
 * @example
 * const engine = await WbemEngine.start({ storage: { path: './repository' } });
 * await engine.ensureNamespace('root/cimv2/apps');
 * const svc = await engine.connectServer('root\\cimv2');
 * await svc.putClass(cls, WBEM_FLAG_CREATE_ONLY);
 * await engine.shutdown();
 */
import type { Observable } from 'rxjs';
import type { CimInstance } from '../model/cim-instance.js';
import { normaliseNamespace } from '../model/namespace-path.js';
import type { WbemEvent } from '../model/wbem-event.js';
import { rollBackInterruptedLoads } from '../mof/loader/interrupted-loads.js';
import type { LoadJournal } from '../mof/loader/load-journal.js';
import { checkConnectServer } from '../security/access-checks.js';
import { parseSecurityDescriptor, SECURITY_DESCRIPTOR_KEY } from '../security/descriptor-codec.js';
import { principalOf } from '../security/security-policy.js';
import type { TaggedSinkEvent } from '../sink/object-sink.js';
import { claimStorage, type StorageClaim } from '../store/claim-storage.js';
import {
  WBEM_E_ALREADY_EXISTS,
  WBEM_E_INVALID_NAMESPACE,
  WBEM_E_INVALID_PARAMETER,
} from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import { localeNamespaceOf } from './amended-reads.js';
import { EngineCore } from './engine-core.js';
import { resolveOptions, type WbemEngineOptions } from './engine-options.js';
import { childName, NamespaceTree } from './namespace-tree.js';
import type { PreparedCall } from './phase1/prepared-call.js';
import { resetDescriptor } from './reset-security-descriptor.js';
import { WbemServices } from './wbem-services.js';

/** Options of `connectServer`. */
export interface ConnectOptions {
  /**
   * The principal the connection runs as (no password: the embedding application decides who may
   * connect under which name). Default: the security policy's `defaultPrincipal` ('SYSTEM').
   */
  readonly user?: string;
  /** The caller is on another machine: `WBEM_REMOTE_ACCESS` is needed too (B100). */
  readonly remote?: boolean;
  /**
   * `strLocale`: `MS_xxx` with the LCID in hex (`MS_409`, `MS_407`); the locale whose amended
   * qualifiers `WBEM_FLAG_USE_AMENDED_QUALIFIERS` reads merge in. Default `MS_409`.
   */
  readonly locale?: string;
}

const ROOT = 'root';
/** The namespace every new repository starts with, besides `root` (WMI's default namespace). */
export const DEFAULT_NAMESPACES = ['root/cimv2'] as const;
/** Root metadata record marking a repository whose default namespaces were created once. */
const SEEDED_KEY = 'wbemrx.seeded';

function admin(request: PreparedCall['request'], operation: string): () => PreparedCall {
  return () => ({ operation, sendStatus: false, request });
}

export class WbemEngine {
  readonly #core: EngineCore;
  readonly #storage: StorageClaim;
  readonly #tree: NamespaceTree;
  #shutdown: Promise<void> | undefined;

  private constructor(core: EngineCore, storage: StorageClaim) {
    this.#core = core;
    this.#storage = storage;
    this.#tree = new NamespaceTree(core);
  }

  /**
   * Starts an engine: its host workers and its repository. Mirrors starting `winmgmt`.
   * The durable store's directory is locked for the engine's lifetime: a second engine on the
   * same directory, in this process or another, is refused.
   * @throws {WbemError} WBEM_E_INVALID_PARAMETER for bad options; WBEM_E_ACCESS_DENIED when
   * another engine holds the data directory; WBEM_E_DATABASE_VER_MISMATCH,
   * WBEM_E_INITIALIZATION_FAILURE or WBEM_E_FAILED when the storage cannot be opened;
   * WBEM_E_CRITICAL_ERROR when an interrupted `atomic` MOF load cannot be rolled back (its
   * journal is kept, and the rollback is tried again at the next start).
   */
  static async start(options: WbemEngineOptions = {}): Promise<WbemEngine> {
    const resolved = resolveOptions(options);
    const storage = claimStorage(resolved.dataDir);
    let core: EngineCore;
    try {
      core = new EngineCore(resolved);
    } catch (error) {
      storage.release();
      throw error;
    }
    const engine = new WbemEngine(core, storage);
    try {
      // A repository given through the internal `repository` option (tests, benchmarks) is the
      // caller's own: it gets no default namespaces, so its writes are exactly the caller's.
      if (options.repository === undefined) await engine.#seed();
      else await engine.#children(ROOT, null);
      // An `atomic` load a previous run left uncommitted must leave no trace before anyone reads.
      await rollBackInterruptedLoads(engine);
    } catch (error) {
      await engine.shutdown();
      throw error;
    }
    return engine;
  }

  /** @internal The journal of `atomic` MOF loads (`loadMof`), for a durable repository. */
  get loadJournal(): LoadJournal | undefined {
    return this.#storage.loadJournal;
  }

  /** Every sink event of every call, tagged `{ namespace, callId, operation }` (hot). */
  get status$(): Observable<TaggedSinkEvent> {
    return this.#core.streams.status$;
  }

  /**
   * Committed class, instance and namespace events, tagged with their namespace; none for failed
   * calls. Hot: it carries the events of calls started while it has a subscriber.
   */
  get events$(): Observable<WbemEvent> {
    return this.#core.streams.events$;
  }

  /**
   * Delivers now every event waiting for a paced subscriber (of `events$` and of notification
   * queries). Rx gives a stream nothing after its subscriber unsubscribes, so a subscriber that
   * must not lose what was already raised calls this first.
   */
  flushEvents(): void {
    this.#core.streams.flushEvents();
  }

  /** @internal Host connections, for supervision tests and benchmarks. */
  get hosts(): EngineCore['directory']['hosts'] {
    return this.#core.directory.hosts;
  }

  /**
   * Mirrors `IWbemLocator::ConnectServer`: `root\cimv2` or `root/cimv2`, any case. The
   * connection runs as `options.user`; it needs `WBEM_ENABLE` on the namespace (and
   * `WBEM_REMOTE_ACCESS` when `remote`). The namespace's owner is admitted without
   * `WBEM_ENABLE`, for the descriptor calls only, so it can repair a descriptor that denies it.
   * @throws {WbemError} WBEM_E_INVALID_NAMESPACE when the namespace does not exist;
   * WBEM_E_ACCESS_DENIED; WBEM_E_INVALID_PARAMETER for an empty user or a malformed locale; WBEM_E_SHUTTING_DOWN;
   * WBEM_E_FAILED when a stored descriptor is unreadable.
   */
  async connectServer(namespace: string, options: ConnectOptions = {}): Promise<WbemServices> {
    const security = this.#core.security;
    const principal = principalOf(security.policy, options.user);
    const remote = options.remote === true;
    const locale = localeNamespaceOf(options.locale ?? 'MS_409');
    if (locale === undefined) {
      throw new WbemError(WBEM_E_INVALID_PARAMETER, {
        message: `locale '${String(options.locale)}' is not MS_ and a hex LCID (e.g. MS_409)`,
      });
    }
    const path = await this.#resolve(namespace);
    await this.#loadDescriptors(path);
    const owner = security.owns(path, principal);
    const denied = checkConnectServer(security.rightsOf(path, principal), { remote, owner });
    if (denied !== undefined) throw denied;
    return new WbemServices(this.#core, path, principal, remote, locale);
  }

  /** Reads the stored descriptor of every namespace of the chain not yet known, `root` first. */
  async #loadDescriptors(path: string): Promise<void> {
    const security = this.#core.security;
    const parts = path.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      if (security.isLoaded(prefix)) continue;
      const { param } = await this.#core.invoke(
        prefix,
        admin({ kind: 'readMeta', key: SECURITY_DESCRIPTOR_KEY }, 'GetSD'),
        true,
      );
      // A setSecurityDescriptor may have completed meanwhile; what it set is newer.
      if (!security.isLoaded(prefix))
        security.setDescriptor(prefix, param === null ? undefined : parseSecurityDescriptor(param));
    }
  }

  /**
   * Creates namespace `name` under `parent` (a `__NAMESPACE` instance put in the parent); resolves
   * with its normalised path.
   * @throws {WbemError} WBEM_E_INVALID_NAMESPACE (no parent), WBEM_E_ALREADY_EXISTS,
   * WBEM_E_INVALID_PARAMETER (bad name), WBEM_E_SHUTTING_DOWN.
   */
  async createNamespace(parent: string, name: string): Promise<string> {
    return this.#tree.create(parent, name);
  }

  /**
   * Makes sure a namespace exists, creating it and any missing parent under `root`; resolves with
   * its path as stored (an existing namespace keeps its spelling). Idempotent, and safe against a
   * concurrent creation of the same namespace.
   * @example
   * await engine.ensureNamespace('root/cimv2/apps'); // same result on every run
   * @throws {WbemError} WBEM_E_INVALID_NAMESPACE when the path is not under `root`;
   * WBEM_E_INVALID_PARAMETER for a malformed path; WBEM_E_SHUTTING_DOWN.
   */
  async ensureNamespace(namespace: string): Promise<string> {
    const [first, ...rest] = normaliseNamespace(namespace).split('/');
    if (first === undefined || first.toLowerCase() !== ROOT) {
      throw new WbemError(WBEM_E_INVALID_NAMESPACE, {
        message: `namespace '${namespace}' is not under root`,
      });
    }
    let path = await this.#resolve(ROOT);
    for (const segment of rest) {
      const [found] = await this.#children(path, segment);
      if (found !== undefined) {
        path = `${path}/${childName(found)}`;
        continue;
      }
      try {
        path = await this.createNamespace(path, segment);
      } catch (error) {
        if (!(error instanceof WbemError && error.hresult === WBEM_E_ALREADY_EXISTS)) throw error;
        const [raced] = await this.#children(path, segment);
        path = `${path}/${raced === undefined ? segment : childName(raced)}`;
      }
    }
    return path;
  }

  /**
   * Deletes a namespace and everything below it (their data is dropped by their own actors).
   * @throws {WbemError} WBEM_E_INVALID_NAMESPACE when it does not exist; WBEM_E_INVALID_OPERATION
   * for `root`; WBEM_E_SHUTTING_DOWN.
   */
  deleteNamespace(namespace: string): Promise<void> {
    return this.#tree.delete(namespace);
  }

  /**
   * Removes a namespace's own security descriptor, durably: it then holds only what it inherits
   * (`root`: the `security.rootDescriptor` option, or the default). The embedding process's way
   * back from a descriptor that locks everyone out; it takes no rights.
   * @throws {WbemError} WBEM_E_INVALID_NAMESPACE when the namespace does not exist;
   * WBEM_E_SHUTTING_DOWN.
   */
  async resetSecurityDescriptor(namespace: string): Promise<void> {
    await resetDescriptor(this.#core, await this.#resolve(namespace));
  }

  /**
   * Stops accepting calls (later ones fail with WBEM_E_SHUTTING_DOWN), lets accepted calls
   * finish, closes the stores and ends the workers. Idempotent.
   */
  shutdown(): Promise<void> {
    this.#shutdown ??= this.#core.shutdown().finally(() => this.#storage.release());
    return this.#shutdown;
  }

  /**
   * Creates the default namespaces the first time a repository is opened. The mark is stored, so
   * a namespace the user deleted later stays deleted.
   */
  async #seed(): Promise<void> {
    const { param } = await this.#core.invoke(
      ROOT,
      admin({ kind: 'readMeta', key: SEEDED_KEY }, 'GetObject'),
      true,
    );
    if (param !== null) return;
    for (const namespace of DEFAULT_NAMESPACES) await this.ensureNamespace(namespace);
    await this.#core.invoke(
      ROOT,
      admin({ kind: 'writeMeta', key: SEEDED_KEY, value: '1' }, 'PutInstance'),
      true,
    );
  }

  #children(namespace: string, name: string | null): Promise<CimInstance[]> {
    return this.#tree.children(namespace, name);
  }

  /** The stored spelling of an existing namespace, checked segment by segment from `root`. */
  #resolve(namespace: string): Promise<string> {
    return this.#tree.resolve(namespace);
  }
}

/**
 * @module Creating and deleting namespaces: the one orchestration behind
 * `WbemEngine.createNamespace` / `deleteNamespace` (the engine's own authority) and a caller's
 * `PutInstance` / `DeleteInstance` of `__NAMESPACE` (the caller's). A namespace is a
 * `__NAMESPACE` instance in its parent, written by the parent's actor (which raises the
 * `__Namespace*Event`); deleting one also drops the data of every namespace below it, each by its
 * own actor, so the steps span several actors and are composed here, on the main thread.
 *
 * Only the step in the parent carries the authority: it is the write a caller needs
 * `WBEM_FULL_WRITE_REP` in the parent for, as in WMI, where deleting the `__NAMESPACE` instance
 * removes everything below it. The reads that find the children and the drops that follow a
 * permitted delete run as the engine.
 */
import type { CimInstance } from '../model/cim-instance.js';
import { namespaceKey, normaliseNamespace, splitNamespace } from '../model/namespace-path.js';
import type { CallAuthority } from '../runtime/protocol.js';
import type { PutInstanceIntent } from '../schema/index.js';
import { checkInstanceWrite } from '../security/access-checks.js';
import {
  WBEM_E_INVALID_NAMESPACE,
  WBEM_E_INVALID_OPERATION,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_SHUTTING_DOWN,
} from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import type { EngineCore } from './engine-core.js';
import type { PreparedCall } from './phase1/prepared-call.js';

const ROOT = 'root';

/** The right a caller's namespace write needs in the parent, for its refusal's message. */
const NAMESPACE_WRITE = { dynamic: false, systemDerived: true, subject: '__NAMESPACE' } as const;

/** Who a namespace write runs as: the engine itself, or a caller's authority in the parent. */
export type NamespaceAuthority = CallAuthority | 'engine';

function call(
  request: PreparedCall['request'],
  operation: string,
  authority: NamespaceAuthority = 'engine',
): () => PreparedCall {
  return authority === 'engine'
    ? () => ({ operation, sendStatus: false, request })
    : () => ({ operation, sendStatus: false, request, caller: authority });
}

/** The `Name` of a `__NAMESPACE` instance the engine returned. */
export function childName(instance: CimInstance): string {
  const value = instance.properties.get('name')?.value;
  return typeof value === 'string' ? value : '';
}

/**
 * A caller's namespace write is refused before any namespace is read, so a refusal tells nothing
 * of the children (the parent's turn checks the same right again).
 * @throws {WbemError} WBEM_E_ACCESS_DENIED without `WBEM_FULL_WRITE_REP`.
 */
export function checkNamespaceWrite(authority: NamespaceAuthority): void {
  if (authority === 'engine') return;
  const denied = checkInstanceWrite(authority.rights, NAMESPACE_WRITE);
  if (denied !== undefined) throw denied;
}

export class NamespaceTree {
  readonly #core: EngineCore;

  constructor(core: EngineCore) {
    this.#core = core;
  }

  /**
   * Creates child `name` of `parent`; resolves with its path. With `mode` other than
   * `create-only` an existing child is left as it is, and its path keeps its spelling
   * (schema/namespace-instances.ts).
   * @throws {WbemError} WBEM_E_ACCESS_DENIED (a caller without `WBEM_FULL_WRITE_REP` in the
   * parent), WBEM_E_INVALID_NAMESPACE (no parent), WBEM_E_ALREADY_EXISTS, WBEM_E_NOT_FOUND
   * (`update-only`), WBEM_E_INVALID_PARAMETER (bad name), WBEM_E_SHUTTING_DOWN.
   */
  async create(
    parent: string,
    name: string,
    authority: NamespaceAuthority = 'engine',
    mode: PutInstanceIntent['mode'] = 'create-only',
  ): Promise<string> {
    checkNamespaceWrite(authority);
    const parentPath = await this.resolve(parent);
    if (typeof name !== 'string' || name.includes('/') || name.includes('\\')) {
      throw new WbemError(WBEM_E_INVALID_PARAMETER, {
        message: 'a namespace name is one path segment',
      });
    }
    let segment: string;
    try {
      segment = normaliseNamespace(name);
    } catch {
      throw new WbemError(WBEM_E_INVALID_PARAMETER, {
        message: `invalid namespace name '${name}'`,
      });
    }
    const request = mode === 'create-only' ? { name: segment } : { name: segment, mode };
    const { param } = await this.#core.invoke(
      parentPath,
      call({ kind: 'createNamespace', ...request }, 'PutInstance', authority),
      authority === 'engine',
    );
    const path = `${parentPath}/${param ?? segment}`;
    this.#core.markCreated(namespaceKey(path));
    return path;
  }

  /**
   * Deletes a namespace and everything below it (their data is dropped by their own actors).
   * @throws {WbemError} WBEM_E_ACCESS_DENIED (a caller without `WBEM_FULL_WRITE_REP` in the
   * parent), WBEM_E_INVALID_NAMESPACE when it does not exist; WBEM_E_INVALID_OPERATION for
   * `root`; WBEM_E_SHUTTING_DOWN.
   */
  async delete(namespace: string, authority: NamespaceAuthority = 'engine'): Promise<void> {
    checkNamespaceWrite(authority);
    const path = await this.resolve(namespace);
    const { parent, name } = splitNamespace(path);
    if (parent === null) {
      throw new WbemError(WBEM_E_INVALID_OPERATION, {
        message: 'the root namespace cannot be deleted',
      });
    }
    const subtree = [path];
    for (let i = 0; i < subtree.length; i++) {
      const node = subtree[i] as string;
      for (const child of await this.children(node, null))
        subtree.push(`${node}/${childName(child)}`);
    }
    await this.#core.invoke(
      parent,
      call({ kind: 'deleteNamespace', name }, 'DeleteInstance', authority),
      authority === 'engine',
    );
    this.#core.markDeleted(subtree.map(namespaceKey));
    for (const node of subtree.reverse()) {
      await this.#core.invoke(node, call({ kind: 'dropNamespace' }, 'DeleteInstance'), true);
    }
    this.#core.security.dropNamespace(path);
  }

  /** The `__NAMESPACE` instances of `namespace`: every child, or the one named `name`. */
  async children(namespace: string, name: string | null): Promise<CimInstance[]> {
    const { objects } = await this.#core.invoke(
      namespace,
      call({ kind: 'getNamespaces', name }, 'CreateInstanceEnum'),
      true,
    );
    return objects as CimInstance[];
  }

  /**
   * The stored spelling of an existing namespace, checked segment by segment from `root`.
   * @throws {WbemError} WBEM_E_INVALID_NAMESPACE, WBEM_E_SHUTTING_DOWN.
   */
  async resolve(namespace: string): Promise<string> {
    if (this.#core.shuttingDown) {
      throw new WbemError(WBEM_E_SHUTTING_DOWN, { message: 'the engine is shutting down' });
    }
    const segments = normaliseNamespace(namespace).split('/');
    const [first, ...rest] = segments;
    if (first === undefined || first.toLowerCase() !== ROOT) {
      throw new WbemError(WBEM_E_INVALID_NAMESPACE, {
        message: `namespace '${namespace}' is not under root`,
      });
    }
    let path = ROOT;
    for (const segment of rest) {
      const [found] = await this.children(path, segment);
      if (found === undefined) {
        throw new WbemError(WBEM_E_INVALID_NAMESPACE, {
          message: `namespace '${namespace}' does not exist`,
        });
      }
      path = `${path}/${childName(found)}`;
    }
    return path;
  }
}

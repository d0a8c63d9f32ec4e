/**
 * @module `PutInstance` and `DeleteInstance` of `__NAMESPACE` on a connection (spec §8): putting
 * an instance creates the child namespace it names, deleting one deletes that child and
 * everything below it, as in WMI. Both run the engine's namespace orchestration
 * (`namespace-tree.ts`) with the caller's authority in the connection's namespace, so they need
 * `WBEM_FULL_WRITE_REP` there (and, like every call, `WBEM_ENABLE`, plus `WBEM_REMOTE_ACCESS`
 * for a remote caller), raise the same events and answer with the same HRESULTs as
 * `WbemEngine.createNamespace` / `deleteNamespace`.
 *
 * The orchestration spans several actors, so it cannot be one request: each call form's sink
 * is answered here instead, after the call's phase 1 (flags, sink, context, connect rights)
 * refused nothing. `CancelAsyncCall` ends such a call at once with WBEM_E_CALL_CANCELLED; as for
 * any write already sent, the namespace may still be created or deleted.
 */
import { parseInstancePath } from '../model/object-path.js';
import type { CallAuthority } from '../runtime/protocol.js';
import type { PutInstanceIntent } from '../schema/index.js';
import {
  isNamespaceClass,
  NAMESPACE_CLASS,
  namespaceNameOfInstance,
  namespaceNameOfPath,
} from '../schema/namespace-instances.js';
import type { IWbemObjectSink } from '../sink/object-sink.js';
import { WBEM_STATUS_COMPLETE } from '../wbem/flags.js';
import {
  WBEM_E_CALL_CANCELLED,
  WBEM_E_NOT_FOUND,
  WBEM_E_SHUTTING_DOWN,
  WBEM_S_NO_ERROR,
} from '../wbem/status.js';
import { toWbemError, WbemError } from '../wbem/wbem-error.js';
import { fail } from './amended-reads.js';
import type { EngineCore } from './engine-core.js';
import { checkNamespaceWrite, childName, type NamespaceTree } from './namespace-tree.js';
import { PendingCalls } from './pending-calls.js';
import type { PreparedCall } from './phase1/prepared-call.js';

/** What a prepared call asks of `__NAMESPACE`, if anything. */
export type NamespaceWrite =
  | { readonly kind: 'put'; readonly instance: unknown; readonly mode: PutInstanceIntent['mode'] }
  | { readonly kind: 'delete'; readonly path: string };

function classNameOf(instance: unknown): unknown {
  try {
    return (instance as { className?: unknown } | null)?.className;
  } catch {
    // A getter that throws: the instance call's own reading reports it.
    return undefined;
  }
}

/** The `__NAMESPACE` write `prepared` asks for; undefined for any other call. */
export function namespaceWriteOf(prepared: PreparedCall): NamespaceWrite | undefined {
  const { request } = prepared;
  if (request.kind === 'putInstance') {
    if (!isNamespaceClass(classNameOf(request.instance))) return undefined;
    return { kind: 'put', instance: request.instance, mode: request.intent.mode };
  }
  if (request.kind === 'deleteInstance' && typeof request.path === 'string') {
    let className: string;
    try {
      className = parseInstancePath(request.path).className;
    } catch {
      // A malformed path gets the instance call's own WBEM_E_INVALID_OBJECT_PATH.
      return undefined;
    }
    return isNamespaceClass(className) ? { kind: 'delete', path: request.path } : undefined;
  }
  return undefined;
}

function quoted(name: string): string {
  return `"${name.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** The `__NAMESPACE` writes of one connection; see the module note. */
export class NamespaceInstanceCalls {
  readonly #core: EngineCore;
  readonly #tree: NamespaceTree;
  readonly #namespace: string;
  /** Each pending call's way to end it with WBEM_E_CALL_CANCELLED, by the caller's sink. */
  readonly #pending = new PendingCalls<() => void>();

  constructor(core: EngineCore, tree: NamespaceTree, namespace: string) {
    this.#core = core;
    this.#tree = tree;
    this.#namespace = namespace;
  }

  /**
   * Starts `write` (what `namespaceWriteOf` found in a call's prepared request) with the caller's
   * authority; the sink hears of it once it has run.
   */
  start(
    sink: IWbemObjectSink,
    operation: string,
    write: NamespaceWrite,
    authority: CallAuthority,
  ): WbemError | undefined {
    if (this.#core.shuttingDown) {
      return new WbemError(WBEM_E_SHUTTING_DOWN, { message: 'the engine is shutting down' });
    }
    this.#run(sink, operation, () => this.#write(write, authority));
    return undefined;
  }

  /**
   * `CancelAsyncCall` for the connection: the `__NAMESPACE` writes of `sink`, then its other calls.
   * @returns WBEM_S_NO_ERROR, WBEM_E_NOT_FOUND or WBEM_E_INVALID_PARAMETER, as `EngineCore.cancel`.
   */
  cancel(sink: unknown, cancelOthers: (sink: unknown) => number): number {
    const calls = this.#pending.of(sink);
    for (const cancel of calls) cancel();
    const others = cancelOthers(sink);
    return calls.length > 0 ? WBEM_S_NO_ERROR : others;
  }

  /** Runs `work` and gives its outcome to `target` once, after the call has returned (B15). */
  #run(target: IWbemObjectSink, operation: string, work: () => Promise<string | null>): void {
    let finished = false;
    const finish = (deliver: () => void): void => {
      if (finished) return;
      finished = true;
      this.#pending.delete(target, cancel);
      deliver();
    };
    const cancel = (): void =>
      finish(() =>
        fail(target, operation, WBEM_E_CALL_CANCELLED, 'the call was cancelled by CancelAsyncCall'),
      );
    this.#pending.add(target, cancel);
    Promise.resolve()
      .then(work)
      .then(
        (param) =>
          finish(() => {
            try {
              target.setStatus(WBEM_STATUS_COMPLETE, WBEM_S_NO_ERROR, param, null);
            } catch {}
          }),
        (thrown: unknown) => {
          const error = toWbemError(thrown);
          finish(() => fail(target, operation, error.hresult, error.detail ?? error.message));
        },
      );
  }

  /** The orchestration of one write; resolves with the put's relative path (`strParam`). */
  async #write(write: NamespaceWrite, authority: CallAuthority): Promise<string | null> {
    checkNamespaceWrite(authority);
    if (write.kind === 'put') {
      const name = namespaceNameOfInstance(write.instance);
      const path = await this.#tree.create(this.#namespace, name, authority, write.mode);
      return `${NAMESPACE_CLASS}.Name=${quoted(path.slice(path.lastIndexOf('/') + 1))}`;
    }
    const name = namespaceNameOfPath(write.path);
    const [found] = await this.#tree.children(this.#namespace, name);
    if (found === undefined) {
      throw new WbemError(WBEM_E_NOT_FOUND, {
        message: `instance ${NAMESPACE_CLASS}.Name=${quoted(name)} does not exist`,
      });
    }
    await this.#tree.delete(`${this.#namespace}/${childName(found)}`, authority);
    return null;
  }
}

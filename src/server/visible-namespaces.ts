/**
 * @module The namespaces a principal may see: every namespace of the engine's tree that the
 * principal may connect to, read afresh on each call so that a namespace created or deleted a
 * moment ago, or a right just granted or taken away, shows at once.
 *
 * The tree is walked with the engine's authority (the `__NAMESPACE` children of each namespace,
 * one level at a time), and each namespace found is then connected to as the principal: a
 * namespace is listed only when that connection is admitted (`WBEM_ENABLE`, and
 * `WBEM_REMOTE_ACCESS` for a remote caller), so the list tells a caller of no namespace it could
 * not open through the API itself. A namespace deleted during the walk is left out.
 */
import {
  type CimInstance,
  toWbemError,
  WBEM_E_ACCESS_DENIED,
  WBEM_E_INVALID_NAMESPACE,
  WBEM_E_NOT_FOUND,
  WBEM_FLAG_SHALLOW,
  type WbemEngine,
} from '../index.js';

/** Who the list is for, as the server connects them. */
export interface NamespaceViewer {
  readonly user: string;
  readonly remote: boolean;
}

/** A namespace vanished meanwhile, or the principal is refused: it is simply not listed. */
function isAbsentOrRefused(error: unknown): boolean {
  const hr = toWbemError(error).hresult;
  return hr === WBEM_E_INVALID_NAMESPACE || hr === WBEM_E_NOT_FOUND || hr === WBEM_E_ACCESS_DENIED;
}

function childName(instance: CimInstance): string {
  const name = instance.properties.get('name')?.value;
  return typeof name === 'string' ? name : '';
}

async function childrenOf(engine: WbemEngine, namespace: string): Promise<string[]> {
  try {
    const svc = await engine.connectServer(namespace);
    const children = await svc.createInstanceEnum('__NAMESPACE', WBEM_FLAG_SHALLOW);
    return children.map((c) => `${namespace}/${childName(c)}`).filter((p) => !p.endsWith('/'));
  } catch (error) {
    if (isAbsentOrRefused(error)) return [];
    throw error;
  }
}

async function admits(
  engine: WbemEngine,
  namespace: string,
  who: NamespaceViewer,
): Promise<boolean> {
  try {
    await engine.connectServer(namespace, { user: who.user, remote: who.remote });
    return true;
  } catch (error) {
    if (isAbsentOrRefused(error)) return false;
    throw error;
  }
}

/**
 * The paths (`root/cimv2`, as stored, `/`-separated) of the namespaces `who` may connect to,
 * sorted case-insensitively.
 * @throws {WbemError} when the engine fails otherwise (shut down, a store failure).
 */
export async function visibleNamespaces(
  engine: WbemEngine,
  who: NamespaceViewer,
): Promise<string[]> {
  const all: string[] = [];
  let level = ['root'];
  // Level by level down the tree (a tree: no cycle to guard against), however deep it goes.
  while (level.length > 0) {
    all.push(...level);
    const next = await Promise.all(level.map((ns) => childrenOf(engine, ns)));
    level = next.flat();
  }
  const shown = await Promise.all(all.map((ns) => admits(engine, ns, who)));
  return all
    .filter((_, i) => shown[i])
    .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
}

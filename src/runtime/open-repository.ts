/**
 * @module The single seam through which a host builds its repository, on its own thread, from
 * serialisable options (a `Repository` holds handles that cannot cross threads).
 *
 * The durable store is imported dynamically (it loads lmdb's native binding, which a memory-only
 * engine does not need); a missing or failing module becomes a `WbemError`, not a crash. The
 * specifier is a literal so that the host's bundle (`workers/bundle.mjs`) makes it a chunk of its
 * own that shares the bundle's modules, rather than a second copy of them loaded from `src/`.
 */

import { MemoryRepository } from '../store/memory-repository.js';
import type { Repository } from '../store/repository.js';
import { WBEM_E_FAILED } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import { importModule } from './module-import.js';
import type { RepositorySpec } from './protocol.js';

type RepositoryClass = new (...args: unknown[]) => Repository;

async function importExport(
  specifier: string,
  load: () => Promise<Record<string, unknown>>,
  exportName: string,
): Promise<unknown> {
  try {
    const module = await load();
    return module[exportName];
  } catch (cause) {
    throw new WbemError(WBEM_E_FAILED, {
      message: `storage module ${specifier} is not available`,
      cause,
    });
  }
}

function asClass(value: unknown, what: string): RepositoryClass {
  if (typeof value !== 'function') {
    throw new WbemError(WBEM_E_FAILED, { message: `${what} does not export a repository class` });
  }
  return value as RepositoryClass;
}

const DURABLE_MODULE = '../store/durable/durable-repository.js';
const importDurable = (): Promise<Record<string, unknown>> =>
  import('../store/durable/durable-repository.js');

/**
 * Starts loading the store module `spec` needs, without opening anything, so that a host can
 * load it while it loads its own modules: the module loader then overlaps the two graphs' file
 * reads. Failures are left to `openRepository`, which imports the same module and reports them.
 */
export function preloadRepository(spec: RepositorySpec): void {
  if (spec.kind === 'durable') importDurable().catch(() => undefined);
}

/**
 * Opens the repository a spec describes.
 * @throws {WbemError} WBEM_E_FAILED when the store module is missing or fails to open.
 */
export async function openRepository(spec: RepositorySpec): Promise<Repository> {
  switch (spec.kind) {
    case 'memory':
      return new MemoryRepository();
    case 'durable': {
      // Durable store: `DurableRepository` from src/store/durable, opened at `path`.
      const DurableRepository = asClass(
        await importExport(DURABLE_MODULE, importDurable, 'DurableRepository'),
        'durable-repository',
      );
      return new DurableRepository(spec.path);
    }
    case 'module': {
      const factory = await importExport(
        spec.url,
        () => importModule(spec.url),
        'createRepository',
      );
      if (typeof factory !== 'function') {
        throw new WbemError(WBEM_E_FAILED, { message: `${spec.url} has no createRepository()` });
      }
      return (await factory(spec.options)) as Repository;
    }
  }
}

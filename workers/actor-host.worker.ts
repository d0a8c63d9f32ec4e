/**
 * @module Entry of an actor host thread (`bundled/actor-host.worker.cjs`): runs the host's code,
 * `bundled/actor-host.cjs`, with V8's code cache (`src/runtime/code-cache-file.ts`), as the
 * `wbemrx` bin runs the command line.
 *
 * A host thread used to load its code as ES modules: Node's module loader in each new thread,
 * then V8 compiling every function on its first call. One CommonJS file spares the loader, and
 * the cache the compiling (bench/RESULTS.md, "The host's and the library's code, cached"). The
 * cache is written when the engine shuts down a host that found none to use, so it holds the code
 * that host ran; a host that found one writes nothing.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { compileWithCodeCache } from '../src/runtime/code-cache-file.js';
import { provideModuleImport } from '../src/runtime/module-import.js';

interface HostCode {
  startHost(afterShutdown?: () => void): Promise<void>;
}

const file = fileURLToPath(new URL('../bundled/actor-host.cjs', import.meta.url));
// Code restored from the cache cannot `import()` (Node 20): a storage module is imported here.
provideModuleImport((specifier) => import(specifier));
const cached = compileWithCodeCache(file, 'host');
const code = (cached === undefined ? createRequire(file)(file) : cached.run()) as HostCode;
const save =
  cached === undefined || cached.usages.length > 0 ? undefined : () => cached.save(['host']);
code.startHost(save).catch((error: unknown) => {
  // As an uncaught error of the thread's own code: the worker fails and its host is restarted.
  process.nextTick(() => {
    throw error;
  });
});

/**
 * @module Entry of a provider process (forked by `src/providers/spawn-sandbox.ts` under Node's
 * permission model): wiring only. `argv[2]` is the provider module, `argv[3]` comlink's file URL.
 */
import { serveProviderChild } from '../src/providers/provider-child.js';

const [module, comlinkUrl] = process.argv.slice(2);
if (module === undefined || comlinkUrl?.startsWith('file:') !== true || process.send === undefined)
  process.exit(2);
else await serveProviderChild(module, comlinkUrl);

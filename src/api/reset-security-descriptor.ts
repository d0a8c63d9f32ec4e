/**
 * @module The embedding process's repair of a namespace's security: it removes the stored
 * descriptor, so the namespace holds only what it inherits again (`root`: the engine's
 * `security.rootDescriptor` option, or the A11 default). It takes no rights: whoever embeds the
 * engine owns its data directory anyway, and this is the way back from a descriptor that locks
 * out every principal, the owner included.
 */
import { SECURITY_DESCRIPTOR_KEY } from '../security/descriptor-codec.js';
import type { EngineCore } from './engine-core.js';

/** Removes the stored descriptor of `path` (a resolved namespace path) durably, then forgets it. */
export async function resetDescriptor(core: EngineCore, path: string): Promise<void> {
  await core.invoke(
    path,
    () => ({
      operation: 'SetSD',
      sendStatus: false,
      request: { kind: 'writeMeta', key: SECURITY_DESCRIPTOR_KEY, value: null },
    }),
    true,
  );
  core.security.setDescriptor(path, undefined);
}

/**
 * @module What a provider's process is granted under Node's permission model, worked out from its
 * registration: read access to its own module's folder and to what `permissions` names, write
 * access only to what `permissions.fsWrite` names, and nothing else (no child processes, no
 * workers, no native addons, no inspector, no WASI). Node 20 has no network permission, so sockets
 * stay open to a provider; `docs/security-and-providers.md` says what that means.
 */
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProviderRegistration } from './provider-registration.js';

export interface SandboxGrant {
  readonly fsRead: readonly string[];
  readonly fsWrite: readonly string[];
}

/** The folder of a file module (path or `file:` URL); `undefined` for a `data:` module. */
export function moduleFolder(module: string): string | undefined {
  if (module.startsWith('data:')) return undefined;
  const file = module.startsWith('file:') ? fileURLToPath(module) : module;
  return dirname(resolve(file));
}

/**
 * The grant of one provider process. `engineRead` is what the sandbox's own code needs (the
 * engine's compiled folders and comlink); it holds no repository data.
 */
export function sandboxGrant(
  registration: ProviderRegistration,
  engineRead: readonly string[],
): SandboxGrant {
  const own = moduleFolder(registration.module);
  const extra = registration.permissions?.fsRead ?? [];
  return {
    fsRead: [...new Set([...engineRead, ...(own === undefined ? [] : [own]), ...extra])],
    fsWrite: [...new Set(registration.permissions?.fsWrite ?? [])],
  };
}

/** Node's flags for a grant: permission model on, one `--allow-fs-*` flag per path. */
export function permissionArgs(grant: SandboxGrant): string[] {
  return [
    '--experimental-permission',
    ...grant.fsRead.map((p) => `--allow-fs-read=${p}`),
    ...grant.fsWrite.map((p) => `--allow-fs-write=${p}`),
  ];
}

const within = (inner: string, outer: string): boolean => {
  const rel = relative(resolve(outer), resolve(inner));
  return rel === '' || (rel.split(sep)[0] !== '..' && !isAbsolute(rel));
};

/**
 * The first protected path (the store's folder or file) a grant reaches, or `undefined`. A grant
 * reaches a path when it names the path, a folder holding it, or a file inside it.
 */
export function reachedProtectedPath(
  grant: SandboxGrant,
  protectedPaths: readonly string[],
): string | undefined {
  const granted = [...grant.fsRead, ...grant.fsWrite];
  return protectedPaths.find((p) => granted.some((g) => within(p, g) || within(g, p)));
}

/**
 * @module The version `wbemrx --version` prints: the one in wbemrx's own `package.json`, found
 * by walking up from this module's file. The compiled module (`build/src/cli`, `dist/src/cli`)
 * and the bundle that inlines it (`dist/bundled`, whose module URLs name the compiled file) all
 * sit inside the package, in a checkout and in an installed copy alike; the name check skips any
 * other `package.json` on the way (a workspace's, or none).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'wbemrx';

/** The package's version, or `unknown` when no `package.json` of wbemrx encloses this module. */
export function packageVersion(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    const version = versionIn(join(dir, 'package.json'));
    if (version !== undefined) return version;
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

function versionIn(file: string): string | undefined {
  let manifest: { name?: unknown; version?: unknown };
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as typeof manifest;
  } catch {
    return undefined;
  }
  return manifest.name === PACKAGE_NAME && typeof manifest.version === 'string'
    ? manifest.version
    : undefined;
}

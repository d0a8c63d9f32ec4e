/**
 * @module Waiting for Ctrl-C (or the caller's abort) in a long-running command (`watch`, `serve`).
 */

/**
 * Resolves on abort. The engine's workers do not keep the process alive (they are unref'd so an
 * embedder can exit), so a timer does while the command waits.
 */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  const keepAlive = setInterval(() => {}, 2 ** 30);
  return new Promise((resolve) =>
    signal.addEventListener(
      'abort',
      () => {
        clearInterval(keepAlive);
        resolve();
      },
      { once: true },
    ),
  );
}

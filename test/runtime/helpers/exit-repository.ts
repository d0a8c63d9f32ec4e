/**
 * @module A repository module whose factory ends the thread: a host that can never start.
 */
export function createRepository(): never {
  process.exit(3);
}

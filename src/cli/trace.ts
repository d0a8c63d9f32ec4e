/**
 * @module Tracing of the command line through `util.debuglog('wbemrx')`: set
 * `NODE_DEBUG=wbemrx` to see each command, the engine start and the MOF load phases on stderr,
 * with their durations. Off by default, and free when off.
 */
import { debuglog } from 'node:util';

/** Writes one trace line when `NODE_DEBUG` includes `wbemrx`. */
export const trace = debuglog('wbemrx');

/** Milliseconds since `start` (a `performance.now()` value), for trace lines. */
export function since(start: number): string {
  return `${(performance.now() - start).toFixed(1)} ms`;
}

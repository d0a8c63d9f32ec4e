/**
 * @module Who owns a data-directory lock: a pid alone is not an identity. After a container
 * restart the engine is often pid 1 again, and any pid is reused sooner or later, so on Linux an
 * owner is the triple (boot id, pid, process start time): the boot id tells a lock left by an
 * earlier boot, the start time (field 22 of `/proc/<pid>/stat`, in clock ticks since boot) tells
 * a later process that got the same pid. Where `/proc` is missing only pid liveness is known.
 */
import { readFileSync } from 'node:fs';

/** The identity a lock file records. */
export interface LockOwner {
  readonly pid: number;
  /** `/proc/sys/kernel/random/boot_id`, when the OS has one. */
  readonly bootId?: string;
  /** Start time of `pid` in clock ticks after boot, when the OS tells it. */
  readonly startTime?: string;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The current boot's id, or undefined off Linux. */
export function bootId(): string | undefined {
  const id = readText('/proc/sys/kernel/random/boot_id')?.trim();
  return id === undefined || id.length === 0 ? undefined : id;
}

/** Start time of a live process (clock ticks after boot), or undefined when unknown. */
export function processStartTime(pid: number): string | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  // Field 2 (comm) is parenthesised and may hold spaces or ')': fields resume after the last ')'.
  // The first field after it is field 3, so field 22 is at index 19.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const start = fields[19];
  return start !== undefined && /^\d+$/.test(start) ? start : undefined;
}

/** This process's identity. */
export function currentOwner(): LockOwner {
  const boot = bootId();
  const start = processStartTime(process.pid);
  return {
    pid: process.pid,
    ...(boot === undefined ? {} : { bootId: boot }),
    ...(start === undefined ? {} : { startTime: start }),
  };
}

/** Lock file text: the pid on the first line (what older engines wrote), then named fields. */
export function formatOwner(owner: LockOwner): string {
  let text = `${owner.pid}\n`;
  if (owner.bootId !== undefined) text += `boot ${owner.bootId}\n`;
  if (owner.startTime !== undefined) text += `start ${owner.startTime}\n`;
  return text;
}

/** Reads lock file text back; undefined when it names no valid pid. */
export function parseOwner(text: string): LockOwner | undefined {
  const [first = '', ...rest] = text.split('\n');
  if (!/^\s*\d+\s*$/.test(first)) return undefined;
  const pid = Number.parseInt(first, 10);
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  let boot: string | undefined;
  let start: string | undefined;
  for (const line of rest) {
    const match = /^(boot|start) (\S+)$/.exec(line.trim());
    if (match?.[1] === 'boot') boot = match[2];
    else if (match?.[1] === 'start') start = match[2];
  }
  return {
    pid,
    ...(boot === undefined ? {} : { bootId: boot }),
    ...(start === undefined ? {} : { startTime: start }),
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the process that wrote `owner` may still be running: its pid is alive and, where the
 * OS tells, it runs in this boot and started at the recorded time. `self` is this process's
 * identity, passed in so that one decision uses one reading of `/proc`.
 */
export function isOwnerAlive(owner: LockOwner, self: LockOwner): boolean {
  if (owner.bootId !== undefined && self.bootId !== undefined && owner.bootId !== self.bootId) {
    return false;
  }
  if (!isAlive(owner.pid)) return false;
  const now = owner.pid === self.pid ? self.startTime : processStartTime(owner.pid);
  if (owner.startTime !== undefined && now !== undefined) return owner.startTime === now;
  // Where this OS records start times, a lock naming our pid without one was not written by this
  // process (which always records it): an older engine that had our pid before a restart.
  if (owner.pid === self.pid && self.startTime !== undefined) return false;
  return true;
}

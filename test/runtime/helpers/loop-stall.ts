/**
 * @module How long the main thread's event loop goes without a turn: a 1 ms interval probe
 * recording the longest gap between its ticks, in wall time and, where Linux reports it, in CPU
 * time the main thread itself spent within that gap.
 *
 * On a shared machine the wall gap also counts time the thread waited for a core; the CPU time
 * in a gap is what the thread itself ran without yielding, which load does not inflate. Linux
 * gives a thread's on-CPU time in nanoseconds in `/proc/self/task/<tid>/schedstat` (the main
 * thread's tid is the pid).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface LoopStall {
  /** Longest wall time between two ticks, ms. */
  readonly wallMs: number;
  /** Most main-thread CPU time within one gap between ticks, ms; `undefined` off Linux. */
  readonly cpuMs: number | undefined;
}

const SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;

/** The main thread's on-CPU time so far, ns; `undefined` where the kernel does not say. */
function threadCpuNs(): number | undefined {
  try {
    const ns = Number(readFileSync(SCHEDSTAT, 'latin1').split(' ')[0]);
    return Number.isFinite(ns) && ns > 0 ? ns : undefined;
  } catch {
    return undefined;
  }
}

/** Starts probing; the returned function stops it and gives the longest gap seen. */
export function probeLoopStall(): () => LoopStall {
  let last = performance.now();
  let lastCpu = threadCpuNs();
  let wallMs = 0;
  let cpuMs: number | undefined = lastCpu === undefined ? undefined : 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const cpu = threadCpuNs();
    wallMs = Math.max(wallMs, now - last);
    if (cpu !== undefined && lastCpu !== undefined && cpuMs !== undefined) {
      cpuMs = Math.max(cpuMs, (cpu - lastCpu) / 1e6);
    }
    last = now;
    lastCpu = cpu;
  }, 1);
  return () => {
    clearInterval(timer);
    return { wallMs, cpuMs };
  };
}

/** The loop's stall over `ms` milliseconds of doing nothing: the reference for a measurement. */
export async function idleLoopStall(ms: number): Promise<LoopStall> {
  const stop = probeLoopStall();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return stop();
}

/**
 * @module Runs one configured load against a fresh engine: starts it (in memory, or durable in a
 * temporary directory that is removed afterwards), creates the namespaces and their class
 * chains, attaches the `events$` subscribers, drives the load and builds the report with the
 * reference figures beside it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Subscription } from 'rxjs';
import { connectNamespace, WbemEngine, type WbemServices } from '../../index.js';
import type { LoadConfig, LoadReport } from '../report/load-report.js';
import { driveLoad } from './load-driver.js';
import { namespaceWorkload } from './namespace-workload.js';
import type { BenchEnv } from './scenario.js';

/** Hooks a scenario may add around the generic load. */
export interface LoadHooks {
  /** Runs after the namespaces are ready, before the load; may attach extra callers or probes. */
  readonly before?: (engine: WbemEngine, services: readonly WbemServices[]) => Promise<void> | void;
  /** Runs after the load, before shutdown; its result is merged into `extra`. */
  readonly after?: () => Promise<Record<string, unknown>> | Record<string, unknown>;
}

/** Namespace `i` of a load: `root/bench<i>`. */
export function benchNamespace(index: number): string {
  return `root/bench${index}`;
}

/**
 * Runs `config` on a fresh engine and reports it.
 * @throws {WbemError} when the engine cannot start or the namespaces cannot be prepared.
 */
export async function runLoad(
  config: LoadConfig,
  env: BenchEnv,
  hooks: LoadHooks = {},
): Promise<LoadReport> {
  const references = await env.references(config);
  const dataDir =
    config.storage === 'durable'
      ? await mkdtemp(join(env.tmpRoot, `wbemrx-${config.scenario}-`))
      : null;
  const date = new Date().toISOString();
  const received = new Array<number>(config.subscribers).fill(0);
  const subscriptions: Subscription[] = [];
  try {
    const engine = await WbemEngine.start({
      storage: dataDir === null ? 'memory' : { path: dataDir },
      hosts: config.hosts,
    });
    try {
      const services: WbemServices[] = [];
      const workloads = [];
      for (let i = 0; i < config.namespaces; i += 1) {
        const svc = await connectNamespace(engine, benchNamespace(i), true);
        const workload = namespaceWorkload(benchNamespace(i), svc, config);
        await workload.prepare();
        services.push(svc);
        workloads.push(workload);
      }
      for (let s = 0; s < config.subscribers; s += 1) {
        subscriptions.push(
          engine.events$.subscribe(() => {
            received[s] = (received[s] ?? 0) + 1;
          }),
        );
      }
      await hooks.before?.(engine, services);
      const result = await driveLoad({
        workloads,
        inFlight: config.inFlight,
        count: config.count,
        durationMs: config.durationMs,
        mix: config.mix,
        ...(env.onTick === undefined
          ? {}
          : { onTick: (progress) => env.onTick?.(config.scenario, progress) }),
        ...(env.signal === undefined ? {} : { signal: env.signal }),
      });
      const extra = (await hooks.after?.()) ?? {};
      for (const subscription of subscriptions) subscription.unsubscribe();
      const { echoCeilingOpsPerSec, coreInProcessOpsPerSec } = references;
      return {
        config,
        machine: env.machine,
        date,
        elapsedMs: result.elapsedMs,
        ops: {
          completed: result.completed,
          failed: result.failed,
          byKind: result.byKind,
          failuresByHresult: result.failuresByHresult,
        },
        throughputOpsPerSec: result.throughputOpsPerSec,
        latencyMs: result.latencyMs,
        eventLoopDelayMs: result.eventLoopDelayMs,
        memoryMb: result.memoryMb,
        echoCeilingOpsPerSec,
        coreInProcessOpsPerSec,
        engineFractionOfCeiling:
          echoCeilingOpsPerSec === null || echoCeilingOpsPerSec <= 0
            ? null
            : result.throughputOpsPerSec / echoCeilingOpsPerSec,
        extra: {
          ...(config.subscribers > 0 ? { eventsPerSubscriber: received } : {}),
          ...extra,
        },
      };
    } finally {
      for (const subscription of subscriptions) subscription.unsubscribe();
      await engine.shutdown();
    }
  } finally {
    if (dataDir !== null) await rm(dataDir, { recursive: true, force: true });
  }
}

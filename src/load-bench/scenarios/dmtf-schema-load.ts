/**
 * @module DMTF schema load: `wbemrx mofcomp` of the whole CIM schema 2.41 (about 1,440 files,
 * 1,438 classes) into a fresh engine, durable by default: the README's main job. Reports the
 * compile and load times separately, each put's latency, and the total against the 1 s goal.
 * It takes the command's own path: the MOF compiles while the engine starts.
 * The load's size is the schema's, so `count` and `durationMs` do not apply.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createHistogram, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  loadMof,
  type MofLoadSummary,
  WBEM_E_NOT_FOUND,
  WbemEngine,
  WbemError,
} from '../../index.js';
import { startLoopDelay } from '../lib/loop-delay.js';
import { OPERATION_KINDS, type OperationKind } from '../report/load-report.js';
import { BASE_CONFIG, NO_OPS } from './defaults.js';
import type { Scenario } from './scenario.js';

/**
 * The schema's top-level MOF, in the source tree (tsc does not copy `.mof` files, and the
 * package does not ship the 4 MB schema): from an installed package this scenario reports
 * WBEM_E_NOT_FOUND, and the others run.
 */
export const DMTF_SCHEMA_MOF = fileURLToPath(
  new URL('../../../../test/fixtures/cim-schema-2.41/cim_schema_2.41.0.mof', import.meta.url),
);

export const dmtfSchemaLoad: Scenario = {
  name: 'dmtf-schema-load',
  summary: 'mofcomp of the whole DMTF CIM schema 2.41 into a fresh durable repository',
  defaults: {
    ...BASE_CONFIG,
    scenario: 'dmtf-schema-load',
    storage: 'durable',
    inFlight: 256,
    durationMs: null,
    count: null,
    mix: { ...NO_OPS, create: 1 },
  },
  async run(config, env) {
    if (!existsSync(DMTF_SCHEMA_MOF)) {
      throw new WbemError(WBEM_E_NOT_FOUND, {
        message: `the DMTF CIM schema is not at ${DMTF_SCHEMA_MOF} (it is part of the source tree, not of the package)`,
      });
    }
    const references = await env.references(config);
    const dataDir =
      config.storage === 'durable' ? await mkdtemp(join(env.tmpRoot, 'wbemrx-dmtf-')) : null;
    const latency = createHistogram();
    const date = new Date().toISOString();
    let peakRss = 0;
    try {
      const began = performance.now();
      const loopDelay = startLoopDelay();
      // Compiled while the engine's workers boot, as `mofcomp` does.
      const starting = WbemEngine.start({
        storage: dataDir === null ? 'memory' : { path: dataDir },
        hosts: config.hosts,
        rules: 'dmtf',
      });
      starting.catch(() => {});
      let summary: MofLoadSummary;
      try {
        summary = await loadMof(starting, [DMTF_SCHEMA_MOF], {
          namespace: 'root/cimv2',
          window: config.inFlight,
          parseThreads: 0,
          onPut: (ms) => {
            latency.record(Math.max(1, Math.round(ms * 1000)));
            if (latency.count % 256 === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
          },
        });
      } finally {
        await (await starting.catch(() => null))?.shutdown();
      }
      const elapsedMs = performance.now() - began;
      const delay = loopDelay.stop();
      const memory = process.memoryUsage();
      const puts =
        summary.qualifiers + summary.classesCreated + summary.classesUpdated + summary.instances;
      const byKind = Object.fromEntries(OPERATION_KINDS.map((k) => [k, 0])) as Record<
        OperationKind,
        number
      >;
      byKind.create = puts;
      const throughput = summary.loadMs > 0 ? (puts * 1000) / summary.loadMs : 0;
      const us = (p: number): number => (latency.count === 0 ? 0 : latency.percentile(p) / 1000);
      return {
        config: { ...config, count: puts },
        machine: env.machine,
        date,
        elapsedMs,
        ops: { completed: puts, failed: 0, byKind, failuresByHresult: {} },
        throughputOpsPerSec: throughput,
        latencyMs: {
          p50: us(50),
          p99: us(99),
          p999: us(99.9),
          max: latency.count === 0 ? 0 : latency.max / 1000,
        },
        eventLoopDelayMs: { p50: delay.p50Ms, p99: delay.p99Ms, max: delay.maxMs },
        memoryMb: {
          rss: Math.max(peakRss, memory.rss) / 2 ** 20,
          heapUsed: memory.heapUsed / 2 ** 20,
        },
        echoCeilingOpsPerSec: references.echoCeilingOpsPerSec,
        coreInProcessOpsPerSec: references.coreInProcessOpsPerSec,
        engineFractionOfCeiling:
          references.echoCeilingOpsPerSec === null || references.echoCeilingOpsPerSec <= 0
            ? null
            : throughput / references.echoCeilingOpsPerSec,
        extra: {
          files: summary.files,
          classes: summary.classesCreated + summary.classesUpdated,
          qualifierDeclarations: summary.qualifiers,
          compileMs: Math.round(summary.compileMs),
          loadMs: Math.round(summary.loadMs),
          totalMs: Math.round(summary.compileMs + summary.loadMs),
          // Engine start not hidden behind the compile, plus shutdown.
          startAndShutdownMs: Math.round(elapsedMs - summary.compileMs - summary.loadMs),
        },
      };
    } finally {
      if (dataDir !== null) await rm(dataDir, { recursive: true, force: true });
    }
  },
};

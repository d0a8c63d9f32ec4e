/**
 * @module The SVG charts of one benchmark run: the loads against their references (always), and
 * the scaling series with the references drawn across it (when the run had one).
 */
import { loadChartSvg } from './load-chart.js';
import type { BenchRunReport, LoadConfig } from './load-report.js';
import { shortRunWarnings } from './run-warnings.js';
import { type ChartReference, scalingSvg } from './scaling-chart.js';

/** The references drawn across the scaling chart: those of the mixed load, else the first measured. */
function scalingReferences(report: BenchRunReport): ChartReference[] {
  const measured = report.scenarios.filter((r) => r.echoCeilingOpsPerSec !== null);
  const source = measured.find((r) => r.config.scenario === 'mixed-read-write') ?? measured[0];
  if (source === undefined) return [];
  const refs: ChartReference[] = [];
  if (source.echoCeilingOpsPerSec !== null)
    refs.push({ label: 'echo ceiling', opsPerSec: source.echoCeilingOpsPerSec });
  if (source.coreInProcessOpsPerSec !== null)
    refs.push({ label: 'in-process core', opsPerSec: source.coreInProcessOpsPerSec });
  return refs;
}

/** The SVG charts of a run: the loads against their references, and the scaling series. */
export function runCharts(
  report: BenchRunReport,
  scalingConfig: LoadConfig,
): { name: string; svg: string }[] {
  const machine = `${report.machine.cpus} x ${report.machine.cpuModel}, Node ${report.machine.node} (${report.machine.platform}), ${report.date}`;
  const warnings = shortRunWarnings(report.scenarios);
  const charts: { name: string; svg: string }[] = [];
  if (report.scenarios.length > 0) {
    charts.push({
      name: 'chart.svg',
      svg: loadChartSvg(report.scenarios, 'wbemrx load benchmark: throughput', [machine], warnings),
    });
  }
  if (report.scaling.length > 0) {
    const s = scalingConfig;
    const length = s.count !== null ? `${s.count} ops` : `${s.durationMs ?? 0} ms`;
    charts.push({
      name: 'scaling.svg',
      svg: scalingSvg(report.scaling, 'wbemrx scaling: mixed load over namespaces and hosts', {
        references: scalingReferences(report),
        caption: [
          machine,
          `each bar: the mixed load, ${s.inFlight} in flight, ${length}, ${s.storage} storage; dashed: references measured beside the scenarios`,
        ],
      }),
    });
  }
  return charts;
}

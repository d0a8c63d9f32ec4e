/**
 * @module The load reports as plain-text tables, for the terminal and for `bench/RESULTS.md`.
 */
import type { LoadReport, ScalingPoint } from './load-report.js';

function num(value: number | null, digits = 0): string {
  if (value === null || !Number.isFinite(value)) return '-';
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** Renders rows as a Markdown-compatible table with right-aligned numeric columns. */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `-${'-'.repeat(w)}-` : `-${'-'.repeat(w)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** One row per scenario: throughput, latency, event-loop delay, memory, and the two references. */
export function loadTable(reports: readonly LoadReport[]): string {
  const header = [
    'scenario',
    'storage',
    'hosts',
    'ns',
    'in flight',
    'ops',
    'failed',
    'ops/s',
    'p50 ms',
    'p99 ms',
    'p99.9 ms',
    'ELD p99 ms',
    'ELD max ms',
    'RSS MB',
    'echo ops/s',
    'core ops/s',
    'of ceiling',
  ];
  const rows = reports.map((r) => [
    r.config.scenario,
    r.config.storage,
    String(r.config.hosts),
    String(r.config.namespaces),
    String(r.config.inFlight),
    num(r.ops.completed),
    num(r.ops.failed),
    num(r.throughputOpsPerSec),
    num(r.latencyMs.p50, 2),
    num(r.latencyMs.p99, 2),
    num(r.latencyMs.p999, 2),
    num(r.eventLoopDelayMs.p99, 2),
    num(r.eventLoopDelayMs.max, 1),
    num(r.memoryMb.rss),
    num(r.echoCeilingOpsPerSec),
    num(r.coreInProcessOpsPerSec),
    r.engineFractionOfCeiling === null ? '-' : `${num(r.engineFractionOfCeiling * 100, 1)}%`,
  ]);
  return renderTable(header, rows);
}

/** Throughput by namespaces (rows) and hosts (columns). */
export function scalingTable(points: readonly ScalingPoint[]): string {
  const hosts = [...new Set(points.map((p) => p.hosts))].sort((a, b) => a - b);
  const namespaces = [...new Set(points.map((p) => p.namespaces))].sort((a, b) => a - b);
  const header = [
    'namespaces',
    ...hosts.flatMap((h) => [`${h} host${h === 1 ? '' : 's'} ops/s`, `p99 ms`]),
  ];
  const rows = namespaces.map((n) => [
    String(n),
    ...hosts.flatMap((h) => {
      const point = points.find((p) => p.namespaces === n && p.hosts === h);
      return [num(point?.throughputOpsPerSec ?? null), num(point?.latencyP99Ms ?? null, 2)];
    }),
  ]);
  return renderTable(header, rows);
}

function extraValue(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? num(value) : num(value, 3);
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) {
    const list = value as number[];
    return list.length === 0
      ? '[]'
      : `${num(Math.min(...list))}..${num(Math.max(...list))} (x${list.length})`;
  }
  if (Array.isArray(value) && value.every((v) => Array.isArray(v) && v.length === 2)) {
    const pairs = value as [number, number][];
    const first = pairs[0];
    const last = pairs.at(-1);
    if (first === undefined || last === undefined) return '[]';
    return `${first[1]} -> ${last[1]} over ${last[0]} s (${pairs.length} samples)`;
  }
  return JSON.stringify(value);
}

/** A scenario's extra figures on one line: numbers formatted, series summarised. */
export function extraLine(scenario: string, extra: Readonly<Record<string, unknown>>): string {
  const items = Object.entries(extra).map(([key, value]) => `${key} ${extraValue(value)}`);
  return `${scenario}: ${items.join(', ')}`;
}

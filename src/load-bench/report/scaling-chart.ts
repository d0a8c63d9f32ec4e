/**
 * @module The scaling measurements as a self-contained SVG bar chart (no scripts, no external
 * fonts or styles), with the references drawn across it as labelled dashed lines, and an HTML
 * page holding the charts and the tables. Title, legend, plot and caption have rows of their
 * own, so nothing overlaps.
 */
import type { ScalingPoint } from './load-report.js';
import { COLOURS, escapeXml, legend, niceMax, opsLabel } from './svg-parts.js';

const WIDTH = 760;
const PLOT_H = 270;
// The right margin holds the reference labels, so no label can cover a bar.
const MARGIN = { top: 64, right: 150, bottom: 50, left: 70 };
const CAPTION_LINE = 15;
const HOST_COLOURS = [COLOURS[0], COLOURS[3], '#7a7a7a', '#c9a227'] as const;
const REFERENCE_COLOURS = [COLOURS[1], COLOURS[2]] as const;

/** A figure drawn across the chart as a dashed line (the echo ceiling, the in-process core). */
export interface ChartReference {
  readonly label: string;
  readonly opsPerSec: number;
}

export interface ScalingChartOptions {
  readonly references?: readonly ChartReference[];
  /** Lines under the chart: run parameters, machine, warnings. */
  readonly caption?: readonly string[];
}

function referenceLines(
  references: readonly ChartReference[],
  yOf: (value: number) => number,
): string[] {
  const parts: string[] = [];
  let lastLabelY = Number.NEGATIVE_INFINITY;
  const ordered = references
    .map((ref, i) => ({ ref, i }))
    .sort((a, b) => b.ref.opsPerSec - a.ref.opsPerSec);
  ordered.forEach(({ ref, i }) => {
    const y = yOf(ref.opsPerSec);
    const colour = REFERENCE_COLOURS[i % REFERENCE_COLOURS.length];
    // Labels sit beside their line, moved down when the previous label is too close.
    const labelY = Math.max(y + 4, lastLabelY + 14);
    lastLabelY = labelY;
    parts.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="${colour}" stroke-width="2" stroke-dasharray="6 4"/>`,
      `<text x="${WIDTH - MARGIN.right + 6}" y="${labelY.toFixed(1)}" fill="${colour}">${escapeXml(`${ref.label} ${opsLabel(ref.opsPerSec)}`)}</text>`,
    );
  });
  return parts;
}

/**
 * Grouped bars: one group per namespace count, one bar per host count, height = ops/s; the
 * references as dashed lines on the same scale.
 */
export function scalingSvg(
  points: readonly ScalingPoint[],
  title: string,
  options: ScalingChartOptions = {},
): string {
  const references = options.references ?? [];
  const caption = options.caption ?? [];
  const hosts = [...new Set(points.map((p) => p.hosts))].sort((a, b) => a - b);
  const namespaces = [...new Set(points.map((p) => p.namespaces))].sort((a, b) => a - b);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const top = niceMax(
    Math.max(0, ...points.map((p) => p.throughputOpsPerSec), ...references.map((r) => r.opsPerSec)),
  );
  const yOf = (value: number): number => MARGIN.top + PLOT_H - (PLOT_H * value) / top;
  const groupW = plotW / Math.max(1, namespaces.length);
  const barW = (groupW * 0.7) / Math.max(1, hosts.length);
  const parts: string[] = [];
  for (let tick = 0; tick <= 4; tick += 1) {
    const y = MARGIN.top + PLOT_H - (PLOT_H * tick) / 4;
    parts.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y}" y2="${y}" stroke="#ddd"/>`,
      `<text x="${MARGIN.left - 6}" y="${y + 4}" text-anchor="end">${opsLabel((top * tick) / 4)}</text>`,
    );
  }
  namespaces.forEach((n, gi) => {
    const gx = MARGIN.left + gi * groupW + groupW * 0.15;
    hosts.forEach((h, hi) => {
      const point = points.find((p) => p.namespaces === n && p.hosts === h);
      if (point === undefined) return;
      const barH = (PLOT_H * point.throughputOpsPerSec) / top;
      const x = gx + hi * barW;
      const y = MARGIN.top + PLOT_H - barH;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${barH.toFixed(1)}" fill="${HOST_COLOURS[hi % HOST_COLOURS.length]}"><title>${n} ns, ${h} host(s): ${Math.round(point.throughputOpsPerSec)} ops/s, p99 ${point.latencyP99Ms.toFixed(2)} ms</title></rect>`,
      );
    });
    parts.push(
      `<text x="${(gx + (barW * hosts.length) / 2).toFixed(1)}" y="${MARGIN.top + PLOT_H + 18}" text-anchor="middle">${n}</text>`,
    );
  });
  parts.push(...referenceLines(references, yOf));
  const captionTop = MARGIN.top + PLOT_H + MARGIN.bottom + 8;
  caption.forEach((line, i) => {
    parts.push(
      `<text x="10" y="${captionTop + i * CAPTION_LINE}" font-size="11" fill="${line.startsWith('warning:') ? '#b00020' : '#333'}">${escapeXml(line)}</text>`,
    );
  });
  const height = captionTop + caption.length * CAPTION_LINE + (caption.length > 0 ? 6 : -8);
  const entries = hosts.map((h, hi): [string, string] => [
    `${h} host${h === 1 ? '' : 's'}`,
    HOST_COLOURS[hi % HOST_COLOURS.length] as string,
  ]);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">
<title>${escapeXml(title)}</title>
<rect width="100%" height="100%" fill="#fff"/>
<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15">${escapeXml(title)}</text>
${legend(entries, MARGIN.left + 10, 46)}
${parts.join('\n')}
<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + PLOT_H}" stroke="#333"/>
<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${MARGIN.top + PLOT_H}" y2="${MARGIN.top + PLOT_H}" stroke="#333"/>
<text x="${MARGIN.left + plotW / 2}" y="${MARGIN.top + PLOT_H + 38}" text-anchor="middle">namespaces</text>
<text transform="translate(16 ${MARGIN.top + PLOT_H / 2}) rotate(-90)" text-anchor="middle">ops/s</text>
</svg>
`;
}

/** A standalone HTML page: the charts inline and the text tables below them. */
export function reportHtml(
  title: string,
  svgs: readonly string[],
  tables: readonly string[],
): string {
  const pre = tables.map((t) => `<pre>${escapeXml(t)}</pre>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title>
<style>body{font-family:sans-serif;margin:2em}pre{font-size:12px}svg{display:block;margin:1em 0}</style></head>
<body><h1>${escapeXml(title)}</h1>
${svgs.join('\n')}
${pre}
</body></html>
`;
}

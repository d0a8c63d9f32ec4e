/**
 * @module The scaling measurements as a self-contained SVG bar chart (no scripts, no external
 * fonts or styles), and an HTML page holding the chart and the tables.
 */
import type { ScalingPoint } from './load-report.js';

const WIDTH = 640;
const HEIGHT = 360;
const MARGIN = { top: 40, right: 20, bottom: 50, left: 70 };
const COLOURS = ['#3b6ea5', '#e07b39', '#5a9e4b', '#a0529e'];

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * power >= value) ?? 10;
  return step * power;
}

/** Grouped bars: one group per namespace count, one bar per host count, height = ops/s. */
export function scalingSvg(points: readonly ScalingPoint[], title: string): string {
  const hosts = [...new Set(points.map((p) => p.hosts))].sort((a, b) => a - b);
  const namespaces = [...new Set(points.map((p) => p.namespaces))].sort((a, b) => a - b);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const top = niceMax(Math.max(0, ...points.map((p) => p.throughputOpsPerSec)));
  const groupW = plotW / Math.max(1, namespaces.length);
  const barW = (groupW * 0.7) / Math.max(1, hosts.length);
  const parts: string[] = [];
  for (let tick = 0; tick <= 4; tick += 1) {
    const value = (top * tick) / 4;
    const y = MARGIN.top + plotH - (plotH * tick) / 4;
    parts.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y}" y2="${y}" stroke="#ddd"/>`,
      `<text x="${MARGIN.left - 6}" y="${y + 4}" text-anchor="end">${Math.round(value).toLocaleString('en-US')}</text>`,
    );
  }
  namespaces.forEach((n, gi) => {
    const gx = MARGIN.left + gi * groupW + groupW * 0.15;
    hosts.forEach((h, hi) => {
      const point = points.find((p) => p.namespaces === n && p.hosts === h);
      if (point === undefined) return;
      const barH = (plotH * point.throughputOpsPerSec) / top;
      const x = gx + hi * barW;
      const y = MARGIN.top + plotH - barH;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${barH.toFixed(1)}" fill="${COLOURS[hi % COLOURS.length]}"><title>${n} ns, ${h} host(s): ${Math.round(point.throughputOpsPerSec)} ops/s, p99 ${point.latencyP99Ms.toFixed(2)} ms</title></rect>`,
      );
    });
    parts.push(
      `<text x="${(gx + (barW * hosts.length) / 2).toFixed(1)}" y="${MARGIN.top + plotH + 18}" text-anchor="middle">${n}</text>`,
    );
  });
  hosts.forEach((h, hi) => {
    const x = MARGIN.left + 10 + hi * 110;
    parts.push(
      `<rect x="${x}" y="${MARGIN.top - 26}" width="12" height="12" fill="${COLOURS[hi % COLOURS.length]}"/>`,
      `<text x="${x + 16}" y="${MARGIN.top - 16}">${h} host${h === 1 ? '' : 's'}</text>`,
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">
<title>${escapeXml(title)}</title>
<rect width="100%" height="100%" fill="#fff"/>
<text x="${WIDTH / 2}" y="16" text-anchor="middle" font-size="14">${escapeXml(title)}</text>
${parts.join('\n')}
<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#333"/>
<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}" stroke="#333"/>
<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 10}" text-anchor="middle">namespaces</text>
<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">ops/s</text>
</svg>
`;
}

/** A standalone HTML page: the chart inline and the text tables below it. */
export function reportHtml(title: string, svg: string, tables: readonly string[]): string {
  const pre = tables.map((t) => `<pre>${escapeXml(t)}</pre>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title>
<style>body{font-family:sans-serif;margin:2em}pre{font-size:12px}</style></head>
<body><h1>${escapeXml(title)}</h1>
${svg}
${pre}
</body></html>
`;
}

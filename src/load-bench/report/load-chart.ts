/**
 * @module The chart of one benchmark run: for each load, the engine's throughput drawn beside
 * what it should be read against, the echo ceiling (the same calls through a bare worker) and the
 * schema core in-process, each bar labelled with its figure; the run's parameters and any
 * warning in the caption under it. Title, legend, plot and caption have rows of their own, so
 * nothing overlaps whatever the names and figures.
 */
import type { LoadReport } from './load-report.js';
import { COLOURS, escapeXml, legend, niceMax, opsLabel } from './svg-parts.js';

const WIDTH = 760;
const LEFT = 170;
const RIGHT = 100;
const PLOT_TOP = 64;
const BAR = 14;
const ROW_GAP = 18;
const CAPTION_LINE = 15;

interface Bar {
  readonly label: string;
  readonly value: number | null;
  readonly colour: string;
}

function barsOf(report: LoadReport): Bar[] {
  return [
    { label: 'engine', value: report.throughputOpsPerSec, colour: COLOURS[0] },
    { label: 'echo ceiling', value: report.echoCeilingOpsPerSec, colour: COLOURS[1] },
    { label: 'in-process core', value: report.coreInProcessOpsPerSec, colour: COLOURS[2] },
  ];
}

/** The parameters of a load, as one caption line. */
export function loadParameters(report: LoadReport): string {
  const c = report.config;
  const length = c.count !== null ? `${c.count} ops` : `${c.durationMs ?? 0} ms`;
  const measured = `${(report.elapsedMs / 1000).toFixed(1)} s, ${report.ops.completed} ops measured`;
  return `${c.scenario}: ${c.storage}, ${c.hosts} host${c.hosts === 1 ? '' : 's'}, ${c.namespaces} namespace${c.namespaces === 1 ? '' : 's'}, ${c.inFlight} in flight, ${length} asked (${measured})`;
}

/**
 * The SVG chart of a run's loads. `caption` lines (machine, date) come first under the plot,
 * then one line of parameters per load, then `warnings` in red.
 */
export function loadChartSvg(
  reports: readonly LoadReport[],
  title: string,
  caption: readonly string[],
  warnings: readonly string[] = [],
): string {
  const plotW = WIDTH - LEFT - RIGHT;
  const rowH = BAR * 3 + ROW_GAP;
  const plotH = Math.max(1, reports.length) * rowH;
  const values = reports.flatMap((r) => barsOf(r).map((b) => b.value ?? 0));
  const top = niceMax(Math.max(0, ...values));
  const x = (value: number): number => (plotW * value) / top;
  const parts: string[] = [];
  for (let tick = 0; tick <= 4; tick += 1) {
    const tx = LEFT + (plotW * tick) / 4;
    parts.push(
      `<line x1="${tx}" x2="${tx}" y1="${PLOT_TOP}" y2="${PLOT_TOP + plotH}" stroke="#ddd"/>`,
      `<text x="${tx}" y="${PLOT_TOP + plotH + 16}" text-anchor="middle">${opsLabel((top * tick) / 4)}</text>`,
    );
  }
  reports.forEach((report, row) => {
    const y0 = PLOT_TOP + row * rowH + ROW_GAP / 2;
    parts.push(
      `<text x="${LEFT - 8}" y="${y0 + BAR * 1.5 + 4}" text-anchor="end">${escapeXml(report.config.scenario)}</text>`,
    );
    barsOf(report).forEach((bar, i) => {
      const y = y0 + i * BAR;
      if (bar.value === null) {
        parts.push(
          `<text x="${LEFT + 4}" y="${y + BAR - 3}" fill="#777">${bar.label}: not measured</text>`,
        );
        return;
      }
      const w = x(bar.value);
      parts.push(
        `<rect x="${LEFT}" y="${y}" width="${w.toFixed(1)}" height="${BAR - 2}" fill="${bar.colour}"><title>${bar.label}: ${opsLabel(bar.value)} ops/s</title></rect>`,
        `<text x="${(LEFT + w + 4).toFixed(1)}" y="${y + BAR - 3}" font-size="11">${opsLabel(bar.value)}</text>`,
      );
    });
  });
  const captionTop = PLOT_TOP + plotH + 56;
  const lines = [
    ...caption.map((text) => ({ text, colour: '#333' })),
    ...reports.map((r) => ({ text: loadParameters(r), colour: '#333' })),
    ...warnings.map((text) => ({ text: `warning: ${text}`, colour: '#b00020' })),
  ];
  lines.forEach((line, i) => {
    parts.push(
      `<text x="${LEFT - 150}" y="${captionTop + i * CAPTION_LINE}" font-size="11" fill="${line.colour}">${escapeXml(line.text)}</text>`,
    );
  });
  const height = captionTop + lines.length * CAPTION_LINE + 6;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">
<title>${escapeXml(title)}</title>
<rect width="100%" height="100%" fill="#fff"/>
<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15">${escapeXml(title)}</text>
${legend(
  [
    ['engine (ops/s)', COLOURS[0]],
    ['echo ceiling: bare worker, same batching', COLOURS[1]],
    ['schema core in-process', COLOURS[2]],
  ],
  LEFT - 150,
  46,
)}
${parts.join('\n')}
<line x1="${LEFT}" x2="${LEFT}" y1="${PLOT_TOP}" y2="${PLOT_TOP + plotH}" stroke="#333"/>
<text x="${LEFT + plotW / 2}" y="${PLOT_TOP + plotH + 32}" text-anchor="middle">operations per second</text>
</svg>
`;
}

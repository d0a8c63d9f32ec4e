/**
 * @module Small helpers shared by the report's SVG charts: escaping, the axis scale and number
 * labels. The charts are plain SVG text (no scripts, fonts or styles from outside), so a report
 * opens anywhere and its snapshot can be compared byte for byte.
 */

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** The smallest 1, 2, 2.5 or 5 times a power of ten at or above `value` (1 for nothing). */
export function niceMax(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * power >= value) ?? 10;
  return step * power;
}

/** `12,345` (no fractions: the charts show operations per second). */
export function opsLabel(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Bar colours: the engine, the echo ceiling, the in-process core, then more hosts. */
export const COLOURS = ['#3b6ea5', '#e07b39', '#5a9e4b', '#a0529e'] as const;

/** One legend entry per label, left to right from `x`, on its own row at `y`. */
export function legend(
  entries: readonly (readonly [string, string])[],
  x: number,
  y: number,
): string {
  const parts: string[] = [];
  let at = x;
  for (const [label, colour] of entries) {
    parts.push(
      `<rect x="${at}" y="${y - 10}" width="12" height="12" fill="${colour}"/>`,
      `<text x="${at + 16}" y="${y}">${escapeXml(label)}</text>`,
    );
    // About 6.5 px per character at 12 px sans-serif, plus the swatch and a gap.
    at += 16 + Math.ceil(label.length * 6.5) + 24;
  }
  return parts.join('\n');
}

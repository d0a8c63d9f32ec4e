/**
 * @module The base config every scenario starts from, and the named operation mixes.
 */
import type { LoadConfig, OperationMix } from '../report/load-report.js';

export const NO_OPS: OperationMix = {
  create: 0,
  updateCompatible: 0,
  updateSafe: 0,
  updateForce: 0,
  get: 0,
  enumerate: 0,
  delete: 0,
};

/** Reads dominate, as in a management agent: 60% gets, 10% each of the rest. */
export const MIXED: OperationMix = {
  ...NO_OPS,
  create: 1,
  updateCompatible: 1,
  get: 6,
  enumerate: 1,
  delete: 1,
};

export const BASE_CONFIG: LoadConfig = {
  scenario: 'custom',
  storage: 'memory',
  hosts: 1,
  namespaces: 1,
  inFlight: 64,
  durationMs: 3000,
  count: null,
  properties: 10,
  depth: 4,
  mix: MIXED,
  subscribers: 0,
};

/**
 * Parses a mix such as `create=1,get=6,updateForce=1`; unnamed operations get weight 0.
 * Returns an error message instead of throwing, for the caller to report.
 */
export function parseMix(text: string): OperationMix | string {
  const mix: Record<string, number> = { ...NO_OPS };
  for (const item of text.split(',')) {
    const [name, weight] = item.split('=').map((s) => s.trim());
    if (name === undefined || name === '' || !Object.hasOwn(NO_OPS, name)) {
      return `unknown operation '${name ?? ''}' in --mix (known: ${Object.keys(NO_OPS).join(', ')})`;
    }
    const value = weight === undefined ? 1 : Number(weight);
    if (!Number.isFinite(value) || value < 0)
      return `weight of '${name}' in --mix must be a number >= 0`;
    mix[name] = value;
  }
  if (Object.values(mix).every((w) => w === 0))
    return '--mix needs at least one operation with a weight > 0';
  return mix as unknown as OperationMix;
}

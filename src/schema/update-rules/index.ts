/**
 * @module The update rules of spec §5.2-§5.4, in the order they apply. The order is the
 * specification: a cosmetic change passes before any mode rule; compatible mode checks
 * subclasses before instances (A18); re-parenting needs an instance-free hierarchy in every mode;
 * safe mode refuses instances before it looks at subclass conflicts; force mode resolves.
 */
import { acceptUnchangedOrCosmetic } from './accept-unchanged-or-cosmetic.js';
import { compatibleMode } from './compatible-mode.js';
import { forceMode } from './force-mode.js';
import { reparentWithoutInstances } from './reparent-without-instances.js';
import { safeModeConflicts } from './safe-mode-conflicts.js';
import { safeModeInstances } from './safe-mode-instances.js';
import type { UpdateContext, UpdateRule, UpdateVerdict } from './update-rule.js';

export type { UpdateContext, UpdateRule, UpdateVerdict } from './update-rule.js';

export const UPDATE_RULES: readonly UpdateRule[] = [
  acceptUnchangedOrCosmetic,
  compatibleMode,
  reparentWithoutInstances,
  safeModeInstances,
  safeModeConflicts,
  forceMode,
];

/** Runs the rules in order; the first `accept` or `fail` decides, running off the end accepts. */
export function runUpdateRules(ctx: UpdateContext): Exclude<UpdateVerdict, { kind: 'continue' }> {
  for (const rule of UPDATE_RULES) {
    const verdict = rule.check(ctx);
    if (verdict.kind !== 'continue') return verdict;
  }
  // Stryker disable next-line ObjectLiteral,StringLiteral: putClass acts only on a `fail` verdict and on deleteInstancesOf
  return { kind: 'accept' };
}

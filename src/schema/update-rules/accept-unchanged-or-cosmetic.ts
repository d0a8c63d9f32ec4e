/**
 * @module Spec §5.2 first row: an unchanged or merely cosmetic update is allowed in every mode,
 * whatever subclasses and instances exist (MS-WMI "the class is unchanged"; A3, A14).
 */
import { ACCEPT, CONTINUE, type UpdateRule } from './update-rule.js';

export const acceptUnchangedOrCosmetic: UpdateRule = {
  // Stryker disable next-line StringLiteral: a rule's name documents it; no outcome reads it
  name: 'unchanged or cosmetic update',
  check: (ctx) => (ctx.change === 'unchanged' || ctx.change === 'cosmetic' ? ACCEPT : CONTINUE),
};

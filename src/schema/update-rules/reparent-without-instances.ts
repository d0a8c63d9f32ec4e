/**
 * @module Spec §5.4: changing a class's superclass requires that neither it nor any descendant
 * has stored instances, in every mode (their shape would change under them).
 */
import { WBEM_E_CLASS_HAS_INSTANCES } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';
import { CONTINUE, type UpdateRule } from './update-rule.js';

export const reparentWithoutInstances: UpdateRule = {
  // Stryker disable next-line StringLiteral: a rule's name documents it; no outcome reads it
  name: 're-parenting: no instances',
  check: (ctx) => {
    if (!ctx.reparented) return CONTINUE;
    const holders = ctx.ownInstances > 0 ? [ctx.old.local.name] : ctx.descendantsWithInstances();
    if (holders.length === 0) return CONTINUE;
    return {
      kind: 'fail',
      error: new WbemError(WBEM_E_CLASS_HAS_INSTANCES, {
        message: `cannot change the superclass of ${ctx.old.local.name}: ${holders[0]} has stored instances`,
      }),
    };
  },
};

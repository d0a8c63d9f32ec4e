/**
 * @module Spec §5.2 safe mode: an important change fails when the class or any descendant has
 * stored instances (win32:pragma-classflags safeupdate; A14).
 */
import { WBEM_E_CLASS_HAS_INSTANCES } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';
import { CONTINUE, type UpdateRule } from './update-rule.js';

export const safeModeInstances: UpdateRule = {
  // Stryker disable next-line StringLiteral: a rule's name documents it; no outcome reads it
  name: 'safe mode: no instances in the hierarchy',
  check: (ctx) => {
    if (ctx.intent.update !== 'safe') return CONTINUE;
    const holders = ctx.ownInstances > 0 ? [ctx.old.local.name] : ctx.descendantsWithInstances();
    if (holders.length === 0) return CONTINUE;
    return {
      kind: 'fail',
      error: new WbemError(WBEM_E_CLASS_HAS_INSTANCES, {
        message: `${holders[0]} has stored instances`,
      }),
    };
  },
};

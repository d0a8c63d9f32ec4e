/**
 * @module Spec §5.2 compatible mode (the default): an important change is allowed only on a
 * class without subclasses and without instances; subclasses are checked first (A18).
 */
import { WBEM_E_CLASS_HAS_CHILDREN, WBEM_E_CLASS_HAS_INSTANCES } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';
import { CONTINUE, type UpdateRule } from './update-rule.js';

export const compatibleMode: UpdateRule = {
  // Stryker disable next-line StringLiteral: a rule's name documents it; no outcome reads it
  name: 'compatible mode: no subclasses, no instances',
  check: (ctx) => {
    if (ctx.intent.update !== 'compatible') return CONTINUE;
    const cls = ctx.old.local.name;
    if (ctx.hasChildren) {
      return {
        kind: 'fail',
        error: new WbemError(WBEM_E_CLASS_HAS_CHILDREN, {
          message: `${cls} has subclasses; use safe or force mode to change it`,
        }),
      };
    }
    if (ctx.ownInstances > 0) {
      return {
        kind: 'fail',
        error: new WbemError(WBEM_E_CLASS_HAS_INSTANCES, {
          message: `${cls} has ${ctx.ownInstances} stored instance(s)`,
        }),
      };
    }
    return CONTINUE;
  },
};

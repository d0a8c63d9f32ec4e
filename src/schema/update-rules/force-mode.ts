/**
 * @module Spec §5.2/§5.3 force mode: conflicts are resolved in the subclasses; the update fails
 * only when a subclass that had to be altered has stored instances, or a conflict cannot be
 * removed. The class's own stored instances are deleted when it is static (A2, one switch in
 * `decisions.ts`); a provider-backed class keeps its instances.
 */
import { WBEM_E_CLASS_HAS_INSTANCES } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';
import { FORCE_UPDATE_DELETES_INSTANCES } from '../decisions.js';
import { ACCEPT, CONTINUE, type UpdateRule } from './update-rule.js';

export const forceMode: UpdateRule = {
  // Stryker disable next-line StringLiteral: a rule's name documents it; no outcome reads it
  name: 'force mode: resolve conflicts in subclasses',
  check: (ctx) => {
    if (ctx.intent.update !== 'force') return CONTINUE;
    const { error, altered } = ctx.rederive();
    if (error !== undefined) return { kind: 'fail', error };
    const busy = altered.find((name) => ctx.view.instanceCount(name) > 0);
    if (busy !== undefined) {
      return {
        kind: 'fail',
        error: new WbemError(WBEM_E_CLASS_HAS_INSTANCES, {
          message: `subclass ${busy} must be altered but has stored instances`,
        }),
      };
    }
    if (ctx.ownInstances === 0 || ctx.dynamic) return ACCEPT;
    // Stryker disable all: reached only if decisions.ts turns A2 off, which no build does
    if (!FORCE_UPDATE_DELETES_INSTANCES) {
      return {
        kind: 'fail',
        error: new WbemError(WBEM_E_CLASS_HAS_INSTANCES, {
          message: `${ctx.old.local.name} has stored instances`,
        }),
      };
    }
    // Stryker restore all
    return { kind: 'accept', deleteInstancesOf: [ctx.old.local.name] };
  },
};

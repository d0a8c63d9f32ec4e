/**
 * @module What `#pragma` statements change while a file is compiled: the namespace, the put
 * flags and the amendment locale in force, the includes they trigger, and the operations
 * (`deleteclass`, `deleteinstance`) they insert in source order.
 */

import { resolveNamespace } from '../model/namespace-path.js';
import type { MofPragmaNode } from './ast.js';
import { MofError, type MofPosition } from './mof-error.js';
import type { MofBarrierOperation } from './mof-operation.js';
import {
  WBEMMOF_E_INVALID_FLAGS_SYNTAX,
  WBEMMOF_E_INVALID_NAMESPACE_SPECIFICATION,
  WBEMMOF_E_INVALID_PRAGMA,
} from './mof-status.js';
import { amendmentNamespaceOf, classFlagsOf, failFlagOf, instanceFlagsOf } from './pragmas.js';

/** The pragma state in force at a declaration. */
export interface PragmaState {
  namespace: string;
  classFlags: number;
  instanceFlags: number;
  /** Child namespace of `#pragma amendment("MS_409")` (`ms_409`), when one is in force. */
  amendment?: string;
}

/** What pragmas do beyond changing the state. */
export interface PragmaHooks {
  include(path: string, at: MofPosition): void;
  /** An operation to run at this point of the load (`deleteclass`, `deleteinstance`). */
  barrier(op: MofBarrierOperation): void;
  autorecover(): void;
}

/**
 * Applies one pragma to `state` (mutated), calling `hooks` for includes and operations.
 * @throws {MofError} WBEMMOF_E_INVALID_NAMESPACE_SPECIFICATION, WBEMMOF_E_INVALID_FLAGS_SYNTAX,
 * WBEMMOF_E_INVALID_PRAGMA (a FAIL/NOFAIL argument or amendment locale that is neither).
 */
export function applyPragma(
  node: MofPragmaNode,
  file: string,
  state: PragmaState,
  hooks: PragmaHooks,
): void {
  const at = { file, line: node.line, column: node.column };
  switch (node.name) {
    case 'include':
      hooks.include(node.args[0] as string, at);
      return;
    case 'deleteclass':
    case 'deleteinstance': {
      const failIfMissing = failFlagOf(node.args[1]);
      if (typeof failIfMissing === 'string')
        throw new MofError(WBEMMOF_E_INVALID_PRAGMA, at, `#pragma ${node.name}: ${failIfMissing}`);
      const target = node.args[0] as string;
      hooks.barrier(
        node.name === 'deleteclass'
          ? {
              kind: 'deleteClass',
              namespace: state.namespace,
              className: target,
              failIfMissing,
              source: at,
            }
          : {
              kind: 'deleteInstance',
              namespace: state.namespace,
              path: target,
              failIfMissing,
              source: at,
            },
      );
      return;
    }
    case 'amendment': {
      const child = amendmentNamespaceOf(node.args[0] as string);
      if (child === undefined)
        throw new MofError(
          WBEMMOF_E_INVALID_PRAGMA,
          at,
          `#pragma amendment takes a locale such as "MS_409", found ${JSON.stringify(node.args[0])}`,
        );
      state.amendment = child;
      return;
    }
    case 'autorecover':
      hooks.autorecover();
      return;
    case 'namespace': {
      const ns = resolveNamespace(state.namespace, node.args[0] as string);
      if (ns === undefined)
        throw new MofError(
          WBEMMOF_E_INVALID_NAMESPACE_SPECIFICATION,
          at,
          `invalid namespace path ${JSON.stringify(node.args[0])}`,
        );
      state.namespace = ns;
      return;
    }
    case 'classflags':
    case 'instanceflags': {
      const flags =
        node.name === 'classflags' ? classFlagsOf(node.args) : instanceFlagsOf(node.args);
      if (typeof flags === 'string') throw new MofError(WBEMMOF_E_INVALID_FLAGS_SYNTAX, at, flags);
      if (node.name === 'classflags') state.classFlags = flags;
      else state.instanceFlags = flags;
      return;
    }
    default:
      // locale changes nothing this compiler produces: values are not localised here.
      return;
  }
}

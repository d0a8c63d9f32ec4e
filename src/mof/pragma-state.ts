/**
 * @module What `#pragma` statements change while a file is compiled: the namespace and the put
 * flags in force, and the includes they trigger.
 */

import { resolveNamespace } from '../model/namespace-path.js';
import type { MofPragmaNode } from './ast.js';
import { MofError, type MofPosition } from './mof-error.js';
import {
  WBEMMOF_E_INVALID_FLAGS_SYNTAX,
  WBEMMOF_E_INVALID_NAMESPACE_SPECIFICATION,
} from './mof-status.js';
import { classFlagsOf, instanceFlagsOf } from './pragmas.js';

/** The pragma state in force at a declaration. */
export interface PragmaState {
  namespace: string;
  classFlags: number;
  instanceFlags: number;
}

/**
 * Applies one pragma to `state` (mutated), calling `include` for `#pragma include`.
 * @throws {MofError} WBEMMOF_E_INVALID_NAMESPACE_SPECIFICATION, WBEMMOF_E_INVALID_FLAGS_SYNTAX.
 */
export function applyPragma(
  node: MofPragmaNode,
  file: string,
  state: PragmaState,
  include: (path: string, at: MofPosition) => void,
): void {
  const at = { file, line: node.line, column: node.column };
  switch (node.name) {
    case 'include':
      include(node.args[0] as string, at);
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
      // locale and autorecover change nothing this compiler produces.
      return;
  }
}

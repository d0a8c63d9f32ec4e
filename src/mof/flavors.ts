/**
 * @module MOF flavor keywords → `WBEM_FLAVOR_*` bits, per MS-WMIO §2.2.62: ToSubclass ↔
 * PROPAGATE_TO_DERIVED_CLASS, ToInstance ↔ PROPAGATE_TO_INSTANCE, DisableOverride ↔
 * NOT_OVERRIDABLE, Translatable/Amended ↔ AMENDED; Restricted clears both propagation bits and
 * the WMI `NotToSubclass`/`NotToInstance` clear one each.
 */
import {
  WBEM_FLAVOR_AMENDED,
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE,
  WBEM_FLAVOR_NOT_OVERRIDABLE,
} from '../wbem/flavor.js';
import type { MofNodePosition } from './ast.js';
import { MofError } from './mof-error.js';
import { WBEMMOF_E_INCOMPATIBLE_FLAVOR_TYPES } from './mof-status.js';

/** DSP0004's default flavor: EnableOverride, ToSubclass, not Translatable. */
export const DEFAULT_FLAVOR = WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS;

/**
 * Applies flavor keywords to `base`.
 * @throws {MofError} WBEMMOF_E_INCOMPATIBLE_FLAVOR_TYPES for contradicting keywords in one list.
 */
export function applyFlavors(
  base: number,
  words: readonly string[],
  file: string,
  at: MofNodePosition,
): number {
  if (words.length === 0) return base;
  let flavor = base;
  const seen = new Set(words);
  const conflict = (a: string, b: string): void => {
    if (seen.has(a) && seen.has(b)) {
      throw new MofError(
        WBEMMOF_E_INCOMPATIBLE_FLAVOR_TYPES,
        { file, line: at.line, column: at.column },
        `flavors ${a} and ${b} contradict each other`,
      );
    }
  };
  conflict('enableoverride', 'disableoverride');
  conflict('tosubclass', 'restricted');
  conflict('tosubclass', 'nottosubclass');
  conflict('toinstance', 'restricted');
  conflict('toinstance', 'nottoinstance');
  for (const word of words) {
    switch (word) {
      case 'enableoverride':
        flavor &= ~WBEM_FLAVOR_NOT_OVERRIDABLE;
        break;
      case 'disableoverride':
        flavor |= WBEM_FLAVOR_NOT_OVERRIDABLE;
        break;
      case 'tosubclass':
        flavor |= WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS;
        break;
      case 'nottosubclass':
        flavor &= ~WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS;
        break;
      case 'toinstance':
        flavor |= WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE;
        break;
      case 'nottoinstance':
        flavor &= ~WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE;
        break;
      case 'restricted':
        flavor &= ~(
          WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS | WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE
        );
        break;
      default:
        flavor |= WBEM_FLAVOR_AMENDED;
    }
  }
  return flavor;
}

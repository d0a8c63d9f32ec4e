/**
 * @module A qualifier declaration (DSP0004 "qualifier type"): what MOF's `Qualifier Name : type
 * = default, Scope(...), Flavor(...)` declares for a namespace.
 */
import type { CimValue } from './cim-value.js';

/** Every scope a declaration may name (DSP0004 `Scope(...)`); `any` admits every element. */
export const QUALIFIER_SCOPES = [
  'class',
  'association',
  'indication',
  'property',
  'reference',
  'method',
  'parameter',
  'any',
] as const;

export type QualifierScope = (typeof QUALIFIER_SCOPES)[number];

const SCOPE_SET: ReadonlySet<unknown> = new Set(QUALIFIER_SCOPES);

/** Whether `value` is a scope keyword: MOF declarations and API callers are checked alike. */
export function isQualifierScope(value: unknown): value is QualifierScope {
  return SCOPE_SET.has(value);
}

export interface QualifierDeclaration {
  readonly name: string;
  readonly type: number;
  readonly isArray: boolean;
  readonly arraySize?: number;
  /** Default value; `null` when none. */
  readonly value: CimValue;
  readonly scopes: readonly QualifierScope[];
  /** `WBEM_FLAVOR_*` bits of the default flavor. */
  readonly flavor: number;
}

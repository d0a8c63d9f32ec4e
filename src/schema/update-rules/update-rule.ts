/**
 * @module The shape of an update rule (spec §5.2): a pure check over what an update of an
 * existing class would do. Rules run in the order of `update-rules/index.ts` until one accepts or
 * fails; running off the end accepts.
 */
import type { ClassRecord } from '../../model/change-set.js';
import type { ClassStoreReader } from '../../model/class-store-reader.js';
import type { WbemError } from '../../wbem/wbem-error.js';
import type { ChangeKind } from '../classify-change.js';
import type { PutClassIntent } from '../index.js';
import type { Rederivation } from '../rederive-descendants.js';

export interface UpdateContext {
  readonly intent: PutClassIntent;
  readonly view: ClassStoreReader;
  /** The stored record. */
  readonly old: ClassRecord;
  /** The submitted definition, resolved under its (possibly new) superclass. */
  readonly next: ClassRecord;
  readonly change: ChangeKind;
  /** `__SUPERCLASS` changed. */
  readonly reparented: boolean;
  readonly hasChildren: boolean;
  /** Stored instances of the class itself. */
  readonly ownInstances: number;
  /** Provider-backed class (its instances are not the repository's). */
  readonly dynamic: boolean;
  /** Descendants that have stored instances (computed on first use). */
  readonly descendantsWithInstances: () => readonly string[];
  /** The descendants re-derived under `next` in the intent's mode (computed on first use). */
  readonly rederive: () => Rederivation;
}

export type UpdateVerdict =
  | { readonly kind: 'continue' }
  | { readonly kind: 'accept'; readonly deleteInstancesOf?: readonly string[] }
  | { readonly kind: 'fail'; readonly error: WbemError };

export interface UpdateRule {
  /** Names the spec row the rule implements, for messages and tests. */
  readonly name: string;
  readonly check: (ctx: UpdateContext) => UpdateVerdict;
}

export const CONTINUE: UpdateVerdict = { kind: 'continue' };
// Stryker disable next-line ObjectLiteral,StringLiteral: putClass acts only on a `fail` verdict and on deleteInstancesOf
export const ACCEPT: UpdateVerdict = { kind: 'accept' };

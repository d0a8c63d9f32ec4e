/**
 * @module `PutClass` phase 2 (spec §2.3): every check after the synchronous ones, in the spec's
 * order, then one `Mutation`: the target's record first, then each descendant whose record
 * changed, instance deletions where force mode applies (A2), and one class event (A9: also for
 * an update that changes nothing).
 *
 * ```
 * genus → name present → name rules → amended → existence vs CREATE/UPDATE_ONLY
 *   → superclass (exists, derivable, not circular) → definition (§4) → update rules (§5) → Mutation
 * ```
 */
import type { ClassRecord } from '../model/change-set.js';
import type { CimClass } from '../model/cim-class.js';
import { isSystemName } from '../model/cim-name-grammar.js';
import { modelEqualsOrdered } from '../model/cim-value-equals.js';
import type { ClassStoreReader } from '../model/class-store-reader.js';
import { nameKey, sameName } from '../model/names.js';
import type { WbemEvent } from '../model/wbem-event.js';
import {
  WBEM_E_ALREADY_EXISTS,
  WBEM_E_AMENDED_OBJECT,
  WBEM_E_CIRCULAR_REFERENCE,
  WBEM_E_INVALID_OBJECT,
  WBEM_E_INVALID_SUPERCLASS,
  WBEM_E_NOT_FOUND,
  WBEM_E_QUOTA_VIOLATION,
} from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import { changeSet } from './change-set-of.js';
import { findConflicts } from './class-conflicts.js';
import {
  derivationBelow,
  derivesFrom,
  descendantNames,
  findClass,
  MAX_CLASS_DEPTH,
  rememberDerivation,
} from './class-lookup.js';
import { isDynamic } from './class-traits.js';
import { classView } from './class-view.js';
import { type ChangeKind, classifyChange } from './classify-change.js';
import { MISSING_SUPERCLASS_HRESULT, WMI_RULES } from './decisions.js';
import type { Mutation, OperationEnv, PutClassIntent } from './index.js';
import { inputError } from './read-input.js';
import { type Rederivation, rederiveDescendants } from './rederive-descendants.js';
import { resolveClass } from './resolve-class.js';
import { isDerivableSystemClass } from './system-classes.js';
import { runUpdateRules, type UpdateContext } from './update-rules/index.js';
import {
  type ClassHeader,
  checkClassName,
  readClassBody,
  readClassHeader,
} from './validate-class.js';

const fail = (hresult: number, message: string): never => {
  throw new WbemError(hresult, { message });
};

/** The superclass record named by the header, or `null` for a base class. */
function superclassOf(
  view: ClassStoreReader,
  raw: unknown,
  name: string,
  exists: boolean,
): ClassRecord | null {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw !== 'string')
    return fail(WBEM_E_INVALID_OBJECT, 'the superclass name is not a string');
  if (exists && sameName(raw, name))
    return fail(WBEM_E_CIRCULAR_REFERENCE, `${name} cannot derive from itself`);
  const parent = findClass(view, raw);
  if (parent === undefined) {
    return fail(
      MISSING_SUPERCLASS_HRESULT,
      `superclass ${JSON.stringify(raw.slice(0, 300))} does not exist`,
    );
  }
  if (isSystemName(raw) && !isDerivableSystemClass(raw)) {
    return fail(
      WBEM_E_INVALID_SUPERCLASS,
      `system class ${parent.local.name} cannot be derived from`,
    );
  }
  if (exists) {
    const target = nameKey(name);
    let current: string | null = parent.local.superclass;
    // Stryker disable next-line EqualityOperator: a bound against a damaged store's cycle; one step more or less is no matter
    for (let steps = 0; current !== null && steps <= view.classCount(); steps++) {
      if (nameKey(current) === target) {
        return fail(WBEM_E_CIRCULAR_REFERENCE, `${parent.local.name} derives from ${name}`);
      }
      current = findClass(view, current)?.local.superclass ?? null;
    }
  }
  return parent;
}

/**
 * The first two phase-2 steps of PutClass (spec §2.3: genus, then a name), read once where the
 * class object enters: the actor's turn needs the name for the write right before the rest.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER (no object, or one whose parts cannot be read),
 * WBEM_E_INVALID_CLASS (an instance), WBEM_E_INVALID_OBJECT, WBEM_E_INCOMPLETE_CLASS.
 */
export function readPutClassHeader(cls: unknown): ClassHeader {
  try {
    return readClassHeader(cls);
  } catch (thrown) {
    throw inputError('the class object', thrown);
  }
}

/**
 * Phase 2 of PutClass over a namespace's read view. Mirrors `IWbemServices::PutClassAsync`
 * after its synchronous checks. `cls` may be anything: defects get the spec's HRESULT.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER, WBEM_E_INVALID_CLASS, WBEM_E_INVALID_OBJECT,
 * WBEM_E_INCOMPLETE_CLASS, WBEM_E_INVALID_OPERATION, WBEM_E_QUOTA_VIOLATION,
 * WBEM_E_AMENDED_OBJECT, WBEM_E_ALREADY_EXISTS, WBEM_E_NOT_FOUND, WBEM_E_INVALID_SUPERCLASS,
 * WBEM_E_CIRCULAR_REFERENCE, the definition codes of `readClassBody` and `findConflicts`, and
 * the update codes of spec §5 (WBEM_E_CLASS_HAS_CHILDREN, WBEM_E_CLASS_HAS_INSTANCES,
 * WBEM_E_UPDATE_*, WBEM_E_CANNOT_CHANGE_*_INHERITANCE, ...). The intent is trusted: it comes
 * from `parsePutClassFlags`.
 */
export function putClass(
  view: ClassStoreReader,
  cls: unknown,
  intent: PutClassIntent,
  env: OperationEnv,
): Mutation {
  return putClassFromHeader(view, readPutClassHeader(cls), intent, env);
}

/** The events of a mutation nobody watches: the same empty list for every put. */
const NO_EVENTS: readonly WbemEvent[] = Object.freeze([]);

/**
 * `putClass` from the name rules on, for a class object whose header `readPutClassHeader` read.
 * `events: false` (an actor whose namespace nobody watches drops the events unread) leaves out
 * the class event and the class views it carries, which are a good part of what a create
 * allocates; the change set is the same.
 * @throws {WbemError} as `putClass`, except the header's own codes.
 */
export function putClassFromHeader(
  view: ClassStoreReader,
  header: ClassHeader,
  intent: PutClassIntent,
  env: OperationEnv,
  events = true,
): Mutation {
  checkClassName(header.name);
  if (header.amended && !intent.useAmendedQualifiers) {
    fail(
      WBEM_E_AMENDED_OBJECT,
      `${header.name} was read with amended qualifiers; write it with WBEM_FLAG_USE_AMENDED_QUALIFIERS`,
    );
  }
  const existing = view.getClass(header.name);
  if (existing !== undefined && intent.mode === 'create-only') {
    fail(WBEM_E_ALREADY_EXISTS, `class ${existing.local.name} already exists`);
  }
  if (existing === undefined && intent.mode === 'update-only') {
    fail(WBEM_E_NOT_FOUND, `class ${header.name} does not exist`);
  }
  const parent = superclassOf(view, header.superclass, header.name, existing !== undefined);
  // A19: an update that changes only the case of the name keeps the stored spelling.
  const name = existing?.local.name ?? header.name;
  let local: CimClass;
  try {
    local = readClassBody(header, name, parent?.local.name ?? null, intent.useAmendedQualifiers);
  } catch (thrown) {
    throw inputError('the class definition', thrown);
  }
  // One walk up the chain serves the depth limit and the creation event's `__DERIVATION`.
  const derivation = parent == null ? [] : derivationBelow(view, parent);
  if (derivation.length >= MAX_CLASS_DEPTH) {
    fail(
      WBEM_E_QUOTA_VIOLATION,
      `${name} would have ${derivation.length} ancestors: a chain holds at most ${MAX_CLASS_DEPTH} classes`,
    );
  }
  const parentView = parent?.resolved ?? null;
  const resolved = resolveClass(local, parentView);
  const rules = env.rules ?? WMI_RULES;
  const conflict = findConflicts(
    local,
    resolved,
    parentView,
    (a, b) => derivesFrom(view, a, b),
    rules,
  )[0];
  if (conflict !== undefined) fail(conflict.hresult, conflict.message);
  const record: ClassRecord = { local, resolved };
  rememberDerivation(view, resolved, derivation);
  if (existing === undefined) {
    const changes = changeSet({ putClasses: [record] });
    if (!events) return { changes, events: NO_EVENTS };
    const event: WbemEvent = {
      eventClass: '__ClassCreationEvent',
      namespace: env.namespace,
      timeCreated: env.now(),
      targetClass: classView(view, resolved, env, false, derivation),
    };
    return { changes, events: [event] };
  }
  return update(view, existing, record, intent, env, events);
}

// Stryker disable next-line ArrayDeclaration: `update` reads only `changed` and `error` of it
const NOTHING_REDERIVED: Rederivation = { changed: [], altered: [] };

/**
 * The stored record itself when the put leaves it exactly as it is (local definition and
 * resolved view equal, in order, field by field), else `next`. A store writes nothing for a
 * record that is the one it holds (`ChangeSet.putClasses`): a schema's MOF loaded again over
 * itself, as an upgrade does for every class it did not change, then costs no encoding and no
 * disk write per class. The put is still an update: its rights checks and its event are the same.
 */
function storedIfSame(old: ClassRecord, next: ClassRecord, change: ChangeKind): ClassRecord {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: fast paths; equal in order implies `unchanged`, and resolution shows every difference of the local definition in the view
  return change === 'unchanged' &&
    modelEqualsOrdered(old.local, next.local) &&
    modelEqualsOrdered(old.resolved, next.resolved)
    ? old
    : next;
}

function update(
  view: ClassStoreReader,
  old: ClassRecord,
  next: ClassRecord,
  intent: PutClassIntent,
  env: OperationEnv,
  events: boolean,
): Mutation {
  const name = old.local.name;
  let derivation: Rederivation | undefined;
  let holders: string[] | undefined;
  let hasChildren: boolean | undefined;
  let ownInstances: number | undefined;
  const ctx: UpdateContext = {
    intent,
    view,
    old,
    next,
    change: classifyChange(old.local, next.local),
    reparented: !sameName(old.local.superclass ?? '', next.local.superclass ?? ''),
    // Read on first use: the rules accept an unchanged or cosmetic update before any asks.
    get hasChildren() {
      hasChildren ??= view.subclassNames(name).length > 0;
      return hasChildren;
    },
    get ownInstances() {
      ownInstances ??= view.instanceCount(name);
      return ownInstances;
    },
    dynamic: isDynamic(old.resolved) || isDynamic(next.resolved),
    descendantsWithInstances: () => {
      holders ??= descendantNames(view, name).filter((n) => view.instanceCount(n) > 0);
      return holders;
    },
    rederive: () => {
      derivation ??= rederiveDescendants(
        view,
        name,
        old.resolved,
        next.resolved,
        intent.update === 'force',
        env.rules ?? WMI_RULES,
      );
      return derivation;
    },
  };
  const verdict = runUpdateRules(ctx);
  if (verdict.kind === 'fail') throw verdict.error;
  const written = storedIfSame(old, next, ctx.change);
  // A class put back as stored leaves its resolved view as it was: nothing below it changes.
  // Stryker disable next-line ConditionalExpression: a fast path; re-deriving under an equal view changes nothing
  const { changed, error } = written === old ? NOTHING_REDERIVED : ctx.rederive();
  // Stryker disable next-line ConditionalExpression: the safe- and force-mode rules have already failed with this error when there is one (an unconditional throw of `undefined` is a crash, reported as a runtime error)
  if (error !== undefined) throw error;
  const changes = changeSet({
    putClasses: [written, ...changed],
    deleteInstancesOf: verdict.deleteInstancesOf ?? [],
  });
  if (!events) return { changes, events: NO_EVENTS };
  const event: WbemEvent = {
    eventClass: '__ClassModificationEvent',
    namespace: env.namespace,
    timeCreated: env.now(),
    targetClass: classView(view, next.resolved, env),
    previousClass: classView(view, old.resolved, env),
  };
  return { changes, events: [event] };
}

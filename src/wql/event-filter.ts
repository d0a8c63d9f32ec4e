/**
 * @module A notification query compiled into a filter over the engine's events.
 *
 * `WITHIN n` is accepted and kept but never required. WMI requires it only where it must poll:
 * instance events of classes whose provider raises no events itself. Every class and instance
 * here lives in the repository, which raises its intrinsic events on each change as WMI's
 * repository does for static instances and for classes, so no query needs polling.
 */
import type { CimInstance } from '../model/cim-instance.js';
import { nameKey } from '../model/names.js';
import type { WbemEvent } from '../model/wbem-event.js';
import {
  WBEM_E_INVALID_CLASS,
  WBEM_E_INVALID_QUERY,
  WBEM_E_NOT_EVENT_CLASS,
} from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import type { WqlExpression, WqlSelect } from './ast.js';
import {
  compileValueTest,
  compileWhere,
  type ValueTest,
  type WqlPredicate,
} from './compile-where.js';

import { EVENT_DERIVATION, raisedClassesUnder } from './event-classes.js';
import { eventObject } from './event-object.js';
import { forEachProperty } from './expression-properties.js';
import { SYSTEM_PROPERTY_KEYS } from './object-values.js';
import { parseWql } from './parse-wql.js';
import type { WqlReader } from './wql-reader.js';

/** The embedded objects an `ISA` conjunct can pin, which the subscription index keys on. */
export type EventTargetProperty =
  | 'TargetInstance'
  | 'TargetClass'
  | 'PreviousInstance'
  | 'PreviousClass';

export interface EventFilter {
  readonly query: WqlSelect;
  /** The raised event classes (`WbemEvent.eventClass`) this query can receive. */
  readonly eventClasses: readonly string[];
  /** A top-level `<property> ISA 'Class'` conjunct: every matching event satisfies it. */
  readonly target?: { readonly property: EventTargetProperty; readonly className: string };
  matches(event: WbemEvent): boolean;
  /** `matches` on an event object already built with `eventObject` (shared across filters). */
  matchesObject(event: CimInstance): boolean;
  /** The WHERE clause alone, for callers that already know the event class is one of `eventClasses`. */
  matchesWhere(event: CimInstance): boolean;
  /**
   * The WHERE clause without its `target` conjunct, for callers that already know both the event
   * class and that the target object is of `target.className` (the subscription index, which found
   * the filter under that class in the target's lineage). Same as `matchesWhere` without a target.
   */
  matchesBeyondTarget(event: CimInstance): boolean;
  /**
   * `matchesBeyondTarget` as one property path and a test of its value, when what is left beyond
   * the target conjunct is a comparison with a constant (and no reader fills in values):
   * `matchesBeyondTarget(o) === beyondTargetTest.test(valueAtPath(o, beyondTargetTest.path))`.
   * The subscription index reads each such path once per event for all the filters testing it.
   */
  readonly beyondTargetTest?: ValueTest;
  /**
   * The WHERE clause is its `target` conjunct alone: `matchesBeyondTarget` is always true, so a
   * caller that found the filter under the target's lineage need not build the event object.
   */
  readonly targetOnly: boolean;
}

const TARGETS = new Map<string, EventTargetProperty>(
  (['TargetInstance', 'TargetClass', 'PreviousInstance', 'PreviousClass'] as const).map((p) => [
    nameKey(p),
    p,
  ]),
);

/** Properties of each intrinsic event family, lower-case (system properties come on top). */
const FAMILY_PROPERTIES = new Map<string, ReadonlySet<string>>([
  ['__instanceoperationevent', new Set(['targetinstance', 'previousinstance'])],
  ['__classoperationevent', new Set(['targetclass', 'previousclass'])],
  ['__namespaceoperationevent', new Set(['targetnamespace', 'previousnamespace'])],
]);
const COMMON_PROPERTIES = new Set(['time_created', 'security_descriptor']);

export interface EventFilterOptions {
  /** When given, `FROM` and `ISA` class names are checked against the namespace's classes. */
  readonly reader?: Pick<WqlReader, 'getClass' | 'derivation'>;
}

interface RaisedUnder {
  readonly eventClasses: readonly string[];
  /** `eventClasses` as `nameKey`s. */
  readonly wanted: ReadonlySet<string>;
}

function raisedUnder(from: string): RaisedUnder {
  const eventClasses = raisedClassesUnder(from);
  return { eventClasses, wanted: new Set(eventClasses.map(nameKey)) };
}

/** `raisedUnder` of each system event class, shared by every filter on it. */
const RAISED_UNDER: ReadonlyMap<string, RaisedUnder> = new Map(
  [...EVENT_DERIVATION.keys()].map((key) => [key, raisedUnder(key)]),
);

const always: WqlPredicate = () => true;

/** A predicate compiled when it is first called. */
function onFirstUse(compile: () => WqlPredicate): WqlPredicate {
  let predicate: WqlPredicate | undefined;
  return (o) => {
    predicate ??= compile();
    return predicate(o);
  };
}

/**
 * Compiles `SELECT ... FROM <event class> [WITHIN n] [WHERE ...] [GROUP ...]`.
 *
 * Mirrors the query checks of `IWbemServices::ExecNotificationQuery`.
 * @throws {WbemError} WBEM_E_INVALID_QUERY / WBEM_E_NOT_SUPPORTED from `parseWql`, and for an
 * association query or a property the event class lacks; WBEM_E_NOT_EVENT_CLASS when `FROM`
 * names a class that is not an event class; WBEM_E_INVALID_CLASS when `FROM` or an `ISA` names no
 * class.
 */
export function compileEventQuery(
  query: string | WqlSelect,
  options: EventFilterOptions = {},
): EventFilter {
  const parsed = typeof query === 'string' ? parseWql(query) : query;
  if (parsed.kind !== 'select') {
    throw new WbemError(WBEM_E_INVALID_QUERY, {
      message:
        'a notification query is SELECT ... FROM an event class, not ASSOCIATORS/REFERENCES OF',
    });
  }
  const reader = options.reader;
  const known = EVENT_DERIVATION.get(nameKey(parsed.from));
  if (known === undefined) checkExtrinsic(parsed.from, reader);
  else checkEventProperties(parsed, [known.name, ...known.derivation]);
  if (reader !== undefined && parsed.where !== undefined) checkIsaClasses(parsed.where, reader);
  const { eventClasses, wanted } =
    RAISED_UNDER.get(nameKey(parsed.from)) ?? raisedUnder(parsed.from);
  const where = parsed.where;
  const target = where === undefined ? undefined : findTarget(where);
  const rest = where === undefined ? undefined : withoutTarget(where);
  const beyondTargetTest =
    target === undefined || rest === undefined || reader !== undefined
      ? undefined
      : compileValueTest(rest);
  // With 10,000 open queries, every compiled predicate a filter holds is heap the collector
  // marks, and the garbage of compiling them is what it collects during the first burst after
  // subscribing: a predicate dispatch does not use is compiled on first use. Whatever can throw
  // (a LIKE pattern) is still compiled here: `rest` holds all of the WHERE clause but an ISA.
  const test: WqlPredicate =
    where === undefined
      ? always
      : target === undefined
        ? compileWhere(where, reader)
        : onFirstUse(() => compileWhere(where, reader));
  const beyondTarget: WqlPredicate =
    target === undefined
      ? test
      : rest === undefined
        ? always
        : beyondTargetTest === undefined
          ? compileWhere(rest, reader)
          : onFirstUse(() => compileWhere(rest, reader));
  const matchesObject = (event: CimInstance): boolean =>
    wanted.has(nameKey(event.className)) && test(event);
  return {
    query: parsed,
    eventClasses,
    ...(target === undefined ? {} : { target }),
    ...(beyondTargetTest === undefined ? {} : { beyondTargetTest }),
    targetOnly: target !== undefined && rest === undefined,
    matchesObject,
    matchesWhere: test,
    matchesBeyondTarget: beyondTarget,
    matches: (event) => wanted.has(nameKey(event.eventClass)) && test(eventObject(event)),
  };
}

/** A FROM name outside the system event classes: an extrinsic event class, or an error. */
function checkExtrinsic(from: string, reader: EventFilterOptions['reader']): void {
  const derivation = reader?.derivation(from) ?? [];
  if (derivation.some((a) => nameKey(a) === '__extrinsicevent')) return;
  if (reader?.getClass(from) !== undefined) {
    throw new WbemError(WBEM_E_NOT_EVENT_CLASS, { message: `${from} is not an event class` });
  }
  throw new WbemError(WBEM_E_INVALID_CLASS, { message: `no event class ${from}` });
}

function checkEventProperties(query: WqlSelect, lineage: readonly string[]): void {
  let allowed: ReadonlySet<string> | undefined;
  for (const cls of lineage) allowed ??= FAMILY_PROPERTIES.get(nameKey(cls));
  if (allowed === undefined) return;
  const check = (path: readonly string[]): void => {
    const first = nameKey(path[0] as string);
    if (allowed.has(first) || COMMON_PROPERTIES.has(first) || SYSTEM_PROPERTY_KEYS.has(first))
      return;
    throw new WbemError(WBEM_E_INVALID_QUERY, {
      message: `${query.from} has no property ${path.join('.')}`,
    });
  };
  for (const p of query.properties ?? []) check(p.path);
  if (query.where !== undefined) forEachProperty(query.where, (p) => check(p.path));
  for (const p of query.group?.by ?? []) check(p.path);
}

function checkIsaClasses(
  e: WqlExpression,
  reader: NonNullable<EventFilterOptions['reader']>,
): void {
  switch (e.kind) {
    case 'and':
    case 'or':
      checkIsaClasses(e.left, reader);
      checkIsaClasses(e.right, reader);
      return;
    case 'not':
      checkIsaClasses(e.operand, reader);
      return;
    case 'isa':
      if (reader.getClass(e.className) === undefined) {
        throw new WbemError(WBEM_E_INVALID_CLASS, {
          message: `ISA names no class: ${e.className}`,
        });
      }
      return;
    default:
  }
}

/**
 * The expression with the conjunct `findTarget` picks removed (`undefined` when nothing is left).
 * Only AND nodes are walked, as `findTarget` does, so the same node goes.
 */
function withoutTarget(e: WqlExpression): WqlExpression | undefined {
  if (e.kind === 'and') {
    if (findTarget(e.left) !== undefined) {
      const left = withoutTarget(e.left);
      return left === undefined ? e.right : { kind: 'and', left, right: e.right };
    }
    const right = withoutTarget(e.right);
    return right === undefined ? e.left : { kind: 'and', left: e.left, right };
  }
  return findTarget(e) === undefined ? e : undefined;
}

function findTarget(e: WqlExpression): EventFilter['target'] {
  if (e.kind === 'and') return findTarget(e.left) ?? findTarget(e.right);
  if (e.kind !== 'isa' || e.property.path.length !== 1) return undefined;
  const property = TARGETS.get(nameKey(e.property.path[0] as string));
  return property === undefined ? undefined : { property, className: e.className };
}

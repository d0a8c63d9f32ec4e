/**
 * @module `__DERIVATION` in shared form: a class's ancestors as a linked chain, so that the
 * classes of one hierarchy share their ancestors instead of each holding a copy.
 *
 * Every class of a deep enumeration carries its whole derivation, d²/2 names for a chain of d
 * classes (8.4 million at the depth limit). Built, sent and decoded as arrays, those names cost
 * the host and the caller's thread time and garbage in proportion to d²; as a chain, a class adds
 * one link to its superclass's chain. Readers still see a plain array: system properties built
 * by `withLazyDerivation` materialise it on the first read of `__DERIVATION` and keep it
 * there as an ordinary data property, so spread, `JSON.stringify`, structured clone and
 * `deepStrictEqual` see exactly what an eagerly built array gave them. The chain itself sits
 * under a non-enumerable symbol, which all of those ignore.
 */

/** One ancestor (`name`) and, through `next`, the rest of the chain, nearest first. */
export interface DerivationChain {
  readonly name: string;
  readonly next: DerivationChain | null;
  /** The last name of the chain: the root of the hierarchy (`__DYNASTY`). */
  readonly dynasty: string;
  readonly length: number;
}

/** The chain `name, ...next`. */
export function derivationLink(name: string, next: DerivationChain | null): DerivationChain {
  return next === null
    ? { name, next, dynasty: name, length: 1 }
    : { name, next, dynasty: next.dynasty, length: next.length + 1 };
}

/** The chain of `names` (nearest first); `null` for none. */
export function derivationChainOf(names: readonly string[]): DerivationChain | null {
  let chain: DerivationChain | null = null;
  for (let i = names.length - 1; i >= 0; i--) chain = derivationLink(names[i] as string, chain);
  return chain;
}

/** The names of `chain`, nearest first, as a new array. */
export function derivationNames(chain: DerivationChain | null): string[] {
  const out = new Array<string>(chain?.length ?? 0);
  let i = 0;
  for (let at = chain; at !== null; at = at.next) out[i++] = at.name;
  return out;
}

/** What a lazily derived `__DERIVATION` keeps until (and after) its first read. */
interface LazyState {
  readonly chain: DerivationChain | null;
  names: string[] | undefined;
}

const kLazy = Symbol('derivation chain');

/** The data property an eager `__DERIVATION` is, holding `value`. */
function settle(target: object, value: unknown): void {
  Reflect.defineProperty(target, '__DERIVATION', {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

/**
 * Shared by every lazy object, so that `lazyDerivation` can tell an untouched one from one a
 * reader replaced. It turns itself into a data property on first read: later reads cost what an
 * eager array costs, and the property then looks exactly as an eager one. A frozen object cannot
 * take the data property; the array is kept in the state so that every read still returns the
 * same one.
 */
function readDerivation(this: object): string[] {
  const state = (this as { [kLazy]?: LazyState })[kLazy];
  if (state === undefined) return [];
  state.names ??= derivationNames(state.chain);
  settle(this, state.names);
  return state.names;
}

/** An assignment before any read replaces the value, as it would on an eager array. */
function writeDerivation(this: object, value: unknown): void {
  settle(this, value);
}

/** Node's `util.inspect` hook; a registered symbol, so the model imports nothing of Node. */
const kInspect = Symbol.for('nodejs.util.inspect.custom');

/**
 * What `util.inspect` (and so `console.log`) shows: the plain object, names included, as an
 * eager one shows it, rather than `__DERIVATION: [Getter/Setter]`.
 */
function inspectLazy(this: object): object {
  return { ...this };
}

const LAZY_DERIVATION: PropertyDescriptor = {
  get: readDerivation,
  set: writeDerivation,
  enumerable: true,
  configurable: true,
};

/**
 * A copy of `systemProperties` (same keys, same order) whose `__DERIVATION` is the names of
 * `chain`, materialised on first read.
 *
 * Built key by key on a fresh object, with the one shared getter: every such object then follows
 * the same hidden-class transitions and stays a fast object. Turning a data property of an
 * existing object into an accessor instead would make each one a dictionary (0.76 KB more per
 * decoded class, bench/RESULTS.md).
 */
export function withLazyDerivation<T extends object>(
  systemProperties: T,
  chain: DerivationChain | null,
): T {
  const out: Record<string, unknown> = {};
  const from = systemProperties as Record<string, unknown>;
  for (const key of Object.keys(from)) {
    if (key === '__DERIVATION') Object.defineProperty(out, key, LAZY_DERIVATION);
    else out[key] = from[key];
  }
  const state: LazyState = { chain, names: undefined };
  Object.defineProperty(out, kLazy, { value: state });
  Object.defineProperty(out, kInspect, { value: inspectLazy });
  return out as T;
}

/**
 * The length of the chain a lazy `__DERIVATION` was built from, without checking that the
 * property still holds it; `undefined` for an eager one. A cheap test before `lazyDerivation`,
 * which reads the property's descriptor.
 */
export function lazyDerivationLength(systemProperties: object): number | undefined {
  const state = (systemProperties as { [kLazy]?: LazyState })[kLazy];
  return state === undefined ? undefined : (state.chain?.length ?? 0);
}

/**
 * The chain behind `systemProperties.__DERIVATION` when it still holds exactly that chain's
 * names: `undefined` for an eager array, and for a materialised one a reader changed (checked
 * name by name, which costs what reading the array costs).
 */
export function lazyDerivation(systemProperties: object): DerivationChain | null | undefined {
  const state = (systemProperties as { [kLazy]?: LazyState })[kLazy];
  if (state === undefined) return undefined;
  const own = Object.getOwnPropertyDescriptor(systemProperties, '__DERIVATION');
  if (own === undefined) return undefined;
  if (own.get === readDerivation) return state.chain;
  return sameNames(own.value, state.chain) ? state.chain : undefined;
}

function sameNames(value: unknown, chain: DerivationChain | null): boolean {
  if (!Array.isArray(value) || value.length !== (chain?.length ?? 0)) return false;
  let i = 0;
  for (let at = chain; at !== null; at = at.next) if (value[i++] !== at.name) return false;
  return true;
}

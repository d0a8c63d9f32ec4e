/**
 * @module The engine's table of namespace descriptors and the rights they grant, kept on the main
 * thread so phase-1 checks answer synchronously. The actor of each namespace persists that
 * namespace's explicit descriptor; this table mirrors it (loaded at activation, updated after a
 * successful `setSecurityDescriptor`) and memoises rights per (namespace, principal).
 */
import { nameKey } from '../model/names.js';
import type { DescriptorChain } from './effective-rights.js';
import { effectiveDescriptor, effectiveRights, ownsNamespace } from './effective-rights.js';
import type { SecurityDescriptor } from './security-descriptor.js';
import { explicitDescriptor } from './security-descriptor.js';
import type { SecurityPolicy } from './security-policy.js';

/**
 * Answers kept by spelling at most: a caller naming ever new spellings (a server's clients) starts
 * the table again instead of growing it.
 */
const SPELLINGS_KEPT = 4_096;

const pathKey = (path: string): string =>
  path
    .split(/[\\/]/)
    .filter((part) => part.length > 0)
    .map(nameKey)
    .join('/');

/** One engine's namespace descriptors; create one per engine (no shared module state). */
export class NamespaceSecurity {
  readonly policy: SecurityPolicy;
  readonly #explicit = new Map<string, SecurityDescriptor>();
  readonly #loaded = new Set<string>();
  readonly #rights = new Map<string, number>();
  /**
   * The same answers by the path and principal exactly as a caller spells them (path, then
   * principal): every call of a connection asks with the same two strings, and a hit here builds
   * no key. Emptied with `#rights`, and when it holds `SPELLINGS_KEPT` answers.
   */
  readonly #bySpelling = new Map<string, Map<string, number>>();
  #spellings = 0;
  #generation = 0;

  constructor(policy: SecurityPolicy) {
    this.policy = policy;
  }

  /**
   * Bumped by every change that can alter rights: a holder of rights computed under an older
   * generation computes them again (open notification queries re-check on each delivery).
   */
  get generation(): number {
    return this.#generation;
  }

  /** Sets (or with `undefined` clears) the explicit descriptor of a namespace path (`root/cimv2`). */
  setDescriptor(path: string, sd: SecurityDescriptor | undefined): void {
    const key = pathKey(path);
    this.#loaded.add(key);
    if (sd === undefined) this.#explicit.delete(key);
    else this.#explicit.set(key, explicitDescriptor(sd));
    // A change reaches every descendant through inheritance, so every memoised answer may be stale.
    this.#forgetRights();
    this.#generation += 1;
  }

  /** Whether `setDescriptor` was called for the path (its stored descriptor has been read). */
  isLoaded(path: string): boolean {
    return this.#loaded.has(pathKey(path));
  }

  /** The explicit descriptor of a namespace, as stored; `undefined` when it only inherits. */
  explicitDescriptorOf(path: string): SecurityDescriptor | undefined {
    return this.#explicit.get(pathKey(path));
  }

  /** Forgets a deleted namespace and its descendants. */
  dropNamespace(path: string): void {
    const key = pathKey(path);
    for (const candidate of [...this.#explicit.keys()])
      if (candidate === key || candidate.startsWith(`${key}/`)) this.#explicit.delete(candidate);
    for (const candidate of [...this.#loaded])
      if (candidate === key || candidate.startsWith(`${key}/`)) this.#loaded.delete(candidate);
    this.#forgetRights();
    this.#generation += 1;
  }

  /** `root` first, the namespace last. */
  chainOf(path: string): DescriptorChain {
    const parts = pathKey(path).split('/');
    return parts.map((_, i) => this.#explicit.get(parts.slice(0, i + 1).join('/')));
  }

  /** What `getSecurityDescriptor` returns: explicit entries, then inherited ones. */
  effectiveDescriptorOf(path: string): SecurityDescriptor {
    return effectiveDescriptor(this.chainOf(path), this.policy);
  }

  /**
   * Whether `principal` owns `path` (see `ownsNamespace`): it may then use the descriptor calls
   * without `WBEM_ENABLE`, and name a new owner.
   */
  owns(path: string, principal: string): boolean {
    return ownsNamespace(this.chainOf(path), principal, this.policy);
  }

  /** The rights `principal` holds on `path` (memoised until the next descriptor change). */
  rightsOf(path: string, principal: string): number {
    let spelled = this.#bySpelling.get(path);
    const known = spelled?.get(principal);
    if (known !== undefined) return known;
    const memo = `${pathKey(path)}\u0000${nameKey(principal)}`;
    let rights = this.#rights.get(memo);
    if (rights === undefined) {
      rights = effectiveRights(this.chainOf(path), principal, this.policy);
      this.#rights.set(memo, rights);
    }
    if (this.#spellings >= SPELLINGS_KEPT) {
      this.#bySpelling.clear();
      this.#spellings = 0;
      spelled = undefined;
    }
    if (spelled === undefined) {
      spelled = new Map();
      this.#bySpelling.set(path, spelled);
    }
    spelled.set(principal, rights);
    this.#spellings += 1;
    return rights;
  }

  /** Every memoised answer may be stale after a change that reaches descendants. */
  #forgetRights(): void {
    this.#rights.clear();
    this.#bySpelling.clear();
    this.#spellings = 0;
  }
}

/**
 * @module The open enumeration contexts of the pull operations (DSP0200 §5.3.2): each holds the
 * rest of one enumeration, already encoded, for the principal and namespace that opened it.
 *
 * Results are gathered when the enumeration opens: the engine's enumerations answer in one
 * piece, so a context costs its encoded results in memory, and the bound on open contexts bounds
 * that. A context closes at its end, on CloseEnumeration, or when no pull comes within its
 * operation timeout.
 */

import { randomUUID } from 'node:crypto';
import { WBEM_E_INVALID_PARAMETER, WBEM_E_SERVER_TOO_BUSY } from '../index.js';
import { CimStatusError } from './cim-status.js';

/**
 * What an enumeration yields, which fixes the pull operation that continues it (DSP0200):
 * instances with their paths (PullInstancesWithPath), instance paths (PullInstancePaths), or the
 * instances of OpenQueryInstances, which have no paths (PullInstances).
 */
export type EnumerationKind = 'instances' | 'paths' | 'query-instances';

const KIND_WORDS: Readonly<Record<EnumerationKind, string>> = {
  instances: 'instances with their paths (PullInstancesWithPath)',
  paths: 'instance paths (PullInstancePaths)',
  'query-instances': 'query results (PullInstances)',
};

interface OpenContext {
  readonly principal: string;
  readonly namespace: string;
  readonly items: readonly string[];
  readonly kind: EnumerationKind;
  position: number;
  readonly timeoutMs: number;
  timer: NodeJS.Timeout;
}

export interface EnumerationLimits {
  /** Most contexts open at once, server-wide. */
  readonly maxOpen: number;
  /** Operation timeout when the client gives none, seconds. */
  readonly defaultTimeoutS: number;
  /** Longest operation timeout accepted, seconds. */
  readonly maxTimeoutS: number;
  /** Most objects in one open or pull response. */
  readonly maxObjectCount: number;
}

/** One slice of an enumeration: its items and whether the enumeration has ended. */
export interface EnumerationSlice {
  readonly items: readonly string[];
  /** `null` once the enumeration has ended (and its context is closed). */
  readonly context: string | null;
}

export class EnumerationContexts {
  readonly #open = new Map<string, OpenContext>();
  readonly #limits: EnumerationLimits;

  constructor(limits: EnumerationLimits) {
    this.#limits = limits;
  }

  get limits(): EnumerationLimits {
    return this.#limits;
  }

  get size(): number {
    return this.#open.size;
  }

  /**
   * The operation timeout of an open request, in ms.
   * @throws {CimStatusError} CIM_ERR_INVALID_OPERATION_TIMEOUT for 0 (no timeout) or above the maximum.
   */
  timeoutMs(seconds: number | null): number {
    const s = seconds ?? this.#limits.defaultTimeoutS;
    if (s === 0 || s > this.#limits.maxTimeoutS) {
      throw new CimStatusError(
        'CIM_ERR_INVALID_OPERATION_TIMEOUT',
        WBEM_E_INVALID_PARAMETER,
        `OperationTimeout must be from 1 to ${this.#limits.maxTimeoutS} seconds`,
      );
    }
    return s * 1000;
  }

  /**
   * Starts an enumeration and returns its first slice (up to `maxObjectCount` items).
   * @throws {CimStatusError} CIM_ERR_SERVER_LIMITS_EXCEEDED when too many contexts are open.
   */
  open(
    owner: { principal: string; namespace: string },
    kind: EnumerationKind,
    items: readonly string[],
    maxObjectCount: number,
    timeoutMs: number,
  ): EnumerationSlice {
    this.#checkCount(maxObjectCount);
    const first = items.slice(0, maxObjectCount);
    if (first.length === items.length) return { items: first, context: null };
    if (this.#open.size >= this.#limits.maxOpen) {
      throw new CimStatusError(
        'CIM_ERR_SERVER_LIMITS_EXCEEDED',
        WBEM_E_SERVER_TOO_BUSY,
        `${this.#limits.maxOpen} enumeration contexts are open`,
      );
    }
    const id = randomUUID();
    const ctx: OpenContext = {
      ...owner,
      items,
      kind,
      position: first.length,
      timeoutMs,
      timer: this.#arm(id, timeoutMs),
    };
    this.#open.set(id, ctx);
    return { items: first, context: id };
  }

  /**
   * The next slice of an open context.
   * @throws {CimStatusError} CIM_ERR_INVALID_ENUMERATION_CONTEXT for an unknown, expired or foreign
   * context, or one of the other kind.
   */
  pull(
    owner: { principal: string; namespace: string },
    id: string,
    kind: EnumerationKind,
    maxObjectCount: number,
  ): EnumerationSlice {
    this.#checkCount(maxObjectCount);
    const ctx = this.#find(owner, id);
    if (ctx.kind !== kind) {
      throw new CimStatusError(
        'CIM_ERR_INVALID_ENUMERATION_CONTEXT',
        WBEM_E_INVALID_PARAMETER,
        `the context enumerates ${KIND_WORDS[ctx.kind]}`,
      );
    }
    clearTimeout(ctx.timer);
    const items = ctx.items.slice(ctx.position, ctx.position + maxObjectCount);
    ctx.position += items.length;
    if (ctx.position >= ctx.items.length) {
      this.#open.delete(id);
      return { items, context: null };
    }
    ctx.timer = this.#arm(id, ctx.timeoutMs);
    return { items, context: id };
  }

  /** Items not yet pulled. @throws {CimStatusError} as `pull`. */
  remaining(owner: { principal: string; namespace: string }, id: string): number {
    const ctx = this.#find(owner, id);
    return ctx.items.length - ctx.position;
  }

  /** Closes a context. @throws {CimStatusError} as `pull`. */
  close(owner: { principal: string; namespace: string }, id: string): void {
    const ctx = this.#find(owner, id);
    clearTimeout(ctx.timer);
    this.#open.delete(id);
  }

  /** Closes every context (server shutdown). */
  closeAll(): void {
    for (const ctx of this.#open.values()) clearTimeout(ctx.timer);
    this.#open.clear();
  }

  #checkCount(n: number): void {
    if (n > this.#limits.maxObjectCount) {
      throw new CimStatusError(
        'CIM_ERR_SERVER_LIMITS_EXCEEDED',
        WBEM_E_INVALID_PARAMETER,
        `MaxObjectCount above ${this.#limits.maxObjectCount}`,
      );
    }
  }

  #arm(id: string, ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => this.#open.delete(id), ms);
    timer.unref();
    return timer;
  }

  #find(owner: { principal: string; namespace: string }, id: string): OpenContext {
    const ctx = this.#open.get(id);
    if (
      ctx === undefined ||
      ctx.principal !== owner.principal ||
      ctx.namespace.toLowerCase() !== owner.namespace.toLowerCase()
    ) {
      throw new CimStatusError(
        'CIM_ERR_INVALID_ENUMERATION_CONTEXT',
        WBEM_E_INVALID_PARAMETER,
        'no such enumeration context (closed, expired or never opened)',
      );
    }
    return ctx;
  }
}

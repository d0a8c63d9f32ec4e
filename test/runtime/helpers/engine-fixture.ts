/**
 * @module Shared test helpers: engines on real workers, recording sinks, sample classes.
 */

import type { WbemEngineOptions } from '../../../src/api/engine-options.js';
import { WbemEngine } from '../../../src/api/wbem-engine.js';
import { cimClass, cimProperty, qualifier } from '../../../src/model/cim-builders.js';
import type { CimClass } from '../../../src/model/cim-class.js';
import type { CimObject } from '../../../src/model/cim-value.js';
import type { IWbemObjectSink } from '../../../src/sink/object-sink.js';
import { WBEM_STATUS_COMPLETE } from '../../../src/wbem/flags.js';

/** The host worker entry running the fake schema (tests that pause an actor or need a non-WBEM throw). */
export const FAKE_SCHEMA_HOST = new URL('./fake-schema-host.worker.js', import.meta.url).href;

/** An engine on the real schema (or the fake one with `fake: true`), memory storage. */
export function startEngine(
  options: WbemEngineOptions & { readonly fake?: boolean } = {},
): Promise<WbemEngine> {
  const { fake, ...rest } = options;
  return WbemEngine.start({
    storage: 'memory',
    hosts: 2,
    ...rest,
    ...(fake === true ? { hostWorkerUrl: FAKE_SCHEMA_HOST } : {}),
  });
}

export interface SinkCall {
  readonly method: 'indicate' | 'setStatus';
  readonly flags?: number;
  readonly hResult?: number;
  readonly param?: string | null;
  readonly object?: CimObject | null;
  readonly objects?: readonly CimObject[];
  /** True when the call began while another callback of this sink was running. */
  readonly overlapped: boolean;
}

/** A sink that records every call, and resolves `done` on the final status. */
export class RecordingSink implements IWbemObjectSink {
  readonly calls: SinkCall[] = [];
  readonly done: Promise<SinkCall>;
  #inside = false;
  #resolve!: (call: SinkCall) => void;
  readonly #answer: { indicate?: number | Error; progress?: number | Error };

  constructor(answer: { indicate?: number | Error; progress?: number | Error } = {}) {
    this.#answer = answer;
    this.done = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  indicate(objects: readonly CimObject[]): number | undefined {
    const overlapped = this.#inside;
    this.#inside = true;
    this.calls.push({ method: 'indicate', objects, overlapped });
    this.#inside = false;
    const a = this.#answer.indicate;
    if (a instanceof Error) throw a;
    return a;
  }

  setStatus(
    flags: number,
    hResult: number,
    param: string | null,
    object: CimObject | null,
  ): number | undefined {
    const overlapped = this.#inside;
    this.#inside = true;
    const call: SinkCall = { method: 'setStatus', flags, hResult, param, object, overlapped };
    this.calls.push(call);
    this.#inside = false;
    if (flags === WBEM_STATUS_COMPLETE) {
      this.#resolve(call);
      return undefined;
    }
    const a = this.#answer.progress;
    if (a instanceof Error) throw a;
    return a;
  }

  get finals(): SinkCall[] {
    return this.calls.filter((c) => c.method === 'setStatus' && c.flags === WBEM_STATUS_COMPLETE);
  }
}

/** A class with `count` string properties (and a `DelayMs` qualifier when `delayMs` is given). */
export function sampleClass(
  name: string,
  count = 3,
  extra: { delayMs?: number; superclass?: string } = {},
): CimClass {
  return cimClass({
    name,
    superclass: extra.superclass ?? null,
    qualifiers: [
      qualifier('Description', `test class ${name}`),
      ...(extra.delayMs === undefined ? [] : [qualifier('DelayMs', extra.delayMs)]),
    ],
    properties: Array.from({ length: count }, (_, i) => cimProperty(`P${i}`, 'string')),
  });
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

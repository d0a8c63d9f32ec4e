/**
 * @module Class reads with `WBEM_FLAG_USE_AMENDED_QUALIFIERS` (spec §4.4): the neutral read runs
 * as any call, then, before the caller's sink hears of it, the amendment classes are read from
 * the locale's child namespace (`<ns>/ms_409`) and merged in (`amended-qualifiers.ts`).
 *
 * Two reads composed on the main thread, because each namespace has its own actor, possibly on
 * another host: `schema/` stays per-namespace. The caller's sink is wrapped, so the call stays
 * one call for it: the same indicate batches, one final status, progress passed through, and
 * `CancelAsyncCall` on the caller's sink reaching the call in either read (`cancel`).
 *
 * The amendment namespace is read with the engine's authority: a caller allowed to read the
 * class may read its localized text, as in WMI, where the locale namespace is an implementation
 * detail of the same read.
 */
import type { CimClass } from '../model/cim-class.js';
import type { CimInstance } from '../model/cim-instance.js';
import type { CimObject } from '../model/cim-value.js';
import { nameKey } from '../model/names.js';
import type { IWbemObjectSink } from '../sink/object-sink.js';
import { WBEM_STATUS_COMPLETE, WBEM_STATUS_PROGRESS } from '../wbem/flags.js';
import {
  succeeded,
  WBEM_E_CALL_CANCELLED,
  WBEM_E_NOT_FOUND,
  WBEM_S_NO_ERROR,
} from '../wbem/status.js';
import { toWbemError, WbemError } from '../wbem/wbem-error.js';
import { amendmentNames, isAmendment, withAmendedQualifiers } from './amended-qualifiers.js';
import { INDICATE_BATCH } from './call-registry.js';
import type { EngineCore } from './engine-core.js';
import { extendedStatus } from './extended-status.js';
import { PendingCalls } from './pending-calls.js';
import type { PreparedCall } from './phase1/prepared-call.js';

/** Past this many classes one enumeration of the amendment namespace beats one read per class. */
const READ_EACH_UP_TO = 8;

/** A locale namespace name (`ms_409`) from a connection locale (`MS_409`); undefined when malformed. */
export function localeNamespaceOf(locale: unknown): string | undefined {
  if (typeof locale !== 'string' || !/^ms_[0-9a-f]{1,4}$/i.test(locale)) return undefined;
  return locale.toLowerCase();
}

/** Whether `prepared` is a class read asking for the amended qualifiers. */
export function wantsAmended(prepared: PreparedCall): boolean {
  const { request } = prepared;
  return (
    (request.kind === 'getClass' || request.kind === 'createClassEnum') &&
    request.options?.useAmendedQualifiers === true
  );
}

function read(operation: string, request: PreparedCall['request']): () => PreparedCall {
  return () => ({ operation, sendStatus: false, request });
}

/** One amended read in flight, from the caller's point of view. */
interface AmendedCall {
  /** The sink the engine's registry knows; `null` once the neutral read has finished. */
  registered: IWbemObjectSink | null;
  /** Ends the call with `WBEM_E_CALL_CANCELLED` while the amendments are being read. */
  cancel(): void;
}

/** The amended reads of one connection; see the module note. */
export class AmendedReads {
  readonly #core: EngineCore;
  readonly #namespace: string;
  /** The connection's locale namespace (`ms_409`). */
  readonly #locale: string;
  readonly #pending = new PendingCalls<AmendedCall>();

  constructor(core: EngineCore, namespace: string, locale: string) {
    this.#core = core;
    this.#namespace = namespace;
    this.#locale = locale;
  }

  /**
   * `CancelAsyncCall` for the connection: the amended reads of `sink`, then its other calls.
   * @returns WBEM_S_NO_ERROR, WBEM_E_NOT_FOUND or WBEM_E_INVALID_PARAMETER, as `EngineCore.cancel`.
   */
  cancel(sink: unknown, cancelOthers: (sink: unknown) => number): number {
    const calls = this.#pending.of(sink);
    for (const call of calls) {
      if (call.registered !== null) cancelOthers(call.registered);
      else call.cancel();
    }
    const others = cancelOthers(sink);
    return calls.length > 0 ? WBEM_S_NO_ERROR : others;
  }

  /**
   * Starts an amended class read: `neutral` starts the read itself with a sink of this module's,
   * and the amended classes reach `target` once the locale's amendments are merged in.
   */
  start(
    target: IWbemObjectSink,
    operation: string,
    neutral: (sink: IWbemObjectSink) => WbemError | undefined,
  ): WbemError | undefined {
    const objects: CimObject[] = [];
    let finished = false;
    const finish = (deliver: () => void): void => {
      if (finished) return;
      finished = true;
      this.#pending.delete(target, call);
      deliver();
    };
    const call: AmendedCall = {
      registered: null,
      cancel: () =>
        finish(() =>
          fail(
            target,
            operation,
            WBEM_E_CALL_CANCELLED,
            'the call was cancelled by CancelAsyncCall',
          ),
        ),
    };
    const wrapper: IWbemObjectSink = {
      indicate(batch) {
        for (const o of batch) objects.push(o);
        return WBEM_S_NO_ERROR;
      },
      setStatus: (flags, hResult, param, object) => {
        if (flags === WBEM_STATUS_PROGRESS) return target.setStatus(flags, hResult, param, object);
        call.registered = null;
        if (!succeeded(hResult)) {
          finish(() => target.setStatus(flags, hResult, param, object));
          return WBEM_S_NO_ERROR;
        }
        this.#merge(objects as CimClass[]).then(
          (classes) => finish(() => deliver(target, operation, classes, param)),
          (thrown: unknown) => {
            const error = toWbemError(thrown);
            const why = `reading the amended qualifiers: ${error.detail ?? error.message}`;
            finish(() => fail(target, operation, error.hresult, why));
          },
        );
        return WBEM_S_NO_ERROR;
      },
    };
    const refused = neutral(wrapper);
    if (refused !== undefined) return refused;
    if (!finished) {
      call.registered = wrapper;
      this.#pending.add(target, call);
    }
    return undefined;
  }

  /** The neutral classes with their locale's amended qualifiers. */
  async #merge(classes: readonly CimClass[]): Promise<CimClass[]> {
    const names = amendmentNames(classes);
    if (names.size === 0) return [...classes];
    const { objects: found } = await this.#core.invoke(
      this.#namespace,
      read('GetObject', { kind: 'getNamespaces', name: this.#locale }),
    );
    const child = (found[0] as CimInstance | undefined)?.properties.get('name')?.value;
    if (typeof child !== 'string') return [...classes];
    const amendments = await this.#amendments(`${this.#namespace}/${child}`, names);
    return classes.map((cls) => withAmendedQualifiers(cls, amendments));
  }

  /** The amendment classes of `names` in namespace `at`, keyed by `nameKey`. */
  async #amendments(at: string, names: ReadonlySet<string>): Promise<Map<string, CimClass>> {
    let classes: CimClass[];
    if (names.size > READ_EACH_UP_TO) {
      const request = {
        kind: 'createClassEnum',
        superclass: null,
        deep: true,
        options: {},
      } as const;
      classes = (await this.#core.invoke(at, read('CreateClassEnum', request)))
        .objects as CimClass[];
    } else {
      const reads = [...names].map(async (name) => {
        try {
          const request = { kind: 'getClass', name, options: {} } as const;
          const { objects } = await this.#core.invoke(at, read('GetObject', request));
          return objects as CimClass[];
        } catch (thrown) {
          if (thrown instanceof WbemError && thrown.hresult === WBEM_E_NOT_FOUND) return [];
          throw thrown;
        }
      });
      classes = (await Promise.all(reads)).flat();
    }
    const out = new Map<string, CimClass>();
    for (const cls of classes)
      if (names.has(nameKey(cls.name)) && isAmendment(cls)) out.set(nameKey(cls.name), cls);
    return out;
  }
}

/** The final failure status; a sink that throws from it is past helping (the registry ignores it too). */
export function fail(
  target: IWbemObjectSink,
  operation: string,
  hresult: number,
  message: string,
): void {
  try {
    target.setStatus(
      WBEM_STATUS_COMPLETE,
      hresult >>> 0,
      null,
      extendedStatus(operation, hresult, message),
    );
  } catch {}
}

/**
 * The merged objects in the registry's batches, then the final status; a sink that throws or
 * refuses a batch ends the call with WBEM_E_CALL_CANCELLED, as the registry does.
 */
function deliver(
  target: IWbemObjectSink,
  operation: string,
  classes: readonly CimClass[],
  param: string | null,
): void {
  for (let at = 0; at < classes.length; at += INDICATE_BATCH) {
    let result: unknown;
    try {
      result = target.indicate(classes.slice(at, at + INDICATE_BATCH));
    } catch {
      result = WBEM_E_CALL_CANCELLED;
    }
    if (typeof result === 'number' && !succeeded(result)) {
      fail(target, operation, WBEM_E_CALL_CANCELLED, 'the sink refused Indicate');
      return;
    }
  }
  try {
    target.setStatus(WBEM_STATUS_COMPLETE, WBEM_S_NO_ERROR, param, null);
  } catch {}
}

/**
 * @module From a parsed CIM call to its response text: finds the operation, opens (or reuses)
 * the caller's connection to the namespace, builds the operation's context and maps any failure
 * to a CIM `ERROR`. Nothing here knows HTTP.
 */
import {
  type CimClass,
  toWbemError,
  WBEM_E_INVALID_NAMESPACE,
  WBEM_E_NOT_SUPPORTED,
  type WbemEngine,
  type WbemServices,
} from '../index.js';
import { type CimCall, checkParams } from './cim-call.js';
import { errorXml, type ResponseBody, replyXml } from './cim-response.js';
import { CimStatusError, cimErrorOf } from './cim-status.js';
import { type DecodeContext, NO_DECLARATIONS } from './decode-cim.js';
import type { EnumerationContexts } from './enumeration-contexts.js';
import type { Operation, OperationContext } from './operation.js';
import type { UpdateMode } from './update-mode.js';

/** Who is calling, as the HTTP front established it. */
export interface Caller {
  readonly principal: string;
  /** Not from a loopback address: `WBEM_REMOTE_ACCESS` is needed, as for a remote WMI caller. */
  readonly remote: boolean;
  readonly updateMode: UpdateMode;
  readonly host: string;
}

/** What a connection is seen through (the published instances of `root/interop`). */
export type ConnectionView = (
  svc: WbemServices,
  who: { readonly user: string; readonly remote: boolean },
) => WbemServices;

const CONNECTION_CACHE_MAX = 1024;
const DECLARATIONS_TTL_MS = 2_000;

export class CallDispatcher {
  readonly #engine: WbemEngine;
  readonly #operations: ReadonlyMap<string, Operation>;
  readonly #enumerations: EnumerationContexts;
  readonly #connections = new Map<string, Promise<WbemServices>>();
  readonly #declarations = new Map<string, { until: number; value: Promise<DecodeContext> }>();
  readonly #queued: (() => void)[] = [];
  readonly #view: ConnectionView | null;

  constructor(
    engine: WbemEngine,
    operations: ReadonlyMap<string, Operation>,
    enumerations: EnumerationContexts,
    view: ConnectionView | null = null,
  ) {
    this.#engine = engine;
    this.#operations = operations;
    this.#enumerations = enumerations;
    this.#view = view;
  }

  /**
   * One connection per principal, namespace and locality. Rights are checked again at every call
   * by the connection itself, so reusing it never outlives a descriptor change; a namespace
   * deleted meanwhile evicts it (`#forget`).
   */
  #connect(caller: Caller, namespace: string): Promise<WbemServices> {
    const key = `${caller.principal.toLowerCase()}\u0000${caller.remote ? 'r' : 'l'}\u0000${namespace.toLowerCase()}`;
    let svc = this.#connections.get(key);
    if (svc === undefined) {
      if (this.#connections.size >= CONNECTION_CACHE_MAX) {
        const oldest = this.#connections.keys().next().value;
        // Stryker disable next-line ConditionalExpression: the map holds 1024 keys here, so its first is never undefined; the check is for the compiler
        if (oldest !== undefined) this.#connections.delete(oldest);
      }
      const who = { user: caller.principal, remote: caller.remote };
      const view = this.#view;
      const opened = this.#engine.connectServer(namespace, who);
      svc = view === null ? opened : opened.then((s) => view(s, who));
      this.#connections.set(key, svc);
      svc.catch(() => this.#connections.delete(key));
    }
    return svc;
  }

  #forgetNamespace(namespace: string): void {
    const suffix = `\u0000${namespace.toLowerCase()}`;
    for (const key of this.#connections.keys())
      if (key.endsWith(suffix)) this.#connections.delete(key);
    this.#declarations.delete(namespace.toLowerCase());
  }

  #declarationsOf(namespace: string, svc: WbemServices): Promise<DecodeContext> {
    const key = namespace.toLowerCase();
    const now = Date.now();
    const cached = this.#declarations.get(key);
    if (cached !== undefined && cached.until > now) return cached.value;
    const value = svc.createQualifierDeclarationEnum().then(
      (all) => {
        const flavors = new Map(all.map((d) => [d.name.toLowerCase(), d.flavor]));
        return { declaredFlavor: (name: string) => flavors.get(name.toLowerCase()) };
      },
      () => {
        this.#declarations.delete(key);
        return NO_DECLARATIONS;
      },
    );
    this.#declarations.set(key, { until: now + DECLARATIONS_TTL_MS, value });
    return value;
  }

  /**
   * Like `dispatch`, but started together with the other calls whose bodies completed in the same
   * event-loop turn. The engine batches the requests of one turn into one message per host; each
   * HTTP body ends in its own I/O callback, so without this every call would be its own message
   * (measured: a third of the main thread's time in `postMessage` at 16 clients).
   */
  schedule(call: CimCall, caller: Caller): Promise<ResponseBody> {
    return new Promise((resolve) => {
      this.#queued.push(() => resolve(this.dispatch(call, caller)));
      if (this.#queued.length === 1) setImmediate(() => this.#startQueued());
    });
  }

  #startQueued(): void {
    const queued = this.#queued.splice(0);
    for (const start of queued) start();
  }

  /** The response body for one call; never throws. */
  async dispatch(call: CimCall, caller: Caller): Promise<ResponseBody> {
    try {
      if (call.extrinsic) {
        throw new CimStatusError(
          'CIM_ERR_NOT_SUPPORTED',
          WBEM_E_NOT_SUPPORTED,
          `extrinsic method ${call.method} is not served`,
        );
      }
      const op = this.#operations.get(call.method.toLowerCase());
      if (op === undefined) {
        throw new CimStatusError(
          'CIM_ERR_NOT_SUPPORTED',
          WBEM_E_NOT_SUPPORTED,
          `intrinsic method ${call.method} is not supported`,
        );
      }
      checkParams(call, op.params);
      const services = await this.#connect(caller, call.namespace);
      const classes = new Map<string, Promise<CimClass>>();
      const ctx: OperationContext = {
        call,
        services,
        principal: caller.principal,
        updateMode: caller.updateMode,
        host: caller.host,
        enumerations: this.#enumerations,
        declarations: () => this.#declarationsOf(call.namespace, services),
        declarationsChanged: () => this.#declarations.delete(call.namespace.toLowerCase()),
        classOf: (name) => {
          // Stryker disable next-line MethodExpression: the key is only compared with keys made the same way, so upper case folds names as well
          const key = name.toLowerCase();
          let cls = classes.get(key);
          if (cls === undefined) {
            cls = services.getClass(name);
            classes.set(key, cls);
          }
          return cls;
        },
      };
      return replyXml(call.messageId, call.method, await op.run(ctx));
    } catch (thrown) {
      const error = toWbemError(thrown);
      if (error.hresult === WBEM_E_INVALID_NAMESPACE) this.#forgetNamespace(call.namespace);
      return errorXml(call.messageId, call.method, cimErrorOf(error), call.extrinsic);
    }
  }
}

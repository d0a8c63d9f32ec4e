/**
 * @module The turns of WQL: `ExecQuery` evaluated over the actor's store and streamed back in
 * slices, and the class-name check of `ExecNotificationQuery` (whose filter runs on the main
 * thread, where the events are published).
 *
 * Why slices: one reply holding 100k instances would cost the caller's thread its decoding and
 * delivery in one go (hundreds of ms). Each slice is posted on its own, and the turn yields to the
 * host's event loop between slices, so the main thread decodes and delivers one slice per
 * `setImmediate` turn (`host-connection.ts`) and a `CancelAsyncCall` can reach the actor and stop
 * the query. The actor's mailbox waits meanwhile, so the query reads one consistent state.
 */
import type { CimObject } from '../../model/cim-value.js';
import { WBEM_E_CALL_CANCELLED } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';
import { compileEventQuery } from '../../wql/event-filter.js';
import { runQuery } from '../../wql/run-query.js';
import type { CheckEventQueryRequest, ExecQueryRequest } from '../protocol.js';
import { storeWqlReader } from './store-wql-reader.js';
import { type Outcome, read, type TurnScope } from './turn.js';

/** Objects per slice: about 1 ms to decode and hand to a sink on the main thread. */
export const QUERY_SLICE_OBJECTS = 64;
/** Evaluation time per slice on the host, ms: a sparse match does not hold a slice back long. */
const SLICE_BUDGET_MS = 4;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * @throws {WbemError} WBEM_E_INVALID_CLASS, WBEM_E_INVALID_QUERY, WBEM_E_NOT_FOUND,
 * WBEM_E_NOT_SUPPORTED from the evaluators, before any result is sent.
 */
export function execQueryTurn(scope: TurnScope, m: ExecQueryRequest): Outcome | Promise<Outcome> {
  const reader = storeWqlReader(scope.store, scope.env, m.options);
  const results = runQuery(m.query, reader, { prototype: m.prototype });
  // The evaluators check the query when the first result is asked for: a refusal fails the call
  // before anything reached the sink.
  const first = results.next();
  if (first.done === true) return read([]);
  const slice: CimObject[] = [first.value];
  const fill = (): boolean => {
    const end = performance.now() + SLICE_BUDGET_MS;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the budget bounds a slice's time, not what is delivered
    while (slice.length < QUERY_SLICE_OBJECTS && performance.now() < end) {
      const next = results.next();
      if (next.done === true) return false;
      slice.push(next.value);
    }
    return true;
  };
  if (!fill()) return read(slice.splice(0));
  return (async () => {
    let more = true;
    while (more) {
      if (slice.length > 0) scope.indicate(slice.splice(0));
      await nextTurn();
      if (scope.cancelled()) {
        results.return();
        throw new WbemError(WBEM_E_CALL_CANCELLED, { message: 'the query was cancelled' });
      }
      more = fill();
    }
    return read(slice.splice(0));
  })();
}

/**
 * @throws {WbemError} WBEM_E_INVALID_CLASS when FROM or an ISA names no class of the namespace,
 * WBEM_E_NOT_EVENT_CLASS when FROM names a class that is not an event class.
 */
export function checkEventQueryTurn(scope: TurnScope, m: CheckEventQueryRequest): Outcome {
  compileEventQuery(m.query, { reader: storeWqlReader(scope.store, scope.env) });
  return read([]);
}

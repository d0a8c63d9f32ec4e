/**
 * @module One entry for `ExecQuery`: parses WQL text (or takes a parsed query) and runs the data,
 * schema or association query it is, as a generator of result objects.
 */
import type { CimObject } from '../model/cim-value.js';
import { runAssociationQuery } from './association-query.js';
import type { WqlQuery } from './ast.js';
import { runDataQuery } from './data-query.js';
import { parseWql } from './parse-wql.js';
import { queryPrototype } from './query-prototype.js';
import { isSchemaQuery, runSchemaQuery } from './schema-query.js';
import type { WqlReader } from './wql-reader.js';

export interface RunQueryOptions {
  /** `WBEM_FLAG_PROTOTYPE`: yield only the class prototype of the results. */
  readonly prototype?: boolean;
}

/**
 * The results of a WQL query, produced lazily: checks run when the first result is asked for,
 * so callers wanting errors up front call `next()` once before delivering.
 *
 * Mirrors `IWbemServices::ExecQuery` (the query part; flags, rights and delivery are the caller's).
 * @throws {WbemError} WBEM_E_INVALID_QUERY / WBEM_E_NOT_SUPPORTED from `parseWql`;
 * WBEM_E_INVALID_CLASS, WBEM_E_NOT_FOUND and WBEM_E_INVALID_QUERY from the evaluators.
 */
export function* runQuery(
  query: string | WqlQuery,
  reader: WqlReader,
  options: RunQueryOptions = {},
): Generator<CimObject, void, undefined> {
  const parsed = typeof query === 'string' ? parseWql(query) : query;
  if (options.prototype === true) {
    yield queryPrototype(parsed, reader);
    return;
  }
  if (parsed.kind !== 'select') yield* runAssociationQuery(parsed, reader);
  else if (isSchemaQuery(parsed)) yield* runSchemaQuery(parsed, reader);
  else yield* runDataQuery(parsed, reader);
}

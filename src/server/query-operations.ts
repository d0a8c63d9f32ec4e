/**
 * @module The query-based operations: ExecQuery, Associators, AssociatorNames, References,
 * ReferenceNames, OpenQueryInstances, OpenAssociatorInstances, OpenAssociatorInstancePaths,
 * OpenReferenceInstances, OpenReferenceInstancePaths.
 *
 * They are served by a `QueryBackend` (`startServer`'s `queries` option; by default
 * `WqlQueryBackend`): each operation below hands its call (parameters already checked against
 * DSP0200's list) to `backend.run`, whose reply is written like any other operation's. With
 * `queries: null` each answers `CIM_ERR_NOT_SUPPORTED`.
 */
import { WBEM_E_NOT_SUPPORTED } from '../index.js';
import { CimStatusError } from './cim-status.js';
import type { Operation, OperationContext, OperationReply } from './operation.js';

/** The names of the query-based operations, with their DSP0200 parameters. */
export const QUERY_OPERATION_PARAMS: Readonly<Record<string, readonly string[]>> = {
  ExecQuery: ['QueryLanguage', 'Query'],
  Associators: [
    'ObjectName',
    'AssocClass',
    'ResultClass',
    'Role',
    'ResultRole',
    'IncludeQualifiers',
    'IncludeClassOrigin',
    'PropertyList',
  ],
  AssociatorNames: ['ObjectName', 'AssocClass', 'ResultClass', 'Role', 'ResultRole'],
  References: [
    'ObjectName',
    'ResultClass',
    'Role',
    'IncludeQualifiers',
    'IncludeClassOrigin',
    'PropertyList',
  ],
  ReferenceNames: ['ObjectName', 'ResultClass', 'Role'],
  OpenQueryInstances: [
    'FilterQuery',
    'FilterQueryLanguage',
    'ReturnQueryResultClass',
    'OperationTimeout',
    'ContinueOnError',
    'MaxObjectCount',
  ],
  OpenAssociatorInstances: [
    'InstanceName',
    'AssocClass',
    'ResultClass',
    'Role',
    'ResultRole',
    'IncludeClassOrigin',
    'PropertyList',
    'FilterQueryLanguage',
    'FilterQuery',
    'OperationTimeout',
    'ContinueOnError',
    'MaxObjectCount',
  ],
  OpenAssociatorInstancePaths: [
    'InstanceName',
    'AssocClass',
    'ResultClass',
    'Role',
    'ResultRole',
    'FilterQueryLanguage',
    'FilterQuery',
    'OperationTimeout',
    'ContinueOnError',
    'MaxObjectCount',
  ],
  OpenReferenceInstances: [
    'InstanceName',
    'ResultClass',
    'Role',
    'IncludeClassOrigin',
    'PropertyList',
    'FilterQueryLanguage',
    'FilterQuery',
    'OperationTimeout',
    'ContinueOnError',
    'MaxObjectCount',
  ],
  OpenReferenceInstancePaths: [
    'InstanceName',
    'ResultClass',
    'Role',
    'FilterQueryLanguage',
    'FilterQuery',
    'OperationTimeout',
    'ContinueOnError',
    'MaxObjectCount',
  ],
};

/** What serves the query-based operations (WQL over the public API, or later the engine's). */
export interface QueryBackend {
  /**
   * Runs one query-based operation (`ctx.call.method` is one of `QUERY_OPERATION_PARAMS`'s keys).
   * Open* replies hand their encoded items to `ctx.enumerations.open` like the instance opens.
   * @throws {WbemError} as any operation.
   */
  run(ctx: OperationContext): Promise<OperationReply>;
}

/** The query-based operations, served by `backend` or answered CIM_ERR_NOT_SUPPORTED without one. */
export function queryOperations(backend: QueryBackend | null): Operation[] {
  return Object.entries(QUERY_OPERATION_PARAMS).map(([name, params]) => ({
    name,
    params,
    run(ctx) {
      if (backend !== null) return backend.run(ctx);
      return Promise.reject(
        new CimStatusError(
          'CIM_ERR_NOT_SUPPORTED',
          WBEM_E_NOT_SUPPORTED,
          `${name} is not served yet (no query language)`,
        ),
      );
    },
  }));
}

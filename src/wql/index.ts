/**
 * @module WQL: the parser, the printer and the pure evaluators of data, schema, association and
 * notification queries that `ExecQuery` and `ExecNotificationQuery` are built on.
 */

export { runAssociationQuery } from './association-query.js';
export type * from './ast.js';
export { checkQueryLanguage } from './check-query-language.js';
export { compileWhere, type WqlPredicate } from './compile-where.js';
export { runDataQuery } from './data-query.js';
export { EventAggregator, type WqlAggregateEvent } from './event-aggregator.js';
export { compileEventQuery, type EventFilter, type EventFilterOptions } from './event-filter.js';
export { eventObject } from './event-object.js';
export { formatWql } from './format-wql.js';
export { likeMatcher } from './like-pattern.js';
export { parseWql } from './parse-wql.js';
export { queryPrototype } from './query-prototype.js';
export { type RunQueryOptions, runQuery } from './run-query.js';
export { isSchemaQuery, runSchemaQuery } from './schema-query.js';
export { SubscriptionIndex } from './subscription-index.js';
export type { WqlDerivation, WqlReader } from './wql-reader.js';

/**
 * @module Which turn runs each operation: the table the actor's mailbox loop dispatches on, one
 * entry per request kind (the compiler checks that none is missing). `dropNamespace` is not a
 * turn: it ends the actor's store, so the actor handles it between batches.
 */
import type { OperationRequest } from '../protocol.js';
import { createClassEnumTurn } from './create-class-enum-turn.js';
import { deleteClassTurn } from './delete-class-turn.js';
import { enumerateClassNamesTurn } from './enumerate-class-names-turn.js';
import { getClassTurn } from './get-class-turn.js';
import {
  createInstanceEnumTurn,
  deleteInstanceTurn,
  getInstanceTurn,
  putInstanceTurn,
} from './instance-turns.js';
import {
  createNamespaceTurn,
  deleteNamespaceTurn,
  getNamespacesTurn,
  readMetaTurn,
  registerProviderTurn,
  unregisterProviderTurn,
  writeMetaTurn,
} from './namespace-turns.js';
import { putClassTurn } from './put-class-turn.js';
import {
  createQualifierDeclarationEnumTurn,
  deleteQualifierDeclarationTurn,
  getQualifierDeclarationTurn,
  putQualifierDeclarationTurn,
} from './qualifier-declaration-turns.js';
import type { Turn } from './turn.js';

type QueryTurns = typeof import('./exec-query-turn.js');

/**
 * The WQL turns, imported on a host's first query: WQL is a sixth of a host's module graph,
 * which a worker loads before it answers anything, and most calls are not queries. Once loaded
 * (a module is loaded once per thread, so this cache is the module system's own state) the turn
 * is synchronous again, so only a host's first query waits, as a turn calling a provider does.
 */
let queryTurns: QueryTurns | undefined;

function lazyQueryTurn<M extends TurnRequest>(pick: (turns: QueryTurns) => Turn<M>): Turn<M> {
  return (scope, m) => {
    if (queryTurns !== undefined) return pick(queryTurns)(scope, m);
    return import('./exec-query-turn.js').then((turns) => {
      queryTurns = turns;
      return pick(turns)(scope, m);
    });
  };
}

/** A request that runs as a turn. */
export type TurnRequest = Exclude<OperationRequest, { kind: 'dropNamespace' }>;

type TurnTable = { readonly [K in TurnRequest['kind']]: Turn<Extract<TurnRequest, { kind: K }>> };

export const TURNS: TurnTable = {
  putClass: putClassTurn,
  deleteClass: deleteClassTurn,
  getClass: getClassTurn,
  createClassEnum: createClassEnumTurn,
  enumerateClassNames: enumerateClassNamesTurn,
  putInstance: putInstanceTurn,
  getInstance: getInstanceTurn,
  deleteInstance: deleteInstanceTurn,
  createInstanceEnum: createInstanceEnumTurn,
  execQuery: lazyQueryTurn((turns) => turns.execQueryTurn),
  checkEventQuery: lazyQueryTurn((turns) => turns.checkEventQueryTurn),
  putQualifierDeclaration: putQualifierDeclarationTurn,
  getQualifierDeclaration: getQualifierDeclarationTurn,
  deleteQualifierDeclaration: deleteQualifierDeclarationTurn,
  createQualifierDeclarationEnum: createQualifierDeclarationEnumTurn,
  createNamespace: createNamespaceTurn,
  deleteNamespace: deleteNamespaceTurn,
  getNamespaces: getNamespacesTurn,
  readMeta: readMetaTurn,
  writeMeta: writeMetaTurn,
  registerProvider: registerProviderTurn,
  unregisterProvider: unregisterProviderTurn,
};

/** Runs the turn of one request. */
export function runTurn(
  scope: Parameters<Turn<TurnRequest>>[0],
  m: TurnRequest,
): ReturnType<Turn<TurnRequest>> {
  // The table is keyed by kind, so the entry taken is the one for `m`'s own type.
  return (TURNS[m.kind] as Turn<TurnRequest>)(scope, m);
}

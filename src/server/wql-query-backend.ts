/**
 * @module The query-based operations served by the WQL evaluators (`src/wql`) over a snapshot
 * of the request's namespace (`ServicesWqlReader`): ExecQuery runs WQL text; Associators,
 * References and their names become `ASSOCIATORS OF` / `REFERENCES OF` queries built from their
 * DSP0200 parameters; the Open* pulls gather the same results into an enumeration context.
 *
 * It sits behind `QueryBackend`, so an engine-side `execQuery` can replace the snapshot later
 * without touching the operations.
 */
import type { Observable } from 'rxjs';
import {
  type CimObject,
  checkQueryLanguage,
  parseWql,
  runQuery,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_NOT_SUPPORTED,
  WbemError,
  type WbemEvent,
  type WqlAssociationQuery,
  type WqlQuery,
} from '../index.js';
import {
  boolParam,
  type CimCall,
  paramContent,
  propertyListParam,
  stringParam,
} from './cim-call.js';
import { CimStatusError } from './cim-status.js';
import { ClassSnapshots } from './class-snapshots.js';
import { attr, decodeInstanceName } from './decode-path.js';
import type { ViewOptions } from './encode-cim.js';
import type { OperationContext, OperationReply } from './operation.js';
import { checkOpenOptions } from './pull-operations.js';
import type { QueryBackend } from './query-operations.js';
import { type QueryReplyShape, queryReply } from './query-reply.js';
import { ServicesWqlReader } from './services-wql-reader.js';

function invalid(message: string): WbemError {
  return new WbemError(WBEM_E_INVALID_PARAMETER, { message });
}

/** `ObjectName` / `InstanceName`: an instance path, or a class name (`CLASSNAME`). */
function objectNameParam(call: CimCall, name: string, classAllowed: boolean): string {
  const v = paramContent(call, name);
  if (v === undefined) throw invalid(`parameter ${name} is required`);
  if (v.name === 'INSTANCENAME') return decodeInstanceName(v);
  if (v.name === 'CLASSNAME' && classAllowed) return attr(v, 'NAME');
  throw invalid(
    `parameter ${name} must be an <INSTANCENAME>${classAllowed ? ' or <CLASSNAME>' : ''}`,
  );
}

function classParam(call: CimCall, name: string): string | undefined {
  const v = paramContent(call, name);
  if (v === undefined) return undefined;
  if (v.name !== 'CLASSNAME') throw invalid(`parameter ${name} must be a <CLASSNAME>`);
  return attr(v, 'NAME');
}

/** `Role` / `ResultRole`: an empty one names no property, so it is read as NULL. */
function roleParam(call: CimCall, name: string): string | undefined {
  return stringParam(call, name) || undefined;
}

function associationQuery(call: CimCall, kind: 'associators' | 'references'): WqlAssociationQuery {
  const open = call.method.toLowerCase().startsWith('open');
  const path = objectNameParam(call, open ? 'InstanceName' : 'ObjectName', !open);
  // Stryker disable next-line ConditionalExpression: References* define no AssocClass (checkParams refuses it before a backend runs)
  const assocClass = kind === 'associators' ? classParam(call, 'AssocClass') : undefined;
  const resultClass = classParam(call, 'ResultClass');
  const role = roleParam(call, 'Role');
  // Stryker disable next-line ConditionalExpression: References* define no ResultRole (checkParams refuses it before a backend runs)
  const resultRole = kind === 'associators' ? roleParam(call, 'ResultRole') : undefined;
  return {
    kind,
    path,
    filter: {
      // Stryker disable next-line ConditionalExpression: { assocClass: undefined } filters as {} does
      ...(assocClass === undefined ? {} : { assocClass }),
      // Stryker disable next-line ConditionalExpression: { resultClass: undefined } filters as {} does
      ...(resultClass === undefined ? {} : { resultClass }),
      // Stryker disable next-line ConditionalExpression: { role: undefined } filters as {} does
      ...(role === undefined ? {} : { role }),
      // Stryker disable next-line ConditionalExpression: { resultRole: undefined } filters as {} does
      ...(resultRole === undefined ? {} : { resultRole }),
      classDefsOnly: false,
      schemaOnly: false,
      keysOnly: false,
    },
  };
}

/** The WQL text of ExecQuery / OpenQueryInstances, after its language check. */
function wqlText(call: CimCall, open: boolean): string {
  const language = stringParam(call, open ? 'FilterQueryLanguage' : 'QueryLanguage');
  const text = stringParam(call, open ? 'FilterQuery' : 'Query');
  if (language === undefined)
    throw invalid(`parameter ${open ? 'FilterQueryLanguage' : 'QueryLanguage'} is required`);
  if (text === undefined) throw invalid(`parameter ${open ? 'FilterQuery' : 'Query'} is required`);
  checkQueryLanguage(language.trim());
  return text;
}

/** Runs a parsed query on a fresh snapshot, reading first what it will visit. */
async function evaluate(
  ctx: OperationContext,
  query: WqlQuery,
  snapshots: ClassSnapshots,
): Promise<CimObject[]> {
  const reader = await ServicesWqlReader.open(ctx.services, snapshots.classes(ctx.services));
  if (query.kind === 'select') await reader.loadInstances(query.from);
  else await reader.loadAssociations(query.path);
  return [...runQuery(query, reader)];
}

export class WqlQueryBackend implements QueryBackend {
  readonly #snapshots: ClassSnapshots;

  /**
   * With the engine's `events$`, the class list is kept between queries and dropped on class
   * events (`class-snapshots.ts`); without, every query reads it.
   */
  constructor(events$: Observable<WbemEvent> | null = null) {
    this.#snapshots = new ClassSnapshots(events$);
  }

  close(): void {
    this.#snapshots.close();
  }

  async run(ctx: OperationContext): Promise<OperationReply> {
    const { call } = ctx;
    switch (call.method.toLowerCase()) {
      case 'execquery': {
        const query = parseWql(wqlText(call, false));
        const results = await evaluate(ctx, query, this.#snapshots);
        return queryReply(ctx, results, 'objects', projection(query));
      }
      case 'openqueryinstances': {
        if (boolParam(call, 'ReturnQueryResultClass', false)) {
          throw new CimStatusError(
            'CIM_ERR_NOT_SUPPORTED',
            WBEM_E_NOT_SUPPORTED,
            'ReturnQueryResultClass is not supported',
          );
        }
        refuseContinue(call);
        const query = parseWql(wqlText(call, true));
        const results = await evaluate(ctx, query, this.#snapshots);
        return queryReply(ctx, results, 'pull-query', projection(query));
      }
      case 'associators':
        return this.#association(ctx, 'associators', 'objects');
      case 'associatornames':
        return this.#association(ctx, 'associators', 'paths');
      case 'references':
        return this.#association(ctx, 'references', 'objects');
      case 'referencenames':
        return this.#association(ctx, 'references', 'paths');
      case 'openassociatorinstances':
        return this.#association(ctx, 'associators', 'pull-instances');
      case 'openassociatorinstancepaths':
        return this.#association(ctx, 'associators', 'pull-paths');
      case 'openreferenceinstances':
        return this.#association(ctx, 'references', 'pull-instances');
      case 'openreferenceinstancepaths':
        return this.#association(ctx, 'references', 'pull-paths');
      default:
        throw new CimStatusError(
          'CIM_ERR_NOT_SUPPORTED',
          WBEM_E_NOT_SUPPORTED,
          `${call.method} is not a query operation`,
        );
    }
  }

  async #association(
    ctx: OperationContext,
    kind: 'associators' | 'references',
    shape: QueryReplyShape,
  ): Promise<OperationReply> {
    // Stryker disable next-line ConditionalExpression: the other operations define neither FilterQuery nor ContinueOnError (checkParams refuses them), so the check passes them all
    if (shape === 'pull-instances' || shape === 'pull-paths')
      checkOpenOptions(ctx.call, 'association enumerations');
    const results = await evaluate(ctx, associationQuery(ctx.call, kind), this.#snapshots);
    // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral: a path is written without the view, and the *Names / *Paths operations define no view parameter either
    const shaping = shape === 'paths' || shape === 'pull-paths' ? PLAIN : view(ctx.call);
    return queryReply(ctx, results, shape, shaping);
  }
}

const PLAIN: ViewOptions = {
  localOnly: false,
  // Stryker disable next-line BooleanLiteral: PLAIN writes paths and the instances of data queries, neither of which carries qualifiers
  includeQualifiers: false,
  includeClassOrigin: false,
  propertyList: null,
};

function refuseContinue(call: CimCall): void {
  if (boolParam(call, 'ContinueOnError', false)) {
    throw new CimStatusError(
      'CIM_ERR_CONTINUATION_ON_ERROR_NOT_SUPPORTED',
      WBEM_E_NOT_SUPPORTED,
      'ContinueOnError is not supported',
    );
  }
}

/** DSP0200 IncludeQualifiers, IncludeClassOrigin, PropertyList of Associators/References. */
function view(call: CimCall): ViewOptions {
  // Stryker disable next-line MethodExpression: the Open* operations define no IncludeQualifiers (checkParams refuses it), so boolParam reads FALSE for them too
  const open = call.method.toLowerCase().startsWith('open');
  return {
    localOnly: false,
    includeQualifiers: !open && boolParam(call, 'IncludeQualifiers', false),
    includeClassOrigin: boolParam(call, 'IncludeClassOrigin', false),
    propertyList: propertyListParam(call),
  };
}

/**
 * Classes in ExecQuery's results (a schema query, or an association query on a class or with
 * ClassDefsOnly) are written with their qualifiers: ExecQuery has no IncludeQualifiers, and a WMI
 * class always carries them (an instance is written without qualifiers whatever the view).
 */
const WHOLE: ViewOptions = { ...PLAIN, includeQualifiers: true };

/** A data query's SELECT list as the properties to write; other queries write whole objects. */
function projection(query: WqlQuery): ViewOptions {
  if (query.kind !== 'select' || /^meta_class$/i.test(query.from)) return WHOLE;
  const list = query.properties?.map((p) => (p.path[0] as string).toLowerCase());
  return { ...PLAIN, propertyList: list === undefined ? null : new Set(list) };
}

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
  type CimClass,
  type CimInstance,
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
  uint32Param,
} from './cim-call.js';
import { CimStatusError } from './cim-status.js';
import { ClassSnapshots } from './class-snapshots.js';
import { attr, decodeInstanceName } from './decode-path.js';
import {
  encodeClass,
  encodeInstance,
  encodeInstanceName,
  encodeLocalNamespace,
  type ViewOptions,
} from './encode-cim.js';
import { keyTypesOf } from './instance-operations.js';
import type { OperationContext, OperationReply } from './operation.js';
import { checkOpenOptions, sliceReply } from './pull-operations.js';
import type { QueryBackend } from './query-operations.js';
import { ServicesWqlReader } from './services-wql-reader.js';
import { escapeXml, xmlAttr } from './xml-escape.js';

type Shape = 'objects' | 'paths' | 'pull';

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

function associationQuery(call: CimCall, kind: 'associators' | 'references'): WqlAssociationQuery {
  const open = call.method.toLowerCase().startsWith('open');
  const path = objectNameParam(call, open ? 'InstanceName' : 'ObjectName', !open);
  const assocClass = kind === 'associators' ? classParam(call, 'AssocClass') : undefined;
  const resultClass = classParam(call, 'ResultClass');
  const role = stringParam(call, 'Role');
  const resultRole = kind === 'associators' ? stringParam(call, 'ResultRole') : undefined;
  return {
    kind,
    path,
    filter: {
      ...(assocClass === undefined ? {} : { assocClass }),
      ...(resultClass === undefined ? {} : { resultClass }),
      ...(role === undefined || role === '' ? {} : { role }),
      ...(resultRole === undefined || resultRole === '' ? {} : { resultRole }),
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
        return this.#reply(
          ctx,
          await evaluate(ctx, query, this.#snapshots),
          'objects',
          projection(query),
        );
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
        return this.#reply(
          ctx,
          await evaluate(ctx, query, this.#snapshots),
          'pull',
          projection(query),
        );
      }
      case 'associators':
        return this.#reply(
          ctx,
          await evaluate(ctx, associationQuery(call, 'associators'), this.#snapshots),
          'objects',
          view(call),
        );
      case 'associatornames':
        return this.#reply(
          ctx,
          await evaluate(ctx, associationQuery(call, 'associators'), this.#snapshots),
          'paths',
          null,
        );
      case 'references':
        return this.#reply(
          ctx,
          await evaluate(ctx, associationQuery(call, 'references'), this.#snapshots),
          'objects',
          view(call),
        );
      case 'referencenames':
        return this.#reply(
          ctx,
          await evaluate(ctx, associationQuery(call, 'references'), this.#snapshots),
          'paths',
          null,
        );
      case 'openassociatorinstances':
        checkOpenOptions(call, 'association enumerations');
        return this.#reply(
          ctx,
          await evaluate(ctx, associationQuery(call, 'associators'), this.#snapshots),
          'pull',
          view(call),
        );
      case 'openreferenceinstances':
        checkOpenOptions(call, 'association enumerations');
        return this.#reply(
          ctx,
          await evaluate(ctx, associationQuery(call, 'references'), this.#snapshots),
          'pull',
          view(call),
        );
      default:
        throw new CimStatusError(
          'CIM_ERR_NOT_SUPPORTED',
          WBEM_E_NOT_SUPPORTED,
          `${call.method} is not a query operation`,
        );
    }
  }

  async #reply(
    ctx: OperationContext,
    results: readonly CimObject[],
    shape: Shape,
    shaping: ViewOptions | null,
  ): Promise<OperationReply> {
    const ns = `<NAMESPACEPATH><HOST>${escapeXml(ctx.host)}</HOST>${encodeLocalNamespace(ctx.services.namespace)}</NAMESPACEPATH>`;
    const v = shaping ?? PLAIN;
    const items: string[] = [];
    for (const obj of results) {
      if (obj.genus === 1) {
        if (shape === 'pull') continue;
        const path = `<CLASSPATH>${ns}<CLASSNAME${xmlAttr('NAME', obj.name)}/></CLASSPATH>`;
        items.push(
          shape === 'paths'
            ? `<OBJECTPATH>${path}</OBJECTPATH>`
            : `<VALUE.OBJECTWITHPATH>${path}${encodeClass(obj as CimClass, v)}</VALUE.OBJECTWITHPATH>`,
        );
        continue;
      }
      const inst = obj as CimInstance;
      const cls = await ctx.classOf(inst.className);
      const rel = inst.systemProperties?.__RELPATH;
      const body = encodeInstance(inst, cls, v);
      if (typeof rel !== 'string') {
        // A projection without its keys has no path; DSP0201 allows a bare VALUE.OBJECT.
        if (shape === 'objects') items.push(`<VALUE.OBJECT>${body}</VALUE.OBJECT>`);
        else if (shape === 'pull')
          items.push(`<VALUE.INSTANCEWITHPATH>${body}</VALUE.INSTANCEWITHPATH>`);
        continue;
      }
      const path = `<INSTANCEPATH>${ns}${encodeInstanceName(rel, keyTypesOf(cls))}</INSTANCEPATH>`;
      if (shape === 'paths') items.push(`<OBJECTPATH>${path}</OBJECTPATH>`);
      else if (shape === 'objects')
        items.push(`<VALUE.OBJECTWITHPATH>${path}${body}</VALUE.OBJECTWITHPATH>`);
      else items.push(`<VALUE.INSTANCEWITHPATH>${path}${body}</VALUE.INSTANCEWITHPATH>`);
    }
    if (shape !== 'pull') return { returnValue: items.join('') };
    const timeoutMs = ctx.enumerations.timeoutMs(uint32Param(ctx.call, 'OperationTimeout', null));
    const max = uint32Param(ctx.call, 'MaxObjectCount', 0) ?? 0;
    const owner = { principal: ctx.principal, namespace: ctx.call.namespace };
    return sliceReply(ctx.enumerations.open(owner, 'instances', items, max, timeoutMs));
  }
}

const PLAIN: ViewOptions = {
  localOnly: false,
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
  return {
    localOnly: false,
    includeQualifiers: call.method.toLowerCase().startsWith('open')
      ? false
      : boolParam(call, 'IncludeQualifiers', false),
    includeClassOrigin: boolParam(call, 'IncludeClassOrigin', false),
    propertyList: propertyListParam(call),
  };
}

/** A data query's SELECT list as the properties to write (schema queries keep qualifiers). */
function projection(query: WqlQuery): ViewOptions {
  if (query.kind !== 'select') return PLAIN;
  if (/^meta_class$/i.test(query.from)) return { ...PLAIN, includeQualifiers: true };
  const list = query.properties?.map((p) => (p.path[0] as string).toLowerCase());
  return { ...PLAIN, propertyList: list === undefined ? null : new Set(list) };
}

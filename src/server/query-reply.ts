/**
 * @module The reply of a query-based operation: its results encoded in the element DSP0201 gives
 * that operation, and for the Open* pulls the first slice of an enumeration context of the kind
 * its pull operation continues.
 */
import type { CimClass, CimInstance, CimObject } from '../index.js';
import { uint32Param } from './cim-call.js';
import {
  encodeClass,
  encodeInstance,
  encodeInstanceName,
  encodeLocalNamespace,
  type ViewOptions,
} from './encode-cim.js';
import type { EnumerationKind } from './enumeration-contexts.js';
import { keyTypesOf } from './instance-operations.js';
import type { OperationContext, OperationReply } from './operation.js';
import { sliceReply } from './pull-operations.js';
import { XmlChunks } from './xml-chunks.js';
import { escapeXml, xmlAttr } from './xml-escape.js';

/**
 * How the results are written:
 * - `objects`: ExecQuery, Associators, References (`VALUE.OBJECTWITHPATH`, or `VALUE.OBJECT` for
 *   a projection without keys);
 * - `paths`: AssociatorNames, ReferenceNames (`OBJECTPATH`);
 * - `pull-instances`: OpenAssociatorInstances, OpenReferenceInstances (`VALUE.INSTANCEWITHPATH`,
 *   pulled with PullInstancesWithPath);
 * - `pull-paths`: OpenAssociatorInstancePaths, OpenReferenceInstancePaths (`INSTANCEPATH`, pulled
 *   with PullInstancePaths);
 * - `pull-query`: OpenQueryInstances (`INSTANCE` without a path, pulled with PullInstances).
 *
 * The pulls enumerate instances only: a class among the results (a query on a class) is left out.
 */
export type QueryReplyShape = 'objects' | 'paths' | 'pull-instances' | 'pull-paths' | 'pull-query';

const PULL_KIND: Readonly<Record<string, EnumerationKind>> = {
  'pull-instances': 'instances',
  'pull-paths': 'paths',
  'pull-query': 'query-instances',
};

/** Encodes `results` as `shape` says, shaped by `view`. */
export async function queryReply(
  ctx: OperationContext,
  results: readonly CimObject[],
  shape: QueryReplyShape,
  view: ViewOptions,
): Promise<OperationReply> {
  const ns = `<NAMESPACEPATH><HOST>${escapeXml(ctx.host)}</HOST>${encodeLocalNamespace(ctx.services.namespace)}</NAMESPACEPATH>`;
  const kind = PULL_KIND[shape];
  // A pull keeps its items apart for its slices; any other reply is encoded as it is written.
  const chunks = new XmlChunks();
  const list: string[] = [];
  const add =
    kind === undefined
      ? (item: string): void => chunks.add(item)
      : (item: string): void => {
          list.push(item);
        };
  for (const obj of results) {
    if (obj.genus === 1) {
      if (shape !== 'objects' && shape !== 'paths') continue;
      const path = `<CLASSPATH>${ns}<CLASSNAME${xmlAttr('NAME', obj.name)}/></CLASSPATH>`;
      add(
        shape === 'paths'
          ? `<OBJECTPATH>${path}</OBJECTPATH>`
          : `<VALUE.OBJECTWITHPATH>${path}${encodeClass(obj as CimClass, view)}</VALUE.OBJECTWITHPATH>`,
      );
      continue;
    }
    const inst = obj as CimInstance;
    const cls = await ctx.classOf(inst.className);
    if (shape === 'pull-query') {
      add(encodeInstance(inst, cls, view));
      continue;
    }
    const rel = inst.systemProperties?.__RELPATH;
    if (typeof rel !== 'string') {
      // A projection without its keys has no path; DSP0201 allows a bare VALUE.OBJECT. Only a
      // data query projects, so the association shapes never meet one.
      if (shape === 'objects')
        add(`<VALUE.OBJECT>${encodeInstance(inst, cls, view)}</VALUE.OBJECT>`);
      continue;
    }
    const path = `<INSTANCEPATH>${ns}${encodeInstanceName(rel, keyTypesOf(cls))}</INSTANCEPATH>`;
    if (shape === 'paths') add(`<OBJECTPATH>${path}</OBJECTPATH>`);
    else if (shape === 'pull-paths') add(path);
    else {
      const body = encodeInstance(inst, cls, view);
      add(
        shape === 'objects'
          ? `<VALUE.OBJECTWITHPATH>${path}${body}</VALUE.OBJECTWITHPATH>`
          : `<VALUE.INSTANCEWITHPATH>${path}${body}</VALUE.INSTANCEWITHPATH>`,
      );
    }
  }
  if (kind === undefined) return { returnValue: chunks };
  const timeoutMs = ctx.enumerations.timeoutMs(uint32Param(ctx.call, 'OperationTimeout', null));
  const max = uint32Param(ctx.call, 'MaxObjectCount', 0) ?? 0;
  const owner = { principal: ctx.principal, namespace: ctx.call.namespace };
  return sliceReply(ctx.enumerations.open(owner, kind, list, max, timeoutMs));
}

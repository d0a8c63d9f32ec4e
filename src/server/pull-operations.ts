/**
 * @module DSP0200 pull operations for instances: OpenEnumerateInstances,
 * OpenEnumerateInstancePaths, PullInstancesWithPath, PullInstancePaths, PullInstances (the
 * continuation of OpenQueryInstances), CloseEnumeration, EnumerationCount. Filtered opens (`FilterQuery`) are answered
 * `CIM_ERR_FILTERED_ENUMERATION_NOT_SUPPORTED` until the query language is served.
 */
import { WBEM_E_INVALID_PARAMETER, WBEM_E_NOT_SUPPORTED, WbemError } from '../index.js';
import {
  boolParam,
  type CimCall,
  propertyListParam,
  requiredClassName,
  stringParam,
  uint32Param,
} from './cim-call.js';
import { CimStatusError } from './cim-status.js';
import { encodeInstance, encodeInstanceName, encodeLocalNamespace } from './encode-cim.js';
import type { EnumerationKind, EnumerationSlice } from './enumeration-contexts.js';
import { enumerateShaped, keyTypesOf, relPathOf } from './instance-operations.js';
import type { Operation, OperationContext, OperationReply } from './operation.js';
import { escapeXml } from './xml-escape.js';

const OPEN_PARAMS = [
  'ClassName',
  'DeepInheritance',
  'IncludeClassOrigin',
  'IncludeQualifiers',
  'PropertyList',
  'FilterQueryLanguage',
  'FilterQuery',
  'OperationTimeout',
  'ContinueOnError',
  'MaxObjectCount',
];

/** An open or pull reply: the slice's items, `EndOfSequence` and `EnumerationContext`. */
export function sliceReply(slice: EnumerationSlice): OperationReply {
  const end = slice.context === null;
  return {
    returnValue: slice.items.join(''),
    outParams:
      `<PARAMVALUE NAME="EndOfSequence" PARAMTYPE="boolean"><VALUE>${end ? 'TRUE' : 'FALSE'}</VALUE></PARAMVALUE>` +
      `<PARAMVALUE NAME="EnumerationContext" PARAMTYPE="string"><VALUE>${escapeXml(slice.context ?? '')}</VALUE></PARAMVALUE>`,
  };
}

/**
 * The Open* options no pull operation serves: FilterQuery (DSP0200's filtered enumeration) and
 * ContinueOnError. `what` names the enumeration in the refusal.
 */
export function checkOpenOptions(call: CimCall, what = 'enumerations'): void {
  if (
    stringParam(call, 'FilterQuery') !== undefined ||
    stringParam(call, 'FilterQueryLanguage') !== undefined
  ) {
    throw new CimStatusError(
      'CIM_ERR_FILTERED_ENUMERATION_NOT_SUPPORTED',
      WBEM_E_NOT_SUPPORTED,
      `filtered ${what} are not served`,
    );
  }
  if (boolParam(call, 'ContinueOnError', false)) {
    throw new CimStatusError(
      'CIM_ERR_CONTINUATION_ON_ERROR_NOT_SUPPORTED',
      WBEM_E_NOT_SUPPORTED,
      'ContinueOnError is not supported',
    );
  }
}

function requiredCount(call: CimCall): number {
  const n = uint32Param(call, 'MaxObjectCount', null);
  if (n === null)
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: 'parameter MaxObjectCount is required',
    });
  return n;
}

function owner(ctx: OperationContext): { principal: string; namespace: string } {
  return { principal: ctx.principal, namespace: ctx.call.namespace };
}

function contextParam(call: CimCall): string {
  const id = stringParam(call, 'EnumerationContext');
  if (id === undefined)
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: 'parameter EnumerationContext is required',
    });
  return id;
}

async function openInstances(
  ctx: OperationContext,
  kind: 'instances' | 'paths',
): Promise<OperationReply> {
  const { call } = ctx;
  checkOpenOptions(call);
  const timeoutMs = ctx.enumerations.timeoutMs(uint32Param(call, 'OperationTimeout', null));
  const max = uint32Param(call, 'MaxObjectCount', 0) ?? 0;
  const className = requiredClassName(call, 'ClassName');
  const view = {
    localOnly: false,
    includeQualifiers: boolParam(call, 'IncludeQualifiers', false),
    includeClassOrigin: boolParam(call, 'IncludeClassOrigin', false),
    propertyList: kind === 'paths' ? null : propertyListParam(call),
  };
  const deep = kind === 'paths' || boolParam(call, 'DeepInheritance', true);
  const { instances, views } = await enumerateShaped(ctx, className, deep, view);
  const nsPath = `<NAMESPACEPATH><HOST>${escapeXml(ctx.host)}</HOST>${encodeLocalNamespace(ctx.services.namespace)}</NAMESPACEPATH>`;
  const items: string[] = [];
  for (const [i, inst] of instances.entries()) {
    const cls = await ctx.classOf(inst.className);
    const path = `<INSTANCEPATH>${nsPath}${encodeInstanceName(relPathOf(inst), keyTypesOf(cls))}</INSTANCEPATH>`;
    items.push(
      kind === 'paths'
        ? path
        : `<VALUE.INSTANCEWITHPATH>${path}${encodeInstance(inst, cls, views[i] ?? view)}</VALUE.INSTANCEWITHPATH>`,
    );
  }
  return sliceReply(ctx.enumerations.open(owner(ctx), kind, items, max, timeoutMs));
}

export const openEnumerateInstances: Operation = {
  name: 'OpenEnumerateInstances',
  params: OPEN_PARAMS,
  run: (ctx) => openInstances(ctx, 'instances'),
};

export const openEnumerateInstancePaths: Operation = {
  name: 'OpenEnumerateInstancePaths',
  params: OPEN_PARAMS.filter(
    (p) =>
      !['DeepInheritance', 'IncludeClassOrigin', 'IncludeQualifiers', 'PropertyList'].includes(p),
  ),
  run: (ctx) => openInstances(ctx, 'paths'),
};

/** A Pull* operation: the next slice of an enumeration opened for `kind`. */
function pullOperation(name: string, kind: EnumerationKind): Operation {
  return {
    name,
    params: ['EnumerationContext', 'MaxObjectCount'],
    run: async (ctx) =>
      sliceReply(
        ctx.enumerations.pull(owner(ctx), contextParam(ctx.call), kind, requiredCount(ctx.call)),
      ),
  };
}

export const pullInstancesWithPath = pullOperation('PullInstancesWithPath', 'instances');
export const pullInstancePaths = pullOperation('PullInstancePaths', 'paths');
/** Continues OpenQueryInstances: its instances carry no path, so no other open is pulled here. */
export const pullInstances = pullOperation('PullInstances', 'query-instances');

export const closeEnumeration: Operation = {
  name: 'CloseEnumeration',
  params: ['EnumerationContext'],
  async run(ctx) {
    ctx.enumerations.close(owner(ctx), contextParam(ctx.call));
    return { returnValue: null };
  },
};

export const enumerationCount: Operation = {
  name: 'EnumerationCount',
  params: ['EnumerationContext'],
  async run(ctx) {
    const n = ctx.enumerations.remaining(owner(ctx), contextParam(ctx.call));
    return { returnValue: `<VALUE>${n}</VALUE>` };
  },
};

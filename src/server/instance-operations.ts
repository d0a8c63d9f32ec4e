/**
 * @module DSP0200 instance operations over the engine's instance calls: GetInstance,
 * EnumerateInstances, EnumerateInstanceNames, CreateInstance, ModifyInstance, DeleteInstance.
 * Instances are written with their class's property types, so each response reads the classes
 * of the instances it carries (once per class per call).
 */
import {
  type CimClass,
  type CimInstance,
  nameKey,
  parseInstancePath,
  sameName,
  WBEM_E_INVALID_PARAMETER,
  WBEM_FLAG_CREATE_ONLY,
  WBEM_FLAG_UPDATE_ONLY,
  WbemError,
} from '../index.js';
import {
  boolParam,
  propertyListParam,
  requiredClassName,
  requiredInstanceName,
  requiredParam,
} from './cim-call.js';
import { decodeInstance } from './decode-cim.js';
import { decodeInstanceName } from './decode-path.js';
import { embeddedAsText, holdsEmbeddedObjects } from './dmtf-embedded.js';
import {
  encodeInstance,
  encodeInstanceName,
  type KeyTypes,
  type ViewOptions,
} from './encode-cim.js';
import { type Operation, type OperationContext, VOID } from './operation.js';
import { childNamed } from './xml-tree.js';

/** Property types by lower-cased name: what `INSTANCENAME` key values are written as. */
export function keyTypesOf(cls: CimClass): KeyTypes {
  return new Map([...cls.properties.values()].map((p) => [nameKey(p.name), p.type]));
}

/** The `__RELPATH` of an instance the engine returned. */
export function relPathOf(inst: CimInstance): string {
  const path = inst.systemProperties?.__RELPATH;
  if (typeof path !== 'string') {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: `an instance of ${inst.className} has no path`,
    });
  }
  return path;
}

/** `INSTANCENAME` of an instance, typed by its class. */
export async function instanceNameXml(ctx: OperationContext, inst: CimInstance): Promise<string> {
  return encodeInstanceName(relPathOf(inst), keyTypesOf(await ctx.classOf(inst.className)));
}

/** The view of an instance read (`LocalOnly` is deprecated in DSP0200 and read as false). */
export function instanceView(ctx: OperationContext): ViewOptions {
  return {
    localOnly: false,
    // Stryker disable next-line BooleanLiteral: an INSTANCE is written without qualifiers either way
    includeQualifiers: boolParam(ctx.call, 'IncludeQualifiers', false),
    includeClassOrigin: boolParam(ctx.call, 'IncludeClassOrigin', false),
    propertyList: propertyListParam(ctx.call),
  };
}

/**
 * The instances of a class and its subclasses with, when `DeepInheritance` is false, only the
 * properties the named class declares (DSP0200 EnumerateInstances).
 */
export async function enumerateShaped(
  ctx: OperationContext,
  className: string,
  deep: boolean,
  view: ViewOptions,
): Promise<{ instances: CimInstance[]; views: ViewOptions[] }> {
  // The enumeration first: for an unknown class it fails with WBEM_E_INVALID_CLASS, which is
  // DSP0200's CIM_ERR_INVALID_CLASS, where reading the class would say NOT_FOUND.
  const instances = await ctx.services.createInstanceEnum(className);
  const own = deep ? null : new Set([...(await ctx.classOf(className)).properties.keys()]);
  const views = instances.map(() => {
    if (own === null) return view;
    const list =
      // Stryker disable next-line OptionalChaining: propertyList is not null on this branch; `?.` is for the compiler, whose narrowing stops at the callback
      view.propertyList === null ? own : new Set([...own].filter((k) => view.propertyList?.has(k)));
    return { ...view, propertyList: list };
  });
  return { instances, views };
}

export const getInstance: Operation = {
  name: 'GetInstance',
  params: ['InstanceName', 'LocalOnly', 'IncludeQualifiers', 'IncludeClassOrigin', 'PropertyList'],
  async run(ctx) {
    // Stryker disable next-line BooleanLiteral: only checked (DSP0200 deprecates it); the value is not used
    boolParam(ctx.call, 'LocalOnly', false);
    const inst = await ctx.services.getInstance(requiredInstanceName(ctx.call, 'InstanceName'));
    return {
      returnValue: encodeInstance(inst, await ctx.classOf(inst.className), instanceView(ctx)),
    };
  },
};

export const enumerateInstances: Operation = {
  name: 'EnumerateInstances',
  params: [
    'ClassName',
    'LocalOnly',
    'DeepInheritance',
    'IncludeQualifiers',
    'IncludeClassOrigin',
    'PropertyList',
  ],
  async run(ctx) {
    // Stryker disable next-line BooleanLiteral: only checked (DSP0200 deprecates it); the value is not used
    boolParam(ctx.call, 'LocalOnly', false);
    const className = requiredClassName(ctx.call, 'ClassName');
    const deep = boolParam(ctx.call, 'DeepInheritance', true);
    const { instances, views } = await enumerateShaped(ctx, className, deep, instanceView(ctx));
    let out = '';
    for (const [i, inst] of instances.entries()) {
      const cls = await ctx.classOf(inst.className);
      out += `<VALUE.NAMEDINSTANCE>${encodeInstanceName(relPathOf(inst), keyTypesOf(cls))}${encodeInstance(inst, cls, views[i] as ViewOptions)}</VALUE.NAMEDINSTANCE>`;
    }
    return { returnValue: out };
  },
};

export const enumerateInstanceNames: Operation = {
  name: 'EnumerateInstanceNames',
  params: ['ClassName'],
  async run(ctx) {
    const instances = await ctx.services.createInstanceEnum(
      requiredClassName(ctx.call, 'ClassName'),
    );
    let out = '';
    for (const inst of instances) out += await instanceNameXml(ctx, inst);
    return { returnValue: out };
  },
};

/**
 * The instance with the objects sent for its class's DMTF-embedded string properties turned back
 * into the CIM-XML text they came in (`dmtf-embedded.ts`). The class is read only when an object
 * was sent; when it cannot be read the instance goes as it is, and the engine's PutInstance says
 * what is wrong with it.
 */
async function withEmbeddedText(ctx: OperationContext, inst: CimInstance): Promise<CimInstance> {
  if (!holdsEmbeddedObjects(inst)) return inst;
  let cls: CimClass;
  try {
    cls = await ctx.classOf(inst.className);
  } catch {
    return inst;
  }
  return embeddedAsText(inst, cls);
}

export const createInstance: Operation = {
  name: 'CreateInstance',
  params: ['NewInstance'],
  async run(ctx) {
    const inst = await withEmbeddedText(
      ctx,
      decodeInstance(requiredParam(ctx.call, 'NewInstance', 'INSTANCE'), await ctx.declarations()),
    );
    const path = await ctx.services.putInstance(inst, WBEM_FLAG_CREATE_ONLY);
    return { returnValue: encodeInstanceName(path, keyTypesOf(await ctx.classOf(inst.className))) };
  },
};

/**
 * DSP0200 ModifyInstance with a PropertyList changes only the listed properties (a listed one the
 * instance leaves out becomes NULL). The engine's PutInstance replaces the whole instance and does
 * not implement WMI's `__PUT_EXT_PROPERTIES`, so the stored instance is read and the listed
 * values laid over it. Read and write are two calls: a write by another client in between is
 * overwritten for the unlisted properties.
 */
async function mergeListed(
  ctx: OperationContext,
  path: string,
  inst: CimInstance,
  list: ReadonlySet<string>,
): Promise<CimInstance> {
  const stored = await ctx.services.getInstance(path);
  const properties = new Map(stored.properties);
  for (const key of list) {
    const given = inst.properties.get(key);
    const name = given?.name ?? stored.properties.get(key)?.name ?? key;
    properties.set(key, { name, value: given?.value ?? null });
  }
  return { genus: inst.genus, className: inst.className, properties };
}

export const modifyInstance: Operation = {
  name: 'ModifyInstance',
  params: ['ModifiedInstance', 'IncludeQualifiers', 'PropertyList'],
  async run(ctx) {
    // Stryker disable next-line BooleanLiteral: only checked; the engine keeps the class's qualifiers
    boolParam(ctx.call, 'IncludeQualifiers', true);
    const named = requiredParam(ctx.call, 'ModifiedInstance', 'VALUE.NAMEDINSTANCE');
    const nameEl = childNamed(named, 'INSTANCENAME');
    const instEl = childNamed(named, 'INSTANCE');
    if (nameEl === undefined || instEl === undefined) {
      throw new WbemError(WBEM_E_INVALID_PARAMETER, {
        message: 'ModifiedInstance needs an INSTANCENAME and an INSTANCE',
      });
    }
    const inst = await withEmbeddedText(ctx, decodeInstance(instEl, await ctx.declarations()));
    const path = parseInstancePath(decodeInstanceName(nameEl));
    if (!sameName(path.className, inst.className)) {
      throw new WbemError(WBEM_E_INVALID_PARAMETER, {
        message: `ModifiedInstance names ${path.className} but holds an instance of ${inst.className}`,
      });
    }
    const list = propertyListParam(ctx.call);
    await ctx.services.putInstance(
      list === null ? inst : await mergeListed(ctx, decodeInstanceName(nameEl), inst, list),
      WBEM_FLAG_UPDATE_ONLY,
    );
    return VOID;
  },
};

export const deleteInstance: Operation = {
  name: 'DeleteInstance',
  params: ['InstanceName'],
  async run(ctx) {
    await ctx.services.deleteInstance(requiredInstanceName(ctx.call, 'InstanceName'));
    return VOID;
  },
};

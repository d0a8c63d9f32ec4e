/**
 * @module Syntax tree → model: `class` declarations → `CimClass`, `instance of` → `CimInstance`,
 * with qualifiers typed by their declarations and default values checked against their types.
 */

import type { CimClass } from '../model/cim-class.js';
import type { CimInstance, CimInstanceProperty } from '../model/cim-instance.js';
import type { CimMethod, CimParameter } from '../model/cim-method.js';
import type { CimProperty } from '../model/cim-property.js';
import { CIM_TYPE_BY_NAME } from '../model/cim-type-check.js';
import type { CimValue } from '../model/cim-value.js';
import { type NameMap, nameKey } from '../model/names.js';
import type { Qualifier } from '../model/qualifier.js';
import { CIM_EMPTY, CIM_OBJECT, CIM_REFERENCE, CIM_SINT32, CIM_STRING } from '../wbem/cim-type.js';
import { WBEM_GENUS_CLASS, WBEM_GENUS_INSTANCE } from '../wbem/flags.js';
import { WBEM_E_INVALID_DUPLICATE_PARAMETER } from '../wbem/status.js';
import type {
  MofClassNode,
  MofInstanceNode,
  MofMethodNode,
  MofParameterNode,
  MofPropertyNode,
  MofQualifierNode,
  MofTypeNode,
} from './ast.js';
import { DEFAULT_FLAVOR } from './flavors.js';
import { MofError } from './mof-error.js';
import { WBEMMOF_E_CIMTYPE_QUALIFIER, WBEMMOF_E_DUPLICATE_PROPERTY } from './mof-status.js';
import { type QualifiedElement, type QualifierContext, qualifiersToModel } from './qualifiers.js';
import { coerceValue, inferValue } from './values.js';

/** What model conversion needs from the compiler. */
export interface ModelContext extends QualifierContext {
  /**
   * Give each parameter an `ID` qualifier (sint32, its 0-based position) when no parameter of the
   * method has one, as WMI's mofcomp does: PutClass requires IDs 0..n-1 on every parameter.
   */
  readonly parameterIds: boolean;
  /** Type of `property` as the class (or one of its superclasses) declares it, when known. */
  propertyType(className: string, property: string): { type: number; isArray: boolean } | undefined;
}

/** `name` is lower case; names of another length are passed over without a lower-cased copy. */
function flag(qualifiers: readonly MofQualifierNode[], name: string): boolean {
  const q = qualifiers.find(
    (item) => item.name.length === name.length && nameKey(item.name) === name,
  );
  return (
    q !== undefined && (q.value === undefined || (q.value.kind === 'boolean' && q.value.value))
  );
}

/** `class`, `association` or `indication`, from the class's own qualifiers. */
export function classElementKind(node: MofClassNode): QualifiedElement {
  if (flag(node.qualifiers, 'association')) return 'association';
  if (flag(node.qualifiers, 'indication')) return 'indication';
  return 'class';
}

interface TypedShape {
  readonly type: number;
  readonly referenceClass?: string;
  readonly embeddedObjectClass?: string;
}

/**
 * The `CIMTYPE` qualifier WMI stores for a type the MOF spells without one: `"object:Cls"` for a
 * class name used as a type, `"ref"` for `object ref`. Other types need none here: their CIMTYPE
 * follows from the type itself.
 */
function impliedCimType(type: MofTypeNode): string | undefined {
  if (type.embeddedClass !== undefined) return `object:${type.embeddedClass}`;
  if (type.name === 'ref' && type.referenceClass === undefined) return 'ref';
  return undefined;
}

/** `qualifiers` with the implied `CIMTYPE` added when the MOF did not write one. */
function withImpliedCimType(qualifiers: NameMap<Qualifier>, type: MofTypeNode): NameMap<Qualifier> {
  const implied = impliedCimType(type);
  if (implied === undefined || qualifiers.has('cimtype')) return qualifiers;
  const out = new Map(qualifiers);
  out.set('cimtype', { name: 'CIMTYPE', type: CIM_STRING, value: implied, flavor: DEFAULT_FLAVOR });
  return out;
}

/** CIMTYPE and class of a declared type; `object` takes its class from `CIMTYPE("object:X")`. */
function shapeOf(type: MofTypeNode, qualifiers: NameMap<Qualifier>, ctx: ModelContext): TypedShape {
  const cimType = type.name === 'void' ? CIM_EMPTY : (CIM_TYPE_BY_NAME.get(type.name) as number);
  const declared = qualifiers.get('cimtype')?.value;
  if (cimType === CIM_REFERENCE) {
    if (type.referenceClass !== undefined)
      return { type: cimType, referenceClass: type.referenceClass };
    if (typeof declared === 'string' && declared.toLowerCase() !== 'ref') {
      throw new MofError(
        WBEMMOF_E_CIMTYPE_QUALIFIER,
        { file: ctx.file, line: type.line, column: type.column },
        `CIMTYPE "${declared}" contradicts the declared type object ref`,
      );
    }
    return { type: cimType };
  }
  if (type.embeddedClass !== undefined) {
    if (
      typeof declared === 'string' &&
      nameKey(declared) !== nameKey(`object:${type.embeddedClass}`)
    ) {
      throw new MofError(
        WBEMMOF_E_CIMTYPE_QUALIFIER,
        { file: ctx.file, line: type.line, column: type.column },
        `CIMTYPE "${declared}" contradicts the declared type ${type.embeddedClass}`,
      );
    }
    return { type: cimType, embeddedObjectClass: type.embeddedClass };
  }
  if (
    cimType === CIM_OBJECT &&
    typeof declared === 'string' &&
    declared.toLowerCase().startsWith('object:')
  ) {
    return { type: cimType, embeddedObjectClass: declared.slice(7) };
  }
  if (typeof declared === 'string') {
    const base = declared.toLowerCase().split(':')[0] ?? '';
    // Type names arrive lower-cased, so `object` here is the type `object` itself.
    if (base !== type.name) {
      throw new MofError(
        WBEMMOF_E_CIMTYPE_QUALIFIER,
        { file: ctx.file, line: type.line, column: type.column },
        `CIMTYPE "${declared}" contradicts the declared type ${type.name}`,
      );
    }
  }
  return { type: cimType };
}

/** A typed element while it is built, its fields set in `CimTypedElement`'s order. */
interface ElementFields {
  name: string;
  type: number;
  isArray: boolean;
  arraySize?: number;
  referenceClass?: string;
  embeddedObjectClass?: string;
  value?: CimValue;
  qualifiers?: NameMap<Qualifier>;
}

/**
 * What a property and a parameter declaration share: qualifiers, type shape, array-ness, default.
 * A property always has a value slot (NULL when the MOF gives no default); a parameter has one
 * only when given. Set field by field rather than spread: the conversion runs once per member of
 * a load, cold, where each spread and conditional `{}` is a copy.
 */
function typedElementToModel(
  node: MofPropertyNode | MofParameterNode,
  scope: 'property' | 'reference' | 'parameter',
  ctx: ModelContext,
): ElementFields {
  const qualifiers = withImpliedCimType(qualifiersToModel(node.qualifiers, scope, ctx), node.type);
  const shape = shapeOf(node.type, qualifiers, ctx);
  // The builders' key order (`cimProperty`, `cimParameter`), which the wire's fixed layout of a
  // put (`runtime/put-class-layout.ts`) carries without the generic packer.
  const out: ElementFields = { name: node.name, type: shape.type, isArray: node.isArray };
  if (node.arraySize !== undefined) out.arraySize = node.arraySize;
  if (shape.referenceClass !== undefined) out.referenceClass = shape.referenceClass;
  if (shape.embeddedObjectClass !== undefined) out.embeddedObjectClass = shape.embeddedObjectClass;
  if (node.value !== undefined) out.value = coerceValue(node.value, shape.type, node.isArray, ctx);
  else if (scope !== 'parameter') out.value = null;
  out.qualifiers = qualifiers;
  return out;
}

function propertyToModel(node: MofPropertyNode, ctx: ModelContext): CimProperty {
  const scope = node.type.name === 'ref' ? 'reference' : 'property';
  return typedElementToModel(node, scope, ctx) as CimProperty;
}

function parameterToModel(node: MofParameterNode, ctx: ModelContext): CimParameter {
  return typedElementToModel(node, 'parameter', ctx) as CimParameter;
}

function methodToModel(node: MofMethodNode, ctx: ModelContext): CimMethod {
  const qualifiers = qualifiersToModel(node.qualifiers, 'method', ctx);
  const parameters = new Map<string, CimParameter>();
  for (let i = 0; i < node.parameters.length; i++) {
    const param = node.parameters[i] as MofParameterNode;
    const key = nameKey(param.name);
    if (parameters.has(key)) {
      throw new MofError(
        WBEM_E_INVALID_DUPLICATE_PARAMETER,
        { file: ctx.file, line: param.line, column: param.column },
        `parameter ${param.name} appears twice in ${node.name}`,
      );
    }
    parameters.set(key, parameterToModel(param, ctx));
  }
  if (ctx.parameterIds && ![...parameters.values()].some((p) => p.qualifiers.has('id'))) {
    let id = 0;
    for (const [key, param] of parameters) {
      const qualifiers = new Map(param.qualifiers);
      qualifiers.set('id', { name: 'ID', type: CIM_SINT32, value: id++, flavor: DEFAULT_FLAVOR });
      parameters.set(key, { ...param, qualifiers });
    }
  }
  const returnShape = shapeOf(node.returnType, qualifiers, ctx);
  return {
    name: node.name,
    returnType: returnShape.type,
    parameters,
    qualifiers: withImpliedCimType(qualifiers, node.returnType),
  };
}

/**
 * A `class` declaration as a `CimClass` (local members only, as PutClass takes it).
 * @throws {MofError} WBEMMOF_E_DUPLICATE_PROPERTY, WBEMMOF_E_DUPLICATE_QUALIFIER,
 * WBEMMOF_E_QUALIFIER_USED_OUTSIDE_SCOPE, WBEMMOF_E_TYPE_MISMATCH, WBEMMOF_E_OUT_OF_RANGE,
 * WBEMMOF_E_CIMTYPE_QUALIFIER, WBEM_E_INVALID_DUPLICATE_PARAMETER.
 */
export function classToModel(node: MofClassNode, ctx: ModelContext): CimClass {
  const qualifiers = qualifiersToModel(node.qualifiers, classElementKind(node), ctx);
  const properties = new Map<string, CimProperty>();
  const methods = new Map<string, CimMethod>();
  for (let i = 0; i < node.features.length; i++) {
    const feature = node.features[i] as MofPropertyNode | MofMethodNode;
    const key = nameKey(feature.name);
    if (properties.has(key) || methods.has(key)) {
      throw new MofError(
        WBEMMOF_E_DUPLICATE_PROPERTY,
        { file: ctx.file, line: feature.line, column: feature.column },
        `${feature.name} is declared twice in ${node.name}`,
      );
    }
    if (feature.kind === 'property') properties.set(key, propertyToModel(feature, ctx));
    else methods.set(key, methodToModel(feature, ctx));
  }
  return {
    genus: WBEM_GENUS_CLASS,
    name: node.name,
    superclass: node.superclass ?? null,
    qualifiers,
    properties,
    methods,
  };
}

/**
 * An `instance of` declaration as a `CimInstance`; property values take the types the class
 * declares when the class is known, else the literal's own type.
 * @throws {MofError} WBEMMOF_E_DUPLICATE_PROPERTY and the value errors of `coerceValue`.
 */
export function instanceToModel(node: MofInstanceNode, ctx: ModelContext): CimInstance {
  const properties = new Map<string, CimInstanceProperty>();
  for (const prop of node.properties) {
    const key = nameKey(prop.name);
    if (properties.has(key)) {
      throw new MofError(
        WBEMMOF_E_DUPLICATE_PROPERTY,
        { file: ctx.file, line: prop.line, column: prop.column },
        `${prop.name} is set twice`,
      );
    }
    const declared = ctx.propertyType(node.className, prop.name);
    const value =
      declared === undefined
        ? inferValue(prop.value, ctx).value
        : coerceValue(prop.value, declared.type, declared.isArray, ctx);
    properties.set(key, { name: prop.name, value });
  }
  const qualifiers = qualifiersToModel(node.qualifiers, 'instance', ctx);
  return {
    genus: WBEM_GENUS_INSTANCE,
    className: node.className,
    properties,
    ...(qualifiers.size === 0 ? {} : { qualifiers }),
  };
}

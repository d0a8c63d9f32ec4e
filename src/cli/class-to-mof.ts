/**
 * @module A class printed as MOF text, for reading rather than re-compiling: inherited members are
 * included (the resolved view `getClass` returns) with their effective qualifiers and a comment
 * naming their origin; class qualifiers are the local ones (inherited class qualifiers such as a
 * superclass's `Description` would only repeat the superclass); the system properties head the
 * output as comments.
 */
import {
  CIM_OBJECT,
  CIM_REFERENCE,
  CIM_TYPE_NAMES,
  type CimClass,
  type CimMethod,
  type CimParameter,
  type CimProperty,
  type CimScalar,
  type CimValue,
  type NameMap,
  type Qualifier,
  WBEM_FLAVOR_AMENDED,
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE,
  WBEM_FLAVOR_NOT_OVERRIDABLE,
  WBEM_FLAVOR_ORIGIN_PROPAGATED,
} from '../index.js';

function quote(text: string): string {
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return `"${escaped}"`;
}

function scalarText(value: CimScalar): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'object')
    return `/* embedded ${value.genus === 1 ? 'class' : 'instance'} */`;
  return String(value);
}

/** MOF literal of a value: strings quoted and escaped, arrays in braces. */
export function valueText(value: CimValue): string {
  if (value === null) return 'NULL';
  if (Array.isArray(value))
    return `{${value.map((item: CimScalar) => scalarText(item)).join(', ')}}`;
  return scalarText(value as CimScalar);
}

function flavorText(flavor: number): string {
  const words: string[] = [];
  if (flavor & WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE) words.push('ToInstance');
  if (flavor & WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS) words.push('ToSubclass');
  if (flavor & WBEM_FLAVOR_NOT_OVERRIDABLE) words.push('DisableOverride');
  if (flavor & WBEM_FLAVOR_AMENDED) words.push('Amended');
  return words.length === 0 ? '' : ` : ${words.join(' ')}`;
}

function qualifierText(qualifier: Qualifier, withFlavors: boolean): string {
  const flavors = withFlavors ? flavorText(qualifier.flavor) : '';
  if (qualifier.value === true && !qualifier.isArray) return `${qualifier.name}${flavors}`;
  const value = Array.isArray(qualifier.value)
    ? valueText(qualifier.value)
    : `(${valueText(qualifier.value)})`;
  return `${qualifier.name}${value}${flavors}`;
}

function qualifierBlock(qualifiers: NameMap<Qualifier>, indent: string, local: boolean): string {
  const shown = [...qualifiers.values()].filter(
    (q) => !local || (q.flavor & WBEM_FLAVOR_ORIGIN_PROPAGATED) === 0,
  );
  if (shown.length === 0) return '';
  const items = shown.map((q) => qualifierText(q, true));
  const oneLine = `[${items.join(', ')}]`;
  if (oneLine.length + indent.length <= 100) return `${indent}${oneLine}\n`;
  return `${indent}[${items.join(`,\n${indent} `)}]\n`;
}

function typeText(element: {
  readonly type: number;
  readonly referenceClass?: string;
  readonly embeddedObjectClass?: string;
}): string {
  if (element.type === CIM_REFERENCE) return `${element.referenceClass ?? 'object'} REF`;
  if (element.type === CIM_OBJECT && element.embeddedObjectClass !== undefined) {
    return `object:${element.embeddedObjectClass}`;
  }
  return CIM_TYPE_NAMES.get(element.type) ?? `cimtype(${element.type})`;
}

function arrayText(element: { readonly isArray: boolean; readonly arraySize?: number }): string {
  if (!element.isArray) return '';
  return element.arraySize === undefined ? '[]' : `[${element.arraySize}]`;
}

function originComment(
  member: { readonly propagated?: boolean; readonly classOrigin?: string },
  className: string,
): string {
  const origin = member.classOrigin;
  if (member.propagated === true && origin !== undefined) return ` // inherited from ${origin}`;
  if (origin !== undefined && origin.toLowerCase() !== className.toLowerCase()) {
    return ` // overrides ${origin}`;
  }
  return '';
}

function propertyText(property: CimProperty, className: string): string {
  const head = qualifierBlock(property.qualifiers, '  ', false);
  const value = property.value === null ? '' : ` = ${valueText(property.value)}`;
  const line = `  ${typeText(property)} ${property.name}${arrayText(property)}${value};`;
  return `${head}${line}${originComment(property, className)}\n`;
}

function parameterText(parameter: CimParameter): string {
  const qualifiers = [...parameter.qualifiers.values()].map((q) => qualifierText(q, false));
  const head = qualifiers.length === 0 ? '' : `[${qualifiers.join(', ')}] `;
  return `${head}${typeText(parameter)} ${parameter.name}${arrayText(parameter)}`;
}

function methodText(method: CimMethod, className: string): string {
  const head = qualifierBlock(method.qualifiers, '  ', false);
  const returns = CIM_TYPE_NAMES.get(method.returnType) ?? 'void';
  const params = [...method.parameters.values()].map(parameterText);
  const list = params.length === 0 ? '' : `\n      ${params.join(',\n      ')}`;
  return `${head}  ${returns}${method.returnIsArray === true ? '[]' : ''} ${method.name}(${list});${originComment(method, className)}\n`;
}

function systemComments(cls: CimClass): string {
  const sys = cls.systemProperties;
  if (sys === undefined) return '';
  const lines = [
    `// __PATH = ${sys.__PATH ?? 'NULL'}`,
    `// __DERIVATION = {${sys.__DERIVATION.join(', ')}}`,
    `// __DYNASTY = ${sys.__DYNASTY}`,
    `// __PROPERTY_COUNT = ${sys.__PROPERTY_COUNT}`,
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * MOF-like text of a class: system properties as comments, class qualifiers (local ones only),
 * then every property and method, inherited ones marked `// inherited from <origin>`.
 */
export function classToMof(cls: CimClass): string {
  const head = qualifierBlock(cls.qualifiers, '', true);
  const superclass = cls.superclass === null ? '' : ` : ${cls.superclass}`;
  const properties = [...cls.properties.values()].map((p) => propertyText(p, cls.name));
  const methods = [...cls.methods.values()].map((m) => methodText(m, cls.name));
  const body = [...properties, ...methods].join('');
  return `${systemComments(cls)}${head}class ${cls.name}${superclass}\n{\n${body}};\n`;
}

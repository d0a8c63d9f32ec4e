/**
 * @module A class printed as MOF text, for reading rather than re-compiling (`toMof` writes MOF
 * to load back): inherited members are
 * included (the resolved view `getClass` returns) with their effective qualifiers and a comment
 * naming their origin; class qualifiers are the local ones (inherited class qualifiers such as a
 * superclass's `Description` would only repeat the superclass); the system properties head the
 * output as comments.
 */
import type { CimClass } from '../model/cim-class.js';
import type { CimMethod, CimParameter } from '../model/cim-method.js';
import type { CimProperty } from '../model/cim-property.js';
import type { NameMap } from '../model/names.js';
import type { Qualifier } from '../model/qualifier.js';
import { CIM_TYPE_NAMES } from '../wbem/cim-type.js';
import { WBEM_FLAVOR_MASK_ORIGIN, WBEM_FLAVOR_ORIGIN_PROPAGATED } from '../wbem/flavor.js';
import { arrayText, flavorWords, qualifierText, typeText, valueText } from './mof-literals.js';

export { valueText };

function flavorText(flavor: number): string {
  const words = flavorWords(flavor & ~WBEM_FLAVOR_MASK_ORIGIN, 0);
  return words.length === 0 ? '' : ` : ${words.join(' ')}`;
}

function readableQualifier(qualifier: Qualifier, withFlavors: boolean): string {
  const flavors = withFlavors ? flavorText(qualifier.flavor) : '';
  return `${qualifierText(qualifier, qualifier.flavor)}${flavors}`;
}

function qualifierBlock(qualifiers: NameMap<Qualifier>, indent: string, local: boolean): string {
  const shown = [...qualifiers.values()].filter(
    (q) => !local || (q.flavor & WBEM_FLAVOR_ORIGIN_PROPAGATED) === 0,
  );
  if (shown.length === 0) return '';
  const items = shown.map((q) => readableQualifier(q, true));
  const oneLine = `[${items.join(', ')}]`;
  if (oneLine.length + indent.length <= 100) return `${indent}${oneLine}\n`;
  return `${indent}[${items.join(`,\n${indent} `)}]\n`;
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
  const value = property.value === null ? '' : ` = ${valueText(property.value, property.type)}`;
  const line = `  ${typeText(property)} ${property.name}${arrayText(property)}${value};`;
  return `${head}${line}${originComment(property, className)}\n`;
}

function parameterText(parameter: CimParameter): string {
  const qualifiers = [...parameter.qualifiers.values()].map((q) => readableQualifier(q, false));
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

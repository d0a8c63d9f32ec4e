/**
 * @module DSP0201 `QUALIFIER.DECLARATION` to the engine's `QualifierDeclaration` (SetQualifier).
 * A declaration's own flavor attributes take the DSP0201 defaults when left out: there is no
 * declaration above it to inherit from.
 */
import {
  type QualifierDeclaration,
  type QualifierScope,
  WBEM_E_INVALID_PARAMETER,
  WbemError,
} from '../index.js';
import { cimTypeOf } from './cim-value-text.js';
import {
  arraySizeOf,
  type DecodeContext,
  decodeFlavor,
  decodeOwnedValue,
  parseBoolAttr,
} from './decode-cim.js';
import { attr } from './decode-path.js';
import { childNamed, type XmlElement } from './xml-tree.js';

function invalid(message: string): WbemError {
  return new WbemError(WBEM_E_INVALID_PARAMETER, { message });
}

const SCOPE_ATTRS: readonly [string, QualifierScope][] = [
  ['CLASS', 'class'],
  ['ASSOCIATION', 'association'],
  ['INDICATION', 'indication'],
  ['PROPERTY', 'property'],
  ['REFERENCE', 'reference'],
  ['METHOD', 'method'],
  ['PARAMETER', 'parameter'],
];

/** A `QUALIFIER.DECLARATION`. */
export function decodeQualifierDeclaration(
  element: XmlElement,
  ctx: DecodeContext,
): QualifierDeclaration {
  if (element.name !== 'QUALIFIER.DECLARATION') {
    throw invalid(`expected <QUALIFIER.DECLARATION>, got <${element.name}>`);
  }
  const name = attr(element, 'NAME');
  const type = cimTypeOf(element.attrs['TYPE'], `qualifier declaration ${name}`);
  const isArray =
    parseBoolAttr(element, 'ISARRAY') ?? childNamed(element, 'VALUE.ARRAY') !== undefined;
  const scope = childNamed(element, 'SCOPE');
  const scopes: QualifierScope[] = [];
  if (scope !== undefined)
    for (const [a, s] of SCOPE_ATTRS) if (parseBoolAttr(scope, a) === true) scopes.push(s);
  if (scopes.length === SCOPE_ATTRS.length || scopes.length === 0)
    scopes.splice(0, scopes.length, 'any');
  return {
    name,
    type,
    isArray,
    ...arraySizeOf(element),
    value: decodeOwnedValue(element, type, isArray, `qualifier declaration ${name}`, ctx),
    scopes,
    flavor: decodeFlavor(element, undefined),
  };
}

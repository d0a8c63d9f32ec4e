/**
 * @module A `CLASS` element as a server sent it, on the client side: every member it carries,
 * inherited ones included, with `classOrigin` (`CLASSORIGIN`), `propagated` (`PROPAGATED`) and
 * qualifiers marked `PROPAGATED="true"` given the `WBEM_FLAVOR_ORIGIN_PROPAGATED` bit, as
 * pywbem's `CIMClass` keeps them. A class read with `LocalOnly=false` and `IncludeClassOrigin`
 * thus decodes to the resolved view a local `getClass` returns.
 *
 * The server side decodes a class the other way (`decode-cim.ts`: propagated members dropped,
 * since only what a class defines is written); the value and flavor rules are shared with it.
 */
import {
  CIM_EMPTY,
  CIM_OBJECT,
  CIM_REFERENCE,
  type CimClass,
  type CimMethod,
  type CimParameter,
  type CimProperty,
  nameMap,
  type Qualifier,
  WBEM_E_INVALID_PARAMETER,
  WBEM_FLAVOR_ORIGIN_PROPAGATED,
  WBEM_GENUS_CLASS,
  WbemError,
} from '../../index.js';
import { cimTypeOf } from '../cim-value-text.js';
import {
  arraySizeOf,
  decodeOwnedValue,
  decodeQualifier,
  NO_DECLARATIONS,
  parseBoolAttr,
} from '../decode-cim.js';
import { attr } from '../decode-path.js';
import { childrenNamed, type XmlElement } from '../xml-tree.js';

const PROPERTY_ELEMENTS = new Set(['PROPERTY', 'PROPERTY.ARRAY', 'PROPERTY.REFERENCE']);
const PARAMETER_ELEMENTS = new Set([
  'PARAMETER',
  'PARAMETER.ARRAY',
  'PARAMETER.REFERENCE',
  'PARAMETER.REFARRAY',
]);

function qualifiersOf(element: XmlElement): Map<string, Qualifier> {
  return nameMap(
    childrenNamed(element, 'QUALIFIER').map((q) => {
      const decoded = decodeQualifier(q, NO_DECLARATIONS);
      return parseBoolAttr(q, 'PROPAGATED') === true
        ? { ...decoded, flavor: decoded.flavor | WBEM_FLAVOR_ORIGIN_PROPAGATED }
        : decoded;
    }),
  );
}

/** `classOrigin` and `propagated` of a property or method element. */
function originOf(element: XmlElement): { classOrigin?: string; propagated: boolean } {
  const origin = element.attrs['CLASSORIGIN'];
  return {
    ...(origin === undefined ? {} : { classOrigin: origin }),
    propagated: parseBoolAttr(element, 'PROPAGATED') === true,
  };
}

function embeddedClassOf(element: XmlElement): { embeddedObjectClass?: string } {
  const cls = element.attrs['EmbeddedInstance'] ?? element.attrs['EMBEDDEDINSTANCE'];
  return cls === undefined ? {} : { embeddedObjectClass: cls };
}

function isEmbedded(element: XmlElement): boolean {
  const e = element.attrs['EmbeddedObject'] ?? element.attrs['EMBEDDEDOBJECT'];
  return e !== undefined || embeddedClassOf(element).embeddedObjectClass !== undefined;
}

function decodeProperty(element: XmlElement): CimProperty {
  const name = attr(element, 'NAME');
  const where = `property ${name}`;
  const qualifiers = qualifiersOf(element);
  if (element.name === 'PROPERTY.REFERENCE') {
    const ref = element.attrs['REFERENCECLASS'];
    return {
      name,
      type: CIM_REFERENCE,
      isArray: false,
      ...(ref === undefined ? {} : { referenceClass: ref }),
      value: decodeOwnedValue(element, CIM_REFERENCE, false, where, NO_DECLARATIONS),
      qualifiers,
      ...originOf(element),
    };
  }
  const isArray = element.name === 'PROPERTY.ARRAY';
  const type = isEmbedded(element) ? CIM_OBJECT : cimTypeOf(element.attrs['TYPE'], where);
  return {
    name,
    type,
    isArray,
    ...(isArray ? arraySizeOf(element) : {}),
    ...embeddedClassOf(element),
    value: decodeOwnedValue(element, type, isArray, where, NO_DECLARATIONS),
    qualifiers,
    ...originOf(element),
  };
}

function decodeParameter(element: XmlElement): CimParameter {
  const name = attr(element, 'NAME');
  const isRef = element.name === 'PARAMETER.REFERENCE' || element.name === 'PARAMETER.REFARRAY';
  const isArray = element.name === 'PARAMETER.ARRAY' || element.name === 'PARAMETER.REFARRAY';
  const ref = element.attrs['REFERENCECLASS'];
  return {
    name,
    type: isRef
      ? CIM_REFERENCE
      : isEmbedded(element)
        ? CIM_OBJECT
        : cimTypeOf(element.attrs['TYPE'], `parameter ${name}`),
    isArray,
    ...(isArray ? arraySizeOf(element) : {}),
    ...(isRef && ref !== undefined ? { referenceClass: ref } : {}),
    ...embeddedClassOf(element),
    qualifiers: qualifiersOf(element),
  };
}

function decodeMethod(element: XmlElement): CimMethod {
  const name = attr(element, 'NAME');
  const typeName = element.attrs['TYPE'];
  return {
    name,
    returnType: typeName === undefined ? CIM_EMPTY : cimTypeOf(typeName, `method ${name}`),
    parameters: nameMap(
      element.children.filter((c) => PARAMETER_ELEMENTS.has(c.name)).map(decodeParameter),
    ),
    qualifiers: qualifiersOf(element),
    ...originOf(element),
  };
}

/**
 * A `CLASS` with everything the server sent, inherited members and qualifiers included.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for malformed content.
 */
export function decodeClassView(element: XmlElement): CimClass {
  if (element.name !== 'CLASS') {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: `malformed reply: expected <CLASS>, got <${element.name}>`,
    });
  }
  return {
    genus: WBEM_GENUS_CLASS,
    name: attr(element, 'NAME'),
    superclass: element.attrs['SUPERCLASS'] ?? null,
    qualifiers: qualifiersOf(element),
    properties: nameMap(
      element.children.filter((c) => PROPERTY_ELEMENTS.has(c.name)).map(decodeProperty),
    ),
    methods: nameMap(element.children.filter((c) => c.name === 'METHOD').map(decodeMethod)),
  };
}

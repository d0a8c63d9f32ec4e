/**
 * @module The DMTF classes through which a WBEM server describes itself in `root/interop`
 * (Profile Registration, DSP1033; the WBEM Server profile): `CIM_Namespace` and the association
 * `CIM_NamespaceInManager` to the `CIM_ObjectManager`, `CIM_RegisteredProfile` and the
 * association `CIM_ElementConformsToProfile` from a profile to its central instances.
 *
 * Their instances are not stored: the server answers them from the engine's state
 * (`published-instances.ts`). The definitions are minimal (the DMTF keys and the properties the
 * server fills) and a definition already in the namespace wins, as for the subscription classes.
 * `RegisteredOrganization` and `AdvertiseTypes` carry DMTF's `ValueMap`/`Values`, because clients
 * (pywbem's `get_selected_profiles`) read the class to turn the numbers into names.
 */
import { type CimClass, cimClass, cimProperty, qualifier, type WbemEngine } from '../index.js';
import { defineMissingClasses } from './interop-schema.js';
import { OBJECT_MANAGER_CLASS } from './object-manager.js';

export const NAMESPACE_CLASS = 'CIM_Namespace';
export const NAMESPACE_IN_MANAGER_CLASS = 'CIM_NamespaceInManager';
export const REGISTERED_PROFILE_CLASS = 'CIM_RegisteredProfile';
export const CONFORMS_TO_PROFILE_CLASS = 'CIM_ElementConformsToProfile';

/** The classes whose instances only the server writes. */
export const PUBLISHED_CLASSES: readonly string[] = [
  NAMESPACE_CLASS,
  NAMESPACE_IN_MANAGER_CLASS,
  REGISTERED_PROFILE_CLASS,
  CONFORMS_TO_PROFILE_CLASS,
];

/** `RegisteredOrganization` value of the DMTF. */
export const ORGANIZATION_DMTF = 2;
/** `AdvertiseTypes` value "Not Advertised" (the server speaks no SLP or WS-Identify). */
export const NOT_ADVERTISED = 2;

const key = [qualifier('Key', true)];

/** The keys of `CIM_Namespace` (DSP1033): the object manager's four, then the namespace's two. */
export const NAMESPACE_KEYS: readonly string[] = [
  'SystemCreationClassName',
  'SystemName',
  'ObjectManagerCreationClassName',
  'ObjectManagerName',
  'CreationClassName',
  'Name',
];

const ORGANIZATIONS = [
  'Other',
  'DMTF',
  'CompTIA',
  'Consortium for Service Innovation',
  'FAST',
  'GGF',
  'INTAP',
  'itSMF',
  'NAC',
  'Northwest Energy Efficiency Alliance',
  'SNIA',
  'TM Forum',
  'The Open Group',
  'ANSI',
  'IEEE',
  'IETF',
  'INCITS',
  'ISO',
  'W3C',
  'OGF',
  'The Green Grid',
];

const valueMap = (values: readonly string[], from: number) => [
  qualifier(
    'ValueMap',
    values.map((_, i) => String(i + from)),
  ),
  qualifier('Values', [...values]),
];

const CLASSES: readonly CimClass[] = [
  cimClass({
    name: NAMESPACE_CLASS,
    qualifiers: [qualifier('Description', 'A namespace of this WBEM server')],
    properties: [
      ...NAMESPACE_KEYS.map((n) => cimProperty(n, 'string', { qualifiers: key })),
      cimProperty('ElementName', 'string'),
    ],
  }),
  cimClass({
    name: NAMESPACE_IN_MANAGER_CLASS,
    qualifiers: [qualifier('Association', true)],
    properties: [
      cimProperty('Antecedent', 'ref', { referenceClass: OBJECT_MANAGER_CLASS, qualifiers: key }),
      cimProperty('Dependent', 'ref', { referenceClass: NAMESPACE_CLASS, qualifiers: key }),
    ],
  }),
  cimClass({
    name: REGISTERED_PROFILE_CLASS,
    qualifiers: [qualifier('Description', 'A management profile this WBEM server implements')],
    properties: [
      cimProperty('InstanceID', 'string', { qualifiers: key }),
      cimProperty('RegisteredOrganization', 'uint16', {
        qualifiers: valueMap(ORGANIZATIONS, 1),
      }),
      cimProperty('OtherRegisteredOrganization', 'string'),
      cimProperty('RegisteredName', 'string'),
      cimProperty('RegisteredVersion', 'string'),
      cimProperty('AdvertiseTypes', 'uint16[]', {
        qualifiers: valueMap(['Other', 'Not Advertised', 'SLP', 'WS-Identify'], 1),
      }),
      cimProperty('AdvertiseTypeDescriptions', 'string[]'),
      cimProperty('ElementName', 'string'),
    ],
  }),
  cimClass({
    name: CONFORMS_TO_PROFILE_CLASS,
    qualifiers: [qualifier('Association', true)],
    properties: [
      cimProperty('ConformantStandard', 'ref', {
        referenceClass: REGISTERED_PROFILE_CLASS,
        qualifiers: key,
      }),
      cimProperty('ManagedElement', 'ref', {
        referenceClass: 'CIM_ManagedElement',
        qualifiers: key,
      }),
    ],
  }),
];

/**
 * Defines the classes above that `root/interop` lacks (after `ensureInteropSchema`).
 * @throws {WbemError} as `getClass` / `putClass`.
 */
export function ensureProfileSchema(engine: WbemEngine): Promise<void> {
  return defineMissingClasses(engine, CLASSES);
}

/**
 * @module The interop namespace (`root/interop`) and the DSP1054 classes a client instantiates
 * there to subscribe: `CIM_IndicationFilter`, `CIM_ListenerDestination` /
 * `CIM_ListenerDestinationCIMXML` and the association `CIM_IndicationSubscription`.
 *
 * The definitions are minimal: the DMTF keys and the properties the server reads, without the
 * `CIM_ManagedElement` hierarchy above them. A class that already exists (a full DMTF schema
 * compiled into the namespace) is left as it is, so its richer definition wins.
 */
import {
  type CimClass,
  cimClass,
  cimProperty,
  qualifier,
  WBEM_E_ALREADY_EXISTS,
  WBEM_E_NOT_FOUND,
  type WbemEngine,
  WbemError,
} from '../index.js';

export const INTEROP_NAMESPACE = 'root/interop';
export const FILTER_CLASS = 'CIM_IndicationFilter';
export const DESTINATION_CLASS = 'CIM_ListenerDestination';
export const CIMXML_DESTINATION_CLASS = 'CIM_ListenerDestinationCIMXML';
export const SUBSCRIPTION_CLASS = 'CIM_IndicationSubscription';

const key = [qualifier('Key', true)];

/** The four DMTF keys of a scoped element (filter, destination). */
function scopedKeys(): ReturnType<typeof cimProperty>[] {
  return ['SystemCreationClassName', 'SystemName', 'CreationClassName', 'Name'].map((n) =>
    cimProperty(n, 'string', { qualifiers: key }),
  );
}

/** Superclasses before subclasses. */
const CLASSES: readonly CimClass[] = [
  cimClass({
    name: FILTER_CLASS,
    qualifiers: [qualifier('Description', 'DSP1054 indication filter: a WQL notification query')],
    properties: [
      ...scopedKeys(),
      cimProperty('Query', 'string'),
      cimProperty('QueryLanguage', 'string'),
      cimProperty('SourceNamespace', 'string'),
      cimProperty('SourceNamespaces', 'string[]'),
    ],
  }),
  cimClass({
    name: DESTINATION_CLASS,
    qualifiers: [qualifier('Abstract', true)],
    properties: [...scopedKeys(), cimProperty('PersistenceType', 'uint16')],
  }),
  cimClass({
    name: CIMXML_DESTINATION_CLASS,
    superclass: DESTINATION_CLASS,
    properties: [cimProperty('Destination', 'string')],
  }),
  cimClass({
    name: SUBSCRIPTION_CLASS,
    qualifiers: [qualifier('Association', true)],
    properties: [
      cimProperty('Filter', 'ref', { referenceClass: FILTER_CLASS, qualifiers: key }),
      cimProperty('Handler', 'ref', { referenceClass: DESTINATION_CLASS, qualifiers: key }),
      cimProperty('SubscriptionState', 'uint16'),
    ],
  }),
];

/**
 * Creates `root/interop` when missing and defines the subscription classes it lacks.
 * @throws {WbemError} as `createNamespace` / `putClass` (a store failure, a shut-down engine).
 */
export async function ensureInteropSchema(engine: WbemEngine): Promise<void> {
  try {
    await engine.createNamespace('root', 'interop');
  } catch (error) {
    if (!(error instanceof WbemError) || error.hresult !== WBEM_E_ALREADY_EXISTS) throw error;
  }
  await defineMissingClasses(engine, CLASSES);
}

/**
 * Puts each of `classes` (superclasses first) that `root/interop` does not define yet; one already
 * there, a full DMTF definition among them, is left as it is.
 * @throws {WbemError} as `getClass` / `putClass`.
 */
export async function defineMissingClasses(
  engine: WbemEngine,
  classes: readonly CimClass[],
): Promise<void> {
  const svc = await engine.connectServer(INTEROP_NAMESPACE);
  for (const cls of classes) {
    try {
      await svc.getClass(cls.name);
    } catch (error) {
      if (!(error instanceof WbemError) || error.hresult !== WBEM_E_NOT_FOUND) throw error;
      await svc.putClass(cls);
    }
  }
}

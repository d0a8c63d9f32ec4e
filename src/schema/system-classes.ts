/**
 * @module The WMI system classes every namespace has (`__SystemClass` and the classes below it),
 * as a read-only virtual overlay.
 *
 * Why an overlay and not stored records: the classes are identical in every namespace and may
 * never change, so keeping them out of the stores costs nothing per namespace, needs no seeding
 * or migration, and makes them unwritable by construction (`PutClass`/`DeleteClass` on a `__`
 * name is refused before any store is consulted). Lookups go through `class-lookup.ts`, which
 * consults this table for `__` names and the store for everything else.
 *
 * User classes may derive from the classes WMI leaves open for it (`__ExtrinsicEvent` for
 * provider events, `__EventConsumer` for consumers, `__ExtendedStatus` for error objects); the
 * rest are final. The provider registration classes hold what a MOF registers as plain
 * instances: wbemrx loads no COM provider from them.
 */
import type { ClassRecord } from '../model/change-set.js';
import { cimClass, cimMethod, cimProperty, idParameter, qualifier } from '../model/cim-builders.js';
import type { CimClass } from '../model/cim-class.js';
import { nameKey } from '../model/names.js';
import { WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS } from '../wbem/flavor.js';
import { resolveClass } from './resolve-class.js';

const abstract = qualifier('abstract', true);
const key = qualifier('key', true, { flavor: WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS });

const DEFINITIONS: readonly CimClass[] = [
  cimClass({ name: '__SystemClass', qualifiers: [abstract] }),
  cimClass({
    name: '__NAMESPACE',
    superclass: '__SystemClass',
    properties: [cimProperty('Name', 'string', { qualifiers: [key] })],
  }),
  cimClass({
    name: '__ExtendedStatus',
    superclass: '__SystemClass',
    properties: [
      cimProperty('Description', 'string'),
      cimProperty('Operation', 'string'),
      cimProperty('ParameterInfo', 'string'),
      cimProperty('ProviderName', 'string'),
      cimProperty('StatusCode', 'uint32'),
    ],
  }),
  cimClass({ name: '__IndicationRelated', superclass: '__SystemClass', qualifiers: [abstract] }),
  cimClass({
    name: '__Event',
    superclass: '__IndicationRelated',
    qualifiers: [abstract],
    properties: [
      cimProperty('SECURITY_DESCRIPTOR', 'uint8[]'),
      cimProperty('TIME_CREATED', 'uint64'),
    ],
  }),
  cimClass({
    name: '__ClassOperationEvent',
    superclass: '__Event',
    qualifiers: [abstract],
    properties: [cimProperty('TargetClass', 'object')],
  }),
  cimClass({ name: '__ClassCreationEvent', superclass: '__ClassOperationEvent' }),
  cimClass({
    name: '__ClassModificationEvent',
    superclass: '__ClassOperationEvent',
    properties: [cimProperty('PreviousClass', 'object')],
  }),
  cimClass({ name: '__ClassDeletionEvent', superclass: '__ClassOperationEvent' }),
  cimClass({
    name: '__InstanceOperationEvent',
    superclass: '__Event',
    qualifiers: [abstract],
    properties: [cimProperty('TargetInstance', 'object')],
  }),
  cimClass({ name: '__InstanceCreationEvent', superclass: '__InstanceOperationEvent' }),
  cimClass({
    name: '__InstanceModificationEvent',
    superclass: '__InstanceOperationEvent',
    properties: [cimProperty('PreviousInstance', 'object')],
  }),
  cimClass({ name: '__InstanceDeletionEvent', superclass: '__InstanceOperationEvent' }),
  cimClass({
    name: '__NamespaceOperationEvent',
    superclass: '__Event',
    qualifiers: [abstract],
    properties: [cimProperty('TargetNamespace', 'object', { embeddedObjectClass: '__NAMESPACE' })],
  }),
  cimClass({ name: '__NamespaceCreationEvent', superclass: '__NamespaceOperationEvent' }),
  cimClass({
    name: '__NamespaceModificationEvent',
    superclass: '__NamespaceOperationEvent',
    properties: [
      cimProperty('PreviousNamespace', 'object', { embeddedObjectClass: '__NAMESPACE' }),
    ],
  }),
  cimClass({ name: '__NamespaceDeletionEvent', superclass: '__NamespaceOperationEvent' }),
  cimClass({ name: '__ExtrinsicEvent', superclass: '__Event', qualifiers: [abstract] }),
  cimClass({ name: '__EventConsumer', superclass: '__IndicationRelated', qualifiers: [abstract] }),
  cimClass({
    name: '__SystemSecurity',
    superclass: '__SystemClass',
    methods: [
      cimMethod('GetSD', 'uint32', { parameters: [idParameter('SD', 'uint8[]', 0, 'out')] }),
      cimMethod('SetSD', 'uint32', { parameters: [idParameter('SD', 'uint8[]', 0, 'in')] }),
    ],
  }),
  cimClass({ name: '__PARAMETERS', superclass: '__SystemClass', qualifiers: [abstract] }),
  cimClass({
    name: '__Provider',
    superclass: '__SystemClass',
    qualifiers: [abstract],
    properties: [cimProperty('Name', 'string', { qualifiers: [key] })],
  }),
  cimClass({
    name: '__Win32Provider',
    superclass: '__Provider',
    properties: [
      cimProperty('ClientLoadableCLSID', 'string'),
      cimProperty('CLSID', 'string'),
      cimProperty('Concurrency', 'sint32'),
      cimProperty('DefaultMachineName', 'string'),
      cimProperty('Enabled', 'boolean', { value: true }),
      cimProperty('HostingModel', 'string'),
      cimProperty('ImpersonationLevel', 'sint32', { value: 0 }),
      cimProperty('InitializationReentrancy', 'sint32'),
      cimProperty('InitializationTimeoutInterval', 'datetime'),
      cimProperty('InitializeAsAdminFirst', 'boolean'),
      cimProperty('OperationTimeoutInterval', 'datetime'),
      cimProperty('PerLocaleInitialization', 'boolean', { value: false }),
      cimProperty('PerUserInitialization', 'boolean', { value: false }),
      cimProperty('Pure', 'boolean', { value: true }),
      cimProperty('SecurityDescriptor', 'string'),
      cimProperty('SupportsExplicitShutdown', 'boolean'),
      cimProperty('SupportsExtendedStatus', 'boolean'),
      cimProperty('SupportsQuotas', 'boolean'),
      cimProperty('SupportsSendStatus', 'boolean'),
      cimProperty('SupportsShutdown', 'boolean'),
      cimProperty('SupportsThrottling', 'boolean'),
      cimProperty('UnloadTimeout', 'datetime'),
      cimProperty('Version', 'uint32'),
    ],
  }),
  // Provider registrations (learn.microsoft.com, wmisdk "__*ProviderRegistration"): MOFs that
  // register providers load them as instances; wbemrx stores them and loads no provider.
  cimClass({
    name: '__ProviderRegistration',
    superclass: '__SystemClass',
    qualifiers: [abstract],
    properties: [
      cimProperty('provider', 'ref', { referenceClass: '__Provider', qualifiers: [key] }),
    ],
  }),
  cimClass({
    name: '__ObjectProviderRegistration',
    superclass: '__ProviderRegistration',
    qualifiers: [abstract],
    properties: [
      cimProperty('InteractionType', 'sint32', { value: 0 }),
      cimProperty('QuerySupportLevels', 'string[]'),
      cimProperty('SupportsBatching', 'boolean'),
      cimProperty('SupportsDelete', 'boolean', { value: false }),
      cimProperty('SupportsEnumeration', 'boolean', { value: false }),
      cimProperty('SupportsGet', 'boolean', { value: false }),
      cimProperty('SupportsPut', 'boolean', { value: false }),
      cimProperty('SupportsTransactions', 'boolean'),
    ],
  }),
  cimClass({
    name: '__InstanceProviderRegistration',
    superclass: '__ObjectProviderRegistration',
    properties: [cimProperty('SupportsEnumeration', 'boolean', { value: true })],
  }),
  cimClass({
    name: '__ClassProviderRegistration',
    superclass: '__ObjectProviderRegistration',
    properties: [
      cimProperty('CacheRefreshInterval', 'datetime'),
      cimProperty('PerUserSchema', 'boolean'),
      cimProperty('ReferencedSetQueries', 'string[]'),
      cimProperty('ResultSetQueries', 'string[]'),
      cimProperty('UnsupportedQueries', 'string[]'),
      cimProperty('Version', 'uint32'),
    ],
  }),
  cimClass({ name: '__MethodProviderRegistration', superclass: '__ProviderRegistration' }),
  cimClass({
    name: '__EventProviderRegistration',
    superclass: '__ProviderRegistration',
    properties: [cimProperty('EventQueryList', 'string[]')],
  }),
  cimClass({
    name: '__EventConsumerProviderRegistration',
    superclass: '__ProviderRegistration',
    properties: [cimProperty('ConsumerClassNames', 'string[]')],
  }),
  cimClass({
    name: '__PropertyProviderRegistration',
    superclass: '__ProviderRegistration',
    properties: [
      cimProperty('SupportsGet', 'boolean', { value: false }),
      cimProperty('SupportsPut', 'boolean', { value: false }),
    ],
  }),
];

/**
 * System classes a user class may name as its superclass; `__ExtendedStatus` per decision A3
 * (`decisions.ts`).
 */
const DERIVABLE = new Set(['__extrinsicevent', '__eventconsumer', '__extendedstatus']);

function build(): { records: Map<string, ClassRecord>; children: Map<string, string[]> } {
  const records = new Map<string, ClassRecord>();
  const children = new Map<string, string[]>();
  for (const local of DEFINITIONS) {
    const parentKey = local.superclass === null ? '' : nameKey(local.superclass);
    // Parents come first in DEFINITIONS; a base class's key '' names no record.
    const parent = records.get(parentKey)?.resolved ?? null;
    records.set(nameKey(local.name), { local, resolved: resolveClass(local, parent) });
    const list = children.get(parentKey) ?? [];
    list.push(local.name);
    children.set(parentKey, list);
  }
  return { records, children };
}

const TABLE = build();

/** The record of a system class, by any spelling of its name. */
export function systemClass(name: string): ClassRecord | undefined {
  return TABLE.records.get(nameKey(name));
}

/** Direct system subclasses of a system class; `null`: the system root classes. */
export function systemSubclassNames(name: string | null): readonly string[] {
  return TABLE.children.get(name === null ? '' : nameKey(name)) ?? [];
}

/** Every system class name, parents before children. */
export function systemClassNames(): readonly string[] {
  return DEFINITIONS.map((c) => c.name);
}

/** True when user classes may derive from this system class. */
export function isDerivableSystemClass(name: string): boolean {
  return DERIVABLE.has(nameKey(name));
}

/**
 * System classes whose instances a MOF may store: the provider registrations, kept as data
 * (wbemrx loads no COM provider from them; its own providers register through the API).
 */
const STORED_INSTANCES = new Set([
  '__win32provider',
  '__instanceproviderregistration',
  '__classproviderregistration',
  '__methodproviderregistration',
  '__eventproviderregistration',
  '__eventconsumerproviderregistration',
  '__propertyproviderregistration',
]);

/** True when instances of this system class are stored like user instances. */
export function storesSystemInstances(name: string): boolean {
  return STORED_INSTANCES.has(nameKey(name));
}

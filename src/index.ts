/**
 * @module wbemrx: a WMI/CIM class repository engine for Node.js. The public API: the engine and
 * its `IWbemServices`, the sink types and their Rx mapping, the CIM model, and every WMI constant.
 */

export {
  type CallResultYields,
  type CallStatusReply,
  type ResultObjectReply,
  type ResultStringReply,
  WbemCallResult,
} from './api/call-result.js';
export type { WbemEngineOptions } from './api/engine-options.js';
export { type ConnectOptions, DEFAULT_NAMESPACES, WbemEngine } from './api/wbem-engine.js';
export {
  type CallResultReturn,
  type Notification,
  type ProviderRegistrationInput,
  type WbemContext,
  WbemServices,
} from './api/wbem-services.js';
export * from './model/cim-builders.js';
export type { CimClass } from './model/cim-class.js';
export type { CimInstance, CimInstanceProperty } from './model/cim-instance.js';
export type { CimMethod, CimParameter } from './model/cim-method.js';
export type { CimProperty } from './model/cim-property.js';
export { CIM_INTEGER_RANGES } from './model/cim-type-check.js';
export type { CimTypedElement } from './model/cim-typed-element.js';
export type { CimObject, CimScalar, CimValue } from './model/cim-value.js';
export { type CimJsonObject, fromJson } from './model/from-json.js';
export { localDefinition } from './model/local-definition.js';
export { EMPTY_NAME_MAP, type NameMap, nameKey, nameMap, sameName } from './model/names.js';
export {
  namespaceKey,
  normaliseNamespace,
  resolveNamespace,
} from './model/namespace-path.js';
export {
  formatInstancePath,
  type InstancePath,
  type KeyBinding,
  parseInstancePath,
} from './model/object-path.js';
export type { Qualifier } from './model/qualifier.js';
export type { QualifierDeclaration, QualifierScope } from './model/qualifier-declaration.js';
export type { SystemProperties } from './model/system-properties.js';
export { type JsonValue, toJson, toJsonValue } from './model/to-json.js';
export { validateContext } from './model/validate-context.js';
export {
  type ContextEntry,
  type ContextScalar,
  type ContextValue,
  cloneContext,
  createContext,
  deleteAll,
  deleteValue,
  getNames,
  getValue,
  setValue,
  type WbemContext as WbemContextValue,
} from './model/wbem-context.js';
export type { WbemEvent, WbemEventClass } from './model/wbem-event.js';
export {
  CONTEXT_PROVIDER_ARCHITECTURE,
  CONTEXT_REQUIRED_ARCHITECTURE,
  PUT_EXT_ATOMIC,
  PUT_EXT_PROPERTIES,
  PUT_EXT_STRICT_NULLS,
  PUT_EXTENSIONS,
} from './model/well-known-context.js';
export { applyMof, type MofTarget } from './mof/apply-mof.js';
export { classToMof } from './mof/class-to-mof.js';
export { closestName } from './mof/closest-name.js';
export type { MofCompileOptions, MofSource } from './mof/compile.js';
export { decodeMof } from './mof/decode-mof.js';
export {
  type CompileMofOptions,
  compileMof,
  defaultParseThreads,
  PARSE_POOL_MIN_CORES,
} from './mof/loader/compile-mof.js';
export { connectNamespace, isMissingNamespace } from './mof/loader/connect-namespace.js';
export {
  DEFAULT_MOF_WINDOW,
  type LoadMofOptions,
  loadMof,
  type MofLoadDestination,
  type MofLoadSummary,
  type MofRollbackOutcome,
  type RestoreSummary,
} from './mof/loader/load-mof.js';
export type { MofLoadEngine, MofLoadServices } from './mof/loader/mof-load-target.js';
export { MofError, type MofPosition, mofStatusName } from './mof/mof-error.js';
export type {
  MofClassOperation,
  MofCompilation,
  MofInstanceOperation,
  MofOperation,
  MofQualifierOperation,
} from './mof/mof-operation.js';
export * from './mof/mof-status.js';
export { amendmentNamespaceOf } from './mof/pragmas.js';
export { wmiQualifierValue } from './mof/qualifiers.js';
export { encodeMof, type MofExport, type ToMofOptions, toMof } from './mof/to-mof.js';
export type {
  ClassProvider,
  ProviderCallInfo,
  ProviderCapabilities,
} from './providers/provider-module.js';
export type { ProviderRegistration } from './providers/provider-registration.js';
export type { HostPlacement } from './runtime/placement.js';
export { resolveClass } from './schema/resolve-class.js';
export { defaultNamespaceDescriptor } from './security/default-descriptor.js';
export {
  type Ace,
  ace,
  type SecurityDescriptor,
  WBEM_ALL_RIGHTS,
} from './security/security-descriptor.js';
export type { SecurityOptions } from './security/security-policy.js';
export {
  ADMINISTRATORS,
  AUTHENTICATED_USERS,
  EVERYONE,
  PROCESS_OWNER,
} from './security/well-known-groups.js';
export { type CimServer, startServer } from './server/cim-server.js';
export { CimStatusError } from './server/cim-status.js';
export {
  CimXmlClient,
  type EnumerateClassesOptions,
  type EnumerateClassNamesOptions,
  type EnumerateInstancesOptions,
  type ReadOptions,
} from './server/client/cim-xml-client.js';
export type { CimXmlClientOptions } from './server/client/cim-xml-transport.js';
export { ClientMofServices, clientMofEngine } from './server/client/client-mof-engine.js';
export { recordSubscriptionCreator } from './server/indication-creators.js';
export type { DeliveryOptions, DeliveryStats } from './server/indication-destination.js';
export {
  type IndicationListener,
  type IndicationListenerOptions,
  type ReceivedIndication,
  readExportIndication,
  startIndicationListener,
} from './server/indication-listener.js';
export type { IndicationService } from './server/indication-service.js';
export type { QueryBackend } from './server/query-operations.js';
export type { ServerLimits, ServerOptions } from './server/server-options.js';
export { parseUpdateMode, type UpdateMode } from './server/update-mode.js';
export {
  addUser,
  checkUserName,
  makeUserRecord,
  readUsersFile,
  removeUser,
  UserDirectory,
  writeUsersFile,
} from './server/user-store.js';
export { completeOnStatus, objectsOf } from './sink/call-stream.js';
export type {
  IndicateEvent,
  IWbemObjectSink,
  ProgressEvent,
  SinkEvent,
  StatusEvent,
  TaggedSinkEvent,
} from './sink/object-sink.js';
export * from './wbem/cim-type.js';
export * from './wbem/flags.js';
export * from './wbem/flavor.js';
export * from './wbem/security.js';
export * from './wbem/status.js';
export * from './wbem/wbem-error.js';
export type { WqlAggregateEvent } from './wql/event-aggregator.js';
export { formatWql } from './wql/format-wql.js';
export {
  checkQueryLanguage,
  compileEventQuery,
  type EventFilter,
  type EventFilterOptions,
  parseWql,
  runAssociationQuery,
  runQuery,
  SubscriptionIndex,
  type WqlAssociationFilter,
  type WqlAssociationQuery,
  type WqlQuery,
  type WqlReader,
  type WqlSelect,
} from './wql/index.js';

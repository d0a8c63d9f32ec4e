/**
 * @module wbemrx: a WMI/CIM class repository engine for Node.js. The public API: the engine and
 * its `IWbemServices`, the sink types and their Rx mapping, the CIM model, and every WMI constant.
 */

export type { WbemEngineOptions } from './api/engine-options.js';
export { WbemEngine } from './api/wbem-engine.js';
export { type WbemContext, WbemServices } from './api/wbem-services.js';
export * from './model/cim-builders.js';
export type { CimClass } from './model/cim-class.js';
export type { CimInstance, CimInstanceProperty } from './model/cim-instance.js';
export type { CimMethod, CimParameter } from './model/cim-method.js';
export type { CimProperty } from './model/cim-property.js';
export type { CimObject, CimScalar, CimValue } from './model/cim-value.js';
export { type NameMap, nameKey, nameMap, sameName } from './model/names.js';
export {
  formatInstancePath,
  type InstancePath,
  type KeyBinding,
  parseInstancePath,
} from './model/object-path.js';
export type { Qualifier } from './model/qualifier.js';
export type { QualifierDeclaration, QualifierScope } from './model/qualifier-declaration.js';
export type { SystemProperties } from './model/system-properties.js';
export type { WbemEvent, WbemEventClass } from './model/wbem-event.js';
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

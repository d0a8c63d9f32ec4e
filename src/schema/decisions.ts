/**
 * @module The spec's open choices that a check against real Windows may flip, each as one
 * constant (spec §10).
 */
import { WBEM_E_NOT_FOUND } from '../wbem/status.js';

/**
 * A1: the code for a `__SUPERCLASS` that names no class. MS-WMI §3.1.4.3.6/7 says
 * `WBEM_E_NOT_FOUND`; §2.2.11 describes `WBEM_E_INVALID_SUPERCLASS` for the same case.
 */
export const MISSING_SUPERCLASS_HRESULT: number = WBEM_E_NOT_FOUND;

/**
 * A2: a force-mode update of a static class that has stored instances deletes them and succeeds
 * (`SWbemObject.Put_`). `false` makes it fail with `WBEM_E_CLASS_HAS_INSTANCES` instead.
 * Provider-backed classes never lose instances either way.
 */
export const FORCE_UPDATE_DELETES_INSTANCES: boolean = true;

/**
 * A22: user classes may derive from `__ExtendedStatus`. Microsoft documents it as the class
 * providers derive their error objects from (wmisdk "__ExtendedStatus"), and Windows' own
 * repository holds such classes (`Win32_PrivilegesStatus : __ExtendedStatus` in cimwin32.mof),
 * so refusing it would refuse Windows' own MOF. Recorded in `system-classes.ts` (`DERIVABLE`),
 * under both rule sets: DSP0004 says nothing about WMI's system classes.
 *
 * A23: a strongly typed reference (`Cls REF Name`) may name a class that is not (yet) present.
 * WMI keeps the class only in the property's `CIMTYPE` qualifier (`"ref:Cls"`) and PutClass
 * checks the CIM type, not the class; mofcomp puts statement by statement, so a reference to a
 * class declared later (or in another namespace) loads. Under `wmi` rules the MOF compiler
 * accepts it; under `dmtf` it fails with WBEM_E_NOT_FOUND, as DSP0004 requires the class to
 * exist (`CompileSessionOptions.rules` in `mof/compile-session.ts`); the engine never checks
 * a reference's class for existence.
 */

/**
 * Rules where WMI and the DMTF schema disagree, chosen per engine (`OperationEnv.rules`).
 *
 * `abstractBelowConcrete`: WMI refuses an `[Abstract]` class under a concrete superclass with
 * `WBEM_E_CANNOT_BE_ABSTRACT` (win32:creating-a-derived-class, spec B39); DSP0004 allows it, and
 * the DMTF CIM Schema uses it (`CIM_PolicyInSystem` under `CIM_HostedDependency`). WMI's rule is
 * the default; `'allow'` lets the DMTF schema load whole.
 *
 * `singletonBelowKeylessConcrete` (A24): Microsoft's `Singleton` qualifier page forbids only
 * keys on a singleton (and an abstract singleton); a concrete superclass without keys can have no
 * instances of its own, so a singleton below it creates no second identity. WMI accepts it;
 * `singleton` is not a DSP0004 qualifier, so `dmtf` keeps the stricter reading (the superclass
 * must be a singleton or abstract without keys).
 *
 * `referenceOverride` (A25): an override that changes a reference's class. WMI compares the CIM
 * type (`CIM_REFERENCE`) and treats the class as the overridable `CIMTYPE` qualifier, so any
 * class is accepted (`'any'`); DSP0004 lets an override only narrow the class to a subclass
 * (`'narrow'`), the `dmtf` rule.
 */
export interface SchemaRules {
  readonly abstractBelowConcrete: 'refuse' | 'allow';
  readonly singletonBelowKeylessConcrete: 'refuse' | 'allow';
  readonly referenceOverride: 'narrow' | 'any';
}

export const WMI_RULES: SchemaRules = {
  abstractBelowConcrete: 'refuse',
  // Stryker disable next-line StringLiteral: the rule is read only as `=== 'refuse'`; any other value is the WMI reading
  singletonBelowKeylessConcrete: 'allow',
  // Stryker disable next-line StringLiteral: the rule is read only as `=== 'narrow'`; any other value is the WMI reading
  referenceOverride: 'any',
};
export const DMTF_RULES: SchemaRules = {
  // Stryker disable next-line StringLiteral: the rule is read only as `=== 'refuse'`; any other value is the DMTF reading
  abstractBelowConcrete: 'allow',
  singletonBelowKeylessConcrete: 'refuse',
  referenceOverride: 'narrow',
};

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
 * Rules where WMI and the DMTF schema disagree, chosen per engine (`OperationEnv.rules`).
 *
 * `abstractBelowConcrete`: WMI refuses an `[Abstract]` class under a concrete superclass with
 * `WBEM_E_CANNOT_BE_ABSTRACT` (win32:creating-a-derived-class, spec B39); DSP0004 allows it, and
 * the DMTF CIM Schema uses it (`CIM_PolicyInSystem` under `CIM_HostedDependency`). WMI's rule is
 * the default; `'allow'` lets the DMTF schema load whole.
 */
export interface SchemaRules {
  readonly abstractBelowConcrete: 'refuse' | 'allow';
}

export const WMI_RULES: SchemaRules = { abstractBelowConcrete: 'refuse' };
export const DMTF_RULES: SchemaRules = { abstractBelowConcrete: 'allow' };

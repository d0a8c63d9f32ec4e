/**
 * @module The local definition of a class, recovered from the resolved view `getClass` returns:
 * what has to be written back with `putClass` to recreate the class as it was. Inherited members
 * (`propagated`) and inherited qualifiers (`WBEM_FLAVOR_ORIGIN_PROPAGATED`) are dropped, and the
 * output-only fields (`classOrigin`, `propagated`, `systemProperties`) are omitted.
 */

import { WBEM_FLAVOR_MASK_ORIGIN } from '../wbem/flavor.js';
import type { CimClass } from './cim-class.js';
import type { CimMethod, CimParameter } from './cim-method.js';
import type { CimProperty } from './cim-property.js';
import { type NameMap, nameMap } from './names.js';
import type { Qualifier } from './qualifier.js';

function localQualifiers(qualifiers: NameMap<Qualifier>): NameMap<Qualifier> {
  return nameMap(
    [...qualifiers.values()]
      .filter((q) => (q.flavor & WBEM_FLAVOR_MASK_ORIGIN) === 0)
      .map((q) => ({ ...q })),
  );
}

function localProperty(property: CimProperty): CimProperty {
  const { classOrigin: _origin, propagated: _propagated, ...rest } = property;
  return { ...rest, qualifiers: localQualifiers(property.qualifiers) };
}

function localParameter(parameter: CimParameter): CimParameter {
  return { ...parameter, qualifiers: localQualifiers(parameter.qualifiers) };
}

function localMethod(method: CimMethod): CimMethod {
  const { classOrigin: _origin, propagated: _propagated, ...rest } = method;
  return {
    ...rest,
    qualifiers: localQualifiers(method.qualifiers),
    parameters: nameMap([...method.parameters.values()].map(localParameter)),
  };
}

/** The class as it would have been written: local members and local qualifiers only. */
export function localDefinition(resolved: CimClass): CimClass {
  const { systemProperties: _system, ...rest } = resolved;
  return {
    ...rest,
    qualifiers: localQualifiers(resolved.qualifiers),
    properties: nameMap(
      [...resolved.properties.values()].filter((p) => p.propagated !== true).map(localProperty),
    ),
    methods: nameMap(
      [...resolved.methods.values()].filter((m) => m.propagated !== true).map(localMethod),
    ),
  };
}

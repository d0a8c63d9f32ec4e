/**
 * @module The classes and instances the escalation matrix's cases start from, written by the
 * administrator. Every name carries the case's tag, so the cases of one namespace stay apart.
 */
import { cimClass, cimInstance, cimProperty, qualifier } from '../../../src/model/cim-builders.js';
import type { CimClass } from '../../../src/model/cim-class.js';
import type { MatrixCase } from './escalation-operations.js';

const KEY = cimProperty('Id', 'string', { qualifiers: [qualifier('Key', true)] });
const VALUE = cimProperty('Value', 'string');

export function cls(
  name: string,
  options: { superclass?: string; dynamic?: boolean; extra?: boolean } = {},
): CimClass {
  const top = options.superclass === undefined;
  return cimClass({
    name,
    ...(top ? {} : { superclass: options.superclass }),
    qualifiers: options.dynamic === true ? [qualifier('Dynamic', true)] : [],
    properties: [
      ...(top ? [KEY, VALUE] : []),
      ...(options.extra ? [cimProperty('Extra', 'string')] : []),
    ],
  });
}

/** A static base and a static subclass, one instance each. */
export async function staticFamily({ admin, tag }: MatrixCase): Promise<void> {
  await admin.putClass(cls(`SB_${tag}`));
  await admin.putClass(cls(`SS_${tag}`, { superclass: `SB_${tag}` }));
  await admin.putInstance(cimInstance(`SB_${tag}`, { Id: 'b1', Value: 'v' }));
  await admin.putInstance(cimInstance(`SS_${tag}`, { Id: 's1', Value: 'v' }));
}

/** A dynamic base with a static subclass holding one instance. */
export async function dynamicOverStatic({ admin, tag }: MatrixCase): Promise<void> {
  await admin.putClass(cls(`DB_${tag}`, { dynamic: true }));
  await admin.putClass(cls(`DS_${tag}`, { superclass: `DB_${tag}` }));
  await admin.putInstance(cimInstance(`DS_${tag}`, { Id: 'd1', Value: 'v' }));
}

/** A dynamic base with a dynamic subclass, an instance of each. */
export async function dynamicOnly({ admin, tag }: MatrixCase): Promise<void> {
  await admin.putClass(cls(`DO_${tag}`, { dynamic: true }));
  await admin.putClass(cls(`DOS_${tag}`, { superclass: `DO_${tag}`, dynamic: true }));
  await admin.putInstance(cimInstance(`DO_${tag}`, { Id: 'o1', Value: 'v' }));
  await admin.putInstance(cimInstance(`DOS_${tag}`, { Id: 'o2', Value: 'v' }));
}

/** A static class with no subclass and no instance. */
export async function leaf({ admin, tag }: MatrixCase): Promise<void> {
  await admin.putClass(cls(`L_${tag}`));
}

/** A dynamic base whose static subclass has no instance (an update may rewrite it). */
export async function dynamicParent({ admin, tag }: MatrixCase): Promise<void> {
  await admin.putClass(cls(`DP_${tag}`, { dynamic: true }));
  await admin.putClass(cls(`DPS_${tag}`, { superclass: `DP_${tag}` }));
}

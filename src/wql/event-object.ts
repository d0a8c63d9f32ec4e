/**
 * @module An engine event seen as the WMI event object a notification query's WHERE clause reads:
 * an instance of its event class with `TargetInstance`, `PreviousInstance`, `TargetClass`,
 * `PreviousClass`, `TargetNamespace` (an embedded `__Namespace` instance) and `TIME_CREATED`.
 */
import type { CimInstance, CimInstanceProperty } from '../model/cim-instance.js';
import type { CimValue } from '../model/cim-value.js';
import { nameKey } from '../model/names.js';
import type { WbemEvent } from '../model/wbem-event.js';
import { WBEM_GENUS_INSTANCE } from '../wbem/flags.js';
import { EVENT_DERIVATION } from './event-classes.js';

/** Builds the event object once per event; every subscription tested on it shares it. */
export function eventObject(event: WbemEvent): CimInstance {
  const properties = new Map<string, CimInstanceProperty>();
  const put = (name: string, value: CimValue | undefined): void => {
    if (value !== undefined) properties.set(nameKey(name), { name, value });
  };
  put('TargetInstance', event.targetInstance);
  put('PreviousInstance', event.previousInstance);
  put('TargetClass', event.targetClass);
  put('PreviousClass', event.previousClass);
  if (event.targetNamespace !== undefined)
    put('TargetNamespace', namespaceInstance(event.targetNamespace));
  put('TIME_CREATED', event.timeCreated);
  put('SECURITY_DESCRIPTOR', null);
  return instanceOf(event.eventClass, properties, event.namespace);
}

/** An instance of a system class, with its system properties (no path: events are not stored). */
export function instanceOf(
  className: string,
  properties: Map<string, CimInstanceProperty>,
  namespace: string | null,
): CimInstance {
  const derivation = EVENT_DERIVATION.get(nameKey(className))?.derivation ?? [];
  return {
    genus: WBEM_GENUS_INSTANCE,
    className,
    properties,
    systemProperties: {
      __GENUS: WBEM_GENUS_INSTANCE,
      __CLASS: className,
      __SUPERCLASS: derivation[0] ?? null,
      __DYNASTY: derivation[derivation.length - 1] ?? className,
      __DERIVATION: derivation,
      __PROPERTY_COUNT: properties.size,
      __RELPATH: null,
      __PATH: null,
      __NAMESPACE: namespace === null ? null : namespace.replaceAll('/', '\\'),
      __SERVER: null,
    },
  };
}

/** `TargetNamespace`: the `__Namespace` instance of the child, named by its last path segment. */
function namespaceInstance(path: string): CimInstance {
  const segments = path.split(/[\\/]/);
  const name = segments[segments.length - 1] ?? path;
  const parent = segments.slice(0, -1).join('/');
  return {
    genus: WBEM_GENUS_INSTANCE,
    className: '__NAMESPACE',
    properties: new Map([['name', { name: 'Name', value: name }]]),
    systemProperties: {
      __GENUS: WBEM_GENUS_INSTANCE,
      __CLASS: '__NAMESPACE',
      __SUPERCLASS: '__SystemClass',
      __DYNASTY: '__SystemClass',
      __DERIVATION: ['__SystemClass'],
      __PROPERTY_COUNT: 1,
      __RELPATH: `__NAMESPACE.Name="${name.replace(/[\\"]/g, (c) => `\\${c}`)}"`,
      __PATH: null,
      __NAMESPACE: parent === '' ? null : parent.replaceAll('/', '\\'),
      __SERVER: null,
    },
  };
}

/** @module Classes and events for the class-event wire tests (`runtime/event-wire.ts`). */
import { cimClass, cimMethod, cimProperty, qualifier } from '../../../src/model/cim-builders.js';
import type { CimClass } from '../../../src/model/cim-class.js';
import type { WbemEvent } from '../../../src/model/wbem-event.js';

/** A resolved class with qualifiers, properties (one an array) and a method. */
export function makeClass(name: string): CimClass {
  return {
    ...cimClass({
      name,
      superclass: 'Event_Base',
      qualifiers: [qualifier('Description', `the class ${name}`)],
      properties: [
        cimProperty('Id', 'string', { qualifiers: [qualifier('Key', true)] }),
        cimProperty('Counts', 'uint32[]', { value: [1, 2, 3] }),
      ],
      methods: [cimMethod('Go', 'uint32')],
    }),
    systemProperties: { __CLASS: name, __DERIVATION: ['Event_Base'] },
  } as unknown as CimClass;
}

/** A class event: creation with a target class, modification with a previous one too. */
export function event(targetClass?: CimClass, previousClass?: CimClass): WbemEvent {
  return {
    eventClass: previousClass ? '__ClassModificationEvent' : '__ClassCreationEvent',
    namespace: 'root/cimv2',
    timeCreated: '133000000000000000',
    ...(targetClass && { targetClass }),
    ...(previousClass && { previousClass }),
  };
}

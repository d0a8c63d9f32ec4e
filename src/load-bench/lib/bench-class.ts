/**
 * @module The benchmark's class: 10 properties with qualifiers, about 1.6 KB as JSON, the shape the
 * engine's targets are stated for.
 */
import { type CimClass, cimClass, cimProperty, qualifier } from '../../index.js';

export function benchClass(name: string): CimClass {
  return cimClass({
    name,
    qualifiers: [
      qualifier('Description', 'A class written by the engine benchmark'),
      qualifier('Version', '1.0.0'),
    ],
    properties: Array.from({ length: 10 }, (_, k) =>
      cimProperty(`Prop${k}`, k % 2 === 0 ? 'uint32' : 'string', {
        value: k % 2 === 0 ? k : `default value ${k}`,
        qualifiers: [qualifier('Description', `Property number ${k} of the class`)],
      }),
    ),
  });
}

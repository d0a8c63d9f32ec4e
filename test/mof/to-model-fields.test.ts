import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CimClass } from '../../src/model/cim-class.js';
import { compileText } from './helpers/memory-files.js';
import { classes } from './helpers/operations.js';

/**
 * The fields each converted member carries, in order: optional fields appear only when the MOF
 * gives them (never as `undefined`), and every property has a value slot. The order is the
 * builders', which the wire's fixed layout of a put needs (`test/runtime/put-class-wire.test.ts`).
 */
function classA(body: string): CimClass {
  return classes(
    compileText(`class E { [Key] uint32 Id; };\nclass A { ${body} };`).operations,
  ).find((c) => c.name === 'A') as CimClass;
}

describe('classToModel: member fields', () => {
  const properties: { desc: string; mof: string; keys: string[] }[] = [
    {
      desc: 'a scalar without a default',
      mof: 'uint32 P;',
      keys: ['name', 'type', 'isArray', 'value', 'qualifiers'],
    },
    {
      desc: 'a scalar with a default',
      mof: 'uint32 P = 7;',
      keys: ['name', 'type', 'isArray', 'value', 'qualifiers'],
    },
    {
      desc: 'a sized array with a default',
      mof: 'uint8 P[2] = {1, 2};',
      keys: ['name', 'type', 'isArray', 'arraySize', 'value', 'qualifiers'],
    },
    {
      desc: 'a reference',
      mof: 'E REF P;',
      keys: ['name', 'type', 'isArray', 'referenceClass', 'value', 'qualifiers'],
    },
    {
      desc: 'an embedded object typed by a class',
      mof: 'E P;',
      keys: ['name', 'type', 'isArray', 'embeddedObjectClass', 'value', 'qualifiers'],
    },
  ];
  for (const c of properties) {
    it(`holds exactly ${c.keys.join(', ')} when the property is ${c.desc}`, () => {
      const p = classA(c.mof).properties.get('p');
      assert.deepEqual(Object.keys(p ?? {}), c.keys);
      assert.ok(Object.values(p ?? {}).every((v) => v !== undefined));
    });
  }

  it('leaves the value out when a parameter has no default', () => {
    const m = classA('uint32 M([In] uint32 X, [In] uint32 Y[]);').methods.get('m');
    const x = m?.parameters.get('x');
    const y = m?.parameters.get('y');
    assert.deepEqual(Object.keys(x ?? {}), ['name', 'type', 'isArray', 'qualifiers']);
    assert.deepEqual(Object.keys(y ?? {}), ['name', 'type', 'isArray', 'qualifiers']);
    assert.equal(y?.isArray, true);
  });
});

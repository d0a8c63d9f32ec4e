import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CimClass } from '../../src/model/cim-class.js';
import type { CimProperty } from '../../src/model/cim-property.js';
import { nameMap } from '../../src/model/names.js';
import type { Qualifier } from '../../src/model/qualifier.js';
import { classToMof } from '../../src/mof/class-to-mof.js';
import { CIM_BOOLEAN, CIM_STRING, CIM_UINT32 } from '../../src/wbem/cim-type.js';
import { WBEM_GENUS_CLASS } from '../../src/wbem/flags.js';
import { WBEM_FLAVOR_ORIGIN_PROPAGATED } from '../../src/wbem/flavor.js';

const q = (name: string, value: Qualifier['value'], type = CIM_BOOLEAN, flavor = 0): Qualifier => ({
  name,
  type,
  value,
  flavor,
});

const property = (qualifiers: Qualifier[], extra: Partial<CimProperty> = {}): CimProperty => ({
  name: 'P',
  type: CIM_UINT32,
  isArray: false,
  value: null,
  qualifiers: nameMap(qualifiers),
  ...extra,
});

const classWith = (
  properties: CimProperty[],
  methods: CimClass['methods'] = nameMap([]),
): CimClass => ({
  genus: WBEM_GENUS_CLASS,
  name: 'Acme_X',
  superclass: null,
  qualifiers: nameMap([]),
  properties: nameMap(properties),
  methods,
});

/** The lines of the class body, without the braces and the class line. */
const body = (cls: CimClass): string[] => classToMof(cls).split('\n').slice(2, -2);

describe('classToMof: qualifier lines', () => {
  it("writes a member's qualifiers on one line, comma-separated, when they fit", () => {
    assert.deepEqual(body(classWith([property([q('Key', true), q('Required', true)])])), [
      '  [Key, Required]',
      '  uint32 P;',
    ]);
  });

  // `[Key, Description("…")]` is 22 characters besides the description, plus 2 of indent.
  it('keeps the qualifier list on one line when it ends at column 100', () => {
    const lines = body(
      classWith([property([q('Key', true), q('Description', 'd'.repeat(76), CIM_STRING)])]),
    );
    assert.equal(lines[0], `  [Key, Description("${'d'.repeat(76)}")]`);
    assert.equal(lines[0]?.length, 100);
  });

  it('writes one qualifier a line when the list would end at column 101', () => {
    const lines = body(
      classWith([property([q('Key', true), q('Description', 'd'.repeat(77), CIM_STRING)])]),
    );
    assert.deepEqual(lines.slice(0, 2), ['  [Key,', `   Description("${'d'.repeat(77)}")]`]);
  });

  it('writes a method qualifier when it was propagated from the superclass', () => {
    const methods = nameMap([
      {
        name: 'M',
        returnType: CIM_UINT32,
        parameters: nameMap([]),
        qualifiers: nameMap([q('Static', true, CIM_BOOLEAN, WBEM_FLAVOR_ORIGIN_PROPAGATED)]),
      },
    ]);
    assert.deepEqual(body(classWith([], methods)), ['  [Static]', '  uint32 M();']);
  });
});

describe('classToMof: origin comments', () => {
  it('writes no origin comment for a propagated member whose origin class is unknown', () => {
    assert.deepEqual(body(classWith([property([], { propagated: true })])), ['  uint32 P;']);
  });
});

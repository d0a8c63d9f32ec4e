import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CimClass } from '../../src/model/cim-class.js';
import { nameMap } from '../../src/model/names.js';
import type { Qualifier } from '../../src/model/qualifier.js';
import { classToMof } from '../../src/mof/class-to-mof.js';
import { mofStatusName } from '../../src/mof/mof-error.js';
import * as status from '../../src/mof/mof-status.js';
import { CIM_BOOLEAN, CIM_REFERENCE, CIM_STRING, CIM_UINT32 } from '../../src/wbem/cim-type.js';
import { WBEM_GENUS_CLASS } from '../../src/wbem/flags.js';

const q = (name: string, value: Qualifier['value'], flavor = 0, type = CIM_BOOLEAN): Qualifier => ({
  name,
  type,
  value,
  flavor,
});

describe('classToMof (readable class text)', () => {
  const resolved: CimClass = {
    genus: WBEM_GENUS_CLASS,
    name: 'Acme_Disk',
    superclass: 'Acme_Base',
    qualifiers: nameMap([
      q('Description', 'A disk', 0x2, CIM_STRING),
      q('Abstract', true, 0x20 | 0x10),
    ]),
    properties: nameMap([
      {
        name: 'Id',
        type: CIM_STRING,
        isArray: false,
        value: null,
        qualifiers: nameMap([q('Key', true, 0x20 | 0x12)]),
        classOrigin: 'Acme_Base',
        propagated: true,
      },
      {
        name: 'Size',
        type: CIM_UINT32,
        isArray: true,
        arraySize: 2,
        value: [1, 2],
        qualifiers: nameMap([]),
        classOrigin: 'ACME_DISK',
        propagated: false,
      },
      {
        name: 'Label',
        type: CIM_STRING,
        isArray: false,
        value: 'x',
        qualifiers: nameMap([
          q(
            'Description',
            'A label long enough that the qualifier list of this property needs two lines',
            0x1,
            CIM_STRING,
          ),
          q('Required', true, 0x80),
        ]),
        classOrigin: 'Acme_Base',
        propagated: false,
      },
      {
        name: 'Owner',
        type: CIM_REFERENCE,
        isArray: false,
        referenceClass: 'Acme_Base',
        value: null,
        qualifiers: nameMap([]),
      },
    ]),
    methods: nameMap([
      {
        name: 'Format',
        returnType: CIM_UINT32,
        parameters: nameMap([
          {
            name: 'Quick',
            type: CIM_BOOLEAN,
            isArray: false,
            qualifiers: nameMap([q('In', true, 0x10), q('ID', 0, 0, 3)]),
          },
          { name: 'Names', type: CIM_STRING, isArray: true, qualifiers: nameMap([]) },
        ]),
        qualifiers: nameMap([q('Static', true)]),
        classOrigin: 'Acme_Base',
        propagated: true,
      },
      {
        name: 'Stop',
        returnType: 0,
        returnIsArray: false,
        parameters: nameMap([]),
        qualifiers: nameMap([]),
        classOrigin: 'Acme_Disk',
      },
      {
        name: 'List',
        returnType: CIM_STRING,
        returnIsArray: true,
        parameters: nameMap([]),
        qualifiers: nameMap([]),
      },
    ]),
    systemProperties: {
      __GENUS: 1,
      __CLASS: 'Acme_Disk',
      __SUPERCLASS: 'Acme_Base',
      __DYNASTY: 'Acme_Base',
      __DERIVATION: ['Acme_Base', 'Acme_Root'],
      __PROPERTY_COUNT: 4,
      __RELPATH: 'Acme_Disk',
      __PATH: null,
      __NAMESPACE: 'root/x',
      __SERVER: null,
    },
  };

  it('writes system properties, local class qualifiers and every member with its origin', () => {
    assert.equal(
      classToMof(resolved),
      [
        '// __PATH = NULL',
        '// __DERIVATION = {Acme_Base, Acme_Root}',
        '// __DYNASTY = Acme_Base',
        '// __PROPERTY_COUNT = 4',
        '[Description("A disk") : ToSubclass]',
        'class Acme_Disk : Acme_Base',
        '{',
        '  [Key : ToSubclass DisableOverride]',
        '  string Id; // inherited from Acme_Base',
        '  uint32 Size[2] = {1, 2};',
        '  [Description("A label long enough that the qualifier list of this property needs two lines") : ToInstance,',
        '   Required : Amended]',
        '  string Label = "x"; // overrides Acme_Base',
        '  Acme_Base ref Owner;',
        '  [Static]',
        '  uint32 Format(',
        '      [In, ID(0)] boolean Quick,',
        '      string Names[]); // inherited from Acme_Base',
        '  void Stop();',
        '  string[] List();',
        '};',
        '',
      ].join('\n'),
    );
  });

  it('writes a bare class without comments when it has no system properties or superclass', () => {
    const bare: CimClass = {
      genus: WBEM_GENUS_CLASS,
      name: 'A',
      superclass: null,
      qualifiers: nameMap([]),
      properties: nameMap([]),
      methods: nameMap([]),
    };
    assert.equal(classToMof(bare), 'class A\n{\n};\n');
    const withPath: CimClass = {
      ...bare,
      systemProperties: {
        ...(resolved.systemProperties as NonNullable<CimClass['systemProperties']>),
        __PATH: '//./root/x:A',
        __DERIVATION: [],
      },
    };
    assert.match(
      classToMof(withPath),
      /^\/\/ __PATH = \/\/\.\/root\/x:A\n\/\/ __DERIVATION = \{\}\n/,
    );
  });
});

describe('WBEMMOF status names', () => {
  it('names every WBEMMOF_E_* code by its own name', () => {
    const codes: [string, number][] = [];
    for (const [name, code] of Object.entries(status) as [string, unknown][]) {
      if (name.startsWith('WBEMMOF_E_') && typeof code === 'number') codes.push([name, code]);
    }
    assert.ok(codes.length >= 49);
    for (const [name, code] of codes) assert.equal(mofStatusName(code), name);
    assert.equal(status.WBEMMOF_STATUS_NAMES.size, codes.length);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommandArgs } from '../../src/cli/command-args.js';
import { normaliseNamespace } from '../../src/cli/common-options.js';
import { progressLine } from '../../src/cli/progress-bar.js';
import type { CimClass } from '../../src/model/cim-class.js';
import { localDefinition } from '../../src/model/local-definition.js';
import { EMPTY_NAME_MAP, nameMap } from '../../src/model/names.js';
import { classToMof, valueText } from '../../src/mof/class-to-mof.js';
import { CIM_STRING, CIM_UINT32 } from '../../src/wbem/cim-type.js';
import { WBEM_GENUS_CLASS } from '../../src/wbem/flags.js';
import {
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
  WBEM_FLAVOR_ORIGIN_PROPAGATED,
} from '../../src/wbem/flavor.js';
import { WBEM_E_INVALID_PARAMETER } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';

const resolved: CimClass = {
  genus: WBEM_GENUS_CLASS,
  name: 'Test_Child',
  superclass: 'Test_Base',
  qualifiers: nameMap([
    {
      name: 'Description',
      type: CIM_STRING,
      value: 'inherited "text"',
      flavor: WBEM_FLAVOR_ORIGIN_PROPAGATED | WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
    },
    { name: 'Abstract', type: 11, value: true, flavor: 0 },
  ]),
  properties: nameMap([
    {
      name: 'Id',
      type: CIM_STRING,
      isArray: false,
      value: null,
      qualifiers: EMPTY_NAME_MAP,
      classOrigin: 'Test_Base',
      propagated: true,
    },
    {
      name: 'Sizes',
      type: CIM_UINT32,
      isArray: true,
      value: [1, 2],
      qualifiers: EMPTY_NAME_MAP,
      classOrigin: 'Test_Child',
      propagated: false,
    },
  ]),
  methods: EMPTY_NAME_MAP,
};

describe('classToMof', () => {
  it('prints local qualifiers, the superclass and marks inherited properties when the class is resolved', () => {
    const text = classToMof(resolved);
    assert.match(text, /^\[Abstract\]\nclass Test_Child : Test_Base\n\{\n/m);
    assert.doesNotMatch(text, /Description/);
    assert.match(text, / {2}string Id; \/\/ inherited from Test_Base\n/);
    assert.match(text, / {2}uint32 Sizes\[\] = \{1, 2\};\n/);
  });

  it('escapes quotes and control characters in string values', () => {
    assert.equal(valueText('a "b"\n'), '"a \\"b\\"\\n"');
    assert.equal(valueText(null), 'NULL');
  });
});

describe('localDefinition', () => {
  it('drops inherited members and qualifiers and output-only fields when given a resolved class', () => {
    const local = localDefinition({ ...resolved, systemProperties: undefined as never });
    assert.deepEqual([...local.properties.keys()], ['sizes']);
    assert.deepEqual([...local.qualifiers.keys()], ['abstract']);
    assert.equal('systemProperties' in local, false);
    assert.equal('classOrigin' in (local.properties.get('sizes') ?? {}), false);
  });
});

describe('parseCommandArgs', () => {
  const options = { count: { type: 'string' }, json: { type: 'boolean' } } as const;

  it('reads flags, integers, lists and positionals', () => {
    const args = parseCommandArgs(['a', '--count', '12', '--json', 'b'], options);
    assert.deepEqual(args.positionals, ['a', 'b']);
    assert.equal(args.integer('count', 0, 1, 100), 12);
    assert.equal(args.flag('json'), true);
    assert.deepEqual(
      parseCommandArgs(['--count', '1,2,4'], options).integers('count', [], 1, 8),
      [1, 2, 4],
    );
  });

  const bad = [
    { desc: 'the option is unknown', argv: ['--nope'] },
    { desc: 'a string option has no value', argv: ['--count'] },
    { desc: 'a boolean option is given a value', argv: ['--json=yes'] },
  ];
  for (const c of bad) {
    it(`fails with WBEM_E_INVALID_PARAMETER when ${c.desc}`, () => {
      assert.throws(
        () => parseCommandArgs(c.argv, options),
        (e: unknown) => e instanceof WbemError && e.hresult === WBEM_E_INVALID_PARAMETER,
      );
    });
  }

  for (const text of ['x', '1.5', '0', '101', '']) {
    it(`fails with WBEM_E_INVALID_PARAMETER when an integer option is '${text}'`, () => {
      const args = parseCommandArgs(['--count', text], options);
      assert.throws(
        () => args.integer('count', 5, 1, 100),
        (e: unknown) => e instanceof WbemError && e.hresult === WBEM_E_INVALID_PARAMETER,
      );
    });
  }
});

describe('normaliseNamespace', () => {
  it('accepts backslashes and slashes alike', () => {
    assert.equal(normaliseNamespace('root\\cimv2'), 'root/cimv2');
  });
  for (const text of ['', 'root//x', '/root']) {
    it(`fails with WBEM_E_INVALID_PARAMETER when the path is '${text}'`, () => {
      assert.throws(
        () => normaliseNamespace(text),
        (e: unknown) => e instanceof WbemError && e.hresult === WBEM_E_INVALID_PARAMETER,
      );
    });
  }
});

describe('progressLine', () => {
  it('fits the terminal width and shows the percentage', () => {
    const line = progressLine('mofcomp', 50, 200, '', 60);
    assert.ok(line.length < 60);
    assert.match(line, /^mofcomp \[#+-+\] {2}25% 50\/200/);
  });
});

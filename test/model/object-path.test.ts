import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatInstancePath,
  formatKeyValue,
  parseInstancePath,
} from '../../src/model/object-path.js';
import {
  CIM_BOOLEAN,
  CIM_CHAR16,
  CIM_DATETIME,
  CIM_REFERENCE,
  CIM_SINT32,
  CIM_STRING,
  CIM_UINT32,
  CIM_UINT64,
} from '../../src/wbem/cim-type.js';
import { WBEM_E_INVALID_OBJECT_PATH } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';

function rejects(path: string, why: string, shown = path): void {
  assert.throws(
    () => parseInstancePath(path),
    (e: unknown) => {
      assert.ok(e instanceof WbemError);
      assert.equal(e.hresult, WBEM_E_INVALID_OBJECT_PATH);
      assert.equal(
        e.message,
        `WBEM_E_INVALID_OBJECT_PATH: ${why} in object path ${JSON.stringify(shown)}`,
      );
      return true;
    },
  );
}

describe('formatKeyValue', () => {
  it('writes TRUE or FALSE when the type or the value is boolean', () => {
    assert.equal(formatKeyValue(true, CIM_BOOLEAN), 'TRUE');
    assert.equal(formatKeyValue(false, CIM_BOOLEAN), 'FALSE');
    assert.equal(formatKeyValue(0, CIM_BOOLEAN), 'FALSE');
    assert.equal(formatKeyValue(1, CIM_BOOLEAN), 'TRUE');
    assert.equal(formatKeyValue(true, CIM_UINT32), 'TRUE');
    assert.equal(formatKeyValue(false, CIM_STRING), 'FALSE');
  });

  it('quotes strings, datetimes, references and char16 even when they hold digits', () => {
    assert.equal(formatKeyValue('42', CIM_STRING), '"42"');
    assert.equal(
      formatKeyValue('20200101000000.000000+000', CIM_DATETIME),
      '"20200101000000.000000+000"',
    );
    assert.equal(formatKeyValue('7', CIM_REFERENCE), '"7"');
    assert.equal(formatKeyValue('7', CIM_CHAR16), '"7"');
    assert.equal(formatKeyValue(5, CIM_STRING), '"5"');
  });

  it('writes integers bare and quotes non-numeric text when the type is numeric', () => {
    assert.equal(formatKeyValue('18446744073709551615', CIM_UINT64), '18446744073709551615');
    assert.equal(formatKeyValue('-12', CIM_SINT32), '-12');
    assert.equal(formatKeyValue(-3, CIM_SINT32), '-3');
    assert.equal(formatKeyValue('12a', CIM_UINT32), '"12a"');
    assert.equal(formatKeyValue('a12', CIM_UINT32), '"a12"');
    assert.equal(formatKeyValue('1 2', CIM_UINT32), '"1 2"');
  });

  it('writes a number that is not an integer bare, as its decimal text', () => {
    assert.equal(formatKeyValue(1.5, CIM_UINT32), '1.5');
    assert.equal(formatKeyValue(1e21, CIM_UINT64), '1e+21');
  });

  it('escapes backslashes and quotes when a value is quoted', () => {
    assert.equal(formatKeyValue('a\\b"c\\"', CIM_STRING), '"a\\\\b\\"c\\\\\\""');
  });
});

describe('formatInstancePath', () => {
  it('writes a singleton as Class=@ when there are no keys', () => {
    assert.equal(formatInstancePath('Foo', []), 'Foo=@');
  });

  it('sorts keys by name without regard to case when several are given', () => {
    assert.equal(
      formatInstancePath('Foo', [
        { name: 'b', value: 2, type: CIM_UINT32 },
        { name: 'C', value: 3, type: CIM_UINT32 },
        { name: 'A', value: 1, type: CIM_UINT32 },
      ]),
      'Foo.A=1,b=2,C=3',
    );
    assert.equal(
      formatInstancePath('Foo', [
        { name: 'a', value: 1, type: CIM_UINT32 },
        { name: 'B', value: 2, type: CIM_UINT32 },
      ]),
      'Foo.a=1,B=2',
    );
  });
});

describe('formatInstancePath (many and repeated keys)', () => {
  it('sorts forty keys given in reverse order', () => {
    const names = Array.from({ length: 40 }, (_, i) => `K${String(i).padStart(2, '0')}`);
    const keys = [...names].reverse().map((name, i) => ({ name, value: i, type: CIM_UINT32 }));
    const text = formatInstancePath('F', keys);
    assert.equal(text, `F.${names.map((name) => `${name}=${39 - names.indexOf(name)}`).join(',')}`);
  });

  it('keeps the given order of keys whose names differ only in case', () => {
    assert.equal(
      formatInstancePath('F', [
        { name: 'b', value: 1, type: CIM_UINT32 },
        { name: 'a', value: 2, type: CIM_UINT32 },
        { name: 'A', value: 3, type: CIM_UINT32 },
      ]),
      'F.a=2,A=3,b=1',
    );
  });
});

describe('parseInstancePath', () => {
  it('reads a keyed path as no singleton', () => {
    assert.deepEqual(parseInstancePath('Foo.A=1'), {
      className: 'Foo',
      singleton: false,
      keys: [{ name: 'A', value: 1 }],
    });
  });

  it('reads booleans in any case, negative integers and reals when values are bare', () => {
    assert.deepEqual(parseInstancePath('Foo.A=TRUE,B=false,C=-5,D=1.5,E=1e3').keys, [
      { name: 'A', value: true },
      { name: 'B', value: false },
      { name: 'C', value: -5 },
      { name: 'D', value: 1.5 },
      { name: 'E', value: 1000 },
    ]);
    assert.deepEqual(parseInstancePath('Foo=True').keys, [{ name: '', value: true }]);
  });

  it('keeps integers beyond the safe range as decimal text', () => {
    assert.deepEqual(parseInstancePath('Foo.A=-9223372036854775808,B=9007199254740993').keys, [
      { name: 'A', value: '-9223372036854775808' },
      { name: 'B', value: '9007199254740993' },
    ]);
    assert.deepEqual(parseInstancePath('Foo.A=9007199254740991').keys, [
      { name: 'A', value: 9007199254740991 },
    ]);
  });

  it('reads a namespace with or without a server when the path has one', () => {
    const plain = parseInstancePath('root/cimv2:Foo=@');
    assert.deepEqual(plain, {
      namespace: 'root/cimv2',
      className: 'Foo',
      singleton: true,
      keys: [],
    });
    assert.equal(parseInstancePath('\\\\host/root:Foo=@').namespace, 'root');
    assert.equal(parseInstancePath('\\\\.\\root\\default:Foo.K=1').namespace, 'root\\default');
    assert.equal('namespace' in parseInstancePath('Foo=@'), false);
    // Only a leading \\server\ names a server; the same text further on is the namespace's.
    assert.equal(parseInstancePath('ns\\\\srv\\x:Foo=@').namespace, 'ns\\\\srv\\x');
  });

  it('takes a colon inside a quoted value as text when the path has no namespace', () => {
    const p = parseInstancePath('Foo.Id="a:b"');
    assert.equal('namespace' in p, false);
    assert.deepEqual(p.keys, [{ name: 'Id', value: 'a:b' }]);
    const q = parseInstancePath('ns:Foo.Id="a:b",N="x:y"');
    assert.equal(q.namespace, 'ns');
    assert.deepEqual(q.keys, [
      { name: 'Id', value: 'a:b' },
      { name: 'N', value: 'x:y' },
    ]);
  });

  it('reads a value in single quotes as WMI does, each quote ending only its own kind', () => {
    assert.deepEqual(parseInstancePath("Win32_Service.Name='Spooler'"), {
      className: 'Win32_Service',
      singleton: false,
      keys: [{ name: 'Name', value: 'Spooler' }],
    });
    assert.deepEqual(parseInstancePath(`Foo.A='say "hi"',B="it's",C='it\\'s'`).keys, [
      { name: 'A', value: 'say "hi"' },
      { name: 'B', value: "it's" },
      { name: 'C', value: "it's" },
    ]);
    const p = parseInstancePath("ns:Foo.Id='a:b'");
    assert.equal(p.namespace, 'ns');
    assert.deepEqual(p.keys, [{ name: 'Id', value: 'a:b' }]);
    assert.equal('namespace' in parseInstancePath("Foo='x:y'"), false);
    rejects("Foo.Id='x", 'unterminated string');
    rejects('Foo.Id=\'x"', 'unterminated string');
    rejects("Foo.Id='x\\'", 'unterminated string');
  });

  it('reads a bare quoted value with escapes when the path names no key', () => {
    assert.deepEqual(parseInstancePath('ns:Foo="a\\\\b\\"c"'), {
      namespace: 'ns',
      className: 'Foo',
      singleton: false,
      keys: [{ name: '', value: 'a\\b"c' }],
    });
    assert.deepEqual(parseInstancePath('Foo=""').keys, [{ name: '', value: '' }]);
  });

  it('reads class and key names with underscores, digits and non-ASCII letters', () => {
    const p = parseInstancePath('_Fé2.Ké_1=1,_x="y"');
    assert.equal(p.className, '_Fé2');
    assert.deepEqual(
      p.keys.map((k) => k.name),
      ['Ké_1', '_x'],
    );
  });

  it('reads a key name of 250 characters when it is that long', () => {
    const long = `K${'x'.repeat(249)}`;
    assert.deepEqual(parseInstancePath(`Foo.${long}=1`).keys, [{ name: long, value: 1 }]);
  });

  it('reads what formatInstancePath writes back to the same keys', () => {
    const text = formatInstancePath('Foo', [
      { name: 'S', value: 'a"b\\c,d', type: CIM_STRING },
      { name: 'N', value: 7, type: CIM_UINT32 },
      { name: 'B', value: false, type: CIM_BOOLEAN },
    ]);
    assert.deepEqual(parseInstancePath(text).keys, [
      { name: 'B', value: false },
      { name: 'N', value: 7 },
      { name: 'S', value: 'a"b\\c,d' },
    ]);
  });

  describe('refusals', () => {
    const cases: readonly (readonly [string, string])[] = [
      ['', 'no class name'],
      ['.Id=1', 'no class name'],
      ['ns:9Foo=@', 'no class name'],
      ['Foo', 'no key'],
      ['Foo#', 'unexpected text'],
      ['Foo@', 'unexpected text'],
      ['Foo.', 'no key name'],
      ['Foo.1A=1', 'no key name'],
      ['Foo.Id', 'missing ='],
      ['Foo.Id;1', 'missing ='],
      ['Foo.Id="x', 'unterminated string'],
      ['Foo.Id="x\\', 'unterminated string'],
      ['Foo.Id="x\\"', 'unterminated string'],
      ['Foo.Id=1,', 'no key name'],
      ['Foo.Id=abc', 'bad key value'],
      ['Foo.Id=', 'bad key value'],
      ['Foo.Id=,B=1', 'bad key value'],
      ['Foo.A=1;B=2', 'bad key value'],
      ['Foo.A=Infinity', 'bad key value'],
      ['Foo.A=truely', 'bad key value'],
      ['Foo.A=xfalse', 'bad key value'],
      ['Foo.A=xtrue', 'bad key value'],
      ['Foo.A=falsey', 'bad key value'],
      ['Foo.A="x"B', 'expected ,'],
      ['Foo.A="x",B="y"z', 'expected ,'],
      ['Foo=@x', 'bad key value'],
      ['Foo="x"y', 'trailing text'],
      ['Foo=1,2', 'trailing text'],
    ];
    for (const [path, why] of cases) {
      it(`fails with "${why}" when the path is ${JSON.stringify(path)}`, () => {
        rejects(path, why);
      });
    }

    it('shows the first 200 characters when the path is longer', () => {
      const path = `Foo.A=${'1'.repeat(100)}x${'2'.repeat(200)}`;
      rejects(path, 'bad key value', `${path.slice(0, 200)}...`);
    });

    it('shows the whole path when it is exactly 200 characters', () => {
      const path = `Foo.A=x${'1'.repeat(193)}`;
      assert.equal(path.length, 200);
      rejects(path, 'bad key value');
    });
  });
});

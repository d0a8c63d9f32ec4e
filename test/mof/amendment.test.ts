import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CimClass } from '../../src/model/cim-class.js';
import type { NameMap } from '../../src/model/names.js';
import type { Qualifier } from '../../src/model/qualifier.js';
import { compileText } from './helpers/memory-files.js';

const compiled = compileText(`#pragma amendment("MS_40c")
Qualifier Description : string = null, Scope(any), Flavor(Translatable);
Qualifier Values : string[] = null, Scope(any), Flavor(Amended);
Qualifier ID : sint32, Scope(parameter);
Qualifier In : boolean = true, Scope(parameter);
Qualifier Out : boolean = true, Scope(parameter);
Qualifier Bits : string[], Scope(parameter);
class C { [Values{"a"}] uint32 V = 3; uint32 W;
  uint32 M([In, ID(0), Bits{"b"}, Description("p")] uint32 P, [Out, ID(1)] uint32 Q);
  [Description("m")] void N([In, ID(0)] uint32 R = 7);
  void Quiet([In, ID(0)] uint32 S); };
[Amendment, Locale(0x40c)] class D { [Description("d")] uint32 Y; };`);

function classIn(namespace: string, name: string): CimClass {
  for (const op of compiled.operations) {
    if (op.kind === 'class' && op.namespace === namespace && op.cls.name === name) return op.cls;
  }
  return assert.fail(`no class ${name} in ${namespace}`);
}

const words = (qualifiers: NameMap<Qualifier> | undefined) =>
  [...(qualifiers?.values() ?? [])].map((q) => `${q.name}=${JSON.stringify(q.value)}`);

describe('#pragma amendment (amendment classes)', () => {
  it('names the locale namespace after the pragma in lower case', () => {
    assert.deepEqual(compiled.amendments, ['ms_40c']);
  });

  it('keeps every member but no amended qualifier in the neutral class', () => {
    const c = classIn('root/cimv2', 'C');
    assert.deepEqual([...c.properties.keys()], ['v', 'w']);
    assert.deepEqual(words(c.properties.get('v')?.qualifiers), []);
    assert.equal(c.properties.get('v')?.value, 3);
    const m = c.methods.get('m');
    assert.deepEqual(words(m?.parameters.get('p')?.qualifiers), ['In=true', 'ID=0', 'Bits=["b"]']);
    assert.deepEqual(words(c.methods.get('n')?.qualifiers), []);
    assert.deepEqual([...c.methods.keys()], ['m', 'n', 'quiet']);
  });

  it('keeps only members with amended qualifiers, typed, without defaults, in the amendment class', () => {
    const a = classIn('root/cimv2/ms_40c', 'C');
    assert.deepEqual(words(a.qualifiers), ['Amendment=true', 'Locale=1036']);
    assert.deepEqual([...a.properties.keys()], ['v']);
    assert.equal(a.properties.get('v')?.value, null);
    assert.equal(a.properties.get('v')?.type, 19);
    assert.deepEqual(words(a.properties.get('v')?.qualifiers), ['Values=["a"]']);
    assert.deepEqual([...a.methods.keys()], ['m', 'n']);
    const m = a.methods.get('m');
    assert.deepEqual(words(m?.qualifiers), []);
    assert.deepEqual(words(m?.parameters.get('p')?.qualifiers), [
      'In=true',
      'ID=0',
      'Description="p"',
    ]);
    assert.deepEqual(words(m?.parameters.get('q')?.qualifiers), ['Out=true', 'ID=1']);
    const n = a.methods.get('n');
    assert.deepEqual(words(n?.qualifiers), ['Description="m"']);
    assert.equal('value' in (n?.parameters.get('r') ?? {}), false);
    assert.equal(a.superclass, null);
  });

  it('compiles a class written in the [Amendment] form as it is', () => {
    const d = classIn('root/cimv2', 'D');
    assert.deepEqual(words(d.qualifiers), ['Amendment=true', 'Locale=1036']);
    assert.deepEqual(words(d.properties.get('y')?.qualifiers), ['Description="d"']);
  });
});

describe('#pragma amendment: the superclass of an amendment class', () => {
  const DESCRIPTION = 'Qualifier Description : string = null, Scope(any), Flavor(Translatable);\n';
  /** Each class put as `namespace:Name:superclass:level`, in operation order. */
  const puts = (text: string, options: Parameters<typeof compileText>[1] = {}): string[] =>
    compileText(text, options).operations.flatMap((op) =>
      op.kind === 'class'
        ? [`${op.namespace}:${op.cls.name}:${op.cls.superclass}:${op.level}`]
        : [],
    );

  it('leaves it out when the superclass has no amendment class in this compilation', () => {
    assert.deepEqual(
      puts(
        `${DESCRIPTION}class A { [Description("a")] string P; };\n#pragma amendment("MS_409")\nclass B : A { [Description("b")] string Q; };`,
      ),
      ['root/cimv2:A:null:0', 'root/cimv2/ms_409:B:null:0', 'root/cimv2:B:A:1'],
    );
  });

  it('keeps it and puts the class after it when the superclass is amended before', () => {
    assert.deepEqual(
      puts(
        `#pragma amendment("MS_409")\n${DESCRIPTION}class A { [Description("a")] string P; };\nclass B : A { [Description("b")] string Q; };`,
      ),
      [
        'root/cimv2:A:null:0',
        'root/cimv2/ms_409:A:null:0',
        'root/cimv2:B:A:1',
        'root/cimv2/ms_409:B:A:1',
      ],
    );
  });

  it('depends on nothing but the superclass when a reference names a class only the target holds, under dmtf rules', () => {
    assert.deepEqual(
      puts(
        `#pragma amendment("MS_409")\n${DESCRIPTION}class A { [Description("a")] string P; };\nclass B : A { [Description("b")] Ext ref R; };`,
        {
          rules: 'dmtf',
          existingClass: (name, namespace) => name === 'Ext' && namespace === 'root/cimv2',
        },
      ),
      [
        'root/cimv2:A:null:0',
        'root/cimv2/ms_409:A:null:0',
        'root/cimv2:B:A:1',
        'root/cimv2/ms_409:B:A:1',
      ],
    );
  });
});

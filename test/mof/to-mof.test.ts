import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CimClass } from '../../src/model/cim-class.js';
import type { CimInstance } from '../../src/model/cim-instance.js';
import type { CimProperty } from '../../src/model/cim-property.js';
import { modelEquals } from '../../src/model/cim-value-equals.js';
import { nameMap } from '../../src/model/names.js';
import type { QualifierDeclaration } from '../../src/model/qualifier-declaration.js';
import type { MofCompilation } from '../../src/mof/mof-operation.js';
import {
  classDeclarationMof,
  dependencyOrder,
  encodeMof,
  namespacePragma,
  toMof,
} from '../../src/mof/to-mof.js';
import { resolveClass } from '../../src/schema/index.js';
import {
  CIM_BOOLEAN,
  CIM_OBJECT,
  CIM_REAL64,
  CIM_REFERENCE,
  CIM_SINT32,
  CIM_STRING,
  CIM_UINT32,
} from '../../src/wbem/cim-type.js';
import { WBEM_GENUS_CLASS, WBEM_GENUS_INSTANCE } from '../../src/wbem/flags.js';
import { compileText } from './helpers/memory-files.js';
import { compileFailure } from './helpers/mof-assert.js';
import { classes as classesOf } from './helpers/operations.js';

const SOURCE = [
  'Qualifier Key : boolean = false, Scope(property, reference), Flavor(DisableOverride, ToSubclass);',
  'Qualifier Description : string = null, Scope(any), Flavor(Amended);',
  'Qualifier Values : string[], Scope(property, method, parameter);',
  'Qualifier MaxLen : uint32 = 10, Scope(property), Flavor(Restricted);',
  'Qualifier Tags : string[4] = {"a", "b"}, Scope(class, association, indication);',
  'Qualifier In : boolean = true, Scope(parameter);',
  'Qualifier Out : boolean = true, Scope(parameter);',
  'Qualifier ID : sint32, Scope(parameter), Flavor(ToInstance);',
  'Qualifier Abstract : boolean = true, Scope(class), Flavor(DisableOverride);',
  '',
  '[Abstract, Description("A base class whose description is long enough that the qualifier list does not fit on one line at all")]',
  'class Acme_Base',
  '{',
  '    [Key] string Id;',
  '};',
  '',
  '[Description("Disk"): ToInstance DisableOverride]',
  'class Acme_Disk : Acme_Base',
  '{',
  '    [MaxLen(20): ToSubclass, Values{"x", "y\\"z"}] string Name = "a\\\\b\\t\\n";',
  '    uint8 Small[] = {1, 2, 255};',
  '    sint64 Big = -9223372036854775808;',
  '    real32 R = 1.5;',
  '    real64 Rs[3] = {0.25, -2.0, 1e10};',
  '    boolean On = TRUE;',
  "    char16 C = 'q';",
  '    datetime When = "20200101000000.000000+000";',
  '    Acme_Base ref Owner;',
  '    object ref AnyRef;',
  '    [EmbeddedInstance("Acme_Base")] string Extra;',
  '    Acme_Base Inner = instance of Acme_Base { Id = "in"; };',
  '    uint32 Format([In, ID(1)] uint32 Size = 4, [In, ID(0)] string Label, [Out, ID(2)] Acme_Base ref Result);',
  '    Acme_Base Make([In, ID(0)] Acme_Base Template[]);',
  '    void Nothing();',
  '};',
  '',
  'instance of Acme_Disk',
  '{',
  '    Id = "d1";',
  '    Name = "first";',
  '    Small = {3};',
  '    Owner = "Acme_Base.Id=\\"b\\"";',
  '    Inner = instance of Acme_Base { Id = "x"; };',
  '    On = FALSE;',
  '    R = 2;',
  '};',
].join('\n');

const EXPECTED = [
  '#pragma namespace("\\\\\\\\.\\\\root\\\\test")',
  'instance of __Namespace',
  '{',
  '    Name = "sub";',
  '};',
  '',
  '#pragma namespace("\\\\\\\\.\\\\root\\\\test\\\\sub")',
  '',
  'Qualifier Key : boolean = FALSE,',
  '    Scope(property, reference),',
  '    Flavor(DisableOverride);',
  '',
  'Qualifier Description : string,',
  '    Scope(any),',
  '    Flavor(Translatable);',
  '',
  'Qualifier Values : string[],',
  '    Scope(property, method, parameter);',
  '',
  'Qualifier MaxLen : uint32 = 10,',
  '    Scope(property),',
  '    Flavor(NotToSubclass);',
  '',
  'Qualifier Tags : string[4] = {"a", "b"},',
  '    Scope(class, association, indication);',
  '',
  'Qualifier In : boolean = TRUE,',
  '    Scope(parameter);',
  '',
  'Qualifier Out : boolean = TRUE,',
  '    Scope(parameter);',
  '',
  'Qualifier ID : sint32,',
  '    Scope(parameter),',
  '    Flavor(ToInstance);',
  '',
  'Qualifier Abstract : boolean = TRUE,',
  '    Scope(class),',
  '    Flavor(DisableOverride);',
  '',
  '[Abstract,',
  ' Description("A base class whose description is long enough that the qualifier list does not fit on one line at all")]',
  'class Acme_Base',
  '{',
  '    [Key]',
  '    string Id;',
  '};',
  '',
  '[Description("Disk") : ToInstance DisableOverride]',
  'class Acme_Disk : Acme_Base',
  '{',
  '    [MaxLen(20) : ToSubclass, Values{"x", "y\\"z"}]',
  '    string Name = "a\\\\b\\t\\n";',
  '    uint8 Small[] = {1, 2, 255};',
  '    sint64 Big = -9223372036854775808;',
  '    real32 R = 1.5;',
  '    real64 Rs[3] = {0.25, -2.0, 10000000000.0};',
  '    boolean On = TRUE;',
  "    char16 C = 'q';",
  '    datetime When = "20200101000000.000000+000";',
  '    Acme_Base ref Owner;',
  '    object ref AnyRef;',
  '    [EmbeddedInstance("Acme_Base")]',
  '    string Extra;',
  '    Acme_Base Inner = instance of Acme_Base',
  '    {',
  '        Id = "in";',
  '    };',
  '    uint32 Format(',
  '        [In, ID(0)] string Label,',
  '        [In, ID(1)] uint32 Size = 4,',
  '        [Out, ID(2)] Acme_Base ref Result',
  '    );',
  '    Acme_Base Make(',
  '        [In, ID(0)] Acme_Base Template[]',
  '    );',
  '    void Nothing();',
  '};',
  '',
  'instance of Acme_Disk',
  '{',
  '    Id = "d1";',
  '    Name = "first";',
  '    Small = {3};',
  '    Owner = "Acme_Base.Id=\\"b\\"";',
  '    Inner = instance of Acme_Base',
  '    {',
  '        Id = "x";',
  '    };',
  '    On = FALSE;',
  '    R = 2.0;',
  '};',
  '',
].join('\n');

function contents(compilation: MofCompilation): {
  qualifiers: QualifierDeclaration[];
  classes: CimClass[];
  instances: CimInstance[];
} {
  const qualifiers: QualifierDeclaration[] = [];
  const classes: CimClass[] = [];
  const instances: CimInstance[] = [];
  for (const op of compilation.operations) {
    if (op.kind === 'qualifier') qualifiers.push(op.declaration);
    else if (op.kind === 'class') classes.push(op.cls);
    else if (op.kind === 'instance') instances.push(op.instance);
  }
  return { qualifiers, classes, instances };
}

const cls = (name: string, fields: Partial<CimClass> = {}): CimClass => ({
  genus: WBEM_GENUS_CLASS,
  name,
  superclass: null,
  qualifiers: nameMap([]),
  properties: nameMap([]),
  methods: nameMap([]),
  ...fields,
});

describe('toMof', () => {
  const source = contents(compileText(SOURCE));
  // Given children first, so the writer has to put each class after its parent.
  const input = { ...source, classes: [...source.classes].reverse() };

  it('writes declarations, classes and instances in WMI style when a namespace is exported', () => {
    assert.equal(toMof({ namespace: 'root/test/sub', createNamespace: true, ...input }), EXPECTED);
  });

  it('writes text that compiles back to the same declarations, classes and instances', () => {
    const text = toMof({ namespace: 'root/test/sub', ...input });
    const again = contents(compileText(text));
    assert.equal(again.classes.length, source.classes.length);
    for (const [i, c] of source.classes.entries()) {
      assert.ok(modelEquals(again.classes[i], c), `class ${c.name} differs`);
    }
    assert.ok(modelEquals(again.instances, source.instances));
    assert.ok(modelEquals(again.qualifiers, source.qualifiers));
  });

  it('writes the given line ending everywhere when it is not \\n', () => {
    const text = toMof(
      { namespace: 'root/test/sub', createNamespace: true, ...input },
      {
        newline: '\r\n',
      },
    );
    assert.equal(text, EXPECTED.replaceAll('\n', '\r\n'));
    assert.equal(toMof(input, { newline: '\n' }), toMof(input));
  });

  it('writes nothing when the export is empty and no namespace instance for a top-level one', () => {
    assert.equal(toMof({}), '');
    assert.equal(
      toMof({ namespace: 'root', createNamespace: true }),
      '#pragma namespace("\\\\\\\\.\\\\root")\n',
    );
    assert.equal(toMof({ namespace: 'root/a' }), '#pragma namespace("\\\\\\\\.\\\\root\\\\a")\n');
    assert.equal(namespacePragma('root/a/b'), '#pragma namespace("\\\\\\\\.\\\\root\\\\a\\\\b")\n');
  });

  it('types instance values by a class outside the export when classOf knows it', () => {
    const base = cls('Acme_Typed', {
      properties: nameMap([
        { name: 'Size', type: CIM_UINT32, isArray: false, value: null, qualifiers: nameMap([]) },
      ]),
    });
    const child = cls('Acme_Child', { superclass: 'Acme_Typed' });
    const instance: CimInstance = {
      genus: WBEM_GENUS_INSTANCE,
      className: 'Acme_Child',
      properties: nameMap([{ name: 'Size', value: '7' }]),
    };
    const known = (name: string) =>
      name.toLowerCase() === 'acme_typed' ? base : name === 'Acme_Child' ? child : undefined;
    assert.equal(
      toMof({ instances: [instance] }, { classOf: known }),
      'instance of Acme_Child\n{\n    Size = 7;\n};\n',
    );
    assert.equal(
      toMof({ instances: [instance] }),
      'instance of Acme_Child\n{\n    Size = "7";\n};\n',
    );
  });

  it('writes an array return type as DSP0221 does, which the compiler refuses as WMI does', () => {
    const c = cls('A', {
      methods: nameMap([
        {
          name: 'Ids',
          returnType: CIM_UINT32,
          returnIsArray: true,
          parameters: nameMap([]),
          qualifiers: nameMap([{ name: 'Static', type: CIM_BOOLEAN, value: true, flavor: 0x2 }]),
        },
      ]),
    });
    const text = classDeclarationMof(c);
    assert.equal(text, 'class A\n{\n    [Static]\n    uint32[] Ids();\n};\n');
    assert.equal(
      compileFailure(text),
      'WBEMMOF_E_NO_ARRAYS_RETURNED 4:11: a method cannot return an array: expected its type without "[]", found "["',
    );
  });

  it('indents an embedded instance given as a parameter default under its parameter', () => {
    const classes = classesOf(
      compileText(
        'class A { [Key] string K; };\nclass B { uint32 M([In] A P = instance of A { K = "x"; }); };',
      ).operations,
    );
    assert.equal(
      classDeclarationMof(classes[1] as CimClass),
      [
        'class B',
        '{',
        '    uint32 M(',
        '        [In, ID(0)] A P = instance of A',
        '        {',
        '            K = "x";',
        '        }',
        '    );',
        '};',
        '',
      ].join('\n'),
    );
  });

  it('writes parameters by ID, those without one last in their own order', () => {
    const param = (name: string, id?: number) => ({
      name,
      type: CIM_UINT32,
      isArray: false,
      qualifiers: nameMap(
        id === undefined ? [] : [{ name: 'ID', type: CIM_SINT32, value: id, flavor: 0x2 }],
      ),
    });
    const c = cls('A', {
      methods: nameMap([
        {
          name: 'M',
          returnType: CIM_UINT32,
          parameters: nameMap([
            param('Late'),
            param('Second', 1),
            // A NULL default is no default.
            { ...param('Later'), value: null },
            param('First', 0),
          ]),
          qualifiers: nameMap([]),
        },
      ]),
    });
    assert.equal(
      classDeclarationMof(c),
      [
        'class A',
        '{',
        '    uint32 M(',
        '        [ID(0)] uint32 First,',
        '        [ID(1)] uint32 Second,',
        '        uint32 Late,',
        '        uint32 Later',
        '    );',
        '};',
        '',
      ].join('\n'),
    );
  });

  it('orders and types by a chain deeper than any recursion limit', () => {
    // A repository holds chains of up to 4,096 classes; given leaf first, every class must
    // still follow its parent, and an instance of the leaf is typed by the root's property.
    const depth = 4096;
    const chain = Array.from({ length: depth }, (_, i) =>
      cls(`C${i}`, {
        superclass: i === 0 ? null : `C${i - 1}`,
        properties: nameMap(
          i === 0
            ? [
                {
                  name: 'R',
                  type: CIM_REAL64,
                  isArray: false,
                  value: null,
                  qualifiers: nameMap([]),
                },
              ]
            : [],
        ),
      }),
    ).reverse();
    const order = dependencyOrder(chain).map((c) => c.name);
    assert.deepEqual(
      order,
      Array.from({ length: depth }, (_, i) => `C${i}`),
    );
    const instance: CimInstance = {
      genus: WBEM_GENUS_INSTANCE,
      className: `C${depth - 1}`,
      properties: nameMap([{ name: 'R', value: 2 }]),
    };
    assert.match(toMof({ classes: chain, instances: [instance] }), /\n {4}R = 2\.0;\n/);
  });

  it('ends the type lookup of an instance value at a superclass cycle', () => {
    const a = cls('A', { superclass: 'B' });
    const b = cls('B', { superclass: 'A' });
    const instance: CimInstance = {
      genus: WBEM_GENUS_INSTANCE,
      className: 'A',
      properties: nameMap([{ name: 'P', value: 2 }]),
    };
    assert.equal(
      toMof({ instances: [instance] }, { classOf: (n) => (n === 'A' ? a : b) }),
      'instance of A\n{\n    P = 2;\n};\n',
    );
  });

  it('orders classes after their parents, referenced and embedded classes', () => {
    const a = cls('A');
    assert.deepEqual(
      dependencyOrder([a]).map((c) => c.name),
      ['A'],
    );
    const b = cls('B', { superclass: 'a' });
    const r = cls('R', {
      properties: nameMap([
        {
          name: 'ToB',
          type: CIM_REFERENCE,
          isArray: false,
          referenceClass: 'b',
          value: null,
          qualifiers: nameMap([]),
        },
        {
          name: 'Inner',
          type: CIM_OBJECT,
          isArray: false,
          embeddedObjectClass: 'E',
          value: null,
          qualifiers: nameMap([]),
        },
        { name: 'Plain', type: CIM_STRING, isArray: false, value: null, qualifiers: nameMap([]) },
      ]),
    });
    const e = cls('E', { superclass: 'Outside' });
    assert.deepEqual(
      dependencyOrder([r, b, e, a, b]).map((c) => c.name),
      ['A', 'B', 'E', 'R'],
    );
  });

  it('leaves out an implied CIMTYPE and keeps one that says more', () => {
    const implied = cls('X', {
      properties: nameMap([
        {
          name: 'Any',
          type: CIM_REFERENCE,
          isArray: false,
          value: null,
          qualifiers: nameMap([{ name: 'CIMTYPE', type: CIM_STRING, value: 'REF', flavor: 0x2 }]),
        },
        {
          name: 'Other',
          type: CIM_REFERENCE,
          isArray: false,
          value: null,
          qualifiers: nameMap([{ name: 'CIMTYPE', type: CIM_STRING, value: 'ref', flavor: 0x12 }]),
        },
        {
          name: 'Emb',
          type: CIM_OBJECT,
          isArray: false,
          embeddedObjectClass: 'Y',
          value: null,
          qualifiers: nameMap([
            { name: 'cimtype', type: CIM_STRING, value: 'object:y', flavor: 0x22 },
          ]),
        },
        {
          name: 'Text',
          type: CIM_STRING,
          isArray: false,
          value: null,
          qualifiers: nameMap([
            { name: 'CIMTYPE', type: CIM_STRING, value: 'string', flavor: 0x2 },
          ]),
        },
      ]),
    });
    assert.equal(
      classDeclarationMof(implied),
      [
        'class X',
        '{',
        '    object ref Any;',
        '    [CIMTYPE("ref") : DisableOverride]',
        '    object ref Other;',
        '    Y Emb;',
        '    [CIMTYPE("string")]',
        '    string Text;',
        '};',
        '',
      ].join('\n'),
    );
  });
  it('keeps a CIMTYPE or other qualifier that the element type does not imply', () => {
    const q = (name: string, value: string | number, type = CIM_STRING) =>
      nameMap([{ name, type, value, flavor: 0x2 }]);
    const prop = (
      name: string,
      fields: Pick<CimProperty, 'type' | 'qualifiers'> & Partial<CimProperty>,
    ): CimProperty => ({
      name,
      isArray: false,
      value: null,
      ...fields,
    });
    const c = cls('X', {
      properties: nameMap([
        // Said by a qualifier of another name.
        prop('A', { type: CIM_REFERENCE, qualifiers: q('Description', 'ref') }),
        // Not a string, so not the text the compiler adds.
        prop('B', { type: CIM_REFERENCE, qualifiers: q('CIMTYPE', 7, CIM_UINT32) }),
        // Another class than the embedded one.
        prop('C', {
          type: CIM_OBJECT,
          embeddedObjectClass: 'Y',
          qualifiers: q('CIMTYPE', 'object:Z'),
        }),
        // Types the compiler adds no CIMTYPE for: a reference to a class, and types that are
        // not a reference or an object whatever else the element carries.
        prop('D', { type: CIM_REFERENCE, referenceClass: 'Y', qualifiers: q('CIMTYPE', 'ref') }),
        prop('E', { type: CIM_STRING, qualifiers: q('CIMTYPE', 'ref') }),
        prop('F', {
          type: CIM_STRING,
          embeddedObjectClass: 'Y',
          qualifiers: q('CIMTYPE', 'object:Y'),
        }),
      ]),
    });
    assert.deepEqual(
      classDeclarationMof(c)
        .split('\n')
        .filter((line) => line.startsWith('    [')),
      [
        '    [Description("ref")]',
        '    [CIMTYPE(7)]',
        '    [CIMTYPE("object:Z")]',
        '    [CIMTYPE("ref")]',
        '    [CIMTYPE("ref")]',
        '    [CIMTYPE("object:Y")]',
      ],
    );
  });
});

describe('classDeclarationMof of a resolved view', () => {
  it('writes what the local definition writes: inherited members and qualifiers are left out', () => {
    const [base, child] = classesOf(
      compileText(
        [
          '[Abstract, Description("base") : ToSubclass]',
          'class Base { [Key] string Id; uint32 Size; uint32 Run([in] uint32 X); };',
          '[Description("child")]',
          'class Child : Base { uint32 Size = 5; string Extra; uint32 Stop(); };',
        ].join('\n'),
      ).operations,
    ) as [CimClass, CimClass];
    const resolved = resolveClass(child, resolveClass(base, null));
    assert.ok(resolved.properties.get('id')?.propagated, 'Id is inherited in the view');
    assert.ok(resolved.methods.get('run')?.propagated, 'Run is inherited in the view');
    assert.equal(classDeclarationMof(resolved), classDeclarationMof(child));
    assert.doesNotMatch(classDeclarationMof(resolved), /\bId\b|\bRun\b|Abstract|"base"/);
  });
});

describe('classDeclarationMof and qualifierDeclarationMof (layout)', () => {
  const described = (length: number): CimClass =>
    cls('A', {
      qualifiers: nameMap([
        { name: 'Abstract', type: 11, value: true, flavor: 0x2 },
        { name: 'Description', type: CIM_STRING, value: 'x'.repeat(length), flavor: 0x2 },
        { name: 'Inherited', type: 11, value: true, flavor: 0x22 },
      ]),
    });

  it('keeps a qualifier list of 100 characters on one line and wraps a longer one', () => {
    const head = (length: number) =>
      classDeclarationMof(described(length)).split('class A')[0] ?? '';
    assert.equal(head(73), `[Abstract, Description("${'x'.repeat(73)}")]\n`);
    assert.equal(head(73).length, 101);
    assert.equal(head(74), `[Abstract,\n Description("${'x'.repeat(74)}")]\n`);
  });

  it('names every flavor word of a declaration that differs from the default', () => {
    const declaration: QualifierDeclaration = {
      name: 'Q',
      type: CIM_STRING,
      isArray: false,
      value: null,
      scopes: ['class'],
      flavor: 0x1 | 0x10 | 0x80,
    };
    assert.equal(
      toMof({ qualifiers: [declaration] }),
      'Qualifier Q : string,\n    Scope(class),\n    Flavor(ToInstance, NotToSubclass, DisableOverride, Translatable);\n',
    );
  });
});

describe('encodeMof', () => {
  it('writes UTF-8 without a mark by default', () => {
    assert.deepEqual([...encodeMof('é')], [0xc3, 0xa9]);
    assert.deepEqual([...encodeMof('a', 'utf-8')], [0x61]);
  });

  it('writes UTF-16LE behind its mark when asked', () => {
    assert.deepEqual([...encodeMof('a\u20ac', 'utf-16le')], [0xff, 0xfe, 0x61, 0x00, 0xac, 0x20]);
  });
});

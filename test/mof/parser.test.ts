import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  MofClassNode,
  MofInstanceNode,
  MofMethodNode,
  MofPropertyNode,
  MofQualifierDeclarationNode,
} from '../../src/mof/ast.js';
import {
  WBEMMOF_E_INVALID_CLASS_DECLARATION,
  WBEMMOF_E_INVALID_INSTANCE_DECLARATION,
  WBEMMOF_E_INVALID_QUALIFIER_SYNTAX,
  WBEMMOF_E_UNRECOGNIZED_TYPE,
} from '../../src/mof/mof-status.js';
import { parseMof } from '../../src/mof/parser.js';
import { throwsMof } from './helpers/mof-assert.js';

const one = <T>(text: string): T => parseMof(text, 't.mof').declarations[0] as T;

describe('MOF parser: qualifier declarations', () => {
  it('reads type, default, scopes and flavors when written the DMTF way', () => {
    const q = one<MofQualifierDeclarationNode>(
      'Qualifier Key : boolean = false, Scope(property, reference), Flavor(DisableOverride, ToSubclass);',
    );
    assert.equal(q.name, 'Key');
    assert.equal(q.type?.name, 'boolean');
    assert.deepEqual(q.value, { kind: 'boolean', value: false, line: 1, column: 27 });
    assert.deepEqual(q.scopes, ['property', 'reference']);
    assert.deepEqual(q.flavors, ['disableoverride', 'tosubclass']);
  });

  it('reads an array type without a default when declared as string[]', () => {
    const q = one<MofQualifierDeclarationNode>(
      'Qualifier ValueMap : string[], Scope(property, method, parameter);',
    );
    assert.equal(q.isArray, true);
    assert.equal(q.value, undefined);
  });

  it('reads a fixed-size array type when declared as uint8[4]', () => {
    const q = one<MofQualifierDeclarationNode>(
      'qualifier Bytes : uint8[4] = {1,2,3,4}, scope(any);',
    );
    assert.equal(q.arraySize, 4);
    assert.equal(q.value?.kind, 'array');
  });

  it('reads WMI flavors after the default when written with a colon', () => {
    const q = one<MofQualifierDeclarationNode>(
      'Qualifier Desc : string = "" : Amended ToSubclass, Scope(any);',
    );
    assert.deepEqual(q.flavors, ['amended', 'tosubclass']);
    assert.deepEqual(q.scopes, ['any']);
  });

  it('reads the WMI flavor-only form when no type follows the colon', () => {
    const q = one<MofQualifierDeclarationNode>('Qualifier Description : ToSubClass Amended;');
    assert.equal(q.type, undefined);
    assert.deepEqual(q.flavors, ['tosubclass', 'amended']);
  });

  it('fails with WBEMMOF_E_INVALID_QUALIFIER_SYNTAX when Scope is misspelt', () => {
    throwsMof(() => parseMof('Qualifier A : boolean, Scoop(any);', 'q.mof'), {
      hresult: WBEMMOF_E_INVALID_QUALIFIER_SYNTAX,
      line: 1,
      column: 24,
    });
  });
});

describe('MOF parser: classes', () => {
  const text = `
[Association, Version("1.0") : ToSubclass DisableOverride, Description("d" "e")]
class Ex_Assoc : Ex_Base {
  [Key] Ex_Thing REF Antecedent;
  Ex_Thing ref Dependent = "Ex_Thing.Id=\\"1\\"";
  uint8 Data[16];
  string Names[] = {"a", "b"};
  [Key : ToInstance ToSubclass DisableOverride] string Id;
  object Embedded;
  datetime When = "20240101000000.000000+000";
  real64 Ratio = 1.5e2;
  char16 Letter = 'x';
  [Static] uint32 Go([In, Out] string Arg, [In] Ex_Thing REF Target, [Out] uint16 Codes[], sint64 Big[4]);
  void Reset();
};`;
  const cls = one<MofClassNode>(text);
  const prop = (name: string): MofPropertyNode =>
    cls.features.find((f) => f.name === name) as MofPropertyNode;

  it('reads name, superclass and class qualifiers when the class is an association', () => {
    assert.equal(cls.name, 'Ex_Assoc');
    assert.equal(cls.superclass, 'Ex_Base');
    assert.deepEqual(
      cls.qualifiers.map((q) => q.name),
      ['Association', 'Version', 'Description'],
    );
    assert.deepEqual(cls.qualifiers[1]?.flavors, ['tosubclass', 'disableoverride']);
    assert.deepEqual(cls.qualifiers[2]?.value, {
      kind: 'string',
      value: 'de',
      line: 2,
      column: 72,
    });
    assert.equal(cls.line, 2);
  });

  it('reads REF properties in either keyword case when declared as Cls REF Name', () => {
    assert.deepEqual(
      [prop('Antecedent').type.name, prop('Antecedent').type.referenceClass],
      ['ref', 'Ex_Thing'],
    );
    assert.equal(prop('Dependent').type.referenceClass, 'Ex_Thing');
    assert.deepEqual(prop('Dependent').value, {
      kind: 'string',
      value: 'Ex_Thing.Id="1"',
      line: 5,
      column: 28,
    });
  });

  it('reads fixed and variable arrays with defaults when brackets follow the name', () => {
    assert.deepEqual([prop('Data').isArray, prop('Data').arraySize], [true, 16]);
    assert.equal(prop('Names').isArray, true);
    assert.equal(prop('Names').arraySize, undefined);
    assert.equal(prop('Names').value?.kind, 'array');
  });

  it('reads WMI flavor syntax when flavors follow a qualifier after a colon', () => {
    assert.deepEqual(prop('Id').qualifiers[0]?.flavors, [
      'toinstance',
      'tosubclass',
      'disableoverride',
    ]);
  });

  it('reads object, datetime, real64 and char16 properties when declared', () => {
    assert.equal(prop('Embedded').type.name, 'object');
    assert.equal(prop('When').type.name, 'datetime');
    assert.deepEqual(prop('Ratio').value, { kind: 'real', value: 150, line: 11, column: 18 });
    assert.deepEqual(prop('Letter').value, { kind: 'char16', value: 'x', line: 12, column: 19 });
  });

  it('reads methods with qualified, ref and array parameters in order', () => {
    const go = cls.features.find((f) => f.name === 'Go') as MofMethodNode;
    assert.equal(go.kind, 'method');
    assert.equal(go.returnType.name, 'uint32');
    assert.deepEqual(
      go.parameters.map((p) => [p.name, p.type.name, p.isArray, p.arraySize ?? null]),
      [
        ['Arg', 'string', false, null],
        ['Target', 'ref', false, null],
        ['Codes', 'uint16', true, null],
        ['Big', 'sint64', true, 4],
      ],
    );
    assert.deepEqual(
      go.parameters[0]?.qualifiers.map((q) => q.name),
      ['In', 'Out'],
    );
    assert.equal(
      (cls.features.find((f) => f.name === 'Reset') as MofMethodNode).returnType.name,
      'void',
    );
  });

  it('reads a class alias when written after the class name', () => {
    assert.equal(one<MofClassNode>('class A as $A : B { };').alias, 'A');
  });

  it('reads a class name as an embedded-object type when an identifier is followed by a name', () => {
    const file = parseMof('class A {\n  int32 X;\n};', 'c.mof');
    const cls = file.declarations[0] as MofClassNode;
    const x = cls.features[0] as MofPropertyNode;
    assert.deepEqual([x.type.name, x.type.embeddedClass], ['object', 'int32']);
  });

  it('fails with WBEMMOF_E_UNRECOGNIZED_TYPE when a property is void', () => {
    throwsMof(() => parseMof('class A { void X; };', 'c.mof'), {
      hresult: WBEMMOF_E_UNRECOGNIZED_TYPE,
      line: 1,
      column: 16,
    });
  });

  it('fails with WBEMMOF_E_INVALID_CLASS_DECLARATION when typedef is used', () => {
    throwsMof(() => parseMof('typedef x;', 'c.mof'), {
      hresult: WBEMMOF_E_INVALID_CLASS_DECLARATION,
      line: 1,
      column: 1,
    });
  });
});

describe('MOF parser: instances', () => {
  it('reads properties, aliases and embedded instances when declared with instance of', () => {
    const inst = one<MofInstanceNode>(`instance of Ex_Thing as $T1 {
  Id = "one"; Count = 0x10; Tags = {"a", "b"}; Peer = $T2; Nothing = NULL;
  Inner = instance of Ex_Part { Size = 3; };
};`);
    assert.equal(inst.className, 'Ex_Thing');
    assert.equal(inst.alias, 'T1');
    assert.deepEqual(
      inst.properties.map((p) => [p.name, p.value.kind]),
      [
        ['Id', 'string'],
        ['Count', 'integer'],
        ['Tags', 'array'],
        ['Peer', 'alias'],
        ['Nothing', 'null'],
        ['Inner', 'instance'],
      ],
    );
  });

  it('fails with WBEMMOF_E_INVALID_INSTANCE_DECLARATION when of is missing', () => {
    throwsMof(() => parseMof('instance Ex_Thing { };', 'i.mof'), {
      hresult: WBEMMOF_E_INVALID_INSTANCE_DECLARATION,
      line: 1,
      column: 10,
    });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMof } from '../../src/mof/parser.js';

describe('MOF parser: optional fields of syntax nodes', () => {
  it('leaves arraySize and value out of a parameter that has neither', () => {
    const [cls] = parseMof(
      'class A { uint32 M(uint32 P, string Q[4] = {"x"}); };',
      'x.mof',
    ).declarations;
    assert.deepStrictEqual(cls, {
      kind: 'class',
      qualifiers: [],
      name: 'A',
      features: [
        {
          kind: 'method',
          qualifiers: [],
          returnType: { name: 'uint32', line: 1, column: 11 },
          name: 'M',
          parameters: [
            {
              qualifiers: [],
              type: { name: 'uint32', line: 1, column: 20 },
              name: 'P',
              isArray: false,
              line: 1,
              column: 27,
            },
            {
              qualifiers: [],
              type: { name: 'string', line: 1, column: 30 },
              name: 'Q',
              isArray: true,
              arraySize: 4,
              value: {
                kind: 'array',
                items: [{ kind: 'string', value: 'x', line: 1, column: 45 }],
                line: 1,
                column: 44,
              },
              line: 1,
              column: 37,
            },
          ],
          line: 1,
          column: 18,
        },
      ],
      line: 1,
      column: 1,
    });
  });

  it('reads a declaration of flavors alone and a qualifier without a value, Translatable included', () => {
    const [declaration, cls] = parseMof(
      'qualifier Q : Translatable;\n[D : Translatable] class A {};',
      'x.mof',
    ).declarations;
    assert.deepStrictEqual(declaration, {
      kind: 'qualifier',
      name: 'Q',
      isArray: false,
      scopes: [],
      flavors: ['translatable'],
      line: 1,
      column: 1,
    });
    assert.deepStrictEqual(cls?.kind === 'class' ? cls.qualifiers : undefined, [
      { name: 'D', flavors: ['translatable'], line: 2, column: 2 },
    ]);
  });

  it('reads an instance without an alias and a property without a size or value', () => {
    assert.deepStrictEqual(
      parseMof('instance of A { [Q] X = 1; Y = 2; };\nclass B { uint32 P; };', 'x.mof')
        .declarations,
      [
        {
          kind: 'instance',
          qualifiers: [],
          className: 'A',
          properties: [
            {
              qualifiers: [{ name: 'Q', flavors: [], line: 1, column: 18 }],
              name: 'X',
              value: { kind: 'integer', value: '1', line: 1, column: 25 },
              line: 1,
              column: 21,
            },
            {
              qualifiers: [],
              name: 'Y',
              value: { kind: 'integer', value: '2', line: 1, column: 32 },
              line: 1,
              column: 28,
            },
          ],
          line: 1,
          column: 1,
        },
        {
          kind: 'class',
          qualifiers: [],
          name: 'B',
          features: [
            {
              kind: 'property',
              qualifiers: [],
              type: { name: 'uint32', line: 2, column: 11 },
              name: 'P',
              isArray: false,
              line: 2,
              column: 18,
            },
          ],
          line: 2,
          column: 1,
        },
      ],
    );
  });

  it('leaves arraySize and value out of a qualifier declaration that has neither', () => {
    const [bare, full] = parseMof(
      'qualifier Q : string;\nqualifier R : uint8[2] = {1};',
      'x.mof',
    ).declarations;
    assert.deepStrictEqual(bare, {
      kind: 'qualifier',
      name: 'Q',
      type: { name: 'string', line: 1, column: 15 },
      isArray: false,
      scopes: [],
      flavors: [],
      line: 1,
      column: 1,
    });
    assert.equal((full as { arraySize?: number }).arraySize, 2);
  });
});

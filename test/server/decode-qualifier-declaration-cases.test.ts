import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CIM_BOOLEAN,
  CIM_STRING,
  CIM_UINT32,
  WBEM_FLAVOR_AMENDED,
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE,
  WBEM_FLAVOR_NOT_OVERRIDABLE,
} from '../../src/index.js';
import { NO_DECLARATIONS } from '../../src/server/decode-cim.js';
import { decodeQualifierDeclaration } from '../../src/server/decode-qualifier-declaration.js';
import { parseXml } from '../../src/server/xml-tree.js';
import { refusedWith } from './helpers/refused-with.js';

const decl = (text: string, ctx = NO_DECLARATIONS) =>
  decodeQualifierDeclaration(parseXml(text, { maxDepth: 16, maxElements: 100 }), ctx);

const SCOPE_ALL =
  '<SCOPE CLASS="true" ASSOCIATION="true" INDICATION="true" PROPERTY="true" REFERENCE="true" METHOD="true" PARAMETER="true"/>';

describe('DSP0201 qualifier declarations', () => {
  it('reads a scalar declaration, its scopes in DSP0201 order and the default flavors', () => {
    assert.deepEqual(
      decl(
        '<QUALIFIER.DECLARATION NAME="Units" TYPE="string"><SCOPE METHOD="true" PROPERTY="true" CLASS="false"/><VALUE>none</VALUE></QUALIFIER.DECLARATION>',
      ),
      {
        name: 'Units',
        type: CIM_STRING,
        isArray: false,
        value: 'none',
        scopes: ['property', 'method'],
        flavor: WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
      },
    );
  });

  it('reads each scope attribute as its scope', () => {
    for (const [attr, scope] of [
      ['CLASS', 'class'],
      ['ASSOCIATION', 'association'],
      ['INDICATION', 'indication'],
      ['PROPERTY', 'property'],
      ['REFERENCE', 'reference'],
      ['METHOD', 'method'],
      ['PARAMETER', 'parameter'],
    ] as const)
      assert.deepEqual(
        decl(
          `<QUALIFIER.DECLARATION NAME="Q" TYPE="boolean"><SCOPE ${attr}="TRUE"/></QUALIFIER.DECLARATION>`,
        ).scopes,
        [scope],
      );
  });

  it('reads every scope, no scope true, or no SCOPE at all as any', () => {
    for (const scope of [SCOPE_ALL, '<SCOPE CLASS="false"/>', '<SCOPE/>', ''])
      assert.deepEqual(
        decl(`<QUALIFIER.DECLARATION NAME="Q" TYPE="boolean">${scope}</QUALIFIER.DECLARATION>`)
          .scopes,
        ['any'],
        scope,
      );
  });

  it('refuses a scope attribute that is not a boolean', () => {
    assert.equal(
      refusedWith(() =>
        decl(
          '<QUALIFIER.DECLARATION NAME="Q" TYPE="boolean"><SCOPE CLASS="1"/></QUALIFIER.DECLARATION>',
        ),
      ),
      '<SCOPE> CLASS="1" is not true or false',
    );
  });

  it('reads an array declaration from ISARRAY or from its VALUE.ARRAY, with its ARRAYSIZE', () => {
    const sized = decl(
      '<QUALIFIER.DECLARATION NAME="ValueMap" TYPE="string" ISARRAY="true" ARRAYSIZE="2"><SCOPE PROPERTY="true"/></QUALIFIER.DECLARATION>',
    );
    assert.deepEqual([sized.isArray, sized.arraySize, sized.value], [true, 2, null]);
    const valued = decl(
      '<QUALIFIER.DECLARATION NAME="Values" TYPE="string"><VALUE.ARRAY><VALUE>a</VALUE></VALUE.ARRAY></QUALIFIER.DECLARATION>',
    );
    assert.deepEqual([valued.isArray, valued.value, 'arraySize' in valued], [true, ['a'], false]);
    assert.equal(
      refusedWith(() =>
        decl(
          '<QUALIFIER.DECLARATION NAME="Values" TYPE="string" ISARRAY="false"><VALUE.ARRAY><VALUE>a</VALUE></VALUE.ARRAY></QUALIFIER.DECLARATION>',
        ),
      ),
      "qualifier declaration Values: a scalar's value is a VALUE, not a VALUE.ARRAY",
    );
    assert.equal(
      refusedWith(() =>
        decl(
          '<QUALIFIER.DECLARATION NAME="Values" TYPE="string" ISARRAY="true"><VALUE>a</VALUE></QUALIFIER.DECLARATION>',
        ),
      ),
      "qualifier declaration Values: an array's value is a VALUE.ARRAY, not a VALUE",
    );
  });

  it('keeps a declaration type as sent, not as a qualifier is stored', () => {
    const d = decl(
      '<QUALIFIER.DECLARATION NAME="MaxLen" TYPE="uint32"><VALUE>256</VALUE></QUALIFIER.DECLARATION>',
    );
    assert.deepEqual([d.type, d.value], [CIM_UINT32, 256]);
  });

  it('takes its own flavor attributes, with the DSP0201 defaults for those left out', () => {
    const ctx = {
      declaredFlavor: () => WBEM_FLAVOR_NOT_OVERRIDABLE | WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE,
    };
    assert.equal(
      decl('<QUALIFIER.DECLARATION NAME="Key" TYPE="boolean"/>', ctx).flavor,
      WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
    );
    assert.equal(
      decl(
        '<QUALIFIER.DECLARATION NAME="Key" TYPE="boolean" OVERRIDABLE="false" TOSUBCLASS="false" TOINSTANCE="true" TRANSLATABLE="true"/>',
      ).flavor,
      WBEM_FLAVOR_NOT_OVERRIDABLE | WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE | WBEM_FLAVOR_AMENDED,
    );
  });

  it('refuses another element, a missing name or type, a bad ISARRAY, ARRAYSIZE or value', () => {
    assert.equal(
      refusedWith(() => decl('<QUALIFIER NAME="Q" TYPE="boolean"/>')),
      'expected <QUALIFIER.DECLARATION>, got <QUALIFIER>',
    );
    assert.equal(
      refusedWith(() => decl('<QUALIFIER.DECLARATION TYPE="boolean"/>')),
      '<QUALIFIER.DECLARATION> has no NAME attribute',
    );
    assert.equal(
      refusedWith(() => decl('<QUALIFIER.DECLARATION NAME="Q"/>')),
      'qualifier declaration Q: TYPE missing',
    );
    assert.equal(
      refusedWith(() => decl('<QUALIFIER.DECLARATION NAME="Q" TYPE="boolean" ISARRAY="1"/>')),
      '<QUALIFIER.DECLARATION> ISARRAY="1" is not true or false',
    );
    assert.equal(
      refusedWith(() =>
        decl('<QUALIFIER.DECLARATION NAME="Q" TYPE="string" ISARRAY="true" ARRAYSIZE="0"/>'),
      ),
      '<QUALIFIER.DECLARATION> ARRAYSIZE="0" invalid',
    );
    assert.equal(
      refusedWith(() =>
        decl(
          '<QUALIFIER.DECLARATION NAME="Q" TYPE="boolean"><VALUE>maybe</VALUE></QUALIFIER.DECLARATION>',
        ),
      ),
      "qualifier declaration Q: 'maybe' is not TRUE or FALSE",
    );
  });

  it('reads a boolean declaration value', () => {
    const d = decl(
      '<QUALIFIER.DECLARATION NAME="Key" TYPE="boolean"><VALUE>FALSE</VALUE></QUALIFIER.DECLARATION>',
    );
    assert.deepEqual([d.type, d.value], [CIM_BOOLEAN, false]);
  });
});

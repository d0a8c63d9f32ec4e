import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WBEMMOF_E_UNRECOGNIZED_TYPE } from '../../src/mof/mof-status.js';
import { WBEM_E_NOT_FOUND } from '../../src/wbem/status.js';
import { compileText } from './helpers/memory-files.js';
import { throwsMof } from './helpers/mof-assert.js';
import { names } from './helpers/operations.js';

const VERSION = 'Qualifier Version : string = null, Scope(any);\n';

describe('compileMof: classes a declaration needs', () => {
  it('fails with WBEMMOF_E_UNRECOGNIZED_TYPE at the property when its CIMTYPE names an undeclared class', () => {
    throwsMof(
      () =>
        compileText(
          `${VERSION}class X {\n  [Version("1.0"), CIMTYPE("Object:Acme_Gone")] object D;\n};`,
        ),
      {
        hresult: WBEMMOF_E_UNRECOGNIZED_TYPE,
        line: 3,
        column: 49,
        reason: /^type Acme_Gone of X is not declared in the MOF nor present in root\/cimv2$/,
      },
    );
  });

  it('compiles when a CIMTYPE names a declared class or no class', () => {
    const r = compileText(
      `${VERSION}class X { [Version("object:Nowhere"), CIMTYPE("object:E")] object D; [CIMTYPE("object")] object F; };\nclass E {};`,
    );
    assert.deepEqual(names(r.operations), ['q:Version', 'E', 'X']);
  });

  it('fails with WBEMMOF_E_UNRECOGNIZED_TYPE at a method parameter typed as an undeclared class', () => {
    throwsMof(() => compileText('class X {\n  uint32 M(Acme_Gone Part);\n};'), {
      hresult: WBEMMOF_E_UNRECOGNIZED_TYPE,
      line: 2,
      column: 12,
      reason: /^type Acme_Gone of X is not declared/,
    });
  });

  it('fails with WBEM_E_NOT_FOUND at a method parameter referencing an undeclared class under dmtf rules', () => {
    throwsMof(
      () => compileText('class X {\n  uint32 M(Acme_Gone REF Part);\n};', { rules: 'dmtf' }),
      {
        hresult: WBEM_E_NOT_FOUND,
        line: 2,
        column: 12,
        reason: /^referenced class Acme_Gone of X is not declared/,
      },
    );
  });

  it('suggests no name when the nearest class is more edits away than a third of the name', () => {
    const e = throwsMof(() => compileText('class Acme_Widget {};\nclass X { Acme_Wgiedt P; };'), {
      hresult: WBEMMOF_E_UNRECOGNIZED_TYPE,
    });
    assert.doesNotMatch(e.reason, /did you mean/);
  });

  it('suggests the class when two neighbouring letters of its name are swapped', () => {
    const e = throwsMof(() => compileText('class Acme_Widget {};\nclass X { Acme_Wiegtd P; };'), {
      hresult: WBEMMOF_E_UNRECOGNIZED_TYPE,
    });
    assert.match(e.reason, /; did you mean Acme_Widget\?$/);
  });
});

describe('compileMof: the order of classes that reference each other', () => {
  it('puts the first declared class first when two classes reference each other', () => {
    const r = compileText('class A { B REF ToB; };\nclass B { A REF ToA; };');
    assert.deepEqual(names(r.operations), ['A', 'B']);
  });

  it('puts a reference cycle last when the classes before it are outside the cycle', () => {
    const r = compileText('class Z {};\nclass A { B REF ToB; };\nclass B { A REF ToA; };');
    assert.deepEqual(names(r.operations), ['Z', 'A', 'B']);
  });
});

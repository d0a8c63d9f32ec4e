import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileText } from './helpers/memory-files.js';
import { compileFailure } from './helpers/mof-assert.js';

/** The operations of a compile without their payloads and positions, as `kind namespace k=v`. */
function effects(text: string): string[] {
  return compileText(text).operations.map((op) => {
    switch (op.kind) {
      case 'deleteClass':
        return `deleteClass ${op.namespace} ${op.className} failIfMissing=${op.failIfMissing}`;
      case 'deleteInstance':
        return `deleteInstance ${op.namespace} ${op.path} failIfMissing=${op.failIfMissing}`;
      case 'class':
        return `class ${op.namespace} ${op.cls.name} flags=${op.flags}`;
      case 'instance':
        return `instance ${op.namespace} ${op.instance.className} flags=${op.flags}`;
      default:
        return op.kind;
    }
  });
}

describe('#pragma effects on the compiled operations', () => {
  it('turns deleteclass and deleteinstance into barriers, FAIL and NOFAIL in any case', () => {
    assert.deepEqual(
      effects('#pragma deleteclass("A", Fail)\n#pragma deleteinstance("A.K=1", nofail)'),
      [
        'deleteClass root/cimv2 A failIfMissing=true',
        'deleteInstance root/cimv2 A.K=1 failIfMissing=false',
      ],
    );
  });

  it('sets PutInstance and PutClass flags from words in any case and from numbers', () => {
    assert.deepEqual(effects('#pragma instanceflags("CreateOnly") instance of A { };'), [
      'instance root/cimv2 A flags=2',
    ]);
    assert.deepEqual(effects('#pragma instanceflags("updateonly") instance of A { };'), [
      'instance root/cimv2 A flags=1',
    ]);
    assert.deepEqual(effects('#pragma classflags("UpdateOnly", "ForceUpdate") class A {};'), [
      'class root/cimv2 A flags=65',
    ]);
    assert.deepEqual(effects('#pragma classflags("safeupdate") class A {};'), [
      'class root/cimv2 A flags=32',
    ]);
    assert.deepEqual(effects('#pragma classflags(33) class A {};'), [
      'class root/cimv2 A flags=33',
    ]);
    assert.deepEqual(effects('#pragma classflags(0) class A {};'), ['class root/cimv2 A flags=0']);
  });

  it('marks the compilation autorecover and ignores locale', () => {
    assert.equal(compileText('#pragma autorecover').autorecover, true);
    assert.equal(compileText('class A {};').autorecover, false);
    assert.deepEqual(effects('#pragma locale("en_US") class A {};'), [
      'class root/cimv2 A flags=0',
    ]);
  });

  it('resolves relative and absolute namespaces', () => {
    assert.deepEqual(effects('#pragma namespace("sub") class A {};'), [
      'class root/cimv2/sub A flags=0',
    ]);
    assert.deepEqual(effects('#pragma namespace("//./root/other") class A {};'), [
      'class root/other A flags=0',
    ]);
  });

  const refusals: readonly (readonly [string, string])[] = [
    [
      '#pragma deleteclass("A")',
      'WBEMMOF_E_INVALID_PRAGMA 1:9: #pragma deleteclass takes 2 to 2 arguments, got 1, found "deleteclass"',
    ],
    [
      '#pragma deleteinstance("A", 5)',
      'WBEMMOF_E_INVALID_PRAGMA 1:1: #pragma deleteinstance: expected FAIL or NOFAIL, found 5',
    ],
    [
      '#pragma amendment("en_us")',
      'WBEMMOF_E_INVALID_PRAGMA 1:1: #pragma amendment takes a locale such as "MS_409", found "en_us"',
    ],
    [
      '#pragma amendment("MS_12345")',
      'WBEMMOF_E_INVALID_PRAGMA 1:1: #pragma amendment takes a locale such as "MS_409", found "MS_12345"',
    ],
    [
      '#pragma instanceflags("createonly", "updateonly")',
      'WBEMMOF_E_INVALID_FLAGS_SYNTAX 1:1: instanceflags cannot combine createonly and updateonly',
    ],
    [
      '#pragma instanceflags(1)',
      'WBEMMOF_E_INVALID_FLAGS_SYNTAX 1:1: unknown instanceflags value 1',
    ],
    [
      '#pragma classflags("createonly", "safeupdate")',
      'WBEMMOF_E_INVALID_FLAGS_SYNTAX 1:1: classflags cannot combine createonly with an update mode',
    ],
    [
      '#pragma classflags("createonly", "forceupdate")',
      'WBEMMOF_E_INVALID_FLAGS_SYNTAX 1:1: classflags cannot combine createonly with an update mode',
    ],
    [
      '#pragma classflags(-1)',
      'WBEMMOF_E_INVALID_FLAGS_SYNTAX 1:1: classflags value -1 has bits other than createonly/updateonly/safeupdate/forceupdate',
    ],
    [
      '#pragma amendment("XMS_409")',
      'WBEMMOF_E_INVALID_PRAGMA 1:1: #pragma amendment takes a locale such as "MS_409", found "XMS_409"',
    ],
    [
      '#pragma deleteclass("A", 1)',
      'WBEMMOF_E_INVALID_PRAGMA 1:1: #pragma deleteclass: expected FAIL or NOFAIL, found 1',
    ],
    [
      '#pragma instanceflags(1)',
      'WBEMMOF_E_INVALID_FLAGS_SYNTAX 1:1: unknown instanceflags value 1',
    ],
    [
      '#pragma classflags(1.5)',
      'WBEMMOF_E_INVALID_PRAGMA 1:20: expected a pragma argument, found "1.5"',
    ],
    [
      '#pragma classflags("a","b","c","d","e")',
      'WBEMMOF_E_INVALID_PRAGMA 1:9: #pragma classflags takes 1 to 4 arguments, got 5, found "classflags"',
    ],
    [
      '#pragma autorecover("x")',
      'WBEMMOF_E_INVALID_PRAGMA 1:9: #pragma autorecover takes 0 to 0 arguments, got 1, found "autorecover"',
    ],
    [
      '#pragma include()',
      'WBEMMOF_E_INVALID_PRAGMA 1:9: #pragma include takes 1 to 1 arguments, got 0, found "include"',
    ],
    [
      '#pragma include("a", "b")',
      'WBEMMOF_E_INVALID_PRAGMA 1:9: #pragma include takes 1 to 1 arguments, got 2, found "include"',
    ],
  ];
  for (const [text, expected] of refusals) {
    it(`fails with ${expected.split(' ')[0]} when the MOF is ${JSON.stringify(text)}`, () => {
      assert.equal(compileFailure(text), expected);
    });
  }
});

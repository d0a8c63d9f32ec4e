/**
 * @module Which overrides of inherited members `putClass` accepts: a method must keep its
 * signature (return type, parameters with their types, reference classes, IDs and directions),
 * and a qualifier the superclass marks DisableOverride may be restated but not changed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cimClass,
  cimMethod,
  cimParameter,
  cimProperty,
  qualifier,
} from '../../src/model/cim-builders.js';
import type { CimMethod } from '../../src/model/cim-method.js';
import type { Qualifier } from '../../src/model/qualifier.js';
import { putClass } from '../../src/schema/index.js';
import { caseTitle, commitPutClass, ENV, intent, outcome } from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

const TO_SUBCLASS = 0x2;
const DISABLE_OVERRIDE = 0x10;
const param = (name: string, type: string, id: number, dir = 'In', ref?: string) =>
  cimParameter(name, type, {
    ...(ref === undefined ? {} : { referenceClass: ref }),
    qualifiers: [qualifier('ID', id), qualifier(dir, true)],
  });
const BASE_METHOD = cimMethod('M', 'uint32', {
  parameters: [param('a', 'uint32', 0), param('r', 'ref', 1, 'In', 'Target')],
});

function withBase(method: CimMethod): TestStore {
  const s = new TestStore();
  commitPutClass(s, cimClass({ name: 'Target' }));
  commitPutClass(s, cimClass({ name: 'Base', methods: [method] }));
  return s;
}

const SIGNATURES: readonly { desc: string; override: CimMethod; expect: string }[] = [
  {
    desc: 'when the override restates the signature with another Description',
    override: cimMethod('m', 'uint32', {
      qualifiers: [qualifier('Description', 'mine')],
      parameters: [param('A', 'uint32', 0), param('R', 'ref', 1, 'In', 'TARGET')],
    }),
    expect: 'WBEM_S_NO_ERROR',
  },
  {
    desc: 'when the override returns another type',
    override: cimMethod('M', 'sint32', { parameters: [...BASE_METHOD.parameters.values()] }),
    expect: 'WBEM_E_PROPAGATED_METHOD',
  },
  {
    desc: 'when the override returns an array',
    override: cimMethod('M', 'uint32[]', { parameters: [...BASE_METHOD.parameters.values()] }),
    expect: 'WBEM_E_PROPAGATED_METHOD',
  },
  {
    desc: 'when the override drops a parameter',
    override: cimMethod('M', 'uint32', { parameters: [param('a', 'uint32', 0)] }),
    expect: 'WBEM_E_PROPAGATED_METHOD',
  },
  {
    desc: 'when the override renames a parameter',
    override: cimMethod('M', 'uint32', {
      parameters: [param('b', 'uint32', 0), param('r', 'ref', 1, 'In', 'Target')],
    }),
    expect: 'WBEM_E_PROPAGATED_METHOD',
  },
  {
    desc: 'when the override changes a parameter type',
    override: cimMethod('M', 'uint32', {
      parameters: [param('a', 'uint16', 0), param('r', 'ref', 1, 'In', 'Target')],
    }),
    expect: 'WBEM_E_PROPAGATED_METHOD',
  },
  {
    desc: 'when the override makes a parameter an array',
    override: cimMethod('M', 'uint32', {
      parameters: [param('a', 'uint32[]', 0), param('r', 'ref', 1, 'In', 'Target')],
    }),
    expect: 'WBEM_E_PROPAGATED_METHOD',
  },
  {
    desc: 'when the override drops the class of a reference parameter',
    override: cimMethod('M', 'uint32', {
      parameters: [param('a', 'uint32', 0), param('r', 'ref', 1)],
    }),
    expect: 'WBEM_E_PROPAGATED_METHOD',
  },
  {
    desc: 'when the override swaps the parameter IDs',
    override: cimMethod('M', 'uint32', {
      parameters: [param('a', 'uint32', 1), param('r', 'ref', 0, 'In', 'Target')],
    }),
    expect: 'WBEM_E_PROPAGATED_METHOD',
  },
  {
    desc: 'when the override makes an In parameter Out',
    override: cimMethod('M', 'uint32', {
      parameters: [param('a', 'uint32', 0, 'Out'), param('r', 'ref', 1, 'In', 'Target')],
    }),
    expect: 'WBEM_E_PROPAGATED_METHOD',
  },
];

const lockedOn = (q: Qualifier) =>
  cimClass({
    name: 'Base',
    qualifiers: [q],
    properties: [cimProperty('P', 'string', { qualifiers: [q] })],
    methods: [cimMethod('M', 'uint32', { qualifiers: [q] })],
  });
const restated = (q: Qualifier, where: 'class' | 'property' | 'method') =>
  cimClass({
    name: 'Sub',
    superclass: 'Base',
    qualifiers: where === 'class' ? [q] : [],
    properties: where === 'property' ? [cimProperty('P', 'string', { qualifiers: [q] })] : [],
    methods: where === 'method' ? [cimMethod('M', 'uint32', { qualifiers: [q] })] : [],
  });
const LOCKED = qualifier('Q', 1, { flavor: TO_SUBCLASS | DISABLE_OVERRIDE });

const LOCKS: readonly { desc: string; parent: Qualifier; own: Qualifier; expect: string }[] = [
  {
    desc: 'restates it unchanged',
    parent: LOCKED,
    own: qualifier('q', 1),
    expect: 'WBEM_S_NO_ERROR',
  },
  {
    desc: 'gives it another value',
    parent: LOCKED,
    own: qualifier('Q', 2),
    expect: 'WBEM_E_OVERRIDE_NOT_ALLOWED',
  },
  {
    desc: 'gives it the same number as another type',
    parent: LOCKED,
    own: qualifier('Q', 1, { type: 5 }),
    expect: 'WBEM_E_OVERRIDE_NOT_ALLOWED',
  },
  {
    desc: 'changes one that is DisableOverride but not ToSubclass',
    parent: qualifier('Q', 1, { flavor: DISABLE_OVERRIDE }),
    own: qualifier('Q', 2),
    expect: 'WBEM_S_NO_ERROR',
  },
  {
    desc: 'changes one that is ToSubclass but overridable',
    parent: qualifier('Q', 1, { flavor: TO_SUBCLASS }),
    own: qualifier('Q', 2),
    expect: 'WBEM_S_NO_ERROR',
  },
];

describe('PutClass: method overrides', () => {
  for (const c of SIGNATURES) {
    it(caseTitle(c.desc, c.expect), () => {
      const s = withBase(BASE_METHOD);
      const sub = cimClass({ name: 'Sub', superclass: 'Base', methods: [c.override] });
      assert.equal(
        outcome(() => putClass(s, sub, intent(), ENV)),
        c.expect,
      );
    });
  }
});

describe('PutClass: DisableOverride qualifiers', () => {
  for (const c of LOCKS) {
    for (const where of ['class', 'property', 'method'] as const) {
      it(caseTitle(`when a ${where} ${c.desc}`, c.expect), () => {
        const s = new TestStore();
        commitPutClass(s, lockedOn(c.parent));
        assert.equal(
          outcome(() => putClass(s, restated(c.own, where), intent(), ENV)),
          c.expect,
        );
      });
    }
  }
});

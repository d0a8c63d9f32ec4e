/**
 * @module MOF flavor keywords on a qualifier as the compiler applies them: each keyword's bit,
 * keywords that undo the declaration's default, each pair that contradicts itself, and WMI's
 * flavor-only statements (`Qualifier Description : Amended;`).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WBEMMOF_E_INCOMPATIBLE_FLAVOR_TYPES } from '../../src/mof/mof-status.js';
import * as F from '../../src/wbem/flavor.js';
import { compileText } from './helpers/memory-files.js';
import { throwsMof } from './helpers/mof-assert.js';
import { classes } from './helpers/operations.js';
import { onlyClass } from './helpers/qualifier-prelude.js';

const PROPAGATION =
  F.WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS | F.WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE;

/** The flavor of qualifier Other on class A when written with `flavors`. */
const flavorOf = (flavors: string): number | undefined =>
  onlyClass(`[Other${flavors === '' ? '' : ` : ${flavors}`}] class A {};`).qualifiers.get('other')
    ?.flavor;

describe('MOF flavors', () => {
  it('sets and clears each bit with its keyword', () => {
    const all = flavorOf('ToSubclass ToInstance DisableOverride') ?? 0;
    assert.equal(
      all & (PROPAGATION | F.WBEM_FLAVOR_NOT_OVERRIDABLE),
      PROPAGATION | F.WBEM_FLAVOR_NOT_OVERRIDABLE,
    );
    assert.equal(
      (flavorOf('NotToSubclass') ?? 0) & F.WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
      0,
    );
    assert.equal((flavorOf('NotToInstance') ?? 0) & F.WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE, 0);
    assert.equal((flavorOf('Restricted') ?? 0) & PROPAGATION, 0);
    assert.equal((flavorOf('Amended') ?? 0) & F.WBEM_FLAVOR_AMENDED, F.WBEM_FLAVOR_AMENDED);
  });

  it('keeps the propagation bits when EnableOverride is given with them', () => {
    const f = flavorOf('ToSubclass ToInstance EnableOverride') ?? 0;
    assert.equal(f & PROPAGATION, PROPAGATION);
    assert.equal(f & F.WBEM_FLAVOR_NOT_OVERRIDABLE, 0);
  });

  /** The flavor of qualifier Wide, declared ToSubclass, ToInstance and DisableOverride. */
  const wideFlavorOf = (flavors: string): number =>
    onlyClass(
      `Qualifier Wide : boolean = true, Scope(class), Flavor(ToSubclass, ToInstance, DisableOverride);\n[Wide : ${flavors}] class A {};`,
    ).qualifiers.get('wide')?.flavor ?? Number.NaN;

  it('clears only its own bit from a declaration that sets them all', () => {
    assert.equal(
      wideFlavorOf('NotToInstance'),
      F.WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS | F.WBEM_FLAVOR_NOT_OVERRIDABLE,
    );
    assert.equal(
      wideFlavorOf('NotToSubclass'),
      F.WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE | F.WBEM_FLAVOR_NOT_OVERRIDABLE,
    );
    assert.equal(wideFlavorOf('Restricted'), F.WBEM_FLAVOR_NOT_OVERRIDABLE);
    assert.equal(wideFlavorOf('EnableOverride'), PROPAGATION);
    assert.equal(
      wideFlavorOf('Translatable'),
      PROPAGATION | F.WBEM_FLAVOR_NOT_OVERRIDABLE | F.WBEM_FLAVOR_AMENDED,
    );
  });

  it('keeps the default flavor when no keyword is given', () => {
    assert.equal(flavorOf(''), flavorOf('EnableOverride'));
  });

  const contradictions: [string, string][] = [
    ['EnableOverride DisableOverride', 'enableoverride and disableoverride'],
    ['ToSubclass Restricted', 'tosubclass and restricted'],
    ['ToSubclass NotToSubclass', 'tosubclass and nottosubclass'],
    ['ToInstance Restricted', 'toinstance and restricted'],
    ['ToInstance NotToInstance', 'toinstance and nottoinstance'],
  ];
  for (const [words, named] of contradictions) {
    it(`fails with WBEMMOF_E_INCOMPATIBLE_FLAVOR_TYPES naming both when ${words} are given`, () => {
      const e = throwsMof(() => flavorOf(words), { hresult: WBEMMOF_E_INCOMPATIBLE_FLAVOR_TYPES });
      assert.match(e.message, new RegExp(`flavors ${named} contradict each other`));
    });
  }
});

describe('WMI flavor-only qualifier statements', () => {
  /** The flavor of qualifier Q on each class `text` compiles to, by class name. */
  const flavors = (text: string): Record<string, number | undefined> =>
    Object.fromEntries(
      classes(compileText(text).operations).map((c) => [c.name, c.qualifiers.get('q')?.flavor]),
    );

  it('starts from the default flavor when the qualifier has no declaration', () => {
    assert.deepEqual(flavors('Qualifier Q : Amended DisableOverride;\n[Q("x")] class A {};'), {
      A:
        F.WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS |
        F.WBEM_FLAVOR_AMENDED |
        F.WBEM_FLAVOR_NOT_OVERRIDABLE,
    });
  });

  it('applies in its namespace written in any case, and not when the namespace differs', () => {
    const text = [
      '#pragma namespace("root/One")',
      'Qualifier Q : Amended;',
      '[Q("x")] class A {};',
      '#pragma namespace("ROOT/one")',
      '[Q("x")] class B {};',
      '#pragma namespace("root/two")',
      '[Q("x")] class C {};',
    ].join('\n');
    const amended = F.WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS | F.WBEM_FLAVOR_AMENDED;
    assert.deepEqual(flavors(text), {
      A: amended,
      B: amended,
      C: F.WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
    });
  });
});

/**
 * @module Spec §5.3 safe mode: the update is allowed when no subclass conflicts with it; the
 * first conflicting subclass decides the code (UPDATE_TYPE_MISMATCH, UPDATE_OVERRIDE_NOT_ALLOWED,
 * UPDATE_PROPAGATED_METHOD, CANNOT_CHANGE_KEY/INDEX_INHERITANCE, or CLASS_HAS_CHILDREN).
 */
import { ACCEPT, CONTINUE, type UpdateRule } from './update-rule.js';

export const safeModeConflicts: UpdateRule = {
  // Stryker disable next-line StringLiteral: a rule's name documents it; no outcome reads it
  name: 'safe mode: no conflicting subclass',
  // Stryker disable all: putClass throws the re-derivation's error after the rules in any case;
  // this rule only makes safe mode's outcome explicit where the rules are read
  check: (ctx) => {
    if (ctx.intent.update !== 'safe') return CONTINUE;
    const { error } = ctx.rederive();
    return error === undefined ? ACCEPT : { kind: 'fail', error };
  },
  // Stryker restore all
};

/**
 * @module Phase 1 of `CreateClassEnum`, `EnumerateClassNames` and `CreateInstanceEnum`: the class
 * argument, then `lFlags` (`WBEM_FLAG_DEEP` / `WBEM_FLAG_SHALLOW` and the delivery bits).
 */
import { parseEnumFlags } from '../../schema/intent.js';
import { type CallVariant, type PreparedCall, required } from './prepared-call.js';

/** A null superclass enumerates from the top. @throws {WbemError} WBEM_E_INVALID_PARAMETER for invalid flags. */
export function phase1CreateClassEnum(
  superclass: unknown,
  flags: number,
  variant: CallVariant,
): PreparedCall {
  const { deep, useAmendedQualifiers, sendStatus } = parseEnumFlags(flags, variant);
  return {
    operation: 'CreateClassEnum',
    sendStatus,
    request: {
      kind: 'createClassEnum',
      superclass: superclass ?? null,
      deep,
      options: { useAmendedQualifiers },
    },
  };
}

/**
 * The flags of `CreateClassEnum`, checked as for it: a names-only listing accepts and refuses
 * exactly what the class enumeration does (`WBEM_FLAG_USE_AMENDED_QUALIFIERS` changes no name).
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for invalid flags.
 */
export function phase1EnumerateClassNames(
  superclass: unknown,
  flags: number,
  variant: CallVariant,
): PreparedCall {
  const { deep, sendStatus } = parseEnumFlags(flags, variant);
  return {
    operation: 'EnumerateClassNames',
    sendStatus,
    request: { kind: 'enumerateClassNames', superclass: superclass ?? null, deep },
  };
}

/** @throws {WbemError} WBEM_E_INVALID_PARAMETER for a null class name or invalid flags. */
export function phase1CreateInstanceEnum(
  className: unknown,
  flags: number,
  variant: CallVariant,
): PreparedCall {
  required(className, 'the class name', 'CreateInstanceEnum');
  const { deep, sendStatus } = parseEnumFlags(flags, variant);
  return {
    operation: 'CreateInstanceEnum',
    sendStatus,
    request: { kind: 'createInstanceEnum', className, deep },
  };
}

/**
 * @module MOF literals → model values (`CimValue`) for a known CIM type, with the type and range
 * checks of DSP0004: integers as numbers except sint64/uint64 (decimal strings), datetime, ref
 * and string as strings, char16 as a one-character string, embedded objects as `CimInstance`.
 */

import type { CimInstance } from '../model/cim-instance.js';
import { CIM_INTEGER_RANGES } from '../model/cim-type-check.js';
import type { CimScalar, CimValue } from '../model/cim-value.js';
import {
  CIM_BOOLEAN,
  CIM_CHAR16,
  CIM_DATETIME,
  CIM_OBJECT,
  CIM_REAL32,
  CIM_REAL64,
  CIM_REFERENCE,
  CIM_SINT32,
  CIM_SINT64,
  CIM_STRING,
  CIM_TYPE_NAMES,
  CIM_UINT64,
} from '../wbem/cim-type.js';
import type { MofInstanceNode, MofValueNode } from './ast.js';
import { MofError } from './mof-error.js';
import {
  WBEMMOF_E_NULL_ARRAY_ELEM,
  WBEMMOF_E_OUT_OF_RANGE,
  WBEMMOF_E_TYPE_MISMATCH,
  WBEMMOF_E_UNEXPECTED_ALIAS,
} from './mof-status.js';

/** What value conversion needs from its caller. */
export interface ValueContext {
  readonly file: string;
  /** Object path of the instance declared `as $name`; throws when there is none. */
  resolveAlias(name: string, node: MofValueNode): string;
  /** Converts an embedded `instance of` value. */
  embeddedInstance(node: MofInstanceNode): CimInstance;
}

function mismatch(ctx: ValueContext, node: MofValueNode, expected: string): never {
  throw new MofError(
    WBEMMOF_E_TYPE_MISMATCH,
    { file: ctx.file, line: node.line, column: node.column },
    `expected ${expected}, found ${node.kind} value`,
  );
}

/**
 * The value of `node` as a `type` value (array when `isArray`).
 * @throws {MofError} WBEMMOF_E_TYPE_MISMATCH, WBEMMOF_E_OUT_OF_RANGE, WBEMMOF_E_NULL_ARRAY_ELEM.
 */
export function coerceValue(
  node: MofValueNode,
  type: number,
  isArray: boolean,
  ctx: ValueContext,
): CimValue {
  if (node.kind === 'null') return null;
  if (isArray) {
    const items = node.kind === 'array' ? node.items : [node];
    return items.map((item) => {
      if (item.kind === 'null') {
        throw new MofError(
          WBEMMOF_E_NULL_ARRAY_ELEM,
          { file: ctx.file, line: item.line, column: item.column },
          'array elements cannot be null',
        );
      }
      return coerceScalar(item, type, ctx);
    });
  }
  if (node.kind === 'array') mismatch(ctx, node, `a single ${CIM_TYPE_NAMES.get(type) ?? 'value'}`);
  return coerceScalar(node, type, ctx);
}

function coerceScalar(node: MofValueNode, type: number, ctx: ValueContext): CimScalar {
  const range = CIM_INTEGER_RANGES.get(type);
  if (range !== undefined) {
    // Stryker disable next-line StringLiteral: every integer type has a name, so the fallback is never used
    if (node.kind !== 'integer') mismatch(ctx, node, CIM_TYPE_NAMES.get(type) ?? 'an integer');
    const value = BigInt(node.value);
    if (value < range[0] || value > range[1]) {
      throw new MofError(
        WBEMMOF_E_OUT_OF_RANGE,
        { file: ctx.file, line: node.line, column: node.column },
        `${node.value} is out of range for ${CIM_TYPE_NAMES.get(type)}`,
      );
    }
    return type === CIM_SINT64 || type === CIM_UINT64 ? node.value : Number(node.value);
  }
  switch (type) {
    case CIM_REAL32:
    case CIM_REAL64:
      if (node.kind === 'real') return node.value;
      if (node.kind === 'integer') return Number(node.value);
      return mismatch(ctx, node, 'a real number');
    case CIM_BOOLEAN:
      if (node.kind === 'boolean') return node.value;
      return mismatch(ctx, node, 'a boolean');
    case CIM_STRING:
    case CIM_DATETIME:
      if (node.kind === 'string' || node.kind === 'char16') return node.value;
      return mismatch(ctx, node, 'a string');
    case CIM_CHAR16:
      if (node.kind === 'char16' || (node.kind === 'string' && node.value.length === 1))
        return node.value;
      if (node.kind === 'integer') {
        const code = Number(node.value);
        if (code >= 0 && code <= 0xffff) return String.fromCharCode(code);
      }
      return mismatch(ctx, node, 'a char16');
    case CIM_REFERENCE:
      if (node.kind === 'string') return node.value;
      if (node.kind === 'alias') return ctx.resolveAlias(node.name, node);
      return mismatch(ctx, node, 'an object path or $Alias');
    case CIM_OBJECT:
      if (node.kind === 'instance') return ctx.embeddedInstance(node.instance);
      return mismatch(ctx, node, 'an embedded instance');
    default:
      return mismatch(ctx, node, 'a value of a known type');
  }
}

/**
 * The value of a literal whose type the MOF does not declare (a qualifier without declaration,
 * an instance property of a class outside this compilation), typed the way WMI stores such
 * qualifiers: sint32 (sint64 past 32 bits), real64, string, boolean; arrays typed by their
 * first element.
 */
export function inferValue(
  node: MofValueNode,
  ctx: ValueContext,
): { type: number; isArray: boolean; value: CimValue } {
  if (node.kind === 'array') {
    // A NULL item fails (WBEMMOF_E_NULL_ARRAY_ELEM) whatever the type, so the first item types it.
    const first = node.items[0];
    const type = first === undefined ? CIM_STRING : inferValue(first, ctx).type;
    return { type, isArray: true, value: coerceValue(node, type, true, ctx) };
  }
  switch (node.kind) {
    case 'integer': {
      const big = BigInt(node.value);
      const fits = big >= -2147483648n && big <= 2147483647n;
      return {
        type: fits ? CIM_SINT32 : CIM_SINT64,
        isArray: false,
        value: fits ? Number(big) : node.value,
      };
    }
    case 'real':
      return { type: CIM_REAL64, isArray: false, value: node.value };
    case 'boolean':
      return { type: CIM_BOOLEAN, isArray: false, value: node.value };
    case 'string':
    case 'char16':
      return { type: CIM_STRING, isArray: false, value: node.value };
    case 'null':
      return { type: CIM_STRING, isArray: false, value: null };
    case 'alias':
      return { type: CIM_REFERENCE, isArray: false, value: ctx.resolveAlias(node.name, node) };
    case 'instance':
      // Stryker disable next-line BooleanLiteral: no qualifier takes an embedded instance (the parser refuses it), and an instance property keeps only the value
      return { type: CIM_OBJECT, isArray: false, value: ctx.embeddedInstance(node.instance) };
  }
}

/** Error for an alias that no instance declares. */
export function unknownAlias(file: string, name: string, node: MofValueNode): MofError {
  return new MofError(
    WBEMMOF_E_UNEXPECTED_ALIAS,
    { file, line: node.line, column: node.column },
    `no instance is declared as $${name}`,
  );
}

/**
 * @module Prints a WQL syntax tree back as text: `parseWql(formatWql(q))` gives `q` again.
 */
import type {
  WqlAssociationQuery,
  WqlExpression,
  WqlOperand,
  WqlPropertyRef,
  WqlQuery,
  WqlSelect,
} from './ast.js';

const IDENT = /^[A-Za-z_\u0080-\uFFEF][A-Za-z0-9_\u0080-\uFFEF]*$/;

/** The canonical text of a parsed WQL statement (keywords upper-case, strings single-quoted). */
export function formatWql(query: WqlQuery): string {
  return query.kind === 'select' ? formatSelect(query) : formatAssociation(query);
}

function formatSelect(q: WqlSelect): string {
  const parts = [
    'SELECT',
    q.properties === null ? '*' : q.properties.map(formatProperty).join(', '),
    'FROM',
    q.from,
  ];
  if (q.within !== undefined) parts.push('WITHIN', String(q.within));
  if (q.where !== undefined) parts.push('WHERE', formatExpression(q.where));
  if (q.group !== undefined) {
    parts.push('GROUP WITHIN', String(q.group.within));
    if (q.group.by.length > 0) parts.push('BY', q.group.by.map(formatProperty).join(', '));
    if (q.group.having !== undefined) parts.push('HAVING', formatExpression(q.group.having));
  }
  return parts.join(' ');
}

function formatAssociation(q: WqlAssociationQuery): string {
  const f = q.filter;
  const words: string[] = [];
  const valued: [string, string | undefined][] = [
    ['AssocClass', f.assocClass],
    ['ResultClass', f.resultClass],
    ['ResultRole', f.resultRole],
    ['Role', f.role],
    ['RequiredQualifier', f.requiredQualifier],
    ['RequiredAssocQualifier', f.requiredAssocQualifier],
  ];
  for (const [word, value] of valued) {
    if (value !== undefined) words.push(`${word} = ${IDENT.test(value) ? value : quote(value)}`);
  }
  if (f.classDefsOnly) words.push('ClassDefsOnly');
  if (f.schemaOnly) words.push('SchemaOnly');
  if (f.keysOnly) words.push('KeysOnly');
  const head = `${q.kind === 'associators' ? 'ASSOCIATORS' : 'REFERENCES'} OF {${q.path}}`;
  return words.length === 0 ? head : `${head} WHERE ${words.join(' ')}`;
}

/** Precedence: OR 0, AND 1, NOT 2, tests 3; a child below its parent's level gets parentheses. */
export function formatExpression(e: WqlExpression, level = 0): string {
  let text: string;
  let own: number;
  switch (e.kind) {
    case 'or':
      own = 0;
      text = `${formatExpression(e.left, 0)} OR ${formatExpression(e.right, 1)}`;
      break;
    case 'and':
      own = 1;
      text = `${formatExpression(e.left, 1)} AND ${formatExpression(e.right, 2)}`;
      break;
    case 'not':
      own = 2;
      text = `NOT ${formatExpression(e.operand, 2)}`;
      break;
    case 'compare':
      own = 3;
      text = `${formatOperand(e.left)} ${e.op} ${formatOperand(e.right)}`;
      break;
    case 'like':
      own = 3;
      text = `${formatProperty(e.property)} LIKE ${quote(e.pattern)}`;
      break;
    case 'is-null':
      own = 3;
      text = `${formatProperty(e.property)} IS ${e.negated ? 'NOT ' : ''}NULL`;
      break;
    case 'isa':
      own = 3;
      text = `${formatProperty(e.property)} ISA ${quote(e.className)}`;
      break;
  }
  return own < level ? `(${text})` : text;
}

function formatOperand(o: WqlOperand): string {
  switch (o.kind) {
    case 'property':
      return formatProperty(o);
    case 'string':
      return quote(o.value);
    case 'number':
      return o.text;
    case 'boolean':
      return o.value ? 'TRUE' : 'FALSE';
    case 'null':
      return 'NULL';
  }
}

function formatProperty(p: WqlPropertyRef): string {
  return p.path.join('.');
}

/** Single quotes; `\` and `'` escaped with `\`, as WQL reads them. */
function quote(text: string): string {
  return `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

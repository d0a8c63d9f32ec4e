/**
 * @module The WQL parser: Microsoft's "WQL (SQL for WMI)" grammar for data, schema, association
 * and notification queries.
 *
 * ```
 * query  := SELECT ('*' | property (',' property)*) FROM class [WITHIN n] [WHERE expr]
 *             [GROUP WITHIN n [BY property (',' property)*] [HAVING expr]]
 *         | (ASSOCIATORS | REFERENCES) OF '{' path '}' [WHERE keyword+]
 * ```
 */
import type {
  WqlAssociationFilter,
  WqlAssociationQuery,
  WqlGroup,
  WqlPropertyRef,
  WqlQuery,
  WqlSelect,
} from './ast.js';
import { forEachProperty } from './expression-properties.js';
import { parseExpression, parsePropertyRef } from './parse-where.js';
import { describeToken, WqlCursor } from './wql-cursor.js';

/** Words that end a statement in SQL but name something WQL lacks. */
const UNSUPPORTED_AFTER = new Map([
  ['ORDER', 'ORDER BY'],
  ['UNION', 'UNION'],
  ['LIMIT', 'LIMIT'],
  ['JOIN', 'JOIN'],
  ['INNER', 'JOIN'],
  ['LEFT', 'JOIN'],
  ['RIGHT', 'JOIN'],
  ['FULL', 'JOIN'],
  ['CROSS', 'JOIN'],
  ['AS', 'an alias (AS)'],
]);

/**
 * Parses a WQL statement.
 * @throws {WbemError} WBEM_E_INVALID_QUERY for a syntax error (the message gives the column and
 * quotes the query with a caret); WBEM_E_NOT_SUPPORTED for SQL that WQL lacks (`ORDER BY`,
 * `JOIN`, functions such as `COUNT(*)`, `DISTINCT`, `TOP`, `IN`, `BETWEEN`...), naming it.
 * @example
 * parseWql("SELECT Name FROM Win32_Service WHERE State = 'Running'");
 */
export function parseWql(query: string): WqlQuery {
  if (typeof query !== 'string') throw new WqlCursor('').fail('the query is not a string');
  const cursor = new WqlCursor(query);
  let result: WqlQuery;
  if (cursor.isWord('SELECT')) result = parseSelect(cursor);
  else if (cursor.isWord('ASSOCIATORS') || cursor.isWord('REFERENCES'))
    result = parseAssociation(cursor);
  else if (['INSERT', 'UPDATE', 'DELETE'].some((w) => cursor.isWord(w))) {
    throw cursor.unsupported(cursor.peek().text.toUpperCase());
  } else
    throw cursor.fail(
      `expected SELECT, ASSOCIATORS OF or REFERENCES OF, found ${describeToken(cursor.peek())}`,
    );
  const rest = cursor.peek();
  if (rest.kind !== 'end') {
    const construct =
      rest.kind === 'ident' ? UNSUPPORTED_AFTER.get(rest.text.toUpperCase()) : undefined;
    if (construct !== undefined) throw cursor.unsupported(construct);
    if (cursor.isWord('GROUP') && cursor.isWord('BY', 1))
      throw cursor.unsupported('GROUP BY (without WITHIN)');
    if (rest.kind === 'punct' && rest.text === ',')
      throw cursor.unsupported('more than one class in FROM (a join)');
    throw cursor.fail(`unexpected ${describeToken(rest)}`);
  }
  return result;
}

function parseSelect(cursor: WqlCursor): WqlSelect {
  cursor.expectWord('SELECT');
  for (const word of ['DISTINCT', 'TOP', 'ALL']) {
    if (cursor.isWord(word)) throw cursor.unsupported(`SELECT ${word}`);
  }
  let properties: WqlPropertyRef[] | null = null;
  if (!cursor.acceptPunct('*')) {
    properties = [];
    do {
      const t = cursor.peek();
      if (t.kind === 'ident' && cursor.peek(1).kind === 'punct' && cursor.peek(1).text === '(') {
        throw cursor.unsupported(`the function ${t.text.toUpperCase()}() in SELECT`);
      }
      properties.push(parsePropertyRef(cursor));
      if (cursor.isWord('AS')) throw cursor.unsupported('an alias (AS)');
    } while (cursor.acceptPunct(','));
  }
  cursor.expectWord('FROM');
  const fromToken = cursor.expectIdent('a class name after FROM');
  const from = fromToken.text;
  if (from.toLowerCase() === 'meta_class' && properties !== null) {
    throw cursor.unsupported(
      'a property list in a schema query (only SELECT * FROM meta_class)',
      fromToken,
    );
  }
  let within: number | undefined;
  if (cursor.acceptWord('WITHIN')) within = cursor.expectInterval();
  const where = cursor.acceptWord('WHERE') ? parseExpression(cursor) : undefined;
  let group: WqlGroup | undefined;
  if (cursor.isWord('GROUP') && cursor.isWord('WITHIN', 1)) {
    cursor.next();
    cursor.next();
    group = parseGroup(cursor);
  }
  return {
    kind: 'select',
    properties,
    from,
    ...(within === undefined ? {} : { within }),
    ...(where === undefined ? {} : { where }),
    ...(group === undefined ? {} : { group }),
  };
}

function parseGroup(cursor: WqlCursor): WqlGroup {
  const within = cursor.expectInterval();
  const by: WqlPropertyRef[] = [];
  if (cursor.acceptWord('BY')) {
    do by.push(parsePropertyRef(cursor));
    while (cursor.acceptPunct(','));
  }
  if (!cursor.isWord('HAVING')) return { within, by };
  cursor.next();
  const start = cursor.peek();
  const having = parseExpression(cursor);
  let other: string | undefined;
  forEachProperty(having, (p) => {
    const name = p.path.join('.');
    if (other === undefined && name.toLowerCase() !== 'numberofevents') other = name;
  });
  if (other !== undefined)
    throw cursor.unsupported(`HAVING on ${other} (only NumberOfEvents)`, start);
  return { within, by, having };
}

/** The valued keywords of each association query, by upper-case spelling. */
type ValuedKeyword = Exclude<keyof WqlAssociationFilter, SwitchKeyword>;
type SwitchKeyword = 'classDefsOnly' | 'schemaOnly' | 'keysOnly';

const VALUED = {
  associators: new Map<string, ValuedKeyword>([
    ['ASSOCCLASS', 'assocClass'],
    ['RESULTCLASS', 'resultClass'],
    ['RESULTROLE', 'resultRole'],
    ['ROLE', 'role'],
    ['REQUIREDQUALIFIER', 'requiredQualifier'],
    ['REQUIREDASSOCQUALIFIER', 'requiredAssocQualifier'],
  ]),
  references: new Map<string, ValuedKeyword>([
    ['RESULTCLASS', 'resultClass'],
    ['ROLE', 'role'],
    ['REQUIREDQUALIFIER', 'requiredQualifier'],
  ]),
} as const;
const SWITCHES = new Map<string, SwitchKeyword>([
  ['CLASSDEFSONLY', 'classDefsOnly'],
  ['SCHEMAONLY', 'schemaOnly'],
  ['KEYSONLY', 'keysOnly'],
]);

function parseAssociation(cursor: WqlCursor): WqlAssociationQuery {
  const kind = cursor.next().text.toUpperCase() === 'ASSOCIATORS' ? 'associators' : 'references';
  cursor.expectWord('OF');
  const pathToken = cursor.peek();
  if (pathToken.kind !== 'path')
    throw cursor.fail(`expected {object path}, found ${describeToken(pathToken)}`);
  if (pathToken.text === '') throw cursor.fail('the object path is empty');
  cursor.next();
  const filter: { -readonly [K in keyof WqlAssociationFilter]: WqlAssociationFilter[K] } = {
    classDefsOnly: false,
    schemaOnly: false,
    keysOnly: false,
  };
  if (cursor.acceptWord('WHERE')) {
    const seen = new Set<string>();
    do {
      const t = cursor.expectIdent(
        kind === 'associators' ? 'an ASSOCIATORS OF keyword' : 'a REFERENCES OF keyword',
      );
      const word = t.text.toUpperCase();
      if (word === 'AND')
        throw cursor.fail('keywords of an association query are not joined by AND', t);
      if (seen.has(word)) throw cursor.fail(`${t.text} is given twice`, t);
      seen.add(word);
      const field = VALUED[kind].get(word);
      const flag = SWITCHES.get(word);
      if (flag !== undefined) filter[flag] = true;
      else if (field !== undefined) {
        if (cursor.peek().kind !== 'op' || cursor.peek().text !== '=') {
          throw cursor.fail(`expected = after ${t.text}, found ${describeToken(cursor.peek())}`);
        }
        cursor.next();
        const value = cursor.peek();
        if (value.kind !== 'ident' && value.kind !== 'string') {
          throw cursor.fail(`expected a name after ${t.text} =, found ${describeToken(value)}`);
        }
        cursor.next();
        filter[field] = value.text;
      } else {
        throw cursor.fail(
          `${t.text} is not a keyword of ${kind === 'associators' ? 'ASSOCIATORS' : 'REFERENCES'} OF`,
          t,
        );
      }
    } while (cursor.peek().kind === 'ident');
    if (filter.classDefsOnly && filter.schemaOnly) {
      throw cursor.fail('ClassDefsOnly and SchemaOnly cannot be used together', pathToken);
    }
  }
  return { kind, path: pathToken.text, filter };
}

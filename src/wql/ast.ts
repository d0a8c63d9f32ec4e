/**
 * @module The syntax tree of a WQL statement: what `parseWql` returns, `formatWql` prints and the
 * evaluators read. Plain data, so a parsed query can cross threads.
 */

/** A constant in a WHERE clause. Integers too large for a double keep their decimal text. */
export type WqlLiteral =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number; readonly text: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' };

/** A property, possibly inside embedded objects: `TargetInstance.Name` is `['TargetInstance', 'Name']`. */
export interface WqlPropertyRef {
  readonly kind: 'property';
  readonly path: readonly string[];
}

export type WqlOperand = WqlLiteral | WqlPropertyRef;

export type WqlComparisonOperator = '=' | '<>' | '!=' | '<' | '>' | '<=' | '>=';

export type WqlExpression =
  | {
      readonly kind: 'compare';
      readonly op: WqlComparisonOperator;
      readonly left: WqlOperand;
      readonly right: WqlOperand;
    }
  | { readonly kind: 'like'; readonly property: WqlPropertyRef; readonly pattern: string }
  | { readonly kind: 'is-null'; readonly property: WqlPropertyRef; readonly negated: boolean }
  | { readonly kind: 'isa'; readonly property: WqlPropertyRef; readonly className: string }
  | { readonly kind: 'not'; readonly operand: WqlExpression }
  | {
      readonly kind: 'and' | 'or';
      readonly left: WqlExpression;
      readonly right: WqlExpression;
    };

/** `GROUP WITHIN n [BY p, ...] [HAVING ...]` of a notification query. */
export interface WqlGroup {
  /** Window length in seconds. */
  readonly within: number;
  readonly by: readonly WqlPropertyRef[];
  /** Only `NumberOfEvents` comparisons are allowed here. */
  readonly having?: WqlExpression;
}

/**
 * `SELECT ... FROM ...`: a data query, a schema query (`FROM meta_class`) or a notification query
 * (`FROM` an event class, `WITHIN`, `GROUP`). The parser cannot always tell a data query from a
 * notification query (an extrinsic event class is a plain name); the API call decides.
 */
export interface WqlSelect {
  readonly kind: 'select';
  /** `null` for `*`. */
  readonly properties: readonly WqlPropertyRef[] | null;
  readonly from: string;
  readonly within?: number;
  readonly where?: WqlExpression;
  readonly group?: WqlGroup;
}

/** The keywords of an `ASSOCIATORS OF` / `REFERENCES OF` WHERE clause. */
export interface WqlAssociationFilter {
  readonly assocClass?: string;
  readonly resultClass?: string;
  readonly resultRole?: string;
  readonly role?: string;
  readonly requiredQualifier?: string;
  readonly requiredAssocQualifier?: string;
  readonly classDefsOnly: boolean;
  readonly schemaOnly: boolean;
  readonly keysOnly: boolean;
}

export interface WqlAssociationQuery {
  readonly kind: 'associators' | 'references';
  /** The object path between the braces, as written (trimmed). */
  readonly path: string;
  readonly filter: WqlAssociationFilter;
}

export type WqlQuery = WqlSelect | WqlAssociationQuery;

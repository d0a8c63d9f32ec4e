/**
 * @module The MOF syntax tree: what the parser produces and the worker pool ships between
 * threads, so every node is plain data (no classes, no Maps) and carries its own position.
 *
 * Integer literals keep their exact value as decimal text: sint64/uint64 values do not fit a
 * JavaScript number, and the target type is only known once the declaration is resolved.
 */

export interface MofNodePosition {
  readonly line: number;
  readonly column: number;
}

export type MofValueNode =
  | (MofNodePosition & { readonly kind: 'integer'; readonly value: string })
  | (MofNodePosition & { readonly kind: 'real'; readonly value: number })
  | (MofNodePosition & { readonly kind: 'string'; readonly value: string })
  | (MofNodePosition & { readonly kind: 'char16'; readonly value: string })
  | (MofNodePosition & { readonly kind: 'boolean'; readonly value: boolean })
  | (MofNodePosition & { readonly kind: 'null' })
  | (MofNodePosition & { readonly kind: 'array'; readonly items: readonly MofValueNode[] })
  | (MofNodePosition & { readonly kind: 'alias'; readonly name: string })
  | (MofNodePosition & { readonly kind: 'instance'; readonly instance: MofInstanceNode });

/** A qualifier as written on an element: `Name`, `Name(value)`, `Name{...}`, `Name : flavors`. */
export interface MofQualifierNode extends MofNodePosition {
  readonly name: string;
  readonly value?: MofValueNode;
  /** Flavor keywords as written (WMI syntax after a colon), lower-cased. */
  readonly flavors: readonly string[];
}

/**
 * A data type: a MOF type keyword (lower-cased), `ref` with the referenced class, or WMI's
 * strongly typed embedded object (a class name used as a type: `Win32_Foo Setting;`).
 */
export interface MofTypeNode extends MofNodePosition {
  /** `uint32`, `string`, `object`, `ref`, ...; `void` only as a method return type. */
  readonly name: string;
  /** For `Cls REF Name`: `Cls`; absent for WMI's weakly typed `object ref Name`. */
  readonly referenceClass?: string;
  /** For `Cls Name` (name `object`): `Cls`, stored as CIMTYPE `"object:Cls"`. */
  readonly embeddedClass?: string;
}

export interface MofPropertyNode extends MofNodePosition {
  readonly kind: 'property';
  readonly qualifiers: readonly MofQualifierNode[];
  readonly type: MofTypeNode;
  readonly name: string;
  readonly isArray: boolean;
  readonly arraySize?: number;
  readonly value?: MofValueNode;
}

export interface MofParameterNode extends MofNodePosition {
  readonly qualifiers: readonly MofQualifierNode[];
  readonly type: MofTypeNode;
  readonly name: string;
  readonly isArray: boolean;
  readonly arraySize?: number;
  /** WMI's parameter default (`[in] uint16 Mode = 1`). */
  readonly value?: MofValueNode;
}

export interface MofMethodNode extends MofNodePosition {
  readonly kind: 'method';
  readonly qualifiers: readonly MofQualifierNode[];
  readonly returnType: MofTypeNode;
  readonly name: string;
  readonly parameters: readonly MofParameterNode[];
}

export interface MofClassNode extends MofNodePosition {
  readonly kind: 'class';
  readonly qualifiers: readonly MofQualifierNode[];
  readonly name: string;
  readonly superclass?: string;
  readonly alias?: string;
  /** Properties and methods in declaration order. */
  readonly features: readonly (MofPropertyNode | MofMethodNode)[];
}

export interface MofInstancePropertyNode extends MofNodePosition {
  readonly qualifiers: readonly MofQualifierNode[];
  readonly name: string;
  readonly value: MofValueNode;
}

export interface MofInstanceNode extends MofNodePosition {
  readonly kind: 'instance';
  readonly qualifiers: readonly MofQualifierNode[];
  readonly className: string;
  readonly alias?: string;
  readonly properties: readonly MofInstancePropertyNode[];
}

export interface MofQualifierDeclarationNode extends MofNodePosition {
  readonly kind: 'qualifier';
  readonly name: string;
  /** Absent for WMI's flavor-only form `Qualifier Description : ToSubclass Amended;`. */
  readonly type?: MofTypeNode;
  readonly isArray: boolean;
  readonly arraySize?: number;
  readonly value?: MofValueNode;
  /** Scope keywords, lower-cased. */
  readonly scopes: readonly string[];
  /** Flavor keywords, lower-cased. */
  readonly flavors: readonly string[];
}

/** A `#pragma`; the parser has already checked the name and the argument shape. */
export interface MofPragmaNode extends MofNodePosition {
  readonly kind: 'pragma';
  /**
   * Lower-cased: include, namespace, locale, classflags, instanceflags, autorecover,
   * deleteclass, deleteinstance, amendment.
   */
  readonly name: string;
  readonly args: readonly (string | number)[];
}

export type MofDeclaration =
  | MofClassNode
  | MofInstanceNode
  | MofQualifierDeclarationNode
  | MofPragmaNode;

/** One parsed MOF file. */
export interface MofFile {
  readonly file: string;
  readonly declarations: readonly MofDeclaration[];
}

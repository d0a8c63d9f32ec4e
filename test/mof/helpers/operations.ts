/**
 * @module Views of a compilation's operations that the MOF tests assert on: the classes it puts,
 * and every operation as one short name in source order.
 */
import type { CimClass } from '../../../src/model/cim-class.js';
import type { MofClassOperation, MofOperation } from '../../../src/mof/mof-operation.js';

export const classOps = (ops: readonly MofOperation[]): MofClassOperation[] =>
  ops.filter((op): op is MofClassOperation => op.kind === 'class');

export const classes = (ops: readonly MofOperation[]): CimClass[] =>
  ops.flatMap((op) => (op.kind === 'class' ? [op.cls] : []));

/** `Name` for a class, `q:Name` for a qualifier declaration, `i:Class` for an instance. */
export const names = (ops: readonly MofOperation[]): string[] =>
  ops.map((op) =>
    op.kind === 'class'
      ? op.cls.name
      : op.kind === 'qualifier'
        ? `q:${op.declaration.name}`
        : op.kind === 'instance'
          ? `i:${op.instance.className}`
          : `${op.kind}:${op.kind === 'deleteClass' ? op.className : op.kind === 'deleteInstance' ? op.path : op.name}`,
  );

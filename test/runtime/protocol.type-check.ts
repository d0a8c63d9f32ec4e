/**
 * @module Compile-only checks of `protocol.ts` (checked by `tsc`, never run): every kind is a
 * distinct string literal and the unions stay closed, so a `switch` over `kind` is exhaustive.
 */
import type {
  HostReply,
  HostRequest,
  OperationKind,
  OperationRequest,
} from '../../src/runtime/protocol.js';

type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

export type OperationKindsAreClosed = Assert<
  Equals<
    OperationKind,
    | 'putClass'
    | 'deleteClass'
    | 'getClass'
    | 'createClassEnum'
    | 'enumerateClassNames'
    | 'putInstance'
    | 'getInstance'
    | 'deleteInstance'
    | 'createInstanceEnum'
    | 'execQuery'
    | 'checkEventQuery'
    | 'putQualifierDeclaration'
    | 'getQualifierDeclaration'
    | 'deleteQualifierDeclaration'
    | 'createQualifierDeclarationEnum'
    | 'createNamespace'
    | 'deleteNamespace'
    | 'getNamespaces'
    | 'dropNamespace'
    | 'readMeta'
    | 'writeMeta'
    | 'registerProvider'
    | 'unregisterProvider'
  >
>;
export type ControlKinds = Assert<
  Equals<Exclude<HostRequest['kind'], OperationKind>, 'cancel' | 'shutdown' | 'crash'>
>;
export type ReplyKinds = Assert<
  Equals<HostReply['kind'], 'progress' | 'indicate' | 'ok' | 'fail' | 'closed'>
>;
/** Every operation request is addressed: id, namespace and the two delivery bits. */
export type Addressed = Assert<
  OperationRequest extends {
    id: number;
    namespace: string;
    sendStatus: boolean;
    wantsEvents: boolean;
  }
    ? true
    : false
>;
/** A reply never carries an Error object: failures are data. */
export type FailIsData = Assert<Equals<Extract<HostReply, { kind: 'fail' }>['hresult'], number>>;

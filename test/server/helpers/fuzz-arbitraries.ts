/**
 * @module Test helper: the fast-check arbitraries of the request fuzzer, which generate the
 * requests `request-mutations.ts` describes: tree edits weighted towards the parameters, byte
 * mutations, header mutations, random bytes and random CIM-XML-shaped documents.
 */
import fc from 'fast-check';
import {
  ATTRIBUTE_NAMES,
  attributeValue,
  ELEMENT_NAMES,
  RAW_SNIPPETS,
  textValue,
} from './fuzz-values.js';
import type {
  ByteMutation,
  FuzzRequest,
  HeaderMutation,
  Node,
  TreeEdit,
  TreeMutation,
} from './request-mutations.js';

const at = fc.nat({ max: 100_000 });
const elementName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ELEMENT_NAMES) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9._-]{0,12}$/) },
);

const treeMutation: fc.Arbitrary<TreeMutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop'), at }),
  fc.record({
    kind: fc.constant('duplicate'),
    at,
    times: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constant(300)),
  }),
  fc.record({ kind: fc.constant('swap'), at, with: fc.nat() }),
  fc.record({ kind: fc.constant('move'), at, into: fc.nat() }),
  fc.record({ kind: fc.constant('rename'), at, name: elementName }),
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('set-attr'),
      at,
      attr: fc.oneof(fc.nat(), fc.constantFrom(...ATTRIBUTE_NAMES)),
      value: attributeValue,
    }),
  },
  fc.record({ kind: fc.constant('drop-attr'), at, attr: fc.nat() }),
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set-text'), at, text: textValue }) },
  fc.record({
    kind: fc.constant('nest'),
    at,
    name: elementName,
    depth: fc.oneof(
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 50, max: 70 }),
      fc.constant(300),
    ),
  }),
) as fc.Arbitrary<TreeMutation>;

const treeEdit: fc.Arbitrary<TreeEdit> = fc.record({
  where: fc.oneof(
    { weight: 4, arbitrary: fc.constant('payload' as const) },
    fc.constant('anywhere' as const),
  ),
  mutation: treeMutation,
});

const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate'), at }),
  fc.record({ kind: fc.constant('flip'), at, xor: fc.integer({ min: 1, max: 255 }) }),
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('splice'),
      at,
      raw: fc.constantFrom(...RAW_SNIPPETS),
    }),
  },
  fc.record({
    kind: fc.constant('bytes'),
    at,
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
) as fc.Arbitrary<ByteMutation>;

/** Header values Node's client accepts (visible ASCII, tab, Latin-1). */
const headerText = fc.string({
  maxLength: 40,
  unit: fc
    .integer({ min: 0x20, max: 0xff })
    .filter((c) => c !== 0x7f)
    .map((c) => String.fromCharCode(c)),
});

const headerMutation: fc.Arbitrary<HeaderMutation> = fc.oneof(
  fc.record({
    name: fc.constantFrom(
      'CIMOperation',
      'CIMMethod',
      'CIMObject',
      'Content-Type',
      'CIMProtocolVersion',
      'X-WBEMRX-UpdateMode',
      'Authorization',
      '73-CIMMethod',
    ),
    value: fc.constant(undefined),
  }),
  fc.record({
    name: fc.constant('CIMOperation'),
    value: fc.constantFrom(
      'MethodCall',
      'methodcall',
      ' MethodCall ',
      'ExportMethodCall',
      'MethodResponse',
      '',
    ),
  }),
  fc.record({
    name: fc.constant('CIMMethod'),
    value: fc.constantFrom('GetClass', 'getclass', 'CreateInstance', 'NoSuch', '', 'Reset'),
  }),
  fc.record({
    name: fc.constant('CIMObject'),
    value: fc.constantFrom(
      'root/cimv2',
      'root%2Fcimv2',
      'root%2fCIMV2',
      'root%2',
      '%E0%A4%A',
      'root\\cimv2',
      '/root/cimv2/',
      'ROOT/CIMV2',
      '',
      'nosuch',
      'root/interop',
      'root',
      'root/cimv2:Fuzz_AllTypes.Id="a1"',
    ),
  }),
  fc.record({
    name: fc.constant('Content-Type'),
    value: fc.constantFrom(
      'text/xml',
      'application/xml',
      'APPLICATION/XML; CHARSET=UTF-8',
      'application/xml; charset=utf-16',
      'application/xml; charset="latin1"',
      'text/plain',
      'application/xmlfoo',
      'application/json',
      '',
    ),
  }),
  fc.record({
    name: fc.constant('X-WBEMRX-UpdateMode'),
    value: fc.constantFrom('compatible', 'safe', 'force', 'FORCE', 'bogus', ''),
  }),
  fc.record({
    name: fc.constantFrom('Authorization'),
    value: fc.constantFrom(
      'Basic',
      'Basic !!!',
      `Basic ${Buffer.from('admin:wrong').toString('base64')}`,
      `Basic ${Buffer.from('reader:reader-pw').toString('base64')}`,
      'Bearer x',
    ),
  }),
  fc.record({
    name: fc.constantFrom(
      'CIMOperation',
      'CIMMethod',
      'CIMObject',
      'CIMProtocolVersion',
      '73-CIMOperation',
    ),
    value: headerText,
  }),
);

/** A random element tree of CIM-XML names, attributes and values: well-formed, rarely valid. */
export const randomTree: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.record<Node>({
    name: elementName,
    attrs: fc.uniqueArray(
      fc.tuple<[string, string]>(fc.constantFrom(...ATTRIBUTE_NAMES), attributeValue),
      {
        maxLength: 3,
        selector: ([k]) => k,
      },
    ),
    text: fc.oneof(fc.constant(''), textValue),
    children: fc.oneof(
      { maxDepth: 5 },
      fc.constant<Node[]>([]).map(() => []),
      fc.array(tie('node'), { maxLength: 4 }),
    ),
  }),
})).node;

/** Intrinsic method names, right in another case, wrong, or shaped like object keys. */
const methodName = fc.constantFrom(
  'GetClass',
  'getclass',
  'ENUMERATEINSTANCES',
  'InvokeMethod',
  'ExportIndication',
  'NoSuch',
  '',
  'Get Class',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'Ünïcödé',
  'a\tb',
);

/** Every kind of request the campaign sends, weighted towards mutated templates. */
export function fuzzRequest(templateCount: number): fc.Arbitrary<FuzzRequest> {
  const template = fc.nat({ max: templateCount - 1 });
  return fc.oneof(
    {
      weight: 14,
      arbitrary: fc.record({
        kind: fc.constant('mutated' as const),
        template,
        tree: fc.array(treeEdit, { maxLength: 4 }),
        bytes: fc.oneof(
          { weight: 5, arbitrary: fc.constant([]) },
          fc.array(byteMutation, { minLength: 1, maxLength: 3 }),
        ),
        headers: fc.oneof(
          { weight: 6, arbitrary: fc.constant([]) },
          fc.array(headerMutation, { minLength: 1, maxLength: 2 }),
        ),
        messageId: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, attributeValue),
        methodName: fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, methodName),
        // GET, PUT and the like are 405; M-POST and PATCH are not methods Node's parser knows.
        method: fc.oneof(
          { weight: 30, arbitrary: fc.constant('POST') },
          fc.constantFrom('GET', 'PUT', 'DELETE', 'OPTIONS', 'M-POST', 'PATCH'),
        ),
        path: fc.oneof(
          { weight: 20, arbitrary: fc.constant('/cimom') },
          fc.constantFrom('/cimom?x=1', '/', '/CIMOM', '/cimom/'),
        ),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('random-bytes' as const),
        template,
        body: fc.uint8Array({ maxLength: 2000 }),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('random-tree' as const),
        template,
        root: randomTree,
        wrapped: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, fc.constant(false)),
      }),
    },
  );
}

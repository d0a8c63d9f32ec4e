import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_INVALID_SYNTAX,
  WBEM_E_NOT_SUPPORTED,
  WbemError,
} from '../../src/index.js';
import {
  boolParam,
  type CimCall,
  checkParams,
  classNameParam,
  paramContent,
  propertyListParam,
  readCimCall,
  requiredClassName,
  requiredInstanceName,
  requiredParam,
  stringParam,
  uint32Param,
} from '../../src/server/cim-call.js';
import { CimHttpError } from '../../src/server/cim-http-error.js';
import { parseXml } from '../../src/server/xml-tree.js';

const LIMITS = { maxDepth: 64, maxElements: 10_000 };
const NS =
  '<LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="cimv2"/></LOCALNAMESPACEPATH>';

/** A request document around `call`, with the envelope's attributes replaceable. */
function doc(
  call: string,
  { cim = 'CIMVERSION="2.0" DTDVERSION="2.0"', message = 'ID="42" PROTOCOLVERSION="1.0"' } = {},
): string {
  return `<CIM ${cim}><MESSAGE ${message}><SIMPLEREQ>${call}</SIMPLEREQ></MESSAGE></CIM>`;
}

const read = (xml: string): CimCall => readCimCall(parseXml(xml, LIMITS));

const call = (params = '', name = 'GetClass'): CimCall =>
  read(doc(`<IMETHODCALL NAME="${name}">${NS}${params}</IMETHODCALL>`));

const param = (name: string, inner: string): string =>
  `<IPARAMVALUE NAME="${name}">${inner}</IPARAMVALUE>`;

function refusedWith(
  xml: string,
  status: number,
  cimError: string,
  hresult: number,
  message: string,
): void {
  assert.throws(
    () => read(xml),
    (e: unknown) => {
      assert.ok(e instanceof CimHttpError);
      assert.equal(e.httpStatus, status);
      assert.equal(e.cimError, cimError);
      assert.equal(e.hresult, hresult);
      assert.equal(e.detail, message);
      return true;
    },
  );
}

const notValid = (xml: string, message: string): void =>
  refusedWith(xml, 400, 'request-not-valid', WBEM_E_INVALID_SYNTAX, message);

function invalidParam(f: () => unknown, message: string): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof WbemError);
    assert.ok(!(e instanceof CimHttpError));
    assert.equal(e.hresult, WBEM_E_INVALID_PARAMETER);
    assert.equal(e.detail, message);
    return true;
  });
}

describe('CIM-XML envelope (readCimCall)', () => {
  it('reads message ID, method, namespace and parameters by lower-cased name', () => {
    const c = call(
      param('ClassName', '<CLASSNAME NAME="A"/>') + param('LocalOnly', '<VALUE>FALSE</VALUE>'),
    );
    assert.equal(c.messageId, '42');
    assert.equal(c.method, 'GetClass');
    assert.equal(c.namespace, 'root/cimv2');
    assert.equal(c.extrinsic, false);
    assert.deepEqual([...c.params.keys()], ['classname', 'localonly']);
  });

  it('ignores children of IMETHODCALL that are not IPARAMVALUEs', () => {
    const c = call('<PARAMVALUE NAME="x"/>');
    assert.equal(c.params.size, 0);
  });

  for (const [cim, ok] of [
    ['CIMVERSION="2.0" DTDVERSION="2.0"', true],
    ['CIMVERSION="2" DTDVERSION="2.4"', true],
    ['CIMVERSION="2.6.0" DTDVERSION="2"', true],
  ] as const) {
    it(`takes ${cim}`, () => {
      assert.equal(
        ok,
        read(doc(`<IMETHODCALL NAME="X">${NS}</IMETHODCALL>`, { cim })).method === 'X',
      );
    });
  }

  for (const [cim, header, text] of [
    ['CIMVERSION="3.0" DTDVERSION="2.0"', 'unsupported-cim-version', 'CIMVERSION 3.0'],
    ['CIMVERSION="20" DTDVERSION="2.0"', 'unsupported-cim-version', 'CIMVERSION 20'],
    ['DTDVERSION="2.0"', 'unsupported-cim-version', 'CIMVERSION missing'],
    ['CIMVERSION="2.0" DTDVERSION="1.1"', 'unsupported-dtd-version', 'DTDVERSION 1.1'],
    ['CIMVERSION="2.0" DTDVERSION="2x"', 'unsupported-dtd-version', 'DTDVERSION 2x'],
    ['CIMVERSION="2.0"', 'unsupported-dtd-version', 'DTDVERSION missing'],
  ] as const) {
    it(`answers 501 ${header} for <CIM ${cim}>`, () => {
      refusedWith(
        doc(`<IMETHODCALL NAME="X">${NS}</IMETHODCALL>`, { cim }),
        501,
        header,
        WBEM_E_NOT_SUPPORTED,
        text,
      );
    });
  }

  for (const [message, text] of [
    ['ID="1" PROTOCOLVERSION="2.0"', 'PROTOCOLVERSION 2.0'],
    ['ID="1" PROTOCOLVERSION="1x"', 'PROTOCOLVERSION 1x'],
    ['ID="1"', 'PROTOCOLVERSION missing'],
  ] as const) {
    it(`answers 501 unsupported-protocol-version for <MESSAGE ${message}>`, () => {
      refusedWith(
        doc(`<IMETHODCALL NAME="X">${NS}</IMETHODCALL>`, { message }),
        501,
        'unsupported-protocol-version',
        WBEM_E_NOT_SUPPORTED,
        text,
      );
    });
  }

  it('takes PROTOCOLVERSION 1.4', () => {
    const c = read(
      doc(`<IMETHODCALL NAME="X">${NS}</IMETHODCALL>`, { message: 'ID="7" PROTOCOLVERSION="1.4"' }),
    );
    assert.equal(c.messageId, '7');
  });

  it('answers 501 multiple-requests-unsupported for a MULTIREQ', () => {
    refusedWith(
      '<CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID="1" PROTOCOLVERSION="1.0"><MULTIREQ/></MESSAGE></CIM>',
      501,
      'multiple-requests-unsupported',
      WBEM_E_NOT_SUPPORTED,
      'MULTIREQ is not supported',
    );
  });

  it('answers 400 request-not-valid for a root other than CIM', () => {
    notValid('<MESSAGE/>', 'the root element is <MESSAGE>, not <CIM>');
  });

  it('answers 400 request-not-valid for a CIM without MESSAGE', () => {
    notValid('<CIM CIMVERSION="2.0" DTDVERSION="2.0"><X/></CIM>', '<CIM> holds no <MESSAGE>');
  });

  it('answers 400 request-not-valid for a MESSAGE without ID', () => {
    notValid(
      doc(`<IMETHODCALL NAME="X">${NS}</IMETHODCALL>`, { message: 'PROTOCOLVERSION="1.0"' }),
      '<MESSAGE> has no ID',
    );
  });

  it('answers 400 request-not-valid for a MESSAGE without SIMPLEREQ', () => {
    notValid(
      '<CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID="1" PROTOCOLVERSION="1.0"><SIMPLERSP/></MESSAGE></CIM>',
      '<MESSAGE> holds no <SIMPLEREQ>',
    );
  });

  it('answers 400 request-not-valid for a SIMPLEREQ without a call', () => {
    notValid(doc('<EXPMETHODCALL NAME="X"/>'), '<SIMPLEREQ> holds no <IMETHODCALL>');
  });

  it('answers 400 request-not-valid for a call without NAME', () => {
    notValid(doc(`<IMETHODCALL>${NS}</IMETHODCALL>`), '<IMETHODCALL> has no NAME');
    notValid(doc(`<METHODCALL>${NS}</METHODCALL>`), '<METHODCALL> has no NAME');
  });

  it('answers 400 request-not-valid for a call without LOCALNAMESPACEPATH', () => {
    notValid(
      doc('<IMETHODCALL NAME="X"><NAMESPACE NAME="root"/></IMETHODCALL>'),
      '<IMETHODCALL> has no <LOCALNAMESPACEPATH>',
    );
    notValid(doc('<METHODCALL NAME="X"/>'), '<METHODCALL> has no <LOCALNAMESPACEPATH>');
  });

  it("answers 400 request-not-valid with the namespace fault's detail alone", () => {
    notValid(
      doc('<IMETHODCALL NAME="X"><LOCALNAMESPACEPATH/></IMETHODCALL>'),
      '<LOCALNAMESPACEPATH> names no namespace',
    );
    notValid(
      doc(
        '<IMETHODCALL NAME="X"><LOCALNAMESPACEPATH><NAMESPACE/></LOCALNAMESPACEPATH></IMETHODCALL>',
      ),
      '<NAMESPACE> has no NAME attribute',
    );
  });

  it('answers 400 request-not-valid for an IPARAMVALUE without NAME', () => {
    notValid(
      doc(`<IMETHODCALL NAME="X">${NS}<IPARAMVALUE/></IMETHODCALL>`),
      '<IPARAMVALUE> has no NAME',
    );
  });

  it('answers 400 request-not-valid for a parameter given twice, in any case', () => {
    notValid(
      doc(`<IMETHODCALL NAME="X">${NS}${param('A', '')}${param('a', '')}</IMETHODCALL>`),
      'parameter a given twice',
    );
  });

  it('prefers IMETHODCALL to METHODCALL', () => {
    const c = read(
      doc(`<METHODCALL NAME="M">${NS}</METHODCALL><IMETHODCALL NAME="I">${NS}</IMETHODCALL>`),
    );
    assert.equal(c.method, 'I');
    assert.equal(c.extrinsic, false);
  });

  it('reads the namespace of an extrinsic call from its instance path, class path or itself', () => {
    const ns = (n: string): string =>
      `<LOCALNAMESPACEPATH><NAMESPACE NAME="${n}"/></LOCALNAMESPACEPATH>`;
    const inst = read(
      doc(
        `<METHODCALL NAME="M"><LOCALINSTANCEPATH>${ns('a')}<INSTANCENAME CLASSNAME="X"/></LOCALINSTANCEPATH></METHODCALL>`,
      ),
    );
    assert.deepEqual([inst.namespace, inst.extrinsic, inst.method], ['a', true, 'M']);
    const cls = read(
      doc(
        `<METHODCALL NAME="M"><LOCALCLASSPATH>${ns('b')}<CLASSNAME NAME="X"/></LOCALCLASSPATH></METHODCALL>`,
      ),
    );
    assert.equal(cls.namespace, 'b');
    const bare = read(doc(`<METHODCALL NAME="M">${ns('c')}</METHODCALL>`));
    assert.equal(bare.namespace, 'c');
  });
});

describe('CIM-XML parameters', () => {
  it('gives the one child of a parameter, undefined for an absent or empty one', () => {
    const c = call(param('A', '<VALUE>x</VALUE>') + param('B', ''));
    assert.equal(paramContent(c, 'a')?.text, 'x');
    assert.equal(paramContent(c, 'B'), undefined);
    assert.equal(paramContent(c, 'C'), undefined);
  });

  it('refuses a parameter holding two elements', () => {
    const c = call(param('A', '<VALUE>x</VALUE><VALUE>y</VALUE>'));
    invalidParam(() => paramContent(c, 'A'), 'parameter A holds more than one element');
  });

  it('reads booleans in any case, with spaces, and the fallback when absent or NULL', () => {
    const c = call(
      param('T', '<VALUE> True </VALUE>') + param('F', '<VALUE>FALSE</VALUE>') + param('N', ''),
    );
    assert.equal(boolParam(c, 'T', false), true);
    assert.equal(boolParam(c, 'F', true), false);
    assert.equal(boolParam(c, 'N', true), true);
    assert.equal(boolParam(c, 'N', false), false);
    assert.equal(boolParam(c, 'Absent', true), true);
  });

  for (const inner of [
    '<VALUE>yes</VALUE>',
    '<VALUE></VALUE>',
    '<VALUE.ARRAY><VALUE>TRUE</VALUE></VALUE.ARRAY>',
    '<KEYVALUE>TRUE</KEYVALUE>',
  ]) {
    it(`refuses ${inner} as a boolean`, () => {
      const c = call(param('B', inner));
      invalidParam(
        () => boolParam(c, 'B', false),
        'parameter B must be <VALUE>TRUE</VALUE> or <VALUE>FALSE</VALUE>',
      );
    });
  }

  it('reads a string parameter as sent, undefined when absent, and refuses other elements', () => {
    const c = call(param('S', '<VALUE> a b </VALUE>') + param('X', '<CLASSNAME NAME="A"/>'));
    assert.equal(stringParam(c, 'S'), ' a b ');
    assert.equal(stringParam(c, 'none'), undefined);
    invalidParam(() => stringParam(c, 'X'), 'parameter X must be a <VALUE>');
  });

  it('reads uint32 parameters up to 4294967295, with spaces, and the fallback when absent', () => {
    const c = call(
      param('Max', '<VALUE>4294967295</VALUE>') +
        param('Zero', '<VALUE> 0 </VALUE>') +
        param('Null', ''),
    );
    assert.equal(uint32Param(c, 'Max', 1), 4294967295);
    assert.equal(uint32Param(c, 'Zero', 1), 0);
    assert.equal(uint32Param(c, 'Null', 5), 5);
    assert.equal(uint32Param(c, 'Absent', null), null);
  });

  for (const text of [
    '4294967296',
    '-1',
    '1.5',
    '',
    '1e3',
    '0x10',
    '12 3',
    '99999999999999999999',
  ]) {
    it(`refuses '${text}' as a uint32`, () => {
      const c = call(param('N', `<VALUE>${text}</VALUE>`));
      invalidParam(() => uint32Param(c, 'N', 0), 'parameter N must be a uint32');
    });
  }

  it('reads a CLASSNAME parameter, undefined when absent, and refuses other elements', () => {
    const c = call(param('C', '<CLASSNAME NAME="CIM_X"/>') + param('V', '<VALUE>x</VALUE>'));
    assert.equal(classNameParam(c, 'c'), 'CIM_X');
    assert.equal(classNameParam(c, 'none'), undefined);
    invalidParam(() => classNameParam(c, 'V'), 'parameter V must be a <CLASSNAME>');
  });

  it('requires a parameter of the element named', () => {
    const c = call(param('C', '<CLASSNAME NAME="CIM_X"/>'));
    assert.equal(requiredParam(c, 'C', 'CLASSNAME').attrs['NAME'], 'CIM_X');
    assert.equal(requiredClassName(c, 'C'), 'CIM_X');
    invalidParam(() => requiredParam(c, 'D', 'CLASSNAME'), 'parameter D is required');
    invalidParam(
      () => requiredParam(c, 'C', 'INSTANCENAME'),
      'parameter C must be a <INSTANCENAME>, not <CLASSNAME>',
    );
  });

  it('reads a required INSTANCENAME as a path', () => {
    const c = call(
      param(
        'InstanceName',
        '<INSTANCENAME CLASSNAME="A"><KEYBINDING NAME="k"><KEYVALUE VALUETYPE="string">v</KEYVALUE></KEYBINDING></INSTANCENAME>',
      ),
    );
    assert.equal(requiredInstanceName(c, 'InstanceName'), 'A.k="v"');
  });

  it('reads a PropertyList as trimmed lower-cased names; null when absent or NULL', () => {
    const c = call(
      param('PropertyList', '<VALUE.ARRAY><VALUE> Name </VALUE><VALUE>SIZE</VALUE></VALUE.ARRAY>'),
    );
    assert.deepEqual([...(propertyListParam(c) ?? [])], ['name', 'size']);
    assert.equal(propertyListParam(call()), null);
    assert.equal(propertyListParam(call(param('PropertyList', ''))), null);
    assert.deepEqual(
      [...(propertyListParam(call(param('PropertyList', '<VALUE.ARRAY/>'))) ?? ['x'])],
      [],
    );
    invalidParam(
      () => propertyListParam(call(param('PropertyList', '<VALUE>a</VALUE>'))),
      'parameter PropertyList must be a <VALUE.ARRAY>',
    );
  });

  it('refuses a parameter the operation does not define, naming it as sent', () => {
    const known = ['ClassName', 'LocalOnly'];
    checkParams(call(param('classname', '') + param('LOCALONLY', '')), known);
    checkParams(call(), known);
    invalidParam(
      () => checkParams(call(param('ClassName', '') + param('Deep', '')), known),
      'GetClass has no parameter Deep',
    );
    // The same list again (the set built for it is kept).
    invalidParam(
      () => checkParams(call(param('Other', '')), known),
      'GetClass has no parameter Other',
    );
    checkParams(call(param('localOnly', '')), known);
  });
});

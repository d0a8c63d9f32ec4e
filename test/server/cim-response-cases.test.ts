/**
 * `cim-response.ts` called directly: the exact envelope of a reply, a void reply, out parameters,
 * and an error reply of an intrinsic and of an extrinsic call, with the attributes escaped.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorXml, RESPONSE_HEADERS, replyXml } from '../../src/server/cim-response.js';
import { XmlChunks } from '../../src/server/xml-chunks.js';
import { parseXml } from '../../src/server/xml-tree.js';

const HEAD =
  '<?xml version="1.0" encoding="utf-8" ?>\n<CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID="7" PROTOCOLVERSION="1.0"><SIMPLERSP>';
const TAIL = '</SIMPLERSP></MESSAGE></CIM>\n';

describe('CIM-XML responses', () => {
  it('sends the DSP0200 response headers', () => {
    assert.deepEqual(RESPONSE_HEADERS, [
      'Content-Type',
      'application/xml; charset="utf-8"',
      'CIMOperation',
      'MethodResponse',
      'Cache-Control',
      'no-cache',
    ]);
  });

  it('wraps a return value in IRETURNVALUE inside the envelope', () => {
    assert.equal(
      replyXml('7', 'GetClass', { returnValue: '<CLASS NAME="A"></CLASS>' }),
      `${HEAD}<IMETHODRESPONSE NAME="GetClass"><IRETURNVALUE><CLASS NAME="A"></CLASS></IRETURNVALUE></IMETHODRESPONSE>${TAIL}`,
    );
  });

  it('writes an empty IRETURNVALUE for an empty result, and none at all for a void reply', () => {
    assert.equal(
      replyXml('7', 'EnumerateClasses', { returnValue: '' }),
      `${HEAD}<IMETHODRESPONSE NAME="EnumerateClasses"><IRETURNVALUE></IRETURNVALUE></IMETHODRESPONSE>${TAIL}`,
    );
    assert.equal(
      replyXml('7', 'DeleteClass', { returnValue: null }),
      `${HEAD}<IMETHODRESPONSE NAME="DeleteClass"></IMETHODRESPONSE>${TAIL}`,
    );
  });

  it('writes a return value given as chunks as the same bytes as the text, and an empty one as IRETURNVALUE', () => {
    const parts = [
      '<CLASS NAME="A">',
      'é€😀'.repeat(30_000),
      '</CLASS>',
      '<CLASS NAME="B"></CLASS>',
    ];
    const chunks = new XmlChunks();
    for (const part of parts) chunks.add(part);
    const body = replyXml('7', 'EnumerateClasses', { returnValue: chunks, outParams: '<X/>' });
    assert.ok(Array.isArray(body) && body.length > 3, 'the head, several chunks, the tail');
    assert.deepEqual(
      Buffer.concat(body as readonly Buffer[]),
      Buffer.from(
        replyXml('7', 'EnumerateClasses', {
          returnValue: parts.join(''),
          outParams: '<X/>',
        }) as string,
      ),
    );
    const empty = replyXml('7', 'EnumerateClasses', { returnValue: new XmlChunks() });
    assert.equal(
      Buffer.concat(empty as readonly Buffer[]).toString('utf8'),
      `${HEAD}<IMETHODRESPONSE NAME="EnumerateClasses"><IRETURNVALUE></IRETURNVALUE></IMETHODRESPONSE>${TAIL}`,
    );
  });

  it('writes out parameters after the return value', () => {
    assert.equal(
      replyXml('7', 'PullInstances', { returnValue: '', outParams: '<PARAMVALUE NAME="X"/>' }),
      `${HEAD}<IMETHODRESPONSE NAME="PullInstances"><IRETURNVALUE></IRETURNVALUE><PARAMVALUE NAME="X"/></IMETHODRESPONSE>${TAIL}`,
    );
  });

  it('writes an error as ERROR with its code and description, in IMETHODRESPONSE by default', () => {
    assert.equal(
      errorXml('7', 'GetClass', { code: 6, description: 'CIM_ERR_NOT_FOUND: x' }),
      `${HEAD}<IMETHODRESPONSE NAME="GetClass"><ERROR CODE="6" DESCRIPTION="CIM_ERR_NOT_FOUND: x"/></IMETHODRESPONSE>${TAIL}`,
    );
    assert.equal(
      errorXml('7', 'GetClass', { code: 6, description: 'd' }, false),
      `${HEAD}<IMETHODRESPONSE NAME="GetClass"><ERROR CODE="6" DESCRIPTION="d"/></IMETHODRESPONSE>${TAIL}`,
    );
  });

  it('writes the error of an extrinsic call in METHODRESPONSE', () => {
    assert.equal(
      errorXml('7', 'Reboot', { code: 7, description: 'not served' }, true),
      `${HEAD}<METHODRESPONSE NAME="Reboot"><ERROR CODE="7" DESCRIPTION="not served"/></METHODRESPONSE>${TAIL}`,
    );
  });

  it('escapes the message ID, method name and description so the client reads them back as sent', () => {
    const id = 'a"b\n<c>';
    const description = 'bad & "worse"\t<x>';
    const root = parseXml(errorXml(id, 'M&"', { code: 1, description }), {
      maxDepth: 16,
      maxElements: 100,
    });
    const message = root.children[0];
    assert.equal(message?.attrs['ID'], id);
    const response = message?.children[0]?.children[0];
    assert.equal(response?.attrs['NAME'], 'M&"');
    assert.equal(response?.children[0]?.attrs['DESCRIPTION'], description);
    const ok = parseXml(replyXml(id, 'M<', { returnValue: null }) as string, {
      maxDepth: 16,
      maxElements: 100,
    });
    assert.equal(ok.children[0]?.attrs['ID'], id);
    assert.equal(ok.children[0]?.children[0]?.children[0]?.attrs['NAME'], 'M<');
  });
});

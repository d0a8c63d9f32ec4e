/**
 * DMTF's embedded objects in string properties (`src/server/dmtf-embedded.ts`), function by
 * function: which members DSP0004's qualifiers embed, which values may go out marked
 * `EmbeddedObject` (DSP0201), which decoded instances hold objects, and how `embeddedAsText`
 * puts the sent CIM-XML text in their place.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CIM_STRING,
  CIM_UINT32,
  type CimClass,
  type CimInstance,
  type CimValue,
  WBEM_E_INVALID_PARAMETER,
  WbemError,
} from '../../src/index.js';
import {
  dmtfEmbeddedKind,
  embeddedAsText,
  holdsEmbeddedObjects,
  isEmbeddedText,
  rememberEmbeddedText,
} from '../../src/server/dmtf-embedded.js';

const HOST = '<INSTANCE CLASSNAME="Emb_Host"><PROPERTY NAME="Name" TYPE="string"/></INSTANCE>';

function member(type: number, qualifiers: Record<string, unknown>) {
  return {
    type,
    qualifiers: new Map(
      Object.entries(qualifiers).map(([k, value]) => [k.toLowerCase(), { name: k, value }]),
    ),
  } as unknown as Parameters<typeof dmtfEmbeddedKind>[0];
}

function instance(className: string, values: Record<string, unknown>): CimInstance {
  return {
    className,
    properties: new Map(
      Object.entries(values).map(([name, value]) => [name.toLowerCase(), { name, value }]),
    ),
  } as unknown as CimInstance;
}

/** Emb_Holder: Host embeds an instance, Hosts an array of them, Plain embeds nothing. */
const HOLDER = {
  name: 'Emb_Holder',
  properties: new Map([
    ['host', member(CIM_STRING, { EmbeddedInstance: 'Emb_Host' })],
    ['hosts', member(CIM_STRING, { EmbeddedInstance: 'Emb_Host' })],
    ['plain', member(CIM_STRING, {})],
  ]),
} as unknown as CimClass;

const propertyValue = (inst: CimInstance, key: string): unknown => inst.properties.get(key)?.value;

describe('dmtfEmbeddedKind', () => {
  it('embeds an instance for a string with EmbeddedInstance naming a class', () => {
    assert.equal(dmtfEmbeddedKind(member(CIM_STRING, { EmbeddedInstance: 'X' })), 'instance');
    assert.equal(dmtfEmbeddedKind(member(CIM_STRING, { EmbeddedObject: true })), 'object');
  });

  it('embeds nothing in a property that is not a string, whatever its qualifiers', () => {
    assert.equal(dmtfEmbeddedKind(member(CIM_UINT32, { EmbeddedInstance: 'X' })), undefined);
    assert.equal(dmtfEmbeddedKind(member(CIM_UINT32, { EmbeddedObject: true })), undefined);
  });

  it('takes an EmbeddedInstance that names no class as no embedded instance', () => {
    assert.equal(dmtfEmbeddedKind(member(CIM_STRING, { EmbeddedInstance: '' })), undefined);
    assert.equal(
      dmtfEmbeddedKind(member(CIM_STRING, { EmbeddedInstance: '', EmbeddedObject: true })),
      'object',
    );
  });
});

describe('isEmbeddedText', () => {
  it('takes NULL, and CIM-XML of an instance or class, leading white space allowed', () => {
    assert.equal(isEmbeddedText(null), true);
    assert.equal(isEmbeddedText(HOST), true);
    assert.equal(isEmbeddedText(' \n\t<CLASS NAME="C"/>'), true);
    assert.equal(isEmbeddedText('<CLASS>'), true);
  });

  it('refuses text that only holds CIM-XML after other text', () => {
    assert.equal(isEmbeddedText(`note: ${HOST}`), false);
    assert.equal(isEmbeddedText(`x${HOST}`), false);
    assert.equal(isEmbeddedText('<INSTANCENAME CLASSNAME="C"/>'), false);
  });

  it('takes an array only when every item is CIM-XML of an object', () => {
    assert.equal(isEmbeddedText([HOST, '<CLASS NAME="C"/>']), true);
    assert.equal(isEmbeddedText([HOST, 'not an object']), false);
    assert.equal(isEmbeddedText(['not an object', HOST]), false);
  });

  it('takes no item that is not text, even one whose text form looks like CIM-XML', () => {
    assert.equal(isEmbeddedText([[HOST]] as unknown as CimValue), false);
    assert.equal(isEmbeddedText([HOST, null] as unknown as CimValue), false);
  });
});

describe('holdsEmbeddedObjects', () => {
  it('finds an object held directly or in an array', () => {
    assert.equal(holdsEmbeddedObjects(instance('C', { A: 'x', B: { className: 'D' } })), true);
    assert.equal(holdsEmbeddedObjects(instance('C', { A: ['x', { className: 'D' }] })), true);
  });

  it('finds none among strings, numbers, NULLs and arrays of them', () => {
    assert.equal(
      holdsEmbeddedObjects(
        instance('C', { A: 'x', B: 7, C: null, D: ['x', 'y'], E: [null], F: true }),
      ),
      false,
    );
    assert.equal(holdsEmbeddedObjects(instance('C', {})), false);
  });
});

describe('embeddedAsText', () => {
  it('puts the CIM-XML text each object came in in its place, in scalars and arrays', () => {
    const one = rememberEmbeddedText({ className: 'Emb_Host' }, HOST);
    const two = rememberEmbeddedText({ className: 'Emb_Host' }, `${HOST} `);
    const inst = instance('Emb_Holder', { Id: 'x', Host: one, Hosts: [HOST, two] });
    const out = embeddedAsText(inst, HOLDER);
    assert.equal(propertyValue(out, 'host'), HOST);
    assert.deepEqual(propertyValue(out, 'hosts'), [HOST, `${HOST} `]);
    assert.equal(propertyValue(out, 'id'), 'x');
    assert.equal(out.properties.get('host')?.name, 'Host');
    assert.equal(propertyValue(inst, 'host'), one, 'the instance given is not changed');
  });

  it('returns the instance itself when no embedding property holds an object', () => {
    const inst = instance('Emb_Holder', { Id: 'x', Host: HOST, Hosts: [HOST, 'y'], Plain: 'p' });
    assert.equal(embeddedAsText(inst, HOLDER), inst);
    const empty = instance('Emb_Holder', { Host: null, Hosts: [] });
    assert.equal(embeddedAsText(empty, HOLDER), empty);
  });

  it('leaves objects in properties that embed none, or that the class does not declare, to the engine', () => {
    const obj = rememberEmbeddedText({ className: 'Emb_Host' }, HOST);
    const inst = instance('Emb_Holder', { Plain: obj, Unknown: obj, Others: [obj] });
    assert.equal(embeddedAsText(inst, HOLDER), inst);
  });

  it('refuses an object the request decoding did not make, naming the property', () => {
    const made = { className: 'Emb_Host' };
    const cases: [Record<string, unknown>, string][] = [
      [{ Host: made }, 'Emb_Holder.Host'],
      [{ Hosts: [HOST, made] }, 'Emb_Holder.Hosts'],
    ];
    for (const [values, where] of cases) {
      assert.throws(
        () => embeddedAsText(instance('Emb_Holder', values), HOLDER),
        (e: unknown) => {
          assert.ok(e instanceof WbemError);
          assert.equal(e.hresult, WBEM_E_INVALID_PARAMETER);
          assert.equal(
            e.message,
            `WBEM_E_INVALID_PARAMETER: ${where}: an embedded object that did not come from the request`,
          );
          return true;
        },
      );
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import { namespaceKey, normaliseNamespace } from '../../src/model/namespace-path.js';
import { MailboxBound } from '../../src/runtime/mailbox-bound.js';
import { placeNamespace } from '../../src/runtime/placement.js';
import {
  type HostRequest,
  isReplyBatch,
  isRequestBatch,
  type WireEncoding,
} from '../../src/runtime/protocol.js';
import { createWireCodec } from '../../src/runtime/wire-codec.js';
import { WBEM_E_INVALID_NAMESPACE } from '../../src/wbem/status.js';

const cls = cimClass({
  name: 'Wire_Test',
  qualifiers: [qualifier('Description', 'crosses threads'), qualifier('Version', 2)],
  properties: [
    cimProperty('Id', 'string', { qualifiers: [qualifier('Key', true)] }),
    cimProperty('Data', 'uint8[]', { value: [1, 2, 3] }),
  ],
});
const batch = {
  kind: 'batch',
  messages: [
    {
      kind: 'putClass',
      id: 7,
      namespace: 'root/cimv2',
      sendStatus: true,
      wantsEvents: false,
      cls,
      intent: {
        mode: 'create-only',
        update: 'compatible',
        useAmendedQualifiers: false,
        ownerUpdate: false,
      },
    } satisfies HostRequest,
    { kind: 'cancel', ids: [1, 2] } satisfies HostRequest,
  ],
};

describe('wire codec', () => {
  for (const encoding of ['msgpack', 'clone', 'json', 'copy'] as WireEncoding[]) {
    it(`round-trips a batch with Map-keyed classes unchanged when encoding is ${encoding}`, () => {
      const codec = createWireCodec(encoding);
      const { data } = codec.encode(batch);
      const back = structuredClone(data);
      const decoded = codec.decode(back);
      assert.deepEqual(decoded, batch);
      assert.ok(isRequestBatch(decoded));
    });
  }

  it('decodes foreign data to something the guard refuses', () => {
    for (const encoding of ['msgpack', 'json'] as WireEncoding[]) {
      assert.equal(isRequestBatch(createWireCodec(encoding).decode(42)), false);
    }
  });
});

describe('protocol guards', () => {
  const refused: readonly [string, unknown][] = [
    ['null', null],
    ['a non-batch kind', { kind: 'putClass', messages: [] }],
    ['messages that are not an array', { kind: 'batch', messages: {} }],
    ['a message with an unknown kind', { kind: 'batch', messages: [{ kind: 'explode' }] }],
    ['a message that is not an object', { kind: 'batch', messages: [3] }],
  ];
  for (const [what, value] of refused) {
    it(`refuses ${what}`, () => {
      assert.equal(isRequestBatch(value), false);
      assert.equal(isReplyBatch(value), false);
    });
  }
  it('accepts replies only as replies', () => {
    const replies = { kind: 'batch', messages: [{ kind: 'fail', id: 1, hresult: 1, message: '' }] };
    assert.equal(isReplyBatch(replies), true);
    assert.equal(isRequestBatch(replies), false);
  });
});

describe('placement and namespace paths', () => {
  it('places a namespace on the same host every time, whatever its spelling', () => {
    const key = namespaceKey(normaliseNamespace('ROOT\\CimV2'));
    assert.equal(key, 'root/cimv2');
    for (let hosts = 1; hosts <= 8; hosts++) {
      const host = placeNamespace(key, hosts);
      assert.ok(host >= 0 && host < hosts);
      assert.equal(placeNamespace(namespaceKey(normaliseNamespace('root/cimv2')), hosts), host);
    }
  });

  it('spreads many namespaces over the hosts', () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 400; i++) {
      const host = placeNamespace(`root/ns${i}`, 4);
      counts[host] = (counts[host] ?? 0) + 1;
    }
    assert.ok(
      counts.every((c) => c > 60),
      JSON.stringify(counts),
    );
  });

  for (const bad of [42, '', 'root//x', 'root/a b', 'root/a-b']) {
    it(`fails with WBEM_E_INVALID_NAMESPACE for ${JSON.stringify(bad)}`, () => {
      assert.throws(() => normaliseNamespace(bad), { hresult: WBEM_E_INVALID_NAMESPACE });
    });
  }
});

describe('MailboxBound', () => {
  it('accepts up to its bound and frees a slot per release', () => {
    const box = new MailboxBound(2);
    assert.equal(box.tryAccept(), true);
    assert.equal(box.tryAccept(), true);
    assert.equal(box.tryAccept(), false);
    box.release();
    assert.equal(box.tryAccept(), true);
    assert.equal(box.size, 2);
  });
});

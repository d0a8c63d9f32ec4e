/**
 * `queryReply` run directly on an operation context over stub classes (no engine, no HTTP): the
 * element each shape writes for classes, instances with paths and keyless projections, and the
 * enumeration context each pull shape opens.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  type CimClass,
  type CimInstance,
  type CimObject,
  cimClass,
  cimInstance,
  cimProperty,
  qualifier,
  WbemError,
  type WbemServices,
} from '../../src/index.js';
import type { CimCall } from '../../src/server/cim-call.js';
import { cimErrorOf } from '../../src/server/cim-status.js';
import { EnumerationContexts } from '../../src/server/enumeration-contexts.js';
import type { OperationContext, OperationReply } from '../../src/server/operation.js';
import { queryReply } from '../../src/server/query-reply.js';
import { XmlChunks } from '../../src/server/xml-chunks.js';
import { parseXml } from '../../src/server/xml-tree.js';

const VIEW = {
  localOnly: false,
  includeQualifiers: false,
  includeClassOrigin: false,
  propertyList: null,
};

const THING: CimClass = cimClass({
  name: 'Acme_Thing',
  qualifiers: [qualifier('Description', 'd')],
  properties: [
    cimProperty('Id', 'uint32', { qualifiers: [qualifier('Key', true)] }),
    cimProperty('Name', 'string'),
  ],
});

function withPath(inst: CimInstance, relPath: string): CimInstance {
  return { ...inst, systemProperties: { __RELPATH: relPath } } as CimInstance;
}

const ONE = withPath(cimInstance('Acme_Thing', { Id: 1, Name: 'one' }), 'Acme_Thing.Id=1');
const TWO = withPath(cimInstance('Acme_Thing', { Id: 2, Name: 'two' }), 'Acme_Thing.Id=2');
/** A projection without its key: no path. */
const BARE = cimInstance('Acme_Thing', { Name: 'bare' });
const RESULTS: readonly CimObject[] = [THING, ONE, BARE, TWO];

const NS =
  '<NAMESPACEPATH><HOST>srv&lt;1&gt;</HOST><LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="acme"/></LOCALNAMESPACEPATH></NAMESPACEPATH>';
const CLASS_PATH = `<CLASSPATH>${NS}<CLASSNAME NAME="Acme_Thing"/></CLASSPATH>`;
const path = (id: number) =>
  `<INSTANCEPATH>${NS}<INSTANCENAME CLASSNAME="Acme_Thing"><KEYBINDING NAME="Id"><KEYVALUE VALUETYPE="numeric" TYPE="uint32">${id}</KEYVALUE></KEYBINDING></INSTANCENAME></INSTANCEPATH>`;
const inst = (id: number, name: string) =>
  `<INSTANCE CLASSNAME="Acme_Thing"><PROPERTY NAME="Id" TYPE="uint32"><VALUE>${id}</VALUE></PROPERTY><PROPERTY NAME="Name" TYPE="string"><VALUE>${name}</VALUE></PROPERTY></INSTANCE>`;
const BARE_XML =
  '<INSTANCE CLASSNAME="Acme_Thing"><PROPERTY NAME="Id" TYPE="uint32"></PROPERTY><PROPERTY NAME="Name" TYPE="string"><VALUE>bare</VALUE></PROPERTY></INSTANCE>';
const END = (end: boolean, context: string) =>
  `<PARAMVALUE NAME="EndOfSequence" PARAMTYPE="boolean"><VALUE>${end ? 'TRUE' : 'FALSE'}</VALUE></PARAMVALUE><PARAMVALUE NAME="EnumerationContext" PARAMTYPE="string"><VALUE>${context}</VALUE></PARAMVALUE>`;

function call(params: Readonly<Record<string, string>>): CimCall {
  const map = new Map(
    Object.entries(params).map(([name, inner]) => [
      name.toLowerCase(),
      parseXml(`<IPARAMVALUE NAME="${name}">${inner}</IPARAMVALUE>`, {
        maxDepth: 64,
        maxElements: 1000,
      }),
    ]),
  );
  return { messageId: '1', method: 'X', namespace: 'root/acme', params: map, extrinsic: false };
}

function context(
  enumerations: EnumerationContexts,
  params: Readonly<Record<string, string>> = {},
): OperationContext {
  return {
    call: call(params),
    services: { namespace: 'root/acme' } as unknown as WbemServices,
    principal: 'alice',
    updateMode: 'compatible',
    declarations: async () => {
      throw new Error('not used');
    },
    declarationsChanged: () => {},
    classOf: async (name) => {
      assert.equal(name, 'Acme_Thing');
      return THING;
    },
    enumerations,
    host: 'srv<1>',
  };
}

/** A reply whose value came as encoded chunks (the shapes that are not pulls), as text. */
function textOf(reply: OperationReply): OperationReply {
  const { returnValue } = reply;
  assert.ok(returnValue instanceof XmlChunks, 'a reply that is not a pull is written as chunks');
  return { ...reply, returnValue: Buffer.concat(returnValue.buffers()).toString('utf8') };
}

describe('queryReply', () => {
  let enumerations: EnumerationContexts;
  beforeEach(() => {
    enumerations = new EnumerationContexts({
      maxOpen: 4,
      defaultTimeoutS: 30,
      maxTimeoutS: 60,
      maxObjectCount: 100,
    });
  });
  afterEach(() => {
    enumerations.closeAll();
  });

  it('objects: classes and instances as VALUE.OBJECTWITHPATH, a keyless projection as VALUE.OBJECT', async () => {
    const reply = textOf(await queryReply(context(enumerations), RESULTS, 'objects', VIEW));
    assert.deepEqual(reply, {
      returnValue:
        `<VALUE.OBJECTWITHPATH>${CLASS_PATH}<CLASS NAME="Acme_Thing"><PROPERTY NAME="Id" TYPE="uint32"></PROPERTY><PROPERTY NAME="Name" TYPE="string"></PROPERTY></CLASS></VALUE.OBJECTWITHPATH>` +
        `<VALUE.OBJECTWITHPATH>${path(1)}${inst(1, 'one')}</VALUE.OBJECTWITHPATH>` +
        `<VALUE.OBJECT>${BARE_XML}</VALUE.OBJECT>` +
        `<VALUE.OBJECTWITHPATH>${path(2)}${inst(2, 'two')}</VALUE.OBJECTWITHPATH>`,
    });
  });

  it('objects: shapes the objects by the view', async () => {
    const reply = textOf(
      await queryReply(context(enumerations), [THING, ONE], 'objects', {
        ...VIEW,
        includeQualifiers: true,
        propertyList: new Set(['name']),
      }),
    );
    assert.equal(
      reply.returnValue,
      `<VALUE.OBJECTWITHPATH>${CLASS_PATH}<CLASS NAME="Acme_Thing"><QUALIFIER NAME="Description" TYPE="string" TOSUBCLASS="false"><VALUE>d</VALUE></QUALIFIER><PROPERTY NAME="Name" TYPE="string"></PROPERTY></CLASS></VALUE.OBJECTWITHPATH>` +
        `<VALUE.OBJECTWITHPATH>${path(1)}<INSTANCE CLASSNAME="Acme_Thing"><PROPERTY NAME="Name" TYPE="string"><VALUE>one</VALUE></PROPERTY></INSTANCE></VALUE.OBJECTWITHPATH>`,
    );
  });

  it('paths: OBJECTPATH of a CLASSPATH or an INSTANCEPATH, a keyless result left out', async () => {
    const reply = textOf(await queryReply(context(enumerations), RESULTS, 'paths', VIEW));
    assert.deepEqual(reply, {
      returnValue: `<OBJECTPATH>${CLASS_PATH}</OBJECTPATH><OBJECTPATH>${path(1)}</OBJECTPATH><OBJECTPATH>${path(2)}</OBJECTPATH>`,
    });
  });

  it('pull-instances: VALUE.INSTANCEWITHPATH of the instances only, in a context PullInstancesWithPath continues', async () => {
    const ctx = context(enumerations, { MaxObjectCount: '<VALUE>1</VALUE>' });
    const reply = await queryReply(ctx, RESULTS, 'pull-instances', VIEW);
    assert.equal(
      reply.returnValue,
      `<VALUE.INSTANCEWITHPATH>${path(1)}${inst(1, 'one')}</VALUE.INSTANCEWITHPATH>`,
    );
    const id = /<VALUE>([0-9a-f-]{36})<\/VALUE>/.exec(reply.outParams ?? '')?.[1] as string;
    assert.equal(reply.outParams, END(false, id));
    const owner = { principal: 'alice', namespace: 'root/acme' };
    assert.throws(() => enumerations.pull(owner, id, 'paths', 1));
    assert.deepEqual(enumerations.pull(owner, id, 'instances', 5), {
      items: [`<VALUE.INSTANCEWITHPATH>${path(2)}${inst(2, 'two')}</VALUE.INSTANCEWITHPATH>`],
      context: null,
    });
  });

  it('pull-paths: INSTANCEPATHs, in a context PullInstancePaths continues', async () => {
    const ctx = context(enumerations, { MaxObjectCount: '<VALUE>1</VALUE>' });
    const reply = await queryReply(ctx, RESULTS, 'pull-paths', VIEW);
    assert.equal(reply.returnValue, path(1));
    const id = /<VALUE>([0-9a-f-]{36})<\/VALUE>/.exec(reply.outParams ?? '')?.[1] as string;
    assert.deepEqual(
      enumerations.pull({ principal: 'alice', namespace: 'root/acme' }, id, 'paths', 5),
      {
        items: [path(2)],
        context: null,
      },
    );
  });

  it('pull-query: INSTANCEs without paths, projections included, in a context PullInstances continues', async () => {
    const ctx = context(enumerations, { MaxObjectCount: '<VALUE>2</VALUE>' });
    const reply = await queryReply(ctx, RESULTS, 'pull-query', VIEW);
    assert.equal(reply.returnValue, inst(1, 'one') + BARE_XML);
    const id = /<VALUE>([0-9a-f-]{36})<\/VALUE>/.exec(reply.outParams ?? '')?.[1] as string;
    assert.deepEqual(
      enumerations.pull({ principal: 'alice', namespace: 'root/acme' }, id, 'query-instances', 5),
      { items: [inst(2, 'two')], context: null },
    );
  });

  it('a pull shape with MaxObjectCount absent opens a context with nothing in the first reply', async () => {
    const reply = await queryReply(context(enumerations), [ONE], 'pull-paths', VIEW);
    assert.equal(reply.returnValue, '');
    assert.match(reply.outParams ?? '', /EndOfSequence" PARAMTYPE="boolean"><VALUE>FALSE</);
    assert.equal(enumerations.size, 1);
  });

  it('a pull shape whose results fit answers EndOfSequence and keeps no context', async () => {
    const reply = await queryReply(
      context(enumerations, { MaxObjectCount: '<VALUE>5</VALUE>' }),
      RESULTS,
      'pull-paths',
      VIEW,
    );
    assert.deepEqual(reply, { returnValue: path(1) + path(2), outParams: END(true, '') });
    assert.equal(enumerations.size, 0);
  });

  it('a pull shape refuses an OperationTimeout out of range', async () => {
    await assert.rejects(
      queryReply(
        context(enumerations, { OperationTimeout: '<VALUE>0</VALUE>' }),
        RESULTS,
        'pull-instances',
        VIEW,
      ),
      (error: unknown) => {
        assert.ok(error instanceof WbemError);
        assert.deepEqual(cimErrorOf(error), {
          code: 22,
          description:
            'CIM_ERR_INVALID_OPERATION_TIMEOUT: OperationTimeout must be from 1 to 60 seconds',
        });
        return true;
      },
    );
    const reply = await queryReply(
      context(enumerations, {
        OperationTimeout: '<VALUE>60</VALUE>',
        MaxObjectCount: '<VALUE>9</VALUE>',
      }),
      RESULTS,
      'pull-query',
      VIEW,
    );
    assert.equal(reply.outParams, END(true, ''));
  });
});

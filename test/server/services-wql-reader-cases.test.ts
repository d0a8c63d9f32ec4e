/**
 * The server's WQL snapshot (`ServicesWqlReader`) read directly: the class tree it answers from,
 * the instances it reads (once per class, only for classes that exist), the association
 * neighbourhood it loads, and the instance a path names in any spelling of its keys.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type CimClass,
  type CimInstance,
  cimClass,
  cimInstance,
  cimProperty,
  qualifier,
  WBEM_FLAG_DEEP,
  type WbemServices,
} from '../../src/index.js';
import { ServicesWqlReader } from '../../src/server/services-wql-reader.js';

/** An instance as the engine returns it: with its `__RELPATH`. */
function stored(className: string, relpath: string, values: Record<string, string | number> = {}) {
  return {
    ...cimInstance(className, values),
    systemProperties: { __RELPATH: relpath },
  } as unknown as CimInstance;
}

/**
 * Services that answer `createInstanceEnum` from a table (by lower-cased class name, already
 * deep) and record each call; `createClassEnum` records its arguments and answers `classes`.
 */
function fakeServices(
  classes: readonly CimClass[],
  instances: Record<string, CimInstance[]> = {},
): { svc: WbemServices; reads: string[]; classEnums: unknown[][] } {
  const reads: string[] = [];
  const classEnums: unknown[][] = [];
  const svc = {
    createInstanceEnum: async (className: string) => {
      reads.push(className);
      return instances[className.toLowerCase()] ?? [];
    },
    createClassEnum: async (...args: unknown[]) => {
      classEnums.push(args);
      return classes;
    },
  } as unknown as WbemServices;
  return { svc, reads, classEnums };
}

const TREE = [
  cimClass({ name: 'Base' }),
  cimClass({ name: 'Mid', superclass: 'Base' }),
  cimClass({ name: 'Leaf', superclass: 'Mid' }),
  cimClass({ name: 'Other', superclass: 'Base' }),
  cimClass({ name: 'Lone' }),
];

describe('ServicesWqlReader: the class tree', () => {
  it('reads every class deep from the top when no classes are given', async () => {
    const { svc, classEnums } = fakeServices(TREE);
    const reader = await ServicesWqlReader.open(svc);
    assert.deepEqual(classEnums, [[null, WBEM_FLAG_DEEP]]);
    assert.equal(reader.getClass('leaf')?.name, 'Leaf');
  });

  it('lists the base classes for null and the direct subclasses of a class, in any case', async () => {
    const reader = await ServicesWqlReader.open(fakeServices([]).svc, Promise.resolve(TREE));
    assert.deepEqual(reader.subclassNames(null), ['Base', 'Lone']);
    assert.deepEqual(reader.subclassNames('BASE'), ['Mid', 'Other']);
    assert.deepEqual(reader.subclassNames('mid'), ['Leaf']);
    assert.deepEqual(reader.subclassNames('Leaf'), []);
    assert.deepEqual(reader.subclassNames('NoSuchClass'), []);
  });

  it('gives an unknown class and a base class an empty derivation', async () => {
    const reader = await ServicesWqlReader.open(fakeServices([]).svc, Promise.resolve(TREE));
    assert.deepEqual(reader.derivation('NoSuchClass'), []);
    assert.deepEqual(reader.derivation('Base'), []);
    assert.deepEqual(reader.derivation('leaf'), ['Mid', 'Base']);
  });
});

describe('ServicesWqlReader.loadInstances and instancesOf', () => {
  const leaf1 = stored('Leaf', 'Leaf.Id=1', { Id: 1 });
  const mid1 = stored('Mid', 'Mid.Id=2', { Id: 2 });
  const other1 = stored('Other', 'Other.Id=3', { Id: 3 });
  const base1 = stored('Base', 'Base.Id=4', { Id: 4 });
  const table = {
    base: [base1, mid1, leaf1, other1],
    mid: [mid1, leaf1],
    leaf: [leaf1],
  };

  it('reads a class once per snapshot, and never a class that does not exist', async () => {
    const { svc, reads } = fakeServices(TREE, table);
    const reader = await ServicesWqlReader.open(svc, Promise.resolve(TREE));
    await reader.loadInstances('Mid');
    await reader.loadInstances('MID');
    await reader.loadInstances('NoSuchClass');
    assert.deepEqual(reads, ['Mid']);
  });

  it('yields nothing for a class none of whose ancestors was read', async () => {
    const reader = await ServicesWqlReader.open(
      fakeServices(TREE, table).svc,
      Promise.resolve(TREE),
    );
    assert.deepEqual([...reader.instancesOf('Mid', true)], []);
  });

  it('answers a read class deep with its subclasses and shallow with its own instances', async () => {
    const { svc } = fakeServices(TREE, table);
    const reader = await ServicesWqlReader.open(svc, Promise.resolve(TREE));
    await reader.loadInstances('Mid');
    assert.deepEqual([...reader.instancesOf('mid', true)], [mid1, leaf1]);
    assert.deepEqual([...reader.instancesOf('mid', false)], [mid1]);
  });

  it('answers a class that was not read from the list of a read ancestor', async () => {
    const { svc, reads } = fakeServices(TREE, table);
    const reader = await ServicesWqlReader.open(svc, Promise.resolve(TREE));
    await reader.loadInstances('Base');
    assert.deepEqual([...reader.instancesOf('Mid', false)], [mid1]);
    assert.deepEqual([...reader.instancesOf('Mid', true)], [mid1, leaf1]);
    assert.deepEqual([...reader.instancesOf('Other', true)], [other1]);
    assert.deepEqual(reads, ['Base']);
  });

  it('answers from the nearest read ancestor', async () => {
    // The nearer list (Mid's) is the one read; Base's table holds a stale copy that must not show.
    const staleLeaf = stored('Leaf', 'Leaf.Id=9', { Id: 9 });
    const { svc } = fakeServices(TREE, { ...table, base: [base1, staleLeaf] });
    const reader = await ServicesWqlReader.open(svc, Promise.resolve(TREE));
    await reader.loadInstances('Mid');
    await reader.loadInstances('Base');
    assert.deepEqual([...reader.instancesOf('Leaf', true)], [leaf1]);
  });
});

describe('ServicesWqlReader.getInstance', () => {
  const classes = [
    cimClass({ name: 'One', properties: [cimProperty('Name', 'string')] }),
    cimClass({ name: 'Two', properties: [cimProperty('A', 'string'), cimProperty('B', 'uint32')] }),
    cimClass({ name: 'TwoSub', superclass: 'Two' }),
  ];
  const one = stored('One', 'One.Name="Alpha"', { Name: 'Alpha' });
  const two = stored('Two', 'Two.A="x",B=7', { A: 'x', B: 7 });
  const twoOther = stored('Two', 'Two.A="x",B=8', { A: 'x', B: 8 });
  const sub = stored('TwoSub', 'TwoSub.A="y",B=1', { A: 'y', B: 1 });
  const noRel = { ...cimInstance('One', { Name: 'Beta' }) } as CimInstance;
  const badRel = stored('One', 'not a path', { Name: 'Gamma' });

  async function reader() {
    const { svc } = fakeServices(classes, {
      one: [noRel, badRel, one],
      two: [twoOther, two, sub],
      twosub: [sub],
    });
    const r = await ServicesWqlReader.open(svc, Promise.resolve(classes));
    await r.loadInstances('One');
    await r.loadInstances('Two');
    return r;
  }

  it('finds an instance by a path whose string key differs only in case', async () => {
    assert.equal((await reader()).getInstance('one.NAME="ALPHA"'), one);
    assert.equal((await reader()).getInstance('One.Name="alpha"'), one);
  });

  it('finds an instance whatever the order of the keys, and by every key value', async () => {
    const r = await reader();
    assert.equal(r.getInstance('Two.B=7,A="X"'), two);
    assert.equal(r.getInstance('Two.A="x",B=8'), twoOther);
    assert.equal(r.getInstance('Two.A="x",B=9'), undefined);
  });

  it('finds a subclass instance by a path that names its ancestor', async () => {
    assert.equal((await reader()).getInstance('Two.A="y",B=1'), sub);
  });

  it('does not match a path with fewer or other keys', async () => {
    const r = await reader();
    assert.equal(r.getInstance('Two.A="x"'), undefined);
    assert.equal(r.getInstance('Two.A="x",C=7'), undefined);
    assert.equal(r.getInstance('One.Name="Beta"'), undefined);
    assert.equal(r.getInstance('One.Name="Gamma"'), undefined);
  });

  it('matches the one key of a single-key path by value whatever its name', async () => {
    assert.equal((await reader()).getInstance('One.Other="Alpha"'), one);
  });

  it('answers undefined for a malformed path', async () => {
    assert.equal((await reader()).getInstance('One.Name='), undefined);
  });
});

describe('ServicesWqlReader.loadAssociations', () => {
  const classes = [
    cimClass({ name: 'Node', properties: [cimProperty('Id', 'uint32')] }),
    cimClass({ name: 'Thing', properties: [cimProperty('Id', 'uint32')] }),
    cimClass({ name: 'Unrelated', properties: [cimProperty('Id', 'uint32')] }),
    cimClass({
      name: 'Link',
      qualifiers: [qualifier('Association', true)],
      properties: [
        cimProperty('Left', 'ref', { referenceClass: 'Node' }),
        cimProperty('Right', 'ref', { referenceClass: 'Thing' }),
        cimProperty('Label', 'string'),
      ],
    }),
    cimClass({ name: 'NotAssoc', qualifiers: [qualifier('Association', false)] }),
  ];
  const link = stored('Link', 'Link.Left="Node.Id=1",Right="Thing.Id=2"', {
    Left: 'Node.Id=1',
    Right: 'Thing.Id=2',
    Label: 'Unrelated.Id=3',
  });
  const brokenLink = stored('Link', 'Link.Left="x"', { Left: 'not a path' });

  it('reads the target, every association class and the classes its references name', async () => {
    const { svc, reads } = fakeServices(classes, { link: [link, brokenLink] });
    const reader = await ServicesWqlReader.open(svc, Promise.resolve(classes));
    await reader.loadAssociations('Node.Id=1');
    assert.deepEqual(reads, ['Node', 'Link', 'Thing']);
  });

  it('does not follow a link of a class the snapshot does not hold', async () => {
    // A link of a subclass created after the classes were read: the snapshot's query cannot see
    // its class, so what it points at is not read.
    const late = stored('LateLink', 'LateLink.Left="Thing.Id=2"', { Left: 'Thing.Id=2' });
    const { svc, reads } = fakeServices(classes, { link: [late] });
    const reader = await ServicesWqlReader.open(svc, Promise.resolve(classes));
    await reader.loadAssociations('Node.Id=1');
    assert.deepEqual(reads, ['Node', 'Link']);
  });

  it('still reads the associations for a class path or a malformed one', async () => {
    for (const path of ['Node', 'Node.Id=']) {
      const { svc, reads } = fakeServices(classes, { link: [link] });
      const reader = await ServicesWqlReader.open(svc, Promise.resolve(classes));
      await reader.loadAssociations(path);
      assert.deepEqual(reads, ['Link', 'Node', 'Thing'], path);
    }
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  loadMof,
  type MofLoadEngine,
  type MofLoadServices,
  WBEM_E_NOT_FOUND,
  WbemEngine,
} from '../../src/index.js';

function mof(text: string): { path: string; text: string } {
  return { path: 'inline.mof', text };
}

/** `count` classes, each deriving from `superclass` (when given). */
function classes(prefix: string, count: number, superclass?: string): string {
  const parent = superclass === undefined ? '' : ` : ${superclass}`;
  return Array.from(
    { length: count },
    (_, i) => `class ${prefix}${i}${parent} { uint32 P; };`,
  ).join('\n');
}

/**
 * The engine as a load target, counting the services calls a load makes; `withNames` offers
 * `enumerateClassNames` too.
 */
function counting(
  engine: WbemEngine,
  calls: Map<string, number>,
  withGetClass = true,
  withNames = false,
): MofLoadEngine {
  const count = (name: string): void => {
    calls.set(name, (calls.get(name) ?? 0) + 1);
  };
  return {
    createNamespace: (parent, name) => engine.createNamespace(parent, name),
    deleteNamespace: (namespace) => engine.deleteNamespace(namespace),
    async connectServer(namespace) {
      const svc = await engine.connectServer(namespace);
      const target: MofLoadServices = {
        namespace: svc.namespace,
        putClass: (cls, flags) => svc.putClass(cls, flags),
        deleteClass: (name) => svc.deleteClass(name),
        createClassEnum: (superclass, flags) => {
          count(`createClassEnum ${flags ?? 0}`);
          return svc.createClassEnum(superclass, flags);
        },
        putInstance: (instance, flags) => svc.putInstance(instance, flags),
        deleteInstance: (path) => svc.deleteInstance(path),
        createInstanceEnum: (name, flags) => svc.createInstanceEnum(name, flags),
        putQualifierDeclaration: (d) => svc.putQualifierDeclaration(d),
        deleteQualifierDeclaration: (name) => svc.deleteQualifierDeclaration(name),
        createQualifierDeclarationEnum: () => svc.createQualifierDeclarationEnum(),
      };
      const names: Partial<MofLoadServices> = withNames
        ? {
            enumerateClassNames: (superclass, flags) => {
              count(`enumerateClassNames ${flags ?? 0}`);
              return svc.enumerateClassNames(superclass, flags);
            },
          }
        : {};
      if (!withGetClass) return { ...target, ...names };
      return {
        ...target,
        ...names,
        getClass: (name) => {
          count('getClass');
          return svc.getClass(name);
        },
      };
    },
  };
}

describe('loadMof: which classes exist', () => {
  let engine: WbemEngine;
  before(async () => {
    engine = await WbemEngine.start({ storage: 'memory', hosts: 1 });
    await engine.createNamespace('root', 'exist');
    await loadMof(engine, [mof(`${classes('Big_', 300)}\nclass Base_Root { string Id; };`)], {
      namespace: 'root/exist',
    });
  });
  after(() => engine.shutdown());

  it('reads only the classes a small MOF names when the namespace holds many', async () => {
    const calls = new Map<string, number>();
    const summary = await loadMof(
      counting(engine, calls),
      [mof('class Small_New : Base_Root { uint32 X; };\nclass Big_7 { uint32 P; uint32 Q; };')],
      { namespace: 'root/exist' },
    );
    assert.equal(summary.classesCreated, 1);
    assert.equal(summary.classesUpdated, 1);
    assert.equal(calls.get('getClass'), 3, 'Base_Root, Small_New and Big_7, once each');
    assert.equal(calls.get('createClassEnum 0'), undefined, 'no deep enumeration');
    assert.equal(calls.get('createClassEnum 1'), undefined, 'no look at the roots');
  });

  it('asks class by class when a large MOF goes into a namespace with classes of its own', async () => {
    const calls = new Map<string, number>();
    const summary = await loadMof(
      counting(engine, calls),
      [mof(`${classes('Many_', 100, 'Base_Root')}\n${classes('Big_', 5)}`)],
      { namespace: 'root/exist' },
    );
    assert.equal(summary.classesCreated, 100);
    assert.equal(summary.classesUpdated, 5);
    assert.equal(calls.get('createClassEnum 1'), 1, 'the roots, once');
    assert.equal(calls.get('createClassEnum 0'), undefined);
    assert.equal(calls.get('getClass'), 106);
  });

  it('enumerates a namespace of system classes only once for a large MOF', async () => {
    const calls = new Map<string, number>();
    await engine.createNamespace('root', 'empty');
    const summary = await loadMof(counting(engine, calls), [mof(classes('Fresh_', 100))], {
      namespace: 'root/empty',
    });
    assert.equal(summary.classesCreated, 100);
    assert.equal(summary.classesUpdated, 0);
    assert.equal(calls.get('createClassEnum 0'), 1);
    assert.equal(calls.get('getClass'), undefined);
  });

  it('enumerates the namespace when the services have no getClass', async () => {
    const calls = new Map<string, number>();
    const summary = await loadMof(
      counting(engine, calls, false),
      [mof('class Plain_New : Base_Root { uint32 X; };\nclass Big_8 { uint32 P; uint32 R; };')],
      { namespace: 'root/exist' },
    );
    assert.equal(summary.classesCreated, 1);
    assert.equal(summary.classesUpdated, 1);
    assert.equal(calls.get('createClassEnum 0'), 1);
  });

  it('asks for names only, the roots once, when the services offer enumerateClassNames', async () => {
    const calls = new Map<string, number>();
    const summary = await loadMof(
      counting(engine, calls, true, true),
      [mof(`${classes('Named_', 100, 'Base_Root')}\n${classes('Big_', 5)}`)],
      { namespace: 'root/exist' },
    );
    assert.equal(summary.classesCreated, 100);
    assert.equal(summary.classesUpdated, 5);
    assert.equal(calls.get('enumerateClassNames 1'), 1, 'the roots, once');
    assert.equal(calls.get('enumerateClassNames 0'), 5, 'below each root the MOF declares');
    assert.equal(calls.get('createClassEnum 1'), undefined, 'no class read to list the roots');
    assert.equal(
      calls.get('getClass'),
      101,
      'Base_Root (assumed, not enumerated) and the 100 new classes',
    );
  });

  it('answers a MOF loaded over itself from the subtrees of its own roots', async () => {
    await engine.createNamespace('root', 'upgrade');
    const tree = `class Tree_Root { string Id; };\n${classes('Tree_', 100, 'Tree_Root')}`;
    await loadMof(engine, [mof(`${tree}\nclass Other_Root { uint32 P; };`)], {
      namespace: 'root/upgrade',
    });
    const calls = new Map<string, number>();
    const summary = await loadMof(
      counting(engine, calls, true, true),
      [mof(`${tree}\nclass Tree_New : Tree_Root { uint32 N; };\nclass Tree_Top { uint32 T; };`)],
      { namespace: 'root/upgrade' },
    );
    assert.equal(summary.classesCreated, 2);
    assert.equal(summary.classesUpdated, 101);
    assert.equal(calls.get('enumerateClassNames 0'), 1, 'the subtree of Tree_Root');
    assert.equal(calls.get('getClass'), 2, 'Tree_New and Tree_Top, which it does not hold');
  });

  it('enumerates the names of a namespace of system classes only once for a large MOF', async () => {
    const calls = new Map<string, number>();
    await engine.createNamespace('root', 'empty_names');
    const summary = await loadMof(
      counting(engine, calls, true, true),
      [mof(classes('Fresh_', 100))],
      { namespace: 'root/empty_names' },
    );
    assert.equal(summary.classesCreated, 100);
    assert.equal(calls.get('enumerateClassNames 1'), 1);
    assert.equal(calls.get('enumerateClassNames 0'), 1);
    assert.equal(calls.get('createClassEnum 0'), undefined);
    assert.equal(calls.get('getClass'), undefined);
  });

  it('enumerates names, not classes, when the services have enumerateClassNames but no getClass', async () => {
    const calls = new Map<string, number>();
    const summary = await loadMof(
      counting(engine, calls, false, true),
      [mof('class Plain_Named : Base_Root { uint32 X; };\nclass Big_9 { uint32 P; uint32 R; };')],
      { namespace: 'root/exist' },
    );
    assert.equal(summary.classesCreated, 1);
    assert.equal(summary.classesUpdated, 1);
    assert.equal(calls.get('enumerateClassNames 0'), 1);
    assert.equal(calls.get('createClassEnum 0'), undefined);
  });

  it('counts the time spent learning which classes exist in loadMs', async () => {
    const slow: MofLoadEngine = {
      ...counting(engine, new Map()),
      async connectServer(namespace) {
        const svc = await counting(engine, new Map()).connectServer(namespace);
        return {
          ...svc,
          getClass: async (name) => {
            await new Promise((resolve) => setTimeout(resolve, 40));
            return (svc.getClass as NonNullable<MofLoadServices['getClass']>)(name);
          },
        };
      },
    };
    const summary = await loadMof(slow, [mof('class Timed_New { uint32 T; };')], {
      namespace: 'root/exist',
    });
    assert.equal(summary.classesCreated, 1);
    assert.ok(summary.loadMs >= 35, `loadMs ${summary.loadMs} covers the 40 ms look-up`);
  });

  for (const [what, withGetClass, withNames] of [
    ['by name', true, false],
    ['by enumeration', false, false],
    ['by names', false, true],
  ] as const) {
    it(`fails with WBEM_E_NOT_FOUND for a superclass the namespace lacks (${what})`, async () => {
      await assert.rejects(
        loadMof(
          counting(engine, new Map(), withGetClass, withNames),
          [mof('class Orphan_X : No_Such_Base { uint32 X; };')],
          { namespace: 'root/exist' },
        ),
        { hresult: WBEM_E_NOT_FOUND },
      );
      const svc = await engine.connectServer('root/exist');
      await assert.rejects(svc.getClass('Orphan_X'), { hresult: WBEM_E_NOT_FOUND });
    });
  }
});

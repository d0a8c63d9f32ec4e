import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { modelEquals } from '../../src/model/cim-value-equals.js';
import { applyMof } from '../../src/mof/apply-mof.js';
import { compileMof } from '../../src/mof/compile.js';
import { toMof } from '../../src/mof/to-mof.js';
import { DMTF_RULES } from '../../src/schema/index.js';
import { compiledDmtf, readFixture } from './helpers/fixtures.js';
import { storeTarget } from './helpers/store-target.js';

describe('toMof round trip on the DMTF CIM Schema 2.41', () => {
  it('reads every class and qualifier declaration back identical when exported and compiled into an empty repository', async () => {
    const first = storeTarget(DMTF_RULES);
    await applyMof(compiledDmtf().operations, first, {
      window: 16,
    });
    const store = first.store('root/cimv2');
    const classes = [...store.classNames()]
      .map((n) => store.getClass(n)?.local)
      .filter((c) => c !== undefined);
    const qualifiers = [...store.qualifierDeclarations()];
    const text = toMof({ namespace: 'root/cimv2', qualifiers, classes });

    const second = storeTarget(DMTF_RULES);
    const compiled = compileMof([{ path: 'dmtf-export.mof', text }], {
      readFile: readFixture,
      rules: 'dmtf',
    });
    await applyMof(compiled.operations, second, { window: 16 });
    const again = second.store('root/cimv2');
    assert.equal([...again.classNames()].length, classes.length);
    for (const cls of classes) {
      assert.ok(modelEquals(again.getClass(cls.name)?.local ?? null, cls), cls.name);
    }
    assert.ok(modelEquals([...again.qualifierDeclarations()], qualifiers));
  });
});

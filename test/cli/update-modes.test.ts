import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { STORE_FILE } from '../../src/store/durable/durable-repository.js';
import { stampClosedDatabase } from '../../src/store/durable/open-database.js';
import { type DataDirSession, dataDirSession, fixture, runWbemrx } from './run-wbemrx.js';

const CASES = [
  {
    desc: 'no mode is given',
    mof: 'update-element.mof',
    args: [],
    expect: 'WBEM_E_CLASS_HAS_CHILDREN',
  },
  {
    desc: '--safe is given',
    mof: 'update-element.mof',
    args: ['--safe'],
    expect: 'WBEM_E_CLASS_HAS_INSTANCES',
  },
  { desc: '--force is given', mof: 'update-element.mof', args: ['--force'], expect: 'updated' },
  {
    desc: '--safe is given but the MOF says forceupdate',
    mof: 'update-element-pragma.mof',
    args: ['--safe'],
    expect: 'updated',
  },
] as const;

describe('wbemrx mofcomp update modes', () => {
  // Every case starts from a copy of one data directory `small.mof` was loaded into, as the
  // command left it (stamped known good, so that the copy opens as the original would).
  let seeded: DataDirSession;
  before(async () => {
    seeded = await dataDirSession('wbemrx-modes-seed-');
    const base = await seeded.run('mofcomp', fixture('small.mof'));
    assert.equal(base.code, 0, base.stderr);
  });
  after(() => seeded.dispose());

  for (const c of CASES) {
    const outcome = c.expect === 'updated' ? 'updates the class' : `fails with ${c.expect}`;
    it(`${outcome} when a class with a subclass and instances changes and ${c.desc}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'wbemrx-modes-'));
      cpSync(seeded.dir, dir, { recursive: true });
      stampClosedDatabase(join(dir, STORE_FILE));
      const session = {
        run: (...args: string[]) => runWbemrx([...args, '--data-dir', dir]),
        dispose: () => rmSync(dir, { recursive: true, force: true }),
      };
      try {
        const result = await session.run('mofcomp', ...c.args, fixture(c.mof));
        if (c.expect === 'updated') {
          assert.equal(result.code, 0, result.stderr);
          assert.match(result.stdout, /0 classes created, 1 updated/);
          const cls = await session.run('get-class', 'Test_Device');
          assert.match(cls.stdout, /string Added; \/\/ inherited from Test_Element/);
        } else {
          assert.equal(result.code, 1);
          assert.match(result.stderr, new RegExp(`^${c.expect}: .*class Test_Element`));
        }
      } finally {
        session.dispose();
      }
    });
  }
});

describe('wbemrx mofcomp arguments', () => {
  it('fails with WBEM_E_INVALID_PARAMETER when --safe and --force are both given', async () => {
    const result = await runWbemrx([
      'mofcomp',
      '--safe',
      '--force',
      fixture('small.mof'),
      '--memory',
    ]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^WBEM_E_INVALID_PARAMETER: --safe and --force exclude each other/);
  });

  it('fails with WBEM_E_INVALID_PARAMETER when no MOF file is given', async () => {
    const result = await runWbemrx(['mofcomp', '--memory']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^WBEM_E_INVALID_PARAMETER: no MOF file given/);
  });

  it('fails with WBEM_E_INVALID_PARAMETER when --rules names no rule set', async () => {
    const result = await runWbemrx([
      'mofcomp',
      '--rules',
      'strict',
      fixture('small.mof'),
      '--memory',
    ]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^WBEM_E_INVALID_PARAMETER: --rules must be wmi or dmtf/);
  });
});

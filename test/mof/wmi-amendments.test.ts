/**
 * Amendments written back: `LOCALE` in hex as `.mfl` files carry it, and `wbemrx export
 * --amended MS_409` as an amendment file that, loaded with the neutral export into an empty
 * repository, gives the same merged classes (`WBEM_FLAG_USE_AMENDED_QUALIFIERS`) as the original.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WbemEngine } from '../../src/index.js';
import type { CimClass } from '../../src/model/cim-class.js';
import { modelEquals } from '../../src/model/cim-value-equals.js';
import { compileMof } from '../../src/mof/compile.js';
import { toMof } from '../../src/mof/to-mof.js';
import { WBEM_FLAG_DEEP, WBEM_FLAG_USE_AMENDED_QUALIFIERS } from '../../src/wbem/flags.js';
import { runWbemrx } from '../cli/run-wbemrx.js';
import { fixturePath } from './helpers/fixtures.js';

const SCHEMA = fixturePath('mof/wmi/wmi-schema.mof');

describe('toMof of an amendment class', () => {
  const mfl = `#pragma namespace("\\\\\\\\.\\\\root\\\\x\\\\ms_407")
[AMENDMENT, LOCALE(0x407), Description("Gerät") : Amended] class A {};`;
  const [op] = compileMof([{ path: 'a.mfl', text: mfl }], {
    readFile: () => '',
  }).operations.filter((o) => o.kind === 'class');
  const cls = (op as { cls: CimClass }).cls;

  it('writes LOCALE as a hex LCID when the class is written back', () => {
    const text = toMof({ namespace: 'root/x/ms_407', classes: [cls] });
    assert.match(text, /^\[AMENDMENT, LOCALE\(0x407\), Description\("Gerät"\) : Amended\]$/m);
    assert.doesNotMatch(text, /1031/);
  });

  it('reads the same LOCALE value back when the written text is compiled', () => {
    const text = toMof({ namespace: 'root/x/ms_407', classes: [cls] });
    const again = compileMof([{ path: 'b.mfl', text }], { readFile: () => '' }).operations.find(
      (o) => o.kind === 'class',
    ) as { cls: CimClass } | undefined;
    assert.equal(again?.cls.qualifiers.get('locale')?.value, 0x407);
    assert.ok(modelEquals(again?.cls.qualifiers ?? null, cls.qualifiers));
  });

  it('creates the namespace first when createNamespace is set, as .mfl files begin', () => {
    const text = toMof({ namespace: 'root/x/ms_407', createNamespace: true, classes: [cls] });
    assert.match(
      text,
      /^#pragma namespace\("\\\\\\\\\.\\\\root\\\\x"\)\ninstance of __Namespace\n\{\n {4}Name = "ms_407";\n\};\n\n#pragma namespace\("\\\\\\\\\.\\\\root\\\\x\\\\ms_407"\)$/m,
    );
  });
});

describe('wbemrx export --amended', () => {
  const dirs: string[] = [];
  const fresh = async (prefix: string) => {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  let original = '';
  let copy = '';
  before(async () => {
    original = await fresh('wbemrx-amended-');
    copy = await fresh('wbemrx-amended-copy-');
    const loaded = await runWbemrx(['mofcomp', SCHEMA, '--data-dir', original]);
    assert.equal(loaded.code, 0, loaded.stderr);
  });
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('gives the same merged classes when the neutral and amendment exports load into an empty repository', async () => {
    const files = await fresh('wbemrx-amended-files-');
    const neutral = join(files, 'wmitest.mof');
    const amendment = join(files, 'wmitest.mfl');
    for (const [file, extra] of [
      [neutral, []],
      [amendment, ['--amended', 'MS_409', '--utf16']],
    ] as const) {
      const out = ['export', '-n', 'root/wmitest', '--instances', '-o', file, ...extra];
      const exported = await runWbemrx([...out, '--data-dir', original]);
      assert.equal(exported.code, 0, exported.stderr);
    }
    const loaded = await runWbemrx(['mofcomp', neutral, amendment, '--data-dir', copy]);
    assert.equal(loaded.code, 0, loaded.stderr);
    const merged = async (dir: string) => {
      const engine = await WbemEngine.start({ storage: { path: dir }, hosts: 1 });
      try {
        const svc = await engine.connectServer('root/wmitest');
        const classes = await svc.createClassEnum(
          null,
          WBEM_FLAG_DEEP | WBEM_FLAG_USE_AMENDED_QUALIFIERS,
        );
        return classes.filter((c) => !c.name.startsWith('__'));
      } finally {
        await engine.shutdown();
      }
    };
    const before = await merged(original);
    const after = await merged(copy);
    const adapter = before.find((c) => c.name === 'WT_Adapter');
    assert.equal(
      adapter?.properties.get('status')?.qualifiers.get('description')?.value,
      'Adapter status.',
    );
    assert.equal(after.length, before.length);
    const old = new Map(before.map((c) => [c.name, c]));
    for (const cls of after)
      assert.ok(modelEquals(cls, old.get(cls.name) ?? null), `${cls.name} differs`);
  });
});

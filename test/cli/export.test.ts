import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runWbemrx } from './run-wbemrx.js';

const WMI_SCHEMA = fileURLToPath(
  new URL('../../../test/fixtures/mof/wmi/wmi-schema.mof', import.meta.url),
);

describe('wbemrx export', () => {
  let dir = '';
  let copy = '';
  const wbemrx = (data: string, ...args: string[]) => runWbemrx([...args, '--data-dir', data]);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wbemrx-export-'));
    copy = await mkdtemp(join(tmpdir(), 'wbemrx-export-copy-'));
    const loaded = await wbemrx(dir, 'mofcomp', WMI_SCHEMA);
    assert.equal(loaded.code, 0, loaded.stderr);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(copy, { recursive: true, force: true });
  });

  it('writes the namespace as MOF in WMI style when a namespace is given', async () => {
    const result = await wbemrx(dir, 'export', '-n', 'root/wmitest', '--instances');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^#pragma namespace\("\\\\\\\\\.\\\\root\\\\wmitest"\)$/m);
    assert.match(result.stdout, /^ {4}WT_Setting Setting;$/m);
    assert.match(result.stdout, /^ {4}\[Read\]\n {4}object ref Owner;$/m);
    assert.match(result.stdout, /\[In, ID\(0\)\] uint16 Mode = 1,/);
    assert.match(result.stdout, /^class WT_AdapterEvent : __ExtrinsicEvent$/m);
    assert.match(result.stdout, /^instance of WT_Adapter$/m);
    assert.ok(
      result.stdout.indexOf('class WT_Setting') < result.stdout.indexOf('class WT_Adapter :'),
      'an embedded class comes before its user',
    );
  });

  it('writes only the class and its subclasses when a class is named', async () => {
    const result = await wbemrx(dir, 'export', '-n', 'root/wmitest', 'WT_Setting');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^class WT_Setting : WT_ManagedElement$/m);
    assert.doesNotMatch(result.stdout, /^class WT_Adapter/m);
  });

  it('writes the ms_409 amendment classes when --amended MS_409 is given', async () => {
    const result = await wbemrx(dir, 'export', '-n', 'root/wmitest', '--amended', 'MS_409');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /root\\\\wmitest\\\\ms_409/);
    assert.match(
      result.stdout,
      /^\[AMENDMENT, LOCALE\(0x409\), Description\("The root of the test schema\."\) : Amended\]$/m,
    );
  });

  it('writes UTF-16LE with a BOM that mofcomp loads into an empty repository when --utf16 -o is given', async () => {
    const file = join(copy, 'export.mof');
    const result = await wbemrx(
      dir,
      'export',
      '-n',
      'root/wmitest',
      '--instances',
      '--utf16',
      '-o',
      file,
    );
    assert.equal(result.code, 0, result.stderr);
    const bytes = await readFile(file);
    assert.deepEqual([bytes[0], bytes[1]], [0xff, 0xfe]);
    const loaded = await wbemrx(join(copy, 'data'), 'mofcomp', file);
    assert.equal(loaded.code, 0, loaded.stderr);
    const again = await wbemrx(join(copy, 'data'), 'export', '-n', 'root/wmitest', '--instances');
    const original = await wbemrx(dir, 'export', '-n', 'root/wmitest', '--instances');
    assert.equal(again.stdout, original.stdout);
  });

  it('fails with WBEM_E_INVALID_PARAMETER when --utf16 is given without -o', async () => {
    const result = await wbemrx(dir, 'export', '--utf16');
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /WBEM_E_INVALID_PARAMETER.*--utf16 needs -o FILE/);
  });
});

describe('wbemrx mofcomp with WMI pragmas', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wbemrx-pragmas-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports a class declared twice as created once and updated once', async () => {
    const result = await runWbemrx(['mofcomp', WMI_SCHEMA, '--data-dir', join(dir, 'one')]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /14 classes created, 1 updated, 16 qualifier declarations, 8 instances/,
    );
  });

  it('removes the namespaces that __Namespace instances created when a later statement fails under --atomic', async () => {
    const file = join(dir, 'bad.mof');
    await writeFile(
      file,
      [
        String.raw`#pragma namespace("\\\\.\\root")`,
        'instance of __Namespace { Name = "atom"; };',
        '#pragma namespace("atom")',
        'instance of __Namespace { Name = "inner"; };',
        '#pragma namespace("inner")',
        'class A { [key] string Id; };',
        'instance of A { Id = "x"; Nope = 1; };',
      ].join('\n'),
    );
    const data = join(dir, 'two');
    const result = await runWbemrx(['mofcomp', '--atomic', file, '--data-dir', data]);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /WBEM_E_INVALID_PROPERTY: .*bad\.mof:7:1/);
    assert.match(result.stderr, /namespace restored/);
    const after = await runWbemrx(['enum-classes', '-n', 'root/atom', '--data-dir', data]);
    assert.match(after.stderr, /WBEM_E_INVALID_NAMESPACE/);
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { useColor } from '../../src/cli/cli-io.js';
import { type DataDirEnvironment, defaultDataDir } from '../../src/cli/data-dir.js';
import { fixture, runWbemrx } from './run-wbemrx.js';

describe('wbemrx data directory', () => {
  const cases: readonly { desc: string; env: DataDirEnvironment; expect: string }[] = [
    {
      desc: 'XDG_DATA_HOME is set on Linux',
      env: { env: { XDG_DATA_HOME: '/data' }, platform: 'linux', home: '/home/u' },
      expect: '/data/wbemrx',
    },
    {
      desc: 'XDG_DATA_HOME is unset on Linux',
      env: { env: {}, platform: 'linux', home: '/home/u' },
      expect: '/home/u/.local/share/wbemrx',
    },
    {
      desc: 'XDG_DATA_HOME is relative (the XDG spec says to ignore it)',
      env: { env: { XDG_DATA_HOME: 'rel' }, platform: 'linux', home: '/home/u' },
      expect: '/home/u/.local/share/wbemrx',
    },
    {
      desc: 'the platform is macOS',
      env: { env: { XDG_DATA_HOME: '/data' }, platform: 'darwin', home: '/Users/u' },
      expect: '/Users/u/Library/Application Support/wbemrx',
    },
    {
      desc: 'the platform is Windows',
      env: {
        env: { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' },
        platform: 'win32',
        home: 'C:\\Users\\u',
      },
      expect: 'C:\\Users\\u\\AppData\\Local\\wbemrx',
    },
    {
      desc: 'WBEMRX_DATA_DIR is set',
      env: {
        env: { WBEMRX_DATA_DIR: '/srv/cim', XDG_DATA_HOME: '/data' },
        platform: 'linux',
        home: '/h',
      },
      expect: '/srv/cim',
    },
  ];
  for (const c of cases) {
    it(`is ${c.expect} when ${c.desc}`, () => {
      assert.equal(defaultDataDir(c.env), c.expect);
    });
  }

  it('is printed by --help when WBEMRX_DATA_DIR names it', async () => {
    const result = await runWbemrx(['--help'], { env: { WBEMRX_DATA_DIR: '/srv/cim' } });
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^Data directory: \/srv\/cim$/m);
  });
});

describe('wbemrx colour', () => {
  const cases: readonly [string, Record<string, string>, boolean, boolean][] = [
    ['is on when stderr is a terminal', {}, true, true],
    ['is off when stderr is not a terminal', {}, false, false],
    ['is off when NO_COLOR is set', { NO_COLOR: '1' }, true, false],
    ['is on when FORCE_COLOR is set', { FORCE_COLOR: '1', NO_COLOR: '1' }, false, true],
    ['is off when FORCE_COLOR is 0', { FORCE_COLOR: '0' }, false, false],
    ['is off when TERM is dumb', { TERM: 'dumb' }, true, false],
  ];
  for (const [desc, env, tty, expect] of cases) {
    it(`${desc}`, () => assert.equal(useColor(env, tty), expect));
  }

  it('prints the HRESULT name in red when FORCE_COLOR is set, and plain when NO_COLOR is', async () => {
    const red = await runWbemrx(['frobnicate'], { env: { FORCE_COLOR: '1' } });
    const esc = String.fromCharCode(27);
    assert.ok(red.stderr.startsWith(`${esc}[31mWBEM_E_INVALID_PARAMETER${esc}[39m: `), red.stderr);
    const plain = await runWbemrx(['frobnicate'], { env: { NO_COLOR: '1', FORCE_COLOR: '' } });
    assert.match(plain.stderr, /^WBEM_E_INVALID_PARAMETER: /);
  });
});

describe('wbemrx suggestions and output for a person', () => {
  let dir = '';
  const wbemrx = (...args: string[]) => runWbemrx([...args, '--data-dir', dir]);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wbemrx-person-'));
    const loaded = await wbemrx('mofcomp', fixture('small.mof'));
    assert.equal(loaded.code, 0, loaded.stderr);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('suggests the closest command when a command is mistyped', async () => {
    const result = await runWbemrx(['get-clas', 'X']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /unknown command 'get-clas' \(did you mean 'get-class'\?\)/);
  });

  it('suggests the closest option when an option is mistyped', async () => {
    const result = await runWbemrx(['enum-classes', '--shalow']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Unknown option '--shalow' \(did you mean '--shallow'\?\)/);
  });

  it('fails with WBEM_E_NOT_FOUND and suggests the closest class when a class is mistyped', async () => {
    const result = await wbemrx('get-class', 'Test_Devise');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^WBEM_E_NOT_FOUND: .*did you mean 'Test_Device'\?/);
  });

  it('lists classes sorted by name when the MOF declared them in another order', async () => {
    const result = await wbemrx('enum-classes');
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n'), ['Test_Device', 'Test_Element']);
  });

  it('lists root and root/cimv2 when the repository is new', async () => {
    const result = await runWbemrx(['namespaces', '--memory']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n'), ['root', 'root/cimv2']);
  });

  it('lists instance paths and prints one instance when given its path', async () => {
    const list = await wbemrx('instances', 'Test_Element');
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(list.stdout.trim().split('\n'), ['Test_Device.Name="dev0"']);
    const one = await wbemrx('get-instance', 'Test_Device.Name="dev0"');
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /^ {2}Name = "dev0"$/m);
    const json = await wbemrx('get-instance', 'Test_Device.Name="dev0"', '--json');
    assert.match(json.stdout, /"kind": "instance"/);
  });

  it('fails with WBEM_E_NOT_FOUND when get-instance names no instance', async () => {
    const result = await wbemrx('get-instance', 'Test_Device.Name="nope"');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^WBEM_E_NOT_FOUND: /);
  });

  it('prints types as words when get-class --json is given', async () => {
    const result = await wbemrx('get-class', 'Test_Device', '--json');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /"type": "string"/);
    assert.doesNotMatch(result.stdout, /"type": \d/);
  });

  it('names the missing file, without a 0:0 position, when a MOF file does not exist', async () => {
    const result = await runWbemrx(['mofcomp', '--memory', '/no/such/file.mof']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /\/no\/such\/file\.mof/);
    assert.doesNotMatch(result.stderr, /:0:0/);
  });

  it('shows no empty Options heading when delete-class --help is given', async () => {
    const result = await runWbemrx(['delete-class', '--help']);
    assert.doesNotMatch(result.stdout, /Options:\n\S/);
    assert.match(result.stdout, /--yes/);
  });

  it('traces the command and the engine start when NODE_DEBUG=wbemrx', async () => {
    const result = await runWbemrx(['namespaces', '--memory'], { env: { NODE_DEBUG: 'wbemrx' } });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /WBEMRX \d+: command namespaces/);
    assert.match(result.stderr, /WBEMRX \d+: engine started in/);
  });

  it('fails with WBEM_E_CLASS_HAS_CHILDREN and deletes nothing when stdin is not a terminal and --yes is missing', async () => {
    const result = await wbemrx('delete-class', 'Test_Element');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^WBEM_E_CLASS_HAS_CHILDREN: Test_Element has 1 subclass .*--yes/);
    assert.equal((await wbemrx('get-class', 'Test_Device')).code, 0);
  });

  it('reports the classes and instances it removed when --yes is given', async () => {
    const result = await wbemrx('delete-class', 'Test_Element', '--yes');
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      /^deleted class Test_Element, 1 subclass and 1 instance from root\/cimv2$/m,
    );
    assert.equal((await wbemrx('enum-classes')).stdout, '');
  });
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import {
  type DataDirSession,
  dataDirSession,
  fixture,
  MAIN_JS,
  spawnWbemrx,
} from './run-wbemrx.js';

/**
 * What a command loads shows only from inside its process: this file, preloaded, lists at exit the
 * built-ins Node loaded after it and the files required, on stderr.
 */
const PRELOAD = fixture('list-modules.cjs');

interface LoadedModules {
  readonly builtins: readonly string[];
  readonly files: readonly string[];
}

function loadedModules(stderr: string): LoadedModules {
  const line = /^LOADED (.*)$/m.exec(stderr);
  assert.ok(line?.[1] !== undefined, stderr);
  return JSON.parse(line[1]) as LoadedModules;
}

// The other CLI tests run the verbs in this process; these run the compiled entry point as the
// installed `bin` does, for what only a process shows: argv, exit status, signals, and a data
// directory that outlives the process that wrote it.
describe('wbemrx as a process', () => {
  let session: DataDirSession;

  before(async () => {
    session = await dataDirSession('wbemrx-bin-');
  });
  after(() => session.dispose());

  it('lists the commands on stdout and exits 0 when --help is given', async () => {
    const result = await spawnWbemrx(['--help']).exited;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Usage: wbemrx <command> \[options\]$/m);
    assert.match(result.stdout, /^ {2}mofcomp /m);
    assert.equal(result.stderr, '');
  });

  it('keeps what mofcomp wrote to a durable data dir for the next process', async () => {
    const load = await spawnWbemrx(['mofcomp', fixture('small.mof'), '--data-dir', session.dir])
      .exited;
    assert.equal(load.code, 0, load.stderr);
    assert.match(
      load.stdout,
      /2 classes created, 0 updated, 3 qualifier declarations, 1 instance$/m,
    );
    const read = await spawnWbemrx(['get-class', 'Test_Device', '--data-dir', session.dir]).exited;
    assert.equal(read.code, 0, read.stderr);
    assert.match(read.stdout, /^class Test_Device : Test_Element$/m);
  });

  it('exits 1 with <HRESULT name>: <message> on stderr and nothing on stdout when the verb fails', async () => {
    const result = await spawnWbemrx(['get-class', 'Test_Nothing', '--data-dir', session.dir])
      .exited;
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^WBEM_E_NOT_FOUND: .*Test_Nothing/);
  });

  it('stops watching on SIGINT, shuts its engine down and exits 0', async () => {
    const watch = spawnWbemrx(['watch', '--memory', '--mof', fixture('small.mof')]);
    await watch.waitFor('stderr', /Ctrl-C to stop/);
    // Events are printed while watching, possibly after the prompt: wait for the last one the
    // MOF raises, so the signal tests shutting down and not how far delivery had got.
    await watch.waitFor('stdout', /__InstanceCreationEvent root\/cimv2 Test_Device$/m);
    watch.kill('SIGINT');
    const result = await watch.exited;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /__ClassCreationEvent root\/cimv2 Test_Element$/m);
  });

  it('loads no HTTP stack, child_process or native string extractor for a one-shot command', () => {
    const loaded = (args: readonly string[]): LoadedModules => {
      const result = spawnSync(process.execPath, ['--require', PRELOAD, MAIN_JS, ...args], {
        encoding: 'utf8',
        env: { ...process.env, WBEMRX_CODE_CACHE: 'off' },
      });
      assert.equal(result.status, 0, result.stderr);
      return loadedModules(result.stderr);
    };
    for (const args of [
      ['--help'],
      ['mofcomp', '--memory', fixture('small.mof')],
      ['get-class', 'Test_Device', '--data-dir', session.dir],
    ]) {
      const { builtins, files } = loaded(args);
      for (const name of ['http', 'https', 'child_process', 'tls']) {
        assert.ok(!builtins.includes(name), `wbemrx ${args.join(' ')} loaded ${name}`);
      }
      const extractor = files.filter((f) => /msgpackr-extract|detect-libc/.test(f));
      assert.deepEqual(extractor, [], `wbemrx ${args.join(' ')}`);
    }
    // The durable store's binding is found and loaded from inside the bundle.
    const durable = loaded(['get-class', 'Test_Device', '--data-dir', session.dir]);
    assert.ok(
      durable.files.some((f) => /lmdb.*\.node$/.test(f)),
      durable.files.join('\n'),
    );
  });

  it('loads the native string extractor when its hosts run on worker threads', async () => {
    const watch = spawnWbemrx(['watch', '--memory', '--mof', fixture('small.mof')], {
      nodeArgs: ['--require', PRELOAD],
    });
    await watch.waitFor('stdout', /__InstanceCreationEvent root\/cimv2 Test_Device$/m);
    watch.kill('SIGINT');
    const result = await watch.exited;
    assert.equal(result.code, 0, result.stderr);
    const { files } = loadedModules(result.stderr);
    assert.ok(
      files.some((f) => /msgpackr-extract[\\/]index\.js$/.test(f)),
      files.join('\n'),
    );
  });

  // What V8 runs the command with shows only in the trace (NODE_DEBUG=wbemrx).
  it("sets V8's interrupt budget for the command, unless node's command line gives one", () => {
    const run = (nodeArgs: readonly string[]): string => {
      const result = spawnSync(process.execPath, [...nodeArgs, MAIN_JS, '--version'], {
        encoding: 'utf8',
        env: { ...process.env, NODE_DEBUG: 'wbemrx', WBEMRX_CODE_CACHE: 'off' },
      });
      assert.equal(result.status, 0, result.stderr);
      return result.stderr;
    };
    // V8's own default is 67,584 (`node --v8-options`): the bin's budget is later.
    const set = /V8 --interrupt-budget=(\d+)$/m.exec(run([]));
    assert.ok(set !== null && Number(set[1]) > 67_584, set?.[0]);
    assert.match(run(['--interrupt-budget=70000']), /V8 --interrupt-budget=70000$/m);
  });
});

import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { WbemEngine } from '../../src/api/wbem-engine.js';
import { toJson } from '../../src/model/to-json.js';
import { type DataDirSession, dataDirSession, fixture, runWbemrx } from './run-wbemrx.js';

/** The qualifier declarations of `root/cimv2` in the durable store `dir`, sorted, as JSON. */
async function storedQualifiers(dir: string): Promise<string[]> {
  const engine = await WbemEngine.start({ storage: { path: dir }, hosts: 1 });
  try {
    const svc = await engine.connectServer('root/cimv2');
    const declarations = await svc.createQualifierDeclarationEnum();
    return declarations.map((d) => toJson(d)).sort();
  } finally {
    await engine.shutdown();
  }
}

describe('wbemrx mofcomp, get-class, enum-classes, delete-class on a durable data dir', () => {
  let session: DataDirSession;
  const wbemrx = (...args: string[]) => session.run(...args);

  before(async () => {
    session = await dataDirSession();
  });
  after(() => session.dispose());

  it('loads a MOF and reports what it created when the namespace is new', async () => {
    const result = await wbemrx('mofcomp', fixture('small.mof'));
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /2 classes created, 0 updated, 3 qualifier declarations, 1 instance$/m,
    );
  });

  it('prints the resolved class with inherited members marked when the class exists', async () => {
    const result = await wbemrx('get-class', 'test_device');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^class Test_Device : Test_Element$/m);
    assert.match(result.stdout, /string Name;.*inherited from Test_Element/);
    assert.match(result.stdout, /uint32 Speed = 100;/);
    assert.match(result.stdout, /uint32 Reset\(/);
  });

  it('prints the class as JSON with --json', async () => {
    const result = await wbemrx('get-class', 'Test_Device', '--json');
    assert.equal(result.code, 0, result.stderr);
    const cls = JSON.parse(result.stdout) as {
      name: string;
      superclass: string;
      properties: { name: string }[];
    };
    assert.equal(cls.name, 'Test_Device');
    assert.equal(cls.superclass, 'Test_Element');
    assert.deepEqual(cls.properties.map((p) => p.name).sort(), ['Caption', 'Name', 'Speed']);
  });

  it('prints only the local definition with --local', async () => {
    const result = await wbemrx('get-class', 'Test_Device', '--local');
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stdout, /string Name;/);
    assert.match(result.stdout, /uint32 Speed = 100;/);
  });

  it('lists every class deep, and only direct subclasses with --shallow', async () => {
    const all = await wbemrx('enum-classes');
    assert.equal(all.code, 0, all.stderr);
    assert.deepEqual(all.stdout.trim().split('\n').sort(), ['Test_Device', 'Test_Element']);
    const shallow = await wbemrx('enum-classes', 'Test_Element', '--shallow');
    assert.equal(shallow.code, 0, shallow.stderr);
    assert.deepEqual(shallow.stdout.trim().split('\n'), ['Test_Device']);
  });

  it('fails with WBEM_E_NOT_FOUND and exit code 1 when the class does not exist', async () => {
    const result = await wbemrx('get-class', 'Test_Nothing');
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^WBEM_E_NOT_FOUND: /);
  });

  it('fails with a WBEMMOF_E_ code and the file position when the MOF does not parse', async () => {
    const result = await wbemrx('mofcomp', fixture('bad-syntax.mof'));
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^WBEMMOF_E_\w+: .*bad-syntax\.mof:\d+:\d+: /);
  });

  it('fails with WBEMMOF_E_INVALID_FILE when a MOF file does not exist', async () => {
    const result = await wbemrx('mofcomp', join(session.dir, 'absent.mof'));
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^WBEMMOF_E_INVALID_FILE: /);
  });

  it('writes nothing with --dry-run', async () => {
    const result = await wbemrx('mofcomp', '--dry-run', fixture('last-class-fails.mof'));
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /dry run: nothing written/);
    const list = await wbemrx('enum-classes');
    assert.deepEqual(list.stdout.trim().split('\n').sort(), ['Test_Device', 'Test_Element']);
  });

  it('deletes the class and its subclasses', async () => {
    const result = await wbemrx('delete-class', 'Test_Element', '--yes');
    assert.equal(result.code, 0, result.stderr);
    const gone = await wbemrx('get-class', 'Test_Device');
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /^WBEM_E_NOT_FOUND: /);
  });

  it('fails with WBEM_E_NOT_FOUND when deleting a class that does not exist', async () => {
    const result = await wbemrx('delete-class', 'Test_Element');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^WBEM_E_NOT_FOUND: /);
  });
});

describe('wbemrx mofcomp --atomic', () => {
  let session: DataDirSession;
  const wbemrx = (...args: string[]) => session.run(...args);
  const classNames = async (): Promise<string[]> => {
    const result = await wbemrx('enum-classes');
    assert.equal(result.code, 0, result.stderr);
    return result.stdout.trim().split('\n').sort();
  };

  before(async () => {
    session = await dataDirSession('wbemrx-atomic-');
  });
  after(() => session.dispose());

  it('leaves the namespace as it was when the last class fails with WBEM_E_NOT_FOUND', async () => {
    const base = await wbemrx('mofcomp', fixture('small.mof'));
    assert.equal(base.code, 0, base.stderr);
    const before = (await wbemrx('get-class', 'Test_Device', '--json')).stdout;
    const qualifiersBefore = await storedQualifiers(session.dir);
    assert.equal(qualifiersBefore.length, 3, 'small.mof declares three qualifiers');
    const result = await wbemrx('mofcomp', '--atomic', '--force', fixture('last-class-fails.mof'));
    assert.equal(result.code, 1);
    assert.match(result.stderr, /namespace restored/);
    assert.match(
      result.stderr,
      /^WBEM_E_NOT_FOUND: .*last-class-fails\.mof:\d+:\d+: class Test_Third/m,
    );
    assert.deepEqual(await classNames(), ['Test_Device', 'Test_Element']);
    assert.equal((await wbemrx('get-class', 'Test_Device', '--json')).stdout, before);
    assert.deepEqual(
      await storedQualifiers(session.dir),
      qualifiersBefore,
      'the added declaration is deleted and the changed one is put back',
    );
  });

  it('deletes the namespace it created when the load fails in a namespace that did not exist', async () => {
    const mof = join(session.dir, 'new-namespace.mof');
    await writeFile(
      mof,
      'class Test_A { string Name; };\n#pragma classflags("updateonly")\nclass Test_B : Test_A { uint32 N; };\n',
    );
    const result = await wbemrx('mofcomp', '--atomic', '--namespace', 'root/fresh', mof);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^WBEM_E_NOT_FOUND: .*class Test_B/m);
    const list = await wbemrx('enum-classes', '--namespace', 'root/fresh');
    assert.equal(list.code, 1);
    assert.match(list.stderr, /^WBEM_E_INVALID_NAMESPACE: /);
  });

  it('keeps what was loaded before the failure when --atomic is not given', async () => {
    const result = await wbemrx('mofcomp', '--force', fixture('last-class-fails.mof'));
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^WBEM_E_NOT_FOUND: /);
    assert.ok((await classNames()).includes('Test_Second'));
    const qualifiers = (await storedQualifiers(session.dir)).join('\n');
    assert.match(qualifiers, /"Test_Added"/, 'the fixture does add a declaration');
    assert.match(qualifiers, /changed by the failed load/, 'and does change one');
  });
});

describe('wbemrx watch', () => {
  it('keeps watching until Ctrl-C, then shuts down and exits 0', async () => {
    const controller = new AbortController();
    let watching = (): void => {};
    const prompted = new Promise<void>((resolve) => {
      watching = resolve;
    });
    // Events are printed while watching, possibly after the prompt: Ctrl-C comes once the last
    // event the MOF raises is out, so the test is about stopping, not about how far delivery got.
    const running = runWbemrx(['watch', '--memory', '--mof', fixture('small.mof')], {
      signal: controller.signal,
      onOutput: (stdout, stderr) => {
        if (
          stderr.includes('Ctrl-C to stop') &&
          /__InstanceCreationEvent root\/cimv2 Test_Device$/m.test(stdout)
        )
          watching();
      },
    });
    const ended = running.then((r) => {
      throw new Error(`watch ended before Ctrl-C (exit ${r.code}): ${r.stderr}`);
    });
    await Promise.race([prompted, ended]);
    controller.abort();
    const result = await running;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /__ClassCreationEvent root\/cimv2 Test_Element$/m);
  });

  it('streams the class creation events of the MOF it loads when --once is given', async () => {
    const result = await runWbemrx(['watch', '--memory', '--once', '--mof', fixture('small.mof')]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /__ClassCreationEvent root\/cimv2 Test_Element$/m);
    assert.match(result.stdout, /__ClassCreationEvent root\/cimv2 Test_Device$/m);
  });
});

describe('wbemrx mofcomp of the DMTF CIM schema 2.41', () => {
  const schema = fileURLToPath(
    new URL('../../../test/fixtures/cim-schema-2.41/cim_schema_2.41.0.mof', import.meta.url),
  );

  it('loads every class when --rules dmtf is given', async () => {
    const result = await runWbemrx(['mofcomp', '--memory', '--rules', 'dmtf', schema]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /compiled 1441 files/);
    assert.match(result.stdout, /1438 classes created, 0 updated, 70 qualifier declarations/);
  });
});

// The whole DMTF schema fails the same way at CIM_PolicyInSystem (mof/schema-load.test.ts pins
// that position); here the point is what the command says, so a two-class MOF shows it.
describe('wbemrx mofcomp --rules', () => {
  it('fails with WBEM_E_CANNOT_BE_ABSTRACT and points at --rules dmtf under WMI rules', async () => {
    const result = await runWbemrx(['mofcomp', '--memory', fixture('abstract-below-concrete.mof')]);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^WBEM_E_CANNOT_BE_ABSTRACT: .*abstract-below-concrete\.mof:\d+:\d+: .*needs --rules dmtf\)$/m,
    );
  });

  it('loads an abstract class below a concrete one when --rules dmtf is given', async () => {
    const result = await runWbemrx([
      'mofcomp',
      '--memory',
      '--rules',
      'dmtf',
      fixture('abstract-below-concrete.mof'),
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /2 classes created, 0 updated, 1 qualifier declaration\b/);
  });
});

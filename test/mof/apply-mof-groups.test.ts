import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyMof, type MofTarget } from '../../src/mof/apply-mof.js';
import {
  WBEM_E_ACCESS_DENIED,
  WBEM_E_FAILED,
  WBEM_E_NOT_FOUND,
  WBEM_E_NOT_SUPPORTED,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { compileText } from './helpers/memory-files.js';
import { rejectsMof } from './helpers/mof-assert.js';

/** A target that logs `start:<what>` and `end:<what>` around every call, each taking a tick. */
function loggingTarget(fail?: (what: string) => boolean): MofTarget & { log: string[] } {
  const log: string[] = [];
  const call = async (what: string): Promise<void> => {
    log.push(`start:${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
    log.push(`end:${what}`);
    if (fail?.(what) === true) throw new WbemError(WBEM_E_FAILED, { message: `refused ${what}` });
  };
  return {
    log,
    putQualifierDeclaration: (_ns, d) => call(`q:${d.name}`),
    putClass: (_ns, cls) => call(`c:${cls.name}`),
    putInstance: (_ns, i) => call(`i:${i.className}`),
    deleteClass: (_ns, name) => call(`dc:${name}`),
    deleteInstance: (_ns, path) => call(`di:${path}`),
    createNamespace: (_parent, name) => call(`ns:${name}`),
  };
}

/** The calls that started while another was still running. */
function overlaps(log: readonly string[]): string[] {
  const running = new Set<string>();
  const out: string[] = [];
  for (const entry of log) {
    const [edge, what] = entry.split(/:(.*)/s) as [string, string];
    if (edge === 'start') {
      if (running.size > 0) out.push(`${what} during ${[...running].join('+')}`);
      running.add(what);
    } else running.delete(what);
  }
  return out;
}

const MOF = `Qualifier Key : boolean = false, Scope(property), Flavor(DisableOverride, ToSubclass);
Qualifier Note : string = null, Scope(any);
class A { [Key] uint32 K; };
class B { [Key] uint32 K; };
instance of A { K = 1; };
instance of A { K = 2; };
#pragma deleteclass("Old1", NOFAIL)
#pragma deleteclass("Old2", NOFAIL)
`;

describe('applyMof: groups of operations', () => {
  it('overlaps operations only when they share kind and level, and runs each barrier alone', async () => {
    const target = loggingTarget();
    await applyMof(compileText(MOF).operations, target, { window: 8 });
    assert.deepEqual(overlaps(target.log), [
      'q:Note during q:Key',
      'c:B during c:A',
      'i:A during i:A',
    ]);
    assert.deepEqual(
      target.log.filter((e) => e.startsWith('start:')),
      ['q:Key', 'q:Note', 'c:A', 'c:B', 'i:A', 'i:A', 'dc:Old1', 'dc:Old2'].map(
        (w) => `start:${w}`,
      ),
    );
  });

  it('counts qualifiers, classes and instances when pragmas and namespaces are loaded too', async () => {
    const text = `${MOF}#pragma deleteinstance("A.K=1", NOFAIL)\ninstance of __Namespace { Name = "child"; };\n`;
    const result = await applyMof(compileText(text).operations, loggingTarget());
    assert.deepEqual(result, { qualifiers: 2, classes: 2, instances: 2 });
  });
});

describe('applyMof: failures of repository statements', () => {
  it('names the pragma and its path when a deleteinstance fails', async () => {
    const ops = compileText('#pragma deleteinstance("A.K=1", FAIL)\n').operations;
    await rejectsMof(
      applyMof(
        ops,
        loggingTarget((w) => w.startsWith('di:')),
      ),
      {
        hresult: WBEM_E_FAILED,
        line: 1,
        reason: /^#pragma deleteinstance\("A\.K=1"\) in root\/cimv2 failed: refused di:A\.K=1$/,
      },
    );
  });

  it('names the pragma and its class when a deleteclass fails', async () => {
    const ops = compileText('#pragma deleteclass("Acme_Old", FAIL)\n').operations;
    await rejectsMof(
      applyMof(
        ops,
        loggingTarget((w) => w.startsWith('dc:')),
      ),
      {
        hresult: WBEM_E_FAILED,
        line: 1,
        reason: /^#pragma deleteclass\("Acme_Old"\) in root\/cimv2 failed: refused dc:Acme_Old$/,
      },
    );
  });

  it('skips a NOFAIL pragma whose class or instance is missing, and fails on any other error', async () => {
    const ops = compileText(
      '#pragma deleteclass("Gone", NOFAIL)\n#pragma deleteinstance("Gone.K=1", NOFAIL)\n',
    ).operations;
    const refusing = (error: Error): MofTarget => ({
      ...loggingTarget(),
      deleteClass: () => Promise.reject(error),
      deleteInstance: () => Promise.reject(error),
    });
    assert.deepEqual(
      await applyMof(ops, refusing(new WbemError(WBEM_E_NOT_FOUND, { message: 'no Gone' }))),
      { qualifiers: 0, classes: 0, instances: 0 },
    );
    await rejectsMof(applyMof(ops, refusing(new WbemError(WBEM_E_ACCESS_DENIED))), {
      hresult: WBEM_E_ACCESS_DENIED,
      line: 1,
    });
    await rejectsMof(applyMof(ops, refusing(new TypeError('boom'))), {
      hresult: WBEM_E_FAILED,
      line: 1,
    });
  });

  it('names the qualifier declaration and the instance when their put fails', async () => {
    await rejectsMof(
      applyMof(
        compileText('Qualifier Q : string, Scope(any);\n').operations,
        loggingTarget((w) => w.startsWith('q:')),
      ),
      {
        hresult: WBEM_E_FAILED,
        line: 1,
        reason: /^qualifier Q in root\/cimv2 failed: refused q:Q$/,
      },
    );
    await rejectsMof(
      applyMof(
        compileText('class A { [Key] string K; };\ninstance of A { K = "x"; };\n').operations,
        loggingTarget((w) => w.startsWith('i:')),
      ),
      {
        hresult: WBEM_E_FAILED,
        line: 2,
        reason: /^instance of A in root\/cimv2 failed: refused i:A$/,
      },
    );
  });

  it('starts no put of a level after one of it failed', async () => {
    const siblings = Array.from({ length: 20 }, (_, i) => `class S${i} {};`).join('\n');
    const target = loggingTarget((w) => w === 'c:S0');
    await rejectsMof(applyMof(compileText(siblings).operations, target, { window: 2 }), {
      hresult: WBEM_E_FAILED,
      line: 1,
    });
    // S0 fails when its put ends; S1, in flight beside it, ends too, and nothing starts after.
    assert.deepEqual(
      target.log.filter((e) => e.startsWith('start:')),
      ['start:c:S0', 'start:c:S1'],
    );
  });

  it('names the namespace instance when its creation fails', async () => {
    const ops = compileText('instance of __Namespace { Name = "child"; };\n').operations;
    await rejectsMof(
      applyMof(
        ops,
        loggingTarget((w) => w.startsWith('ns:')),
      ),
      {
        hresult: WBEM_E_FAILED,
        line: 1,
        reason: /^instance of __Namespace \("child"\) in root\/cimv2 failed: refused ns:child$/,
      },
    );
  });

  for (const c of [
    {
      mof: '#pragma deleteinstance("A.K=1", FAIL)\n',
      lacks: 'deleteInstance',
      what: 'delete instances',
    },
    { mof: '#pragma deleteclass("A", FAIL)\n', lacks: 'deleteClass', what: 'delete classes' },
    {
      mof: 'instance of __Namespace { Name = "child"; };\n',
      lacks: 'createNamespace',
      what: 'create namespaces',
    },
  ] as const) {
    it(`fails with WBEM_E_NOT_SUPPORTED when the target cannot ${c.what}`, async () => {
      const { [c.lacks]: _lacking, ...target } = loggingTarget();
      const e = await rejectsMof(applyMof(compileText(c.mof).operations, target), {
        hresult: WBEM_E_NOT_SUPPORTED,
        line: 1,
      });
      assert.match(e.reason, new RegExp(`failed: this target cannot ${c.what}$`));
    });
  }
});

/**
 * SIGKILL crash test through the whole engine on the durable store: every acknowledged call is
 * there after a restart, exactly as acknowledged, and no change set is half there.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CIM_STRING, CIM_UINT32, type CimClass, WbemEngine } from '../../src/index.js';

const CHILD = fileURLToPath(new URL('./fixtures/crash-child.js', import.meta.url));
const BASES = 4;
const SUBS = 3;

interface Ack {
  readonly kind: 'ready' | 'base' | 'new';
  readonly name?: string;
  readonly version?: number;
}

/**
 * Runs the child until it has acknowledged `killAfterAcks` calls past its 'ready' line, then
 * SIGKILLs it. The child keeps 32 calls in flight, so the kill lands in the middle of whatever it
 * is committing at that moment; counting acknowledgements rather than waiting a time makes each
 * round do the same work on an idle machine and on a loaded one.
 */
function runAndKill(dir: string, killAfterAcks: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acks: Ack[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const lines = createInterface({ input: child.stdout });
    let ready = false;
    let counted = 0;
    lines.on('line', (line) => {
      const ack = JSON.parse(line) as Ack;
      acks.push(ack);
      if (ack.kind === 'ready') ready = true;
      else if (ready && ++counted === killAfterAcks) child.kill('SIGKILL');
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (_code, signal) => {
      clearTimeout(guard);
      // Let readline deliver the lines already read before the kill.
      setImmediate(() => {
        if (signal !== 'SIGKILL') reject(new Error(`child ended on its own: ${stderr}`));
        else if (counted < killAfterAcks)
          reject(
            new Error(`child was stopped after ${counted} of ${killAfterAcks} acknowledgements`),
          );
        else resolve(acks);
      });
    });
  });
}

function versionOf(cls: CimClass): number {
  const value = cls.properties.get('version')?.value;
  assert.equal(typeof value, 'number', `${cls.name}.Version`);
  return value as number;
}

async function checkRepository(dir: string, acks: readonly Ack[]): Promise<number> {
  const engine = await WbemEngine.start({ storage: { path: dir }, hosts: 1 });
  try {
    const svc = await engine.connectServer('root');
    const lastBase = new Map<string, number>();
    for (const ack of acks) {
      if (ack.kind === 'base') lastBase.set(ack.name as string, ack.version as number);
      if (ack.kind === 'new') {
        const cls = await svc.getClass(ack.name as string);
        assert.equal(cls.properties.get('n')?.value, ack.version, `${ack.name} as acknowledged`);
      }
    }
    for (let i = 0; i < BASES; i++) {
      const base = await svc.getClass(`Crash_Base${i}`);
      const version = versionOf(base);
      // A later update may have committed before its acknowledgement was printed; never an older one.
      assert.ok(
        version >= (lastBase.get(`Crash_Base${i}`) ?? 0),
        `${base.name} lost an acknowledged update`,
      );
      assert.equal(
        version === 0 || version % BASES === i,
        true,
        `${base.name} has a foreign version`,
      );
      const pType = base.properties.get('p')?.type;
      assert.equal(
        pType,
        version % 2 === 0 ? CIM_UINT32 : CIM_STRING,
        `${base.name}.P matches its version`,
      );
      for (let j = 0; j < SUBS; j++) {
        const sub = await svc.getClass(`Crash_Sub${i}_${j}`);
        // The force update rewrote the subclass in the same change set: both or neither.
        assert.equal(versionOf(sub), version, `${sub.name} inherits the committed base version`);
        assert.equal(sub.properties.get('p')?.type, pType, `${sub.name}.P agrees with its base`);
        assert.equal(sub.properties.get('own')?.value, j);
      }
    }
    const all = await svc.createClassEnum(null);
    return all.filter((c) => c.name.startsWith('Crash_New')).length;
  } finally {
    await engine.shutdown();
  }
}

describe('durable engine under SIGKILL', () => {
  it('keeps every acknowledged class exactly as acknowledged, with no half-applied change, across kills at random moments', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wbemrx-crash-'));
    try {
      // Early in the first commits, then after a few hundred calls on a repository that has
      // been through one and two restarts.
      const kills = [
        1 + Math.floor(Math.random() * 10),
        50 + Math.floor(Math.random() * 200),
        250 + Math.floor(Math.random() * 400),
      ];
      let total = 0;
      for (const killAfterAcks of kills) {
        const acks = await runAndKill(dir, killAfterAcks);
        const created = acks.filter((a) => a.kind === 'new').length;
        total += created;
        const stored = await checkRepository(dir, acks);
        assert.ok(stored >= created, `stored ${stored} new classes, acknowledged ${created}`);
      }
      assert.ok(total > 0, 'the child acknowledged nothing before it was killed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runParseTask } from '../../src/mof/parse-task.js';

describe('runParseTask (one batch of the MOF parse pool)', () => {
  it('parses text sent with the task and reads the others, bytes decoded', () => {
    const read: string[] = [];
    const outcomes = runParseTask(
      {
        files: [
          { path: 'a.mof', text: 'class A {};' },
          { path: 'b.mof', text: null },
          { path: 'c.mof', text: null },
        ],
      },
      (path) => {
        read.push(path);
        return path === 'b.mof'
          ? Uint8Array.from([
              0xff, 0xfe, 0x63, 0, 0x6c, 0, 0x61, 0, 0x73, 0, 0x73, 0, 0x20, 0, 0x42, 0, 0x7b, 0,
              0x7d, 0, 0x3b, 0,
            ])
          : undefined;
      },
    );
    assert.deepEqual(read, ['b.mof', 'c.mof']);
    assert.deepEqual(
      outcomes.map((o) => [o.kind, o.path]),
      [
        ['ok', 'a.mof'],
        ['ok', 'b.mof'],
        ['unreadable', 'c.mof'],
      ],
    );
    const b = outcomes[1];
    assert.ok(b?.kind === 'ok');
    assert.equal(b.file.declarations.length, 1);
    const a = outcomes[0];
    assert.ok(a?.kind === 'ok');
    assert.equal((a.file.declarations[0] as { name?: string }).name, 'A');
  });

  it('gives the positioned error as data when a file does not parse', () => {
    const [outcome] = runParseTask(
      { files: [{ path: 'bad.mof', text: 'class A {\n  uint32 }' }] },
      () => assert.fail('nothing to read'),
    );
    assert.ok(outcome?.kind === 'fail');
    assert.deepEqual(
      { ...outcome.error, hresult: outcome.error.hresult >>> 0 },
      {
        hresult: 0x8004400c,
        file: 'bad.mof',
        line: 2,
        column: 10,
        reason: 'expected a property or method name, found "}"',
      },
    );
    const [badBytes] = runParseTask({ files: [{ path: 'x.mof', text: null }] }, () =>
      Uint8Array.from([0x41, 0xff]),
    );
    assert.ok(badBytes?.kind === 'fail');
    assert.equal(badBytes.error.line, 1);
    assert.equal(badBytes.error.column, 2);
  });

  it('passes on a failure that is not a MOF error', () => {
    assert.throws(
      () =>
        runParseTask({ files: [{ path: 'x.mof', text: null }] }, () => 5 as unknown as Uint8Array),
      TypeError,
    );
  });
});

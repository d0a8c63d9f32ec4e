/**
 * `wbemrx enum-classes` prints names it gets by EnumerateClassNames, and `--json` whole classes by
 * CreateClassEnum: on a durable repository holding a deep tree, both list the same classes for
 * every option, sorted alike; a mistyped superclass or class still gets its hint.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type DataDirSession, dataDirSession } from './run-wbemrx.js';

/** A chain of 12 below Names_Root, two siblings at each level, names in varied case. */
function treeMof(): string {
  const lines = ['#pragma namespace("root/cimv2")', 'class Names_Root { string Id; };'];
  let parent = 'Names_Root';
  for (let depth = 1; depth <= 12; depth++) {
    const link = depth % 2 === 0 ? `NAMES_LINK_${depth}` : `names_link_${depth}`;
    lines.push(`class ${link} : ${parent} { uint32 L${depth}; };`);
    lines.push(`class Names_Side_${depth} : ${parent} { uint32 S${depth}; };`);
    parent = link;
  }
  lines.push('class Names_Other { string Id; };');
  return `${lines.join('\n')}\n`;
}

describe('wbemrx enum-classes: names', () => {
  let session: DataDirSession;
  before(async () => {
    session = await dataDirSession('wbemrx-names-');
    const file = join(session.dir, 'tree.mof');
    await writeFile(file, treeMof());
    const loaded = await session.run('mofcomp', file);
    assert.equal(loaded.code, 0, loaded.stderr);
  });
  after(() => session.dispose());

  const OPTIONS: readonly (readonly string[])[] = [
    [],
    ['--system'],
    ['--shallow'],
    ['--shallow', '--system'],
    ['Names_Root'],
    ['names_root', '--shallow'],
    ['NAMES_LINK_6'],
    ['names_link_11', '--shallow'],
    ['__SystemClass', '--shallow'],
    ['__Event'],
  ];

  for (const args of OPTIONS) {
    it(`prints the names of the classes --json prints when given ${args.join(' ') || 'nothing'}`, async () => {
      const names = await session.run('enum-classes', ...args);
      assert.equal(names.code, 0, names.stderr);
      const json = await session.run('enum-classes', ...args, '--json');
      assert.equal(json.code, 0, json.stderr);
      const classes = JSON.parse(json.stdout) as { name: string }[];
      const expected = classes.map((c) => `${c.name}\n`).join('');
      assert.equal(names.stdout, expected);
    });
  }

  it('lists the whole chain below the root, sorted by name', async () => {
    const result = await session.run('enum-classes', 'Names_Root');
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines.length, 24);
    const sorted = [...lines].sort((a, b) => {
      const [la, lb] = [a.toLowerCase(), b.toLowerCase()];
      return la < lb ? -1 : la > lb ? 1 : 0;
    });
    assert.deepEqual(lines, sorted);
    assert.ok(lines.includes('NAMES_LINK_12') && lines.includes('names_link_1'));
  });

  it('fails with WBEM_E_INVALID_CLASS and suggests the closest class when the superclass is mistyped', async () => {
    const result = await session.run('enum-classes', 'Names_Rot');
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^WBEM_E_INVALID_CLASS: .*did you mean 'Names_Root'\?/);
  });

  it('fails with WBEM_E_NOT_FOUND and suggests the stored spelling when get-class is mistyped', async () => {
    const result = await session.run('get-class', 'NAMES_OTHR');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^WBEM_E_NOT_FOUND: .*did you mean 'Names_Other'\?/);
  });
});

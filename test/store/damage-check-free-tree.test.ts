/**
 * The free-page tree check (`free-tree.ts`), in-process: on a real LMDB file, and on free trees
 * written page by page (the layout of lmdb-js's LMDB, as the module describes it), each with one
 * fault, so that every refusal and its message is pinned.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { open } from 'lmdb';
import { checkFreeTree } from '../../src/store/durable/free-tree.js';
import { readStoreHeader, type StoreFileHeader } from '../../src/store/durable/lmdb-meta.js';

const root = mkdtempSync(join(tmpdir(), 'wbemrx-free-tree-'));
after(() => rmSync(root, { recursive: true, force: true }));
let files = 0;

const PS = 512;
const HEADER = 24;
const P_BRANCH = 0x01;
const P_LEAF = 0x02;
const P_OVERFLOW = 0x04;
const F_BIGDATA = 0x01;

/** A node: lo, hi, flags, key size, key, data. */
function node(lo: number, hi: number, flags: number, key: Buffer, data: Buffer = Buffer.alloc(0)) {
  const out = Buffer.alloc(8 + key.length + data.length);
  out.writeUInt16LE(lo, 0);
  out.writeUInt16LE(hi, 2);
  out.writeUInt16LE(flags, 4);
  out.writeUInt16LE(key.length, 6);
  key.copy(out, 8);
  data.copy(out, 8 + key.length);
  return out;
}

/** A branch node pointing at `child` (lo | hi << 16 | flags << 32). */
function child(pgno: number, key: Buffer = Buffer.alloc(0)): Buffer {
  return node(pgno & 0xffff, Math.floor(pgno / 0x10000) & 0xffff, Math.floor(pgno / 2 ** 32), key);
}

function txnKey(txn: number): Buffer {
  const key = Buffer.alloc(8);
  key.writeBigUInt64LE(BigInt(txn));
  return key;
}

/** A free-page list: a count, then the entries. */
function pageList(entries: readonly bigint[], count = entries.length): Buffer {
  const out = Buffer.alloc(8 * (entries.length + 1));
  out.writeBigUInt64LE(BigInt(count), 0);
  for (const [i, entry] of entries.entries()) out.writeBigInt64LE(entry, 8 * (i + 1));
  return out;
}

/** A leaf node mapping `txn` to an inline list. */
function inline(txn: number, list: Buffer): Buffer {
  return node(list.length & 0xffff, Math.floor(list.length / 0x10000), 0, txnKey(txn), list);
}

/** A leaf node mapping `txn` to `size` bytes in the overflow run starting at `pgno`. */
function big(txn: number, pgno: number, size: number, key = txnKey(txn)): Buffer {
  const data = Buffer.alloc(8);
  data.writeBigUInt64LE(BigInt(pgno));
  return node(size & 0xffff, Math.floor(size / 0x10000), F_BIGDATA, key, data);
}

interface PageOptions {
  /** The page number the header names (defaults to the page's own). */
  named?: number;
  lower?: number;
  upper?: number;
  /** Node offsets to write instead of the real ones (relative to the end of the header). */
  offsets?: number[];
}

/** A page holding `nodes`, packed from the end of the page down. */
function page(pgno: number, flags: number, nodes: Buffer[], options: PageOptions = {}): Buffer {
  const out = Buffer.alloc(PS);
  out.writeBigUInt64LE(BigInt(options.named ?? pgno), 0);
  out.writeUInt16LE(flags, 18);
  let top = PS;
  const offsets: number[] = [];
  for (const bytes of nodes) {
    top -= bytes.length + (bytes.length % 2);
    bytes.copy(out, top);
    offsets.push(top - HEADER);
  }
  for (const [i, offset] of (options.offsets ?? offsets).entries()) {
    out.writeUInt16LE(offset, HEADER + 2 * i);
  }
  out.writeUInt16LE(options.lower ?? 2 * nodes.length, 20);
  out.writeUInt16LE(options.upper ?? top - HEADER, 22);
  return out;
}

/** The first page of an overflow run of `count` pages holding `data` after its header. */
function overflow(pgno: number, count: number, data: Buffer, named = pgno): Buffer {
  const out = Buffer.alloc(count * PS);
  out.writeBigUInt64LE(BigInt(named), 0);
  out.writeUInt16LE(P_OVERFLOW, 18);
  out.writeUInt32LE(count, 20);
  data.copy(out, HEADER);
  return out;
}

interface Tree {
  /** Page contents by first page number; pages not given are zero. */
  pages: Record<number, Buffer>;
  root: number | undefined;
  depth: number;
  entries: number;
  /** Defaults to the last page written. */
  lastPage?: number;
  /** Bytes written (defaults to every page up to the last); the header's size is this too. */
  fileSize?: number;
  /** The size the header reports, when it differs from the file's. */
  headerSize?: number;
}

/**
 * Writes the pages to a new file and returns it with the header its meta pages would give: the
 * tree is on the meta page LMDB would read; the other one names a root that is garbage.
 */
function writeTree(tree: Tree, txnIds: [bigint, bigint] = [4n, 5n]): [string, StoreFileHeader] {
  const ends = Object.entries(tree.pages).map(([at, bytes]) => Number(at) * PS + bytes.length);
  const length = tree.fileSize ?? Math.max(2 * PS, ...ends);
  const content = Buffer.alloc(Math.max(length, ...ends));
  for (const [at, bytes] of Object.entries(tree.pages)) bytes.copy(content, Number(at) * PS);
  const file = join(root, `f${files++}.mdb`);
  writeFileSync(file, content.subarray(0, length));
  const lastPage = tree.lastPage ?? Math.ceil(Math.max(...ends) / PS) - 1;
  const good = { root: tree.root, depth: tree.depth, entries: tree.entries };
  const garbage = { root: 1, depth: 7, entries: 99 };
  // LMDB reads the meta page with the higher txn id, meta page 0 when both are equal.
  const first = txnIds[0] >= txnIds[1];
  const metas = [
    { txnId: txnIds[0], lastPage, pageSize: PS, freeTree: first ? good : garbage },
    { txnId: txnIds[1], lastPage, pageSize: PS, freeTree: first ? garbage : good },
  ] as const;
  const header: StoreFileHeader = {
    size: tree.headerSize ?? length,
    pageSize: PS,
    metas,
    usedBytes: (lastPage + 1) * PS,
    metaHash: '',
  };
  return [file, header];
}

/**
 * A valid two-level tree: branch 2 over leaves 3 and 4; leaf 3 holds two inline lists, leaf 4
 * one list in the two-page overflow run 5..6. Three entries.
 */
function goodTree(): Tree {
  const list = pageList([7n, -3n, 0n, 6n]);
  const longList = pageList(Array.from({ length: 60 }, (_, i) => BigInt(i % 7)));
  return {
    pages: {
      2: page(2, P_BRANCH, [child(3), child(4, txnKey(9))]),
      3: page(3, P_LEAF, [inline(5, list), inline(6, pageList([]))]),
      4: page(4, P_LEAF, [big(9, 5, longList.length)]),
      5: overflow(5, 2, longList),
    },
    root: 2,
    depth: 2,
    entries: 3,
  };
}

function faultAt(pgno: number, what: string): { name: string; message: string } {
  return { name: 'Error', message: `free-space tree page ${pgno}: ${what}` };
}

function check(tree: Tree, txnIds?: [bigint, bigint]): number {
  return checkFreeTree(...writeTree(tree, txnIds));
}

describe('checkFreeTree on a real LMDB file', () => {
  it("counts the free tree's entries, as the newest meta page records them", async () => {
    const file = join(root, 'real.mdb');
    const db = open<string, string>({ path: file, noSubdir: true });
    for (let round = 0; round < 6; round++) {
      await db.transaction(() => {
        for (let i = 0; i < 200; i++) void db.put(`k${round}-${i}`, 'v'.repeat(300));
      });
      await db.transaction(() => {
        for (let i = 0; i < 150; i++) void db.remove(`k${round}-${i}`);
      });
    }
    await db.close();
    const header = readStoreHeader(file);
    assert.ok(header);
    const [m0, m1] = header.metas;
    const newest = m0.txnId > m1.txnId ? m0 : m1;
    assert.ok(newest.freeTree.entries > 0, 'deletions left free pages');
    assert.equal(checkFreeTree(file, header), newest.freeTree.entries);
  });
});

describe('checkFreeTree on a valid tree', () => {
  it('returns the number of entries in its leaves, inline and in overflow pages', () => {
    assert.equal(check(goodTree()), 3);
  });

  it('reads the tree of meta page 1 when its txn id is the newer', () => {
    assert.equal(check(goodTree(), [4n, 5n]), 3);
  });

  it('reads the tree of meta page 0 when its txn id is the newer', () => {
    assert.equal(check(goodTree(), [6n, 5n]), 3);
  });

  it('reads the tree of meta page 0 when both txn ids are equal, as LMDB picks it', () => {
    assert.equal(check(goodTree(), [0n, 0n]), 3);
  });

  it('returns 0 for an empty tree without reading the file', () => {
    const header = writeTree(goodTree())[1];
    const empty: StoreFileHeader = {
      ...header,
      metas: [
        { ...header.metas[0], txnId: 9n, freeTree: { root: undefined, depth: 0, entries: 0 } },
        header.metas[1],
      ],
    };
    assert.equal(checkFreeTree(join(root, 'absent.mdb'), empty), 0);
  });

  it('accepts a single leaf as the root of a tree of depth 1', () => {
    const tree: Tree = {
      pages: { 2: page(2, P_LEAF, [inline(3, pageList([3n]))]) },
      root: 2,
      depth: 1,
      entries: 1,
    };
    assert.equal(check(tree), 1);
  });

  it('accepts pages up to the last page, ending exactly at the end of the file', () => {
    const tree = goodTree();
    assert.equal(tree.pages[5]?.length, 2 * PS);
    assert.equal(check({ ...tree, lastPage: 6, fileSize: 7 * PS }), 3);
  });

  it('accepts list entries up to one past the last page, either sign', () => {
    const tree: Tree = {
      pages: { 2: page(2, P_LEAF, [inline(3, pageList([3n, -3n, 0n]))]) },
      root: 2,
      depth: 1,
      entries: 1,
    };
    assert.equal(check(tree), 1);
  });

  it('accepts a branch node ending at the last byte of its page', () => {
    const tree = goodTree();
    // One key-less node, 8 bytes, at the very end of the page.
    tree.pages[2] = page(2, P_BRANCH, [child(3)]);
    assert.equal(tree.pages[2].readUInt16LE(HEADER), PS - HEADER - 8);
    assert.equal(check({ ...tree, entries: 2 }), 2);
  });

  it('accepts a leaf node whose inline list ends at the last byte of its page', () => {
    const node = inline(3, pageList([3n]));
    assert.equal(node.length % 2, 0);
    const tree: Tree = {
      pages: { 2: page(2, P_LEAF, [node]) },
      root: 2,
      depth: 1,
      entries: 1,
    };
    assert.equal(tree.pages[2]?.readUInt16LE(HEADER), PS - HEADER - node.length);
    assert.equal(check(tree), 1);
  });

  it('accepts an overflow run exactly large enough for its list', () => {
    const list = pageList([], (PS - HEADER) / 8 - 1);
    const full = Buffer.concat([list, Buffer.alloc(PS - HEADER - list.length)]);
    const tree: Tree = {
      pages: { 2: page(2, P_LEAF, [big(3, 3, PS - HEADER)]), 3: overflow(3, 1, full) },
      root: 2,
      depth: 1,
      entries: 1,
    };
    assert.equal(check(tree), 1);
  });

  it('closes the file it read, whether the tree is whole or not', () => {
    const before = readdirSync('/proc/self/fd').length;
    check(goodTree());
    const bad = goodTree();
    bad.pages[3] = page(3, P_BRANCH, [child(4)]);
    assert.throws(() => check(bad));
    assert.equal(readdirSync('/proc/self/fd').length, before);
  });
});

describe('checkFreeTree refusing a damaged tree', () => {
  const cases: { desc: string; tree: () => Tree; fault: { name: string; message: string } }[] = [
    {
      desc: 'a child is page 1, a meta page',
      tree: () => ({
        ...goodTree(),
        pages: { ...goodTree().pages, 2: page(2, P_BRANCH, [child(1)]) },
      }),
      fault: faultAt(1, 'outside pages 2..6'),
    },
    {
      desc: 'a child is past the last page',
      tree: () => ({
        ...goodTree(),
        pages: { ...goodTree().pages, 2: page(2, P_BRANCH, [child(7)]) },
      }),
      fault: faultAt(7, 'outside pages 2..6'),
    },
    {
      desc: 'a child page number needs the node flags (a number past 2^32)',
      tree: () => ({
        ...goodTree(),
        pages: { ...goodTree().pages, 2: page(2, P_BRANCH, [child(2 ** 32 + 3)]) },
      }),
      fault: faultAt(2 ** 32 + 3, 'outside pages 2..6'),
    },
    {
      desc: 'a child is within the last page but past the end of the file',
      tree: () => ({
        ...goodTree(),
        pages: { ...goodTree().pages, 2: page(2, P_BRANCH, [child(3), child(8)]) },
        lastPage: 9,
      }),
      fault: faultAt(8, 'past the end of the 3584-byte file'),
    },
    {
      desc: 'an overflow page is within the last page but past the end of the file',
      tree: () => ({
        ...goodTree(),
        pages: { ...goodTree().pages, 4: page(4, P_LEAF, [big(9, 8, 100)]) },
        lastPage: 9,
      }),
      fault: faultAt(8, 'outside pages 2..9 or past the end of the file'),
    },
    {
      desc: 'the root is past the end of the file the header measured',
      tree: () => ({ ...goodTree(), headerSize: 2 * PS + 100 }),
      fault: faultAt(2, 'past the end of the 1124-byte file'),
    },
    {
      desc: 'a page is past the end of a file that shrank after its header was read',
      tree: () => ({ ...goodTree(), fileSize: 4 * PS + 100, headerSize: 7 * PS }),
      fault: faultAt(4, 'past the end of the 3584-byte file'),
    },
    {
      desc: 'an overflow run reaches past the last page',
      tree: () => {
        const tree = goodTree();
        tree.pages[5]?.writeUInt32LE(3, 20);
        return tree;
      },
      fault: faultAt(5, 'outside pages 2..6'),
    },
    {
      desc: 'an overflow run counts more pages than a huge last page allows in the file',
      tree: () => {
        const tree = goodTree();
        tree.pages[5]?.writeUInt32LE(2 ** 30, 20);
        return { ...tree, lastPage: 2 ** 31 };
      },
      fault: faultAt(5, 'past the end of the 3584-byte file'),
    },
    {
      desc: 'a branch points back at the root (a cycle)',
      tree: () => ({
        ...goodTree(),
        pages: { ...goodTree().pages, 3: page(3, P_BRANCH, [child(2)]) },
        depth: 3,
      }),
      fault: faultAt(2, 'reached twice (a cycle or shared page)'),
    },
    {
      desc: 'two branch nodes share a leaf',
      tree: () => ({
        ...goodTree(),
        pages: { ...goodTree().pages, 2: page(2, P_BRANCH, [child(3), child(3)]) },
      }),
      fault: faultAt(3, 'reached twice (a cycle or shared page)'),
    },
    {
      desc: 'an overflow run covers a leaf of the tree',
      tree: () => {
        const tree = goodTree();
        const longList = pageList(Array.from({ length: 60 }, () => 1n));
        tree.pages[4] = page(4, P_LEAF, [big(9, 3, longList.length)]);
        tree.pages[3] = overflow(3, 2, longList);
        tree.pages[2] = page(2, P_BRANCH, [child(4), child(3)]);
        return tree;
      },
      fault: faultAt(3, 'reached twice (a cycle or shared page)'),
    },
    {
      desc: "a page's header names another page",
      tree: () => {
        const tree = goodTree();
        tree.pages[3] = page(3, P_LEAF, [inline(5, pageList([]))], { named: 4 });
        return tree;
      },
      fault: faultAt(3, 'its header names page 4'),
    },
    {
      desc: "an overflow page's header names another page",
      tree: () => {
        const tree = goodTree();
        tree.pages[5]?.writeBigUInt64LE(6n, 0);
        return tree;
      },
      fault: faultAt(5, 'its header names page 6'),
    },
    {
      desc: 'a leaf stands where the depth needs a branch',
      tree: () => ({ ...goodTree(), root: 3 }),
      fault: faultAt(3, 'type 2, expected a branch page'),
    },
    {
      desc: 'a branch stands where the depth needs a leaf',
      tree: () => ({ ...goodTree(), depth: 1 }),
      fault: faultAt(2, 'type 1, expected a leaf page'),
    },
    {
      desc: 'a leaf page is an overflow page',
      tree: () => ({
        ...goodTree(),
        pages: { ...goodTree().pages, 3: overflow(3, 1, Buffer.alloc(8)) },
      }),
      fault: faultAt(3, 'type 4, expected a leaf page'),
    },
    {
      desc: 'a page has an odd lower bound',
      tree: () => ({
        ...goodTree(),
        pages: { ...goodTree().pages, 2: page(2, P_BRANCH, [child(3)], { lower: 3 }) },
      }),
      fault: faultAt(2, 'impossible bounds lower 3 upper 480'),
    },
    {
      desc: "a page's lower bound is above its upper bound",
      tree: () => ({
        ...goodTree(),
        pages: { ...goodTree().pages, 2: page(2, P_BRANCH, [child(3)], { lower: 482 }) },
      }),
      fault: faultAt(2, 'impossible bounds lower 482 upper 480'),
    },
    {
      desc: "a page's upper bound is past its end",
      tree: () => ({
        ...goodTree(),
        pages: {
          ...goodTree().pages,
          2: page(2, P_BRANCH, [child(3)], { upper: PS - HEADER + 2 }),
        },
      }),
      fault: faultAt(2, `impossible bounds lower 2 upper ${PS - HEADER + 2}`),
    },
    {
      desc: 'a page has no nodes',
      tree: () => ({
        ...goodTree(),
        pages: { ...goodTree().pages, 2: page(2, P_BRANCH, [], { upper: 100 }) },
      }),
      fault: faultAt(2, 'impossible bounds lower 0 upper 100'),
    },
    {
      desc: "a page's node area is empty (upper bound at its end)",
      tree: () => ({
        ...goodTree(),
        pages: {
          ...goodTree().pages,
          2: page(2, P_BRANCH, [child(3)], { upper: PS - HEADER, offsets: [PS - HEADER] }),
        },
      }),
      fault: faultAt(2, `node 0 at ${PS} is outside the page's node area`),
    },
    {
      desc: 'a node starts below the upper bound',
      tree: () => ({
        ...goodTree(),
        pages: {
          ...goodTree().pages,
          2: page(2, P_BRANCH, [child(3), child(4)], { offsets: [472, 462] }),
        },
      }),
      fault: faultAt(2, `node 1 at ${HEADER + 462} is outside the page's node area`),
    },
    {
      desc: "a node's header crosses the end of the page",
      tree: () => ({
        ...goodTree(),
        pages: {
          ...goodTree().pages,
          2: page(2, P_BRANCH, [child(3)], { offsets: [PS - HEADER - 6] }),
        },
      }),
      fault: faultAt(2, `node 0 at ${PS - 6} is outside the page's node area`),
    },
    {
      desc: "a branch node's key runs past the page",
      tree: () => {
        const tree = goodTree();
        const bytes = page(2, P_BRANCH, [child(3)]);
        bytes.writeUInt16LE(1, PS - 2);
        tree.pages[2] = bytes;
        return tree;
      },
      fault: faultAt(2, 'node 0 overruns the page'),
    },
    {
      desc: "a leaf node's key is not 8 bytes",
      tree: () => ({
        ...goodTree(),
        pages: {
          ...goodTree().pages,
          3: page(3, P_LEAF, [node(8, 0, 0, Buffer.alloc(4), pageList([]))]),
        },
      }),
      fault: faultAt(3, 'node 0 has a 4-byte key, not a txn id'),
    },
    {
      desc: "a leaf node's inline list runs past the page",
      tree: () => {
        const tree = goodTree();
        const bytes = page(3, P_LEAF, [inline(5, pageList([1n]))]);
        bytes.writeUInt16LE(17, PS - 32);
        tree.pages[3] = bytes;
        return tree;
      },
      fault: faultAt(3, 'node 0 overruns the page'),
    },
    {
      desc: "a big leaf node's overflow page number runs past the page",
      tree: () => {
        const tree = goodTree();
        const bytes = page(4, P_LEAF, [node(0, 1, F_BIGDATA, txnKey(9), Buffer.alloc(6))]);
        tree.pages[4] = bytes;
        return tree;
      },
      fault: faultAt(4, 'node 0 overruns the page'),
    },
    {
      desc: 'an overflow page number is 1',
      tree: () => ({
        ...goodTree(),
        pages: { ...goodTree().pages, 4: page(4, P_LEAF, [big(9, 1, 100)]) },
      }),
      fault: faultAt(1, 'outside pages 2..6 or past the end of the file'),
    },
    {
      desc: 'an overflow page number is past the last page',
      tree: () => ({
        ...goodTree(),
        pages: { ...goodTree().pages, 4: page(4, P_LEAF, [big(9, 7, 100)]) },
      }),
      fault: faultAt(7, 'outside pages 2..6 or past the end of the file'),
    },
    {
      desc: 'an overflow page is a leaf',
      tree: () => ({
        ...goodTree(),
        pages: { ...goodTree().pages, 4: page(4, P_LEAF, [big(9, 3, 100)]) },
      }),
      fault: faultAt(3, 'not an overflow page'),
    },
    {
      desc: 'an overflow run is too short for its list',
      tree: () => {
        const tree = goodTree();
        tree.pages[4] = page(4, P_LEAF, [big(9, 5, 2 * PS - HEADER + 1)]);
        return tree;
      },
      fault: faultAt(5, `2 overflow pages cannot hold ${2 * PS - HEADER + 1} bytes`),
    },
    {
      desc: 'an inline list is shorter than its count',
      tree: () => ({
        ...goodTree(),
        pages: { ...goodTree().pages, 3: page(3, P_LEAF, [inline(5, pageList([1n, 2n], 3))]) },
      }),
      fault: faultAt(3, 'a free-page list is cut off'),
    },
    {
      desc: 'an inline list is shorter than its count field',
      tree: () => ({
        ...goodTree(),
        pages: { ...goodTree().pages, 3: page(3, P_LEAF, [inline(5, Buffer.alloc(7))]) },
      }),
      fault: faultAt(3, 'a free-page list is cut off'),
    },
    {
      desc: 'an inline list counts 2^62 entries',
      tree: () => ({
        ...goodTree(),
        pages: { ...goodTree().pages, 3: page(3, P_LEAF, [inline(5, pageList([1n], 2 ** 62))]) },
      }),
      fault: faultAt(3, 'a free-page list is cut off'),
    },
    {
      desc: 'an overflow list is shorter than its count',
      tree: () => {
        const tree = goodTree();
        tree.pages[5]?.writeBigUInt64LE(61n, HEADER);
        return tree;
      },
      fault: faultAt(5, 'a free-page list is cut off'),
    },
    {
      desc: 'a list entry is two past the last page',
      tree: () => ({
        ...goodTree(),
        pages: { ...goodTree().pages, 3: page(3, P_LEAF, [inline(5, pageList([1n, 8n]))]) },
      }),
      fault: faultAt(3, 'lists free page entry 8, beyond last page 6'),
    },
    {
      desc: 'a negative list entry (a run length) is two past the last page',
      tree: () => ({
        ...goodTree(),
        pages: { ...goodTree().pages, 3: page(3, P_LEAF, [inline(5, pageList([-8n]))]) },
      }),
      fault: faultAt(3, 'lists free page entry -8, beyond last page 6'),
    },
    {
      desc: 'an overflow list names a page past the last',
      tree: () => {
        const tree = goodTree();
        tree.pages[5]?.writeBigInt64LE(1000n, HEADER + 8 * 60);
        return tree;
      },
      fault: faultAt(5, 'lists free page entry 1000, beyond last page 6'),
    },
  ];
  for (const { desc, tree, fault } of cases) {
    it(`fails naming the page when ${desc}`, () => {
      assert.throws(() => check(tree()), fault);
    });
  }

  it('fails naming both counts when the meta page counts more entries than the leaves hold', () => {
    assert.throws(() => check({ ...goodTree(), entries: 4 }), {
      name: 'Error',
      message: 'free-space tree counts 4 entries but 3 can be read',
    });
  });

  it('fails naming both counts when the meta page counts fewer entries than the leaves hold', () => {
    assert.throws(() => check({ ...goodTree(), entries: 2 }), {
      name: 'Error',
      message: 'free-space tree counts 2 entries but 3 can be read',
    });
  });
});

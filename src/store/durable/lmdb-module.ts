/**
 * @module lmdb, loaded through its CommonJS build. Its ES module build is about twenty modules
 * (and a nested msgpackr of as many), its CommonJS build a few files: loading that by `require`
 * costs a durable engine start, and so every CLI call on a data directory, about 15 ms less CPU
 * (bench/RESULTS.md, "Open and first calls"). Every module of the engine that uses lmdb at run
 * time takes it from here, so one copy of lmdb's JavaScript is loaded.
 */
import { createRequire } from 'node:module';

export const lmdb = createRequire(import.meta.url)('lmdb') as typeof import('lmdb');

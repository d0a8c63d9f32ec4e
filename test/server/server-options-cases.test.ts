import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UserDirectory, WBEM_E_INVALID_PARAMETER, WbemError } from '../../src/index.js';
import type { QueryBackend } from '../../src/server/query-operations.js';
import {
  DEFAULT_ENUMERATION,
  DEFAULT_LIMITS,
  resolveServerOptions,
  type ServerOptions,
} from '../../src/server/server-options.js';

function refused(options: ServerOptions, message: string): void {
  assert.throws(
    () => resolveServerOptions(options),
    (e: unknown) => {
      assert.ok(e instanceof WbemError);
      assert.equal(e.hresult, WBEM_E_INVALID_PARAMETER);
      assert.equal(e.detail, message);
      return true;
    },
  );
}

describe('server options', () => {
  it('gives the documented defaults', () => {
    assert.deepEqual(resolveServerOptions({}), {
      port: 5988,
      host: '127.0.0.1',
      tls: null,
      users: null,
      usersFile: null,
      allowAnonymous: false,
      anonymousUser: 'ANONYMOUS LOGON',
      updateMode: 'compatible',
      limits: {
        maxBodyBytes: 16 * 1024 * 1024,
        maxDepth: 64,
        maxElements: 1_000_000,
        headersTimeoutMs: 10_000,
        requestTimeoutMs: 60_000,
        keepAliveTimeoutMs: 5_000,
        maxConnections: 512,
      },
      enumeration: { maxOpen: 256, defaultTimeoutS: 60, maxTimeoutS: 600, maxObjectCount: 100_000 },
      queries: null,
      indications: {},
    });
  });

  it('listens on 5989 with TLS, and keeps what was given', () => {
    const tls = { cert: 'c', key: 'k' };
    const users = new UserDirectory({ version: 1, users: [] });
    const queries = {} as QueryBackend;
    const r = resolveServerOptions({
      tls,
      users,
      usersFile: '/u.json',
      host: '::',
      allowAnonymous: true,
      anonymousUser: 'guest',
      updateMode: 'force',
      limits: { maxDepth: 8 },
      enumeration: { maxOpen: 2 },
      queries,
      indications: false,
    });
    assert.equal(r.port, 5989);
    assert.equal(r.tls, tls);
    assert.equal(r.users, users);
    assert.equal(r.usersFile, '/u.json');
    assert.equal(r.host, '::');
    assert.equal(r.allowAnonymous, true);
    assert.equal(r.anonymousUser, 'guest');
    assert.equal(r.updateMode, 'force');
    assert.deepEqual(r.limits, { ...DEFAULT_LIMITS, maxDepth: 8 });
    assert.deepEqual(r.enumeration, { ...DEFAULT_ENUMERATION, maxOpen: 2 });
    assert.equal(r.queries, queries);
    assert.equal(r.indications, false);
    assert.equal(resolveServerOptions({ tls, port: 0 }).port, 0);
    assert.equal(resolveServerOptions({ port: 65535 }).port, 65535);
  });

  it('allows anonymous access only when asked with true', () => {
    assert.equal(
      resolveServerOptions({ allowAnonymous: 'yes' as unknown as boolean }).allowAnonymous,
      false,
    );
  });

  for (const port of [-1, 65536, 1.5, Number.NaN]) {
    it(`refuses port ${port}`, () => {
      refused({ port }, 'port must be from 0 to 65535');
    });
  }

  it('refuses an update mode that names no mode', () => {
    refused({ updateMode: 'Safe' as 'safe' }, 'updateMode must be compatible, safe or force');
  });

  for (const [key, value] of [
    ['maxBodyBytes', 0],
    ['maxDepth', -1],
    ['requestTimeoutMs', 1.5],
    ['maxConnections', 2 ** 53],
  ] as const) {
    it(`refuses limits.${key} ${value}`, () => {
      refused({ limits: { [key]: value } }, `limits.${key} must be a positive integer`);
    });
  }

  it('takes limits and enumeration bounds of 1', () => {
    assert.equal(resolveServerOptions({ limits: { maxDepth: 1 } }).limits.maxDepth, 1);
    assert.equal(resolveServerOptions({ enumeration: { maxOpen: 1 } }).enumeration.maxOpen, 1);
  });

  it('refuses an enumeration bound that is not a positive integer', () => {
    refused(
      { enumeration: { maxTimeoutS: 0 } },
      'enumeration.maxTimeoutS must be a positive integer',
    );
  });
});

/**
 * The server's WQL snapshot (`ServicesWqlReader`): a class's derivation follows the whole chain
 * however deep (a repository allows 4,096 classes in one), and ends at a superclass loop.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass, type WbemServices } from '../../src/index.js';
import { ServicesWqlReader } from '../../src/server/services-wql-reader.js';

/** `derivation` reads only the classes given: no call reaches the services. */
const NO_SERVICES = {} as WbemServices;

describe('ServicesWqlReader.derivation', () => {
  it('lists every ancestor of a class 1,200 levels down, nearest first', async () => {
    const chain = Array.from({ length: 1200 }, (_, i) =>
      cimClass({ name: `C${i}`, superclass: i === 0 ? null : `C${i - 1}` }),
    );
    const reader = await ServicesWqlReader.open(NO_SERVICES, Promise.resolve(chain));
    const derivation = reader.derivation('C1199');
    assert.equal(derivation.length, 1199);
    assert.equal(derivation[0], 'C1198');
    assert.equal(derivation.at(-1), 'C0');
  });

  it('ends at a superclass loop', async () => {
    const loop = [
      cimClass({ name: 'A', superclass: 'B' }),
      cimClass({ name: 'B', superclass: 'A' }),
    ];
    const reader = await ServicesWqlReader.open(NO_SERVICES, Promise.resolve(loop));
    assert.ok(reader.derivation('A').length <= 2);
  });
});

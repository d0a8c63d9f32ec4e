/**
 * @module Whether `src/schema/index.ts` exports real operations (a stub throws
 * WBEM_E_NOT_SUPPORTED). The schema is real now, so a stub is a regression: importing this
 * module then throws, and every test file that imports it fails instead of skipping its tests.
 */

import * as schema from '../../../src/schema/index.js';
import { MemoryRepository } from '../../../src/store/memory-repository.js';
import { WBEM_E_NOT_SUPPORTED } from '../../../src/wbem/status.js';
import { WbemError } from '../../../src/wbem/wbem-error.js';
import { sampleClass } from './engine-fixture.js';

function probe(): boolean {
  const store = new MemoryRepository().openNamespace('root');
  try {
    schema.putClass(
      store,
      sampleClass('Probe'),
      {
        mode: 'create-or-update',
        update: 'compatible',
        useAmendedQualifiers: false,
        ownerUpdate: false,
      },
      { namespace: 'root', server: 'test', now: () => '0' },
    );
    return true;
  } catch (error) {
    if (error instanceof WbemError && error.hresult === WBEM_E_NOT_SUPPORTED) {
      throw new Error(
        'src/schema putClass answers WBEM_E_NOT_SUPPORTED: the schema layer is a stub',
      );
    }
    return true;
  }
}

/** Always true: a stub schema layer fails at import (see the module comment). */
export const REAL_SCHEMA = probe();

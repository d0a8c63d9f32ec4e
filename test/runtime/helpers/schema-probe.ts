/**
 * @module Whether `src/schema/index.ts` exports real operations yet (its stubs throw
 * WBEM_E_NOT_SUPPORTED). Tests of WMI outcomes run on the real schema when it is there.
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
    return !(error instanceof WbemError && error.hresult === WBEM_E_NOT_SUPPORTED);
  }
}

/** True when the schema layer's `putClass` is implemented. */
export const REAL_SCHEMA = probe();

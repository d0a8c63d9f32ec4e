/** @module The `test/store` files in one process (see `suite-plan.ts`). */
import { runGroup } from './run-group.js';

runGroup('store');

/** @module The `test/api` files in one process (see `suite-plan.ts`). */
import { runGroup } from './run-group.js';

runGroup('api');

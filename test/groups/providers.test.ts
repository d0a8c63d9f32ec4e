/** @module The `test/providers` files in one process (see `suite-plan.ts`). */
import { runGroup } from './run-group.js';

runGroup('providers');

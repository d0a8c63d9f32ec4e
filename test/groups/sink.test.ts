/** @module The `test/sink` files in one process (see `suite-plan.ts`). */
import { runGroup } from './run-group.js';

runGroup('sink');

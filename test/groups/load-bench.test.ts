/** @module The `test/load-bench` files in one process (see `suite-plan.ts`). */
import { runGroup } from './run-group.js';

runGroup('load-bench');

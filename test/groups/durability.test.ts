/** @module The `test/durability` files in one process (see `suite-plan.ts`). */
import { runGroup } from './run-group.js';

runGroup('durability');

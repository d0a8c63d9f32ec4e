/** @module The `test/schema` files in one process (see `suite-plan.ts`). */
import { runGroup } from './run-group.js';

runGroup('schema');

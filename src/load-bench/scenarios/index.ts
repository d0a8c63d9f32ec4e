/**
 * @module Every scenario, in the order `npm run bench` runs them.
 */
import { createStorm } from './create-storm.js';
import { createStormDurable } from './create-storm-durable.js';
import { dmtfSchemaLoad } from './dmtf-schema-load.js';
import { eventFanOut } from './event-fan-out.js';
import { mixedReadWrite } from './mixed-read-write.js';
import type { Scenario } from './scenario.js';
import { slowSubscriber } from './slow-subscriber.js';
import { updateStormForce } from './update-storm-force.js';
import { updateStormSafe } from './update-storm-safe.js';

export const SCENARIOS: readonly Scenario[] = [
  createStorm,
  createStormDurable,
  updateStormSafe,
  updateStormForce,
  mixedReadWrite,
  eventFanOut,
  slowSubscriber,
  dmtfSchemaLoad,
];

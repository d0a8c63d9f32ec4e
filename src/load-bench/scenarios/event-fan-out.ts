/**
 * @module Event fan-out: a write load with 32 `engine.events$` subscribers. Every committed write
 * raises one intrinsic event delivered to each subscriber on the main thread, so this measures
 * what delivery costs the callers. `extra.eventsPerSubscriber` shows each subscriber saw every
 * event.
 */
import { BASE_CONFIG, NO_OPS } from './defaults.js';
import { runLoad } from './run-load.js';
import type { Scenario } from './scenario.js';

export const eventFanOut: Scenario = {
  name: 'event-fan-out',
  summary: 'creates and updates with 32 events$ subscribers',
  defaults: {
    ...BASE_CONFIG,
    scenario: 'event-fan-out',
    subscribers: 32,
    mix: { ...NO_OPS, create: 1, updateCompatible: 1, delete: 1 },
  },
  run: (config, env) => runLoad(config, env),
};

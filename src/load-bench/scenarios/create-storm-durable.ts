/**
 * @module Create storm on the durable store: the create storm's load with every write
 * group-committed to disk before its success is reported, so the difference from `create-storm`
 * is what durability costs per call.
 */
import { createStorm } from './create-storm.js';
import { runLoad } from './run-load.js';
import type { Scenario } from './scenario.js';

export const createStormDurable: Scenario = {
  name: 'create-storm-durable',
  summary: 'the create storm on the durable store (a temporary data directory)',
  defaults: { ...createStorm.defaults, scenario: 'create-storm-durable', storage: 'durable' },
  run: (config, env) => runLoad(config, env),
};

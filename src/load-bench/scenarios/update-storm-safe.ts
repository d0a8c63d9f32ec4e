/**
 * @module Update storm, safe mode: every call updates the middle class of an 8-deep chain with
 * `WBEM_FLAG_UPDATE_SAFE_MODE`, so each put re-derives the classes below it.
 */
import { BASE_CONFIG, NO_OPS } from './defaults.js';
import { runLoad } from './run-load.js';
import type { Scenario } from './scenario.js';

export const updateStormSafe: Scenario = {
  name: 'update-storm-safe',
  summary: 'UPDATE_SAFE_MODE puts on the middle of an 8-deep chain (subclasses re-derived)',
  defaults: {
    ...BASE_CONFIG,
    scenario: 'update-storm-safe',
    depth: 8,
    mix: { ...NO_OPS, updateSafe: 1 },
  },
  run: (config, env) => runLoad(config, env),
};

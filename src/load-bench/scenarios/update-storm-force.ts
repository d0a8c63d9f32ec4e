/**
 * @module Update storm, force mode: every call updates the root of an 8-deep chain with
 * `WBEM_FLAG_UPDATE_FORCE_MODE`, the most expensive put (the whole chain is re-derived).
 */
import { BASE_CONFIG, NO_OPS } from './defaults.js';
import { runLoad } from './run-load.js';
import type { Scenario } from './scenario.js';

export const updateStormForce: Scenario = {
  name: 'update-storm-force',
  summary: 'UPDATE_FORCE_MODE puts on the root of an 8-deep chain (whole chain re-derived)',
  defaults: {
    ...BASE_CONFIG,
    scenario: 'update-storm-force',
    depth: 8,
    mix: { ...NO_OPS, updateForce: 1 },
  },
  run: (config, env) => runLoad(config, env),
};

/**
 * @module Create storm: every call creates a new class (`WBEM_FLAG_CREATE_ONLY`), 64 in flight,
 * over two namespaces: the write path end to end (rules, commit, event) with no contention on a
 * class.
 */
import { BASE_CONFIG, NO_OPS } from './defaults.js';
import { runLoad } from './run-load.js';
import type { Scenario } from './scenario.js';

export const createStorm: Scenario = {
  name: 'create-storm',
  summary: 'every call creates a new class (CREATE_ONLY), 64 in flight, 2 namespaces',
  defaults: {
    ...BASE_CONFIG,
    scenario: 'create-storm',
    namespaces: 2,
    mix: { ...NO_OPS, create: 1 },
  },
  run: (config, env) => runLoad(config, env),
};

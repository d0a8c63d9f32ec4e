/**
 * @module Mixed reads and writes: 60% GetObject, 10% each of create, compatible update,
 * enumeration and delete, over two namespaces.
 */
import { BASE_CONFIG } from './defaults.js';
import { runLoad } from './run-load.js';
import type { Scenario } from './scenario.js';

export const mixedReadWrite: Scenario = {
  name: 'mixed-read-write',
  summary: '60% get, 10% each create / compatible update / enumerate / delete, 2 namespaces',
  defaults: { ...BASE_CONFIG, scenario: 'mixed-read-write', namespaces: 2 },
  run: (config, env) => runLoad(config, env),
};

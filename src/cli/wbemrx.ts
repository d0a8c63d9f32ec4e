#!/usr/bin/env node
/**
 * @module The `wbemrx` bin: runs the command line. The build bundles it (`workers/bundle.mjs`)
 * into `bundled/wbemrx.js`, the file `package.json` names as the bin, so that a command loads one
 * file and a few chunks instead of the two hundred modules the public API is made of.
 */
import { main } from './main.js';

await main();

/**
 * @module Registers `module-log-hooks.ts`: `node --import <this file's URL> ...` logs every module
 * the process loads (ES modules and built-ins) to `WBEMRX_MODULE_LOG`.
 */
import { register } from 'node:module';

register(new URL('./module-log-hooks.js', import.meta.url));

/**
 * @module Child-process entry of the store verifier: `node verify-store-main.js <file>` walks the
 * file (`walk-store.ts`) and prints one JSON line, `{"ok":true,"records":n,"checked":b}` or
 * `{"ok":false,"message":...}` (exit code 1). A damaged page may instead kill this process by a
 * signal, which the parent reads as damage too.
 */
import { walkStore } from './walk-store.js';

const file = process.argv[2];
// Runs only when spawned as the verifier, never when merely imported.
if (file !== undefined && process.env['WBEMRX_VERIFY_STORE'] === '1') {
  try {
    const walk = walkStore(file);
    process.stdout.write(`${JSON.stringify({ ok: true, ...walk })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ ok: false, message: (error as Error).message })}\n`);
    process.exitCode = 1;
  }
}

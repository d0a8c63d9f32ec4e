/**
 * @module Module loader hooks that append the URL of every module loaded to the file named by
 * `WBEMRX_MODULE_LOG`: how a test sees a process's module graph (`register-module-log.ts`).
 */
import { appendFileSync } from 'node:fs';

interface LoadContext {
  readonly format?: string | null;
}

type NextLoad = (url: string, context: LoadContext) => Promise<unknown>;

export async function load(url: string, context: LoadContext, next: NextLoad): Promise<unknown> {
  const loaded = await next(url, context);
  const log = process.env['WBEMRX_MODULE_LOG'];
  if (log !== undefined) appendFileSync(log, `${url}\n`);
  return loaded;
}

/**
 * @module One listener's outgoing indications: a bounded queue drained by one POST at a time,
 * each retried a bounded number of times with exponential backoff.
 *
 * A listener that is down or slow holds only its own queue: the server never waits for it (the
 * event stream enqueues and returns), and once the queue is full new indications for it are
 * dropped, counted and logged rather than buffered without end.
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { WBEM_E_INVALID_PARAMETER, WbemError } from '../index.js';

export interface DeliveryOptions {
  /** Indications waiting per destination; beyond it new ones are dropped. Default 1,000. */
  readonly queueSize: number;
  /** Further attempts after a failed POST. Default 3. */
  readonly retries: number;
  /** Wait before the first retry, doubled for each next one (capped at 30 s). Default 200 ms. */
  readonly backoffMs: number;
  /** One POST's time limit. Default 5 s. */
  readonly timeoutMs: number;
  /** Check a TLS listener's certificate. Default true. */
  readonly verifyTls: boolean;
  readonly log: (message: string) => void;
}

export const DEFAULT_DELIVERY: DeliveryOptions = {
  queueSize: 1000,
  retries: 3,
  backoffMs: 200,
  timeoutMs: 5000,
  verifyTls: true,
  log: (message) => {
    process.emitWarning(message, { code: 'WBEMRX_INDICATION' });
  },
};

export interface DeliveryStats {
  readonly url: string;
  readonly queued: number;
  readonly delivered: number;
  /** Given up after every retry failed. */
  readonly failed: number;
  /** Refused because the queue was full. */
  readonly dropped: number;
}

/**
 * The listener URL of a `CIM_ListenerDestinationCIMXML.Destination` (`http(s)://host:port/path`).
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for anything else.
 */
export function listenerUrl(destination: string): URL {
  let url: URL;
  try {
    url = new URL(destination);
  } catch {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: `Destination ${JSON.stringify(destination.slice(0, 100))} is not a URL`,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: `Destination ${url.protocol} is not http: or https:`,
    });
  }
  return url;
}

export class IndicationDestination {
  readonly url: URL;
  readonly #options: DeliveryOptions;
  readonly #queue: string[] = [];
  readonly #agent: HttpAgent;
  #delivered = 0;
  #failed = 0;
  #dropped = 0;
  #draining = false;
  #closed = false;
  #timer: NodeJS.Timeout | undefined;
  #wake: (() => void) | undefined;

  constructor(url: URL, options: DeliveryOptions) {
    this.url = url;
    this.#options = options;
    this.#agent =
      url.protocol === 'https:'
        ? new HttpsAgent({ keepAlive: true, rejectUnauthorized: options.verifyTls })
        : new HttpAgent({ keepAlive: true });
  }

  /** Queues one export request body; false (and counted) when the queue is full or closed. */
  enqueue(body: string): boolean {
    if (this.#closed || this.#queue.length >= this.#options.queueSize) {
      this.#dropped++;
      // Logged on the first drop and then every 1,000th, so a dead listener cannot flood the log.
      if (this.#dropped % 1000 === 1) {
        this.#options.log(
          `indication queue for ${this.url.href} is full (${this.#options.queueSize}); ${this.#dropped} dropped so far`,
        );
      }
      return false;
    }
    this.#queue.push(body);
    if (!this.#draining) void this.#drain();
    return true;
  }

  stats(): DeliveryStats {
    return {
      url: this.url.href,
      queued: this.#queue.length,
      delivered: this.#delivered,
      failed: this.#failed,
      dropped: this.#dropped,
    };
  }

  /** Stops delivering; what is queued is discarded. */
  close(): void {
    this.#closed = true;
    this.#queue.length = 0;
    clearTimeout(this.#timer);
    this.#wake?.();
    this.#agent.destroy();
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (!this.#closed && this.#queue.length > 0) {
        const body = this.#queue[0] as string;
        let sent = false;
        let lastError = '';
        for (let attempt = 0; attempt <= this.#options.retries && !this.#closed; attempt++) {
          if (attempt > 0)
            await this.#sleep(Math.min(30_000, this.#options.backoffMs * 2 ** (attempt - 1)));
          try {
            await this.#post(body);
            sent = true;
            break;
          } catch (error) {
            lastError = error instanceof Error ? error.message : String(error);
          }
        }
        this.#queue.shift();
        if (sent) this.#delivered++;
        else if (!this.#closed) {
          this.#failed++;
          this.#options.log(
            `indication to ${this.url.href} given up after ${this.#options.retries + 1} attempts: ${lastError}`,
          );
        }
      }
    } finally {
      this.#draining = false;
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve;
      this.#timer = setTimeout(resolve, ms);
      this.#timer.unref();
    });
  }

  #post(body: string): Promise<void> {
    // The agent makes the connection, TLS or not, so one request function serves both schemes.
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        this.url,
        {
          method: 'POST',
          agent: this.#agent,
          timeout: this.#options.timeoutMs,
          headers: {
            'Content-Type': 'application/xml; charset="utf-8"',
            'Content-Length': String(Buffer.byteLength(body)),
            CIMExport: 'MethodRequest',
            CIMExportMethod: 'ExportIndication',
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const error = res.headers['cimerror'];
            if (res.statusCode === 200 && error === undefined) resolve();
            else
              reject(
                new Error(
                  `HTTP ${res.statusCode ?? 0}${error === undefined ? '' : ` ${String(error)}`}`,
                ),
              );
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`no answer within ${this.#options.timeoutMs} ms`)),
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}

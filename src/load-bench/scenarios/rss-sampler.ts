/**
 * @module RSS over time, sampled from a worker thread: a slow main-thread consumer can stall the
 * main event loop for seconds, and a main-thread timer would then take no samples exactly when
 * memory matters. The worker's timer keeps running; RSS is per process, so it sees the whole
 * process.
 */
import { Worker } from 'node:worker_threads';

const SAMPLER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const samples = [];
const started = performance.now();
const take = () => samples.push([(performance.now() - started) / 1000, process.memoryUsage.rss() / 1048576]);
take();
const timer = setInterval(take, workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  take();
  parentPort.postMessage(samples);
});
`;

export interface RssSampler {
  /** Stops sampling; resolves with `[seconds since start, RSS MB]` pairs. */
  stop(): Promise<[number, number][]>;
}

/** Starts sampling RSS every `intervalMs` on a worker thread. */
export function startRssSampler(intervalMs: number): RssSampler {
  const worker = new Worker(SAMPLER_SOURCE, { eval: true, workerData: { intervalMs } });
  return {
    async stop() {
      const samples = new Promise<[number, number][]>((resolve, reject) => {
        worker.once('message', (value: [number, number][]) => resolve(value));
        worker.once('error', reject);
      });
      worker.postMessage('stop');
      try {
        return await samples;
      } finally {
        await worker.terminate();
      }
    },
  };
}

// The real training process (src/trainer/worker.ts forked under tsx) with NETLOOM_THREADS=2 on a run
// whose batch is large enough for data-parallel gradients (parallelGradients.ts): it trains, streams
// progress, and stops promptly although its main thread waits on a worker thread every step.
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrainEvent } from '../../src/core/train/events';
import { TrainerHost } from '../../src/trainer/host';
import { forkWorker } from '../../src/web/forkProcess';
import { xorConfig } from './trainConfigs';

const workerPath = resolve(__dirname, '../../src/trainer/worker.ts');
let host: TrainerHost | null = null;
const savedThreads = process.env.NETLOOM_THREADS;

afterEach(() => {
  host?.dispose();
  host = null;
  if (savedThreads === undefined) delete process.env.NETLOOM_THREADS;
  else process.env.NETLOOM_THREADS = savedThreads;
});

describe('training process on two threads', () => {
  it('trains and stops a run promptly with done{stopped}', async () => {
    process.env.NETLOOM_THREADS = '2'; // inherited by the forked process
    host = new TrainerHost(forkWorker(workerPath, { execArgv: ['--import', 'tsx'] }));
    // Batch 1024 on the starter network: ~860 multiply-accumulates per parameter per batch, above MIN_MACS_PER_PARAM.
    const config = xorConfig({ dataset: { kind: 'xor', samples: 2048, noise: 0.1, seed: 3 }, batchSize: 1024, epochs: 100_000 });
    const events: { event: TrainEvent; at: number }[] = [];
    let runId = -1;
    let stoppedAt = 0;
    const end = new Promise<{ event: TrainEvent; at: number }>((resolveEnd, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; got ${events.map((e) => e.event.type).join(',')}`)), 25_000);
      host!.onEvent((event) => {
        if (event.runId !== runId) return;
        const timed = { event, at: performance.now() };
        events.push(timed);
        if (event.type === 'epoch' && event.epoch === 5) {
          stoppedAt = performance.now();
          host!.stop();
        }
        if (event.type === 'done' || event.type === 'error' || event.type === 'crashed') {
          clearTimeout(timer);
          resolveEnd(timed);
        }
      });
    });
    runId = host.start(config).runId;
    const last = await end;
    expect(last.event).toMatchObject({ type: 'done', runId, reason: 'stopped' });
    expect(last.at - stoppedAt).toBeLessThan(1000);
    expect(events.some((e) => e.event.type === 'progress')).toBe(true);
    const epochs = events.flatMap((e) => (e.event.type === 'epoch' ? [e.event] : []));
    expect(epochs[epochs.length - 1].trainLoss).toBeLessThan(epochs[0].trainLoss);
  });
});

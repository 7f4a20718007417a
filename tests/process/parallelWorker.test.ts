// The real training process (src/trainer/worker.ts forked under tsx) with NETLOOM_THREADS=2 on runs
// the engine factory (parallelGradients.ts) puts on two threads, data parallel and with Dense units
// split: each trains, streams progress, and stops promptly although its main thread waits on a worker
// thread every step.
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrainConfig } from '../../src/core/train/config';
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

/** Runs `config` in the training process until epoch 5, stops it, and returns the events and when the stop was asked. */
async function runAndStop(config: TrainConfig): Promise<{ events: { event: TrainEvent; at: number }[]; last: { event: TrainEvent; at: number }; stoppedAt: number; runId: number }> {
  process.env.NETLOOM_THREADS = '2'; // inherited by the forked process
  host = new TrainerHost(forkWorker(workerPath, { execArgv: ['--import', 'tsx'] }));
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
  return { events, last: await end, stoppedAt, runId };
}

function expectTrainedAndStopped({ events, last, stoppedAt, runId }: Awaited<ReturnType<typeof runAndStop>>): void {
  expect(last.event).toMatchObject({ type: 'done', runId, reason: 'stopped' });
  expect(last.at - stoppedAt).toBeLessThan(1000);
  expect(events.some((e) => e.event.type === 'progress')).toBe(true);
  const epochs = events.flatMap((e) => (e.event.type === 'epoch' ? [e.event] : []));
  expect(epochs[epochs.length - 1].trainLoss).toBeLessThan(epochs[0].trainLoss);
}

describe('training process on two threads', () => {
  it('data parallel: trains and stops a run promptly with done{stopped}', async () => {
    // Batch 1024 on the starter network: ~860 multiply-accumulates per parameter per batch, above
    // MIN_MACS_PER_PARAM, and too few per batch to split the units.
    expectTrainedAndStopped(await runAndStop(xorConfig({ dataset: { kind: 'xor', samples: 2048, noise: 0.1, seed: 3 }, batchSize: 1024, epochs: 100_000 })));
  });

  it('Dense units split between the threads: trains and stops a run promptly with done{stopped}', async () => {
    // 2 → 384 relu → 384 relu → 1 sigmoid at batch 64: ~9.5 M multiply-accumulates per batch, a Dense chain
    // (splitDense.ts). Adam 5e-4: its loss falls every epoch (at 3e-3 it oscillates after the first one).
    const doc = xorConfig().document;
    const dense = doc.nodes.filter((n) => n.type === 'dense');
    dense.slice(0, -1).forEach((n) => (n.settings = { ...n.settings, units: 384, activation: 'relu' }));
    expect(dense.length).toBeGreaterThanOrEqual(3);
    expectTrainedAndStopped(await runAndStop(xorConfig({ document: doc, dataset: { kind: 'xor', samples: 1024, noise: 0.1, seed: 3 }, batchSize: 64, optimizer: { kind: 'adam', learningRate: 0.0005 }, epochs: 100_000 })));
  });
});

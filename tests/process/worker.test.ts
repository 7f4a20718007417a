// The real training process: src/trainer/worker.ts forked under Node (tsx), driven through
// TrainerHost + the fork adapter exactly as the browser build's server drives it.
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrainEvent } from '../../src/core/train/events';
import { TrainerHost } from '../../src/trainer/host';
import { forkWorker } from '../../src/web/forkProcess';
import { invalidConfig, longConfig, xorConfig } from './trainConfigs';

const workerPath = resolve(__dirname, '../../src/trainer/worker.ts');
let host: TrainerHost | null = null;

function newHost(): TrainerHost {
  host = new TrainerHost(forkWorker(workerPath, { execArgv: ['--import', 'tsx'] }));
  return host;
}

afterEach(() => {
  host?.dispose();
  host = null;
});

interface Timed {
  event: TrainEvent;
  at: number;
}

/** Records events of one run; resolves when `until` matches one of them. */
function record(h: TrainerHost, runId: () => number, until: (e: TrainEvent) => boolean, timeoutMs = 25_000): { events: Timed[]; done: Promise<Timed> } {
  const events: Timed[] = [];
  const done = new Promise<Timed>((resolveDone, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out; got ${events.map((e) => e.event.type).join(',')}`)), timeoutMs);
    const off = h.onEvent((event) => {
      if (event.runId !== runId()) return;
      const timed = { event, at: performance.now() };
      events.push(timed);
      if (until(event)) {
        clearTimeout(timer);
        off();
        resolveDone(timed);
      }
    });
  });
  return { events, done };
}

const isEnd = (e: TrainEvent): boolean => e.type === 'done' || e.type === 'error' || e.type === 'crashed';

describe('training worker process', () => {
  it('trains XOR to train accuracy 1.0, streaming started, throttled progress, epochs, snapshots and done', async () => {
    const h = newHost();
    let runId = -1;
    const rec = record(h, () => runId, isEnd);
    const t0 = performance.now();
    runId = h.start(xorConfig()).runId;
    const end = await rec.done;
    const types = rec.events.map((e) => e.event.type);

    expect(end.event).toMatchObject({ type: 'done', reason: 'completed' });
    const final = end.event.type === 'done' ? end.event.final : null;
    expect(final?.epoch).toBe(150);
    expect(final?.trainAccuracy).toBe(1);
    expect(types[0]).toBe('started');
    expect(types.filter((t) => t === 'epoch')).toHaveLength(150);
    // epoch numbers arrive in order, 1..150
    expect(rec.events.flatMap((e) => (e.event.type === 'epoch' ? [e.event.epoch] : []))).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));

    // ≤ 30 progress events per second of run (+ the first and the last), ≤ ~10 snapshots per second
    const seconds = (end.at - t0) / 1000;
    const progress = rec.events.filter((e) => e.event.type === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(30 * seconds) + 2);
    const snapshots = rec.events.filter((e) => e.event.type === 'snapshot');
    expect(snapshots.length).toBeGreaterThan(0);
    expect(snapshots.length).toBeLessThanOrEqual(Math.ceil(10 * seconds) + 2);

    // the last snapshot (sent right before done) holds the starter network's parameters:
    // 2·8+8, 8·8+8, 8·1+1 in Float32Arrays, structured-cloned across the process boundary
    const last = snapshots.at(-1)!.event;
    expect(types.at(-2)).toBe('snapshot');
    expect(last.type === 'snapshot' && last.params.every((p) => p instanceof Float32Array)).toBe(true);
    expect(last.type === 'snapshot' && last.params.reduce((n, p) => n + p.length, 0)).toBe(2 * 8 + 8 + 8 * 8 + 8 + 8 * 1 + 1);
  });

  it('stops a run promptly with done{stopped}', async () => {
    const h = newHost();
    let runId = -1;
    const firstEpoch = record(h, () => runId, (e) => e.type === 'epoch' && e.epoch >= 2);
    const rec = record(h, () => runId, isEnd);
    runId = h.start(longConfig()).runId;
    await firstEpoch.done;
    const stoppedAt = performance.now();
    h.stop();
    const end = await rec.done;
    expect(end.event).toMatchObject({ type: 'done', runId, reason: 'stopped' });
    expect(end.at - stoppedAt).toBeLessThan(1000);
    // the stopped run's final metrics are those of its last finished epoch (or none yet)
    const final = end.event.type === 'done' ? end.event.final : undefined;
    if (final) expect(final.epoch).toBeGreaterThanOrEqual(2);
  });

  it('reports a killed worker as crashed, then trains again in a fresh one', async () => {
    const h = newHost();
    let runId = -1;
    const started = record(h, () => runId, (e) => e.type === 'started');
    const crash = record(h, () => runId, isEnd);
    runId = h.start(longConfig()).runId;
    await started.done;
    const pid = h.pid!;
    process.kill(pid, 'SIGKILL');
    const end = await crash.done;
    expect(end.event).toEqual({ type: 'crashed', runId, exitCode: null, signal: 'SIGKILL' });

    const again = record(h, () => runId, isEnd);
    runId = h.start(xorConfig({ epochs: 3 })).runId;
    const next = await again.done;
    expect(next.event).toMatchObject({ type: 'done', reason: 'completed' });
    expect(h.pid).not.toBe(pid);
  });

  it('answers an invalid config with error{invalidConfig} and stays alive for the next run', async () => {
    const h = newHost();
    let runId = -1;
    const bad = record(h, () => runId, isEnd);
    runId = h.start(invalidConfig()).runId;
    const end = await bad.done;
    expect(end.event).toMatchObject({ type: 'error', runId, code: 'invalidConfig' });
    expect(end.event.type === 'error' && end.event.message.length).toBeGreaterThan(0);
    const pid = h.pid;

    const good = record(h, () => runId, isEnd);
    runId = h.start(xorConfig({ epochs: 2 })).runId;
    expect((await good.done).event).toMatchObject({ type: 'done', reason: 'completed' });
    expect(h.pid).toBe(pid);
  });
});

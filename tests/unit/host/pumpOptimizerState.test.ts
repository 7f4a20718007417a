// The run's last snapshot carries the optimizer state, across the browser build's wire format too
// (the renderer's side: tests/unit/renderer/runOptimizerState.test.ts).
import { describe, expect, it } from 'vitest';
import { createTrainingSession, starterDocument, type TrainConfig } from '../../../src/core';
import type { TrainEvent } from '../../../src/core/train/events';
import { TrainingPump } from '../../../src/trainer/pump';
import { decodeTrainEvent, encodeTrainEvent } from '../../../src/shared/wire';

const config = (epochs: number): TrainConfig => ({
  document: starterDocument(),
  dataset: { kind: 'xor', samples: 64, noise: 0.1, seed: 1 },
  loss: 'bce',
  optimizer: { kind: 'adam', learningRate: 0.03 },
  batchSize: 16,
  epochs,
  validationSplit: 0.25,
  seed: 2,
});

/** A pump on a fake clock: each slice runs when the test says so. */
function pumpOf() {
  const events: TrainEvent[] = [];
  const queue: (() => void)[] = [];
  let now = 0;
  const pump = new TrainingPump({
    createSession: (c, runId) => createTrainingSession(c, runId, () => now),
    emit: (e) => events.push(e),
    now: () => (now += 1),
    defer: (fn) => void queue.push(fn),
    sliceMs: 5,
  });
  const drain = (max = 10_000) => {
    for (let i = 0; i < max && queue.length; i++) queue.shift()!();
  };
  return { pump, events, drain };
}

const snapshots = (events: TrainEvent[]) => events.filter((e): e is Extract<TrainEvent, { type: 'snapshot' }> => e.type === 'snapshot');

describe('the final snapshot brings the optimizer state', () => {
  it('after a completed run: only the last snapshot, matching its weights', () => {
    const { pump, events, drain } = pumpOf();
    pump.start(1, config(3));
    drain();
    const snaps = snapshots(events);
    expect(events.some((e) => e.type === 'done')).toBe(true);
    expect(snaps.slice(0, -1).every((s) => s.optimizerState === undefined)).toBe(true);
    const last = snaps[snaps.length - 1];
    const state = last.optimizerState!;
    // Adam: step count, learning rate, and m / v per parameter tensor (3 Dense layers × kernel, bias).
    expect(state.lr).toBe(0.03);
    expect(state.t).toBe(3 * Math.ceil(48 / 16));
    expect(Object.keys(state).filter((k) => k.endsWith('/m'))).toEqual(['hidden1.kernel/m', 'hidden1.bias/m', 'hidden2.kernel/m', 'hidden2.bias/m', 'output.kernel/m', 'output.bias/m']);
    expect((state['hidden1.kernel/m'] as Float32Array).length).toBe(last.params[0].length);
  });

  it('after Stop, too', () => {
    const { pump, events, drain } = pumpOf();
    pump.start(4, config(50));
    drain(3);
    pump.stop();
    const last = snapshots(events).at(-1)!;
    expect(events.at(-1)).toMatchObject({ type: 'done', reason: 'stopped' });
    expect(last.optimizerState?.t).toBeGreaterThan(0);
  });

  it('survives the browser build\'s wire encoding', () => {
    const { pump, events, drain } = pumpOf();
    pump.start(2, config(1));
    drain();
    const last = snapshots(events).at(-1)!;
    const back = decodeTrainEvent(encodeTrainEvent(last)) as typeof last;
    expect(back.optimizerState).toEqual(last.optimizerState);
    expect(back.optimizerState!['output.bias/v']).toBeInstanceOf(Float32Array);
  });
});

// The renderer keeps the optimizer state of the run's final snapshot with the run (to save it with
// the weights); snapshots during the run carry none and do not drop it; a new run starts without.
import { describe, expect, it } from 'vitest';
import { createTrainingSession, starterDocument } from '../../../src/core';
import type { TrainEvent } from '../../../src/core/train/events';
import { applyTrainEvents, beginRun, idleRun } from '../../../src/renderer/store/trainingReducer';

function finishedRun(): TrainEvent[] {
  const s = createTrainingSession({
    document: starterDocument(), dataset: { kind: 'xor', samples: 64, noise: 0.1, seed: 1 }, loss: 'bce',
    optimizer: { kind: 'momentum', learningRate: 0.1, momentum: 0.9 }, batchSize: 16, epochs: 2, validationSplit: 0.25, seed: 2,
  }, 5, () => 0);
  const events: TrainEvent[] = [];
  while (!s.done) {
    events.push(...s.step());
    events.push(s.snapshot()); // throttled snapshots: weights only
  }
  events.push(s.snapshot(true)); // the pump's final snapshot
  return events;
}

describe('optimizer state in the training slice', () => {
  it('arrives with the final snapshot and stays with the run', () => {
    const events = finishedRun();
    const final = events.at(-1) as Extract<TrainEvent, { type: 'snapshot' }>;
    expect(events.slice(0, -1).every((e) => e.type !== 'snapshot' || e.optimizerState === undefined)).toBe(true);
    let s = applyTrainEvents(beginRun(idleRun), events);
    expect(s.status).toBe('completed');
    expect(s.optimizerState).toBe(final.optimizerState);
    expect(Object.keys(s.optimizerState!)).toContain('hidden1.kernel/momentum');
    expect(s.params).toBe(final.params);

    s = applyTrainEvents(s, [{ type: 'snapshot', runId: 5, params: final.params }]);
    expect(s.optimizerState).toBe(final.optimizerState);
    expect(beginRun(s).optimizerState).toBeNull();
  });
});

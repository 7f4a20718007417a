import { describe, expect, it } from 'vitest';
import type { TrainEvent } from '../../../src/core/train/events';
import { applyTrainEvents, beginRun, idleRun, type RunState } from '../../../src/renderer/store/trainingReducer';

const started = (runId: number): TrainEvent => ({ type: 'started', runId, epochs: 2, stepsPerEpoch: 5, trainSize: 80, valSize: 20 });
const epoch = (runId: number, n: number, trainLoss: number): TrainEvent => ({
  type: 'epoch', runId, epoch: n, trainLoss, trainAccuracy: 0.5 + n / 10, valLoss: trainLoss + 0.1, valAccuracy: 0.5,
});

describe('training reducer', () => {
  it('ignores events while idle', () => {
    expect(applyTrainEvents(idleRun, [started(1)])).toBe(idleRun);
  });

  it('adopts the first run id it sees and records a run to completion', () => {
    let s = beginRun(idleRun);
    s = applyTrainEvents(s, [
      started(7),
      { type: 'progress', runId: 7, epoch: 1, step: 3, totalSteps: 10, samplesPerSecond: 1000, etaSeconds: 2, batchLoss: 0.7 },
      epoch(7, 1, 0.6),
      { type: 'snapshot', runId: 7, params: [new Float32Array([1, 2])] },
      epoch(7, 2, 0.4),
    ]);
    expect(s.runId).toBe(7);
    expect(s.status).toBe('running');
    expect(s.progress?.step).toBe(3);
    expect(s.history.map((h) => h.trainLoss)).toEqual([0.6, 0.4]);
    expect([...s.params![0]]).toEqual([1, 2]);
    s = applyTrainEvents(s, [{ type: 'done', runId: 7, reason: 'completed', final: null }]);
    expect(s.status).toBe('completed');
    expect(s.message?.key).toBe('training.completedMessage');
    // a late progress event of the finished run changes nothing
    const late = applyTrainEvents(s, [{ type: 'progress', runId: 7, epoch: 2, step: 10, totalSteps: 10, samplesPerSecond: 1, etaSeconds: 0, batchLoss: 0 }]);
    expect(late).toBe(s);
  });

  it("keeps the 'done' event's confusion matrix for the output panel; a new run clears it", () => {
    const confusion = { set: 'val' as const, matrix: [[9, 1], [2, 8]] };
    let s = applyTrainEvents(beginRun(idleRun), [started(5), epoch(5, 1, 0.5)]);
    expect(s.confusion).toBeNull();
    s = applyTrainEvents(s, [{ type: 'done', runId: 5, reason: 'completed', final: null, confusion }]);
    expect(s.confusion).toEqual(confusion);
    expect(beginRun(s).confusion).toBeNull();
    // A stopped run reports none.
    const stopped = applyTrainEvents(beginRun(idleRun), [started(6), { type: 'done', runId: 6, reason: 'stopped', final: null }]);
    expect(stopped.confusion).toBeNull();
  });

  it('an early-stopped run counts as completed, with a message naming the best epoch', () => {
    let s = applyTrainEvents(beginRun(idleRun), [started(3), epoch(3, 1, 0.5)]);
    s = applyTrainEvents(s, [{ type: 'done', runId: 3, reason: 'earlyStopped', final: null, bestEpoch: 1 }]);
    expect(s.status).toBe('completed');
    expect(s.message).toEqual({ key: 'training.earlyStoppedMessage', params: { epoch: 1 } });
  });

  it('a new run starts fresh and drops the previous run\'s late events', () => {
    let s: RunState = applyTrainEvents(beginRun(idleRun), [started(1), epoch(1, 1, 0.9)]);
    s = beginRun(s);
    expect(s.history).toEqual([]);
    expect(s.params).toBeNull();
    expect(s.staleRunIds).toContain(1);
    s = applyTrainEvents(s, [epoch(1, 2, 0.8), { type: 'done', runId: 1, reason: 'stopped', final: null }]);
    expect(s.status).toBe('running');
    expect(s.history).toEqual([]);
    s = applyTrainEvents(s, [started(2), epoch(2, 1, 0.5)]);
    expect(s.runId).toBe(2);
    expect(s.history).toHaveLength(1);
  });

  it('divergence becomes an error message keyed by code with epoch and step', () => {
    const s = applyTrainEvents(beginRun(idleRun), [
      started(3),
      { type: 'error', runId: 3, code: 'diverged', message: 'Loss became NaN', epoch: 4, step: 17 },
    ]);
    expect(s.status).toBe('error');
    expect(s.message).toEqual({ key: 'errors.diverged', params: { message: 'Loss became NaN', epoch: 4, step: 17 } });
  });

  it('a crash ends the run with the crash message', () => {
    const s = applyTrainEvents(beginRun(idleRun), [started(4), { type: 'crashed', runId: 4, exitCode: null, signal: 'SIGKILL' }]);
    expect(s.status).toBe('crashed');
    expect(s.message?.key).toBe('errors.crashed');
    expect(s.stopping).toBe(false);
  });
});

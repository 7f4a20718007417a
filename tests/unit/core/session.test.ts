// The training session: config validation, determinism, learning, divergence, progress.

import { describe, expect, it } from 'vitest';
import { applyFix, createTrainingSession, validateTrainConfig, type TrainConfig, type TrainEvent } from '../../../src/core';
import { chain, runSession, sessionConfig } from './helpers';

describe('validateTrainConfig', () => {
  it('accepts the default setup', () => {
    expect(validateTrainConfig(sessionConfig())).toEqual([]);
  });

  it('invalidGraph when the network has issues', () => {
    const issues = validateTrainConfig(sessionConfig({ document: chain(['d', 'dense', {}]) }));
    expect(issues.map((i) => i.code)).toEqual(['invalidGraph']);
    expect(issues[0].message).toContain('no Input layer');
  });

  it('inputShape when the Input is not [2]', () => {
    const doc = chain(['in', 'input', { shape: [3] }], ['out', 'dense', { units: 1, activation: 'sigmoid' }]);
    const issues = validateTrainConfig(sessionConfig({ document: doc }));
    expect(issues.map((i) => i.code)).toEqual(['inputShape']);
    // It is marked on the Input, and its one-click fix makes the config valid.
    expect(issues[0].nodeIds).toEqual(['in']);
    expect(issues[0].fix).toMatchObject({ kind: 'setSetting', nodeId: 'in', key: 'shape', value: [2] });
    expect(validateTrainConfig(sessionConfig({ document: applyFix(doc, issues[0].fix!) }))).toEqual([]);
  });

  it('lossOutputMismatch names the output layer and offers its units as the fix; none for a layer without units', () => {
    const three = chain(['in', 'input', {}], ['out', 'dense', { units: 3, activation: 'softmax' }]);
    const [issue] = validateTrainConfig(sessionConfig({ document: three, loss: 'softmaxCrossEntropy' }));
    expect(issue).toMatchObject({ code: 'lossOutputMismatch', nodeIds: ['out'], fix: { kind: 'setSetting', nodeId: 'out', key: 'units', value: 2 } });
    expect(validateTrainConfig(sessionConfig({ document: applyFix(three, issue.fix!), loss: 'softmaxCrossEntropy' }))).toEqual([]);
    const act = chain(['in', 'input', {}], ['h', 'dense', { units: 3 }], ['out', 'activation', { activation: 'softmax' }]);
    const [noFix] = validateTrainConfig(sessionConfig({ document: act, loss: 'softmaxCrossEntropy' }));
    expect(noFix).toMatchObject({ code: 'lossOutputMismatch', nodeIds: ['out'] });
    expect(noFix.fix).toBeUndefined();
  });

  it('lossOutputMismatch: bce and mse need 1 output, softmaxCrossEntropy 2', () => {
    expect(validateTrainConfig(sessionConfig({ loss: 'softmaxCrossEntropy' })).map((i) => i.code)).toEqual(['lossOutputMismatch']);
    const two = chain(['in', 'input', {}], ['out', 'dense', { units: 2, activation: 'softmax' }]);
    expect(validateTrainConfig(sessionConfig({ document: two, loss: 'softmaxCrossEntropy' }))).toEqual([]);
    const i = validateTrainConfig(sessionConfig({ document: two, loss: 'bce' }));
    expect(i.map((x) => x.code)).toEqual(['lossOutputMismatch']);
    expect(i[0].params).toMatchObject({ loss: 'bce', expected: 1, got: 2 });
  });

  const bad: [string, Partial<TrainConfig>][] = [
    ['learningRate', { optimizer: { kind: 'sgd', learningRate: 0 } }],
    ['batchSize', { batchSize: -1 }], // 0 and 'all' mean the whole training set (trainFeatures.test.ts)
    ['batchSize', { batchSize: 2.5 }],
    ['epochs', { epochs: 0 }],
    ['validationSplit', { validationSplit: 0.95 }],
    ['samples', { dataset: { kind: 'xor', samples: 1, noise: 0, seed: 1 } }],
    ['noise', { dataset: { kind: 'xor', samples: 100, noise: 1.5, seed: 1 } }],
  ];
  for (const [name, over] of bad) {
    it(`badHyperparameter ${name} (${JSON.stringify(over)})`, () => {
      const issues = validateTrainConfig(sessionConfig(over));
      expect(issues.map((i) => [i.code, i.params.name])).toEqual([['badHyperparameter', name]]);
    });
  }

  it('createTrainingSession throws with the issue messages', () => {
    expect(() => createTrainingSession(sessionConfig({ epochs: 0 }), 1, () => 0)).toThrow(/epochs/);
  });
});

describe('training session', () => {
  it('emits started, one epoch event per epoch, then done; metrics are sane', () => {
    const { events, s } = runSession(sessionConfig({ epochs: 3 }));
    expect(events[0]).toEqual({ type: 'started', runId: 1, epochs: 3, stepsPerEpoch: 24, trainSize: 240, valSize: 60, iterationsPerEpoch: 24, batchSize: 10 });
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    const last = events[events.length - 1];
    expect(last.type).toBe('done');
    if (last.type === 'done') {
      expect(last.reason).toBe('completed');
      expect(last.final).toEqual({ epoch: 3, trainLoss: expect.any(Number), trainAccuracy: expect.any(Number), valLoss: expect.any(Number), valAccuracy: expect.any(Number) });
    }
    expect(s.step()).toEqual([]); // no-op once done
    expect(s.progress().step).toBe(72);
  });

  it('same seed ⇒ bit-identical losses; another seed differs (with dropout in the network)', () => {
    const doc = chain(['in', 'input', {}], ['h', 'dense', { units: 8, activation: 'relu' }], ['p', 'dropout', { rate: 0.3 }], ['out', 'dense', { units: 1, activation: 'sigmoid' }]);
    const a = runSession(sessionConfig({ document: doc, epochs: 3 }));
    const b = runSession(sessionConfig({ document: doc, epochs: 3 }));
    expect(a.losses.length).toBe(72);
    expect(b.losses).toEqual(a.losses);
    expect(b.events).toEqual(a.events);
    const c = runSession(sessionConfig({ document: doc, epochs: 3, seed: 43 }));
    expect(c.losses).not.toEqual(a.losses);
  });

  it('learns XOR with the starter network to train accuracy ≥ 0.98 within 60 epochs', () => {
    const s = createTrainingSession(sessionConfig({ epochs: 60 }), 7, () => 0);
    let best = 0;
    let firstLoss = NaN;
    let lastLoss = NaN;
    while (!s.done) {
      for (const e of s.step()) {
        if (e.type !== 'epoch') continue;
        if (e.epoch === 1) firstLoss = e.trainLoss;
        lastLoss = e.trainLoss;
        best = Math.max(best, e.trainAccuracy);
      }
    }
    expect(best).toBeGreaterThanOrEqual(0.98);
    expect(lastLoss).toBeLessThan(firstLoss / 4);
  });

  it('learns blobs with softmax + cross-entropy (2 outputs, argmax accuracy)', () => {
    const doc = chain(['in', 'input', {}], ['h', 'dense', { units: 4, activation: 'tanh' }], ['out', 'dense', { units: 2, activation: 'softmax' }]);
    const { events } = runSession(sessionConfig({ document: doc, loss: 'softmaxCrossEntropy', dataset: { kind: 'blobs', samples: 200, noise: 0, seed: 3 }, epochs: 10 }));
    const last = events.filter((e) => e.type === 'epoch').pop()!;
    expect(last.type === 'epoch' && last.trainAccuracy).toBe(1);
    expect(last.type === 'epoch' && last.valAccuracy).toBe(1);
  });

  it('diverges with a huge learning rate: an error event naming epoch and step, then done', () => {
    const doc = chain(['in', 'input', {}], ['h', 'dense', { units: 8, activation: 'tanh' }], ['out', 'dense', { units: 1 }]);
    const s = createTrainingSession(sessionConfig({ document: doc, loss: 'mse', optimizer: { kind: 'sgd', learningRate: 1e6 }, epochs: 50 }), 3, () => 0);
    const events: TrainEvent[] = [];
    while (!s.done) events.push(...s.step());
    const err = events[events.length - 1];
    expect(err.type).toBe('error');
    if (err.type !== 'error') return;
    expect(err.code).toBe('diverged');
    expect(err.epoch).toBeGreaterThanOrEqual(1);
    expect(err.step).toBeGreaterThanOrEqual(1);
    expect(err.message).toBe(`Training diverged at epoch ${err.epoch}, step ${err.step} (loss is ${/NaN/.test(err.message) ? 'NaN' : 'Infinity'}). Try a smaller learning rate.`);
    expect(events.some((e) => e.type === 'done')).toBe(false);
    expect(s.step()).toEqual([]);
  });

  it('stop() ends the run with the last epoch metrics', () => {
    const s = createTrainingSession(sessionConfig({ epochs: 5 }), 9, () => 0);
    for (let i = 0; i < 30; i++) s.step(); // one full epoch (24 steps) and a bit
    const done = s.stop();
    expect(done).toMatchObject({ type: 'done', runId: 9, reason: 'stopped', final: { epoch: 1 } });
    expect(s.done).toBe(true);
    expect(s.step()).toEqual([]);
  });

  it('progress: samples/s from the injected clock, ETA from the remaining steps', () => {
    // 300 samples, no validation, batch 10: 30 equal steps per epoch. The session reads the clock
    // once before the first step and once after each step; this clock moves 5 ms per read.
    let t = 1000;
    const s = createTrainingSession(sessionConfig({ validationSplit: 0, epochs: 4 }), 2, () => (t += 5));
    for (let i = 0; i < 40; i++) s.step();
    const p = s.progress();
    expect(p).toMatchObject({ type: 'progress', runId: 2, epoch: 2, step: 40, totalSteps: 120 });
    // 10 samples per 5 ms = 2000 samples/s
    expect(p.samplesPerSecond).toBeCloseTo(2000, 6);
    expect(p.etaSeconds).toBeCloseTo((80 * 10) / 2000, 6);
    // Sliding window: after a slowdown to 20 ms per step for over a second, only the new pace counts.
    const pace = { dt: 5 };
    const slow = createTrainingSession(sessionConfig({ validationSplit: 0, epochs: 4 }), 2, () => (t += pace.dt));
    for (let i = 0; i < 20; i++) slow.step();
    pace.dt = 20;
    for (let i = 0; i < 70; i++) slow.step();
    expect(slow.progress().samplesPerSecond).toBeCloseTo(500, 6);
  });

  it('snapshot: parameters in getParams order', () => {
    const s = createTrainingSession(sessionConfig(), 4, () => 0);
    const snap = s.snapshot();
    expect(snap.params.map((p) => p.length)).toEqual([16, 8, 64, 8, 8, 1]);
    expect(snap.params.every((p) => p instanceof Float32Array)).toBe(true);
  });
});

// Data-parallel gradients over worker threads (src/trainer/parallelGradients.ts): real threads, real
// sessions. Truth: the one-thread run (the model's own lossAndGradients), and a second two-thread run.
import { afterEach, describe, expect, it } from 'vitest';
import { batchShards, compileNetwork, createTrainingSession, defaultSettings, type DocNode, type GradientEngine, type NetworkDocument } from '../../../src/core';
import type { TrainConfig } from '../../../src/core/train/config';
import type { TrainEvent } from '../../../src/core/train/events';
import { TrainingPump } from '../../../src/trainer/pump';
import { defaultThreads, ParallelGradients, parallelGradients } from '../../../src/trainer/parallelGradients';
import { xorConfig } from '../../process/trainConfigs';

const engines: GradientEngine[] = [];
afterEach(() => {
  for (const e of engines.splice(0)) e.dispose();
});

function chain(spec: [string, Record<string, unknown>][]): NetworkDocument {
  const nodes: DocNode[] = spec.map(([type, s], i) => ({ id: `n${i}`, type, settings: { ...defaultSettings(type), ...s }, position: { x: 0, y: 0 } }));
  return { nodes, edges: nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i].id, target: n.id })) };
}

/** XOR on the starter network (2 → 8 tanh → 8 tanh → 1 sigmoid), batch 64 of 400 samples. */
function config(overrides: Partial<TrainConfig> = {}): TrainConfig {
  return xorConfig({ dataset: { kind: 'xor', samples: 400, noise: 0.1, seed: 3 }, batchSize: 64, epochs: 3, ...overrides });
}

/** Runs `steps` steps; returns the weights and the engine's thread count. */
function train(c: TrainConfig, threads: number, steps: number, failAtStep?: number): { params: Float32Array[]; threads: number } {
  let used = 0;
  const session = createTrainingSession(c, 1, () => 0, undefined, threads > 1
    ? {
        gradients: (spec) => {
          const e = new ParallelGradients(spec, { threads, failAtStep });
          engines.push(e);
          used = e.threads;
          return e;
        },
      }
    : { gradients: undefined });
  for (let i = 0; i < steps && !session.done; i++) session.step();
  const params = session.snapshot().params;
  session.stop();
  return { params, threads: threads > 1 ? used : 1 };
}

function maxAbsDiff(a: Float32Array[], b: Float32Array[]): number {
  let m = 0;
  a.forEach((t, k) => t.forEach((v, i) => (m = Math.max(m, Math.abs(v - b[k][i])))));
  return m;
}

describe('batchShards', () => {
  it('cuts a batch into contiguous shards, the first ⌈n/parts⌉', () => {
    expect(batchShards(64, 2)).toEqual([{ start: 0, count: 32 }, { start: 32, count: 32 }]);
    expect(batchShards(7, 2)).toEqual([{ start: 0, count: 4 }, { start: 4, count: 3 }]);
    expect(batchShards(1, 2)).toEqual([{ start: 0, count: 1 }, { start: 1, count: 0 }]);
    expect(batchShards(10, 3)).toEqual([{ start: 0, count: 4 }, { start: 4, count: 3 }, { start: 7, count: 3 }]);
  });
});

describe('ParallelGradients (two threads)', () => {
  it('replays a seed exactly, and agrees with the one-thread run to 1e-5 after 20 steps (incl. a short last batch)', () => {
    // 400 samples, validation 0, batch 64: 7 steps per epoch, the last one of 16 samples.
    const c = config({ optimizer: { kind: 'momentum', learningRate: 0.05, momentum: 0.9 } });
    const a = train(c, 2, 20);
    const b = train(c, 2, 20);
    const one = train(c, 1, 20);
    expect(a.threads).toBe(2);
    expect(a.params).toEqual(b.params); // bit for bit
    const diff = maxAbsDiff(a.params, one.params);
    expect(diff).toBeLessThan(1e-5);
    // …and training moved the weights far more than that (the comparison is not vacuous).
    expect(maxAbsDiff(one.params, train(c, 1, 0).params)).toBeGreaterThan(1e-2);
  });

  it('gives the same loss and gradients as the model on one thread, float64, odd batch', () => {
    const doc = xorConfig().document;
    const model = compileNetwork(doc, { seed: 5, dtype: 'float64' });
    const ref = compileNetwork(doc, { seed: 5, dtype: 'float64' });
    const n = 13;
    const x = Float64Array.from({ length: n * 2 }, (_, i) => Math.sin(i * 1.3));
    const t = Float64Array.from({ length: n }, (_, i) => i % 2);
    const e = new ParallelGradients({ model, document: doc, seed: 5, dtype: 'float64', loss: 'bce', batchSize: 16 }, { threads: 2 });
    engines.push(e);
    const loss = e.lossAndGradients(x, t, n);
    const refLoss = ref.lossAndGradients(x, t, n, 'bce');
    expect(loss).toBeCloseTo(refLoss, 12);
    model.parameters().forEach((p, k) => p.grad.forEach((g, i) => expect(g).toBeCloseTo(ref.parameters()[k].grad[i], 12)));
  });

  it('reports a failing worker thread as an error event from the pump, not a hang', async () => {
    const events: TrainEvent[] = [];
    const ended = new Promise<TrainEvent>((resolve) => {
      const pump = new TrainingPump({
        createSession: (c, runId) => createTrainingSession(c, runId, () => performance.now(), undefined, {
          gradients: (spec) => {
            const e = new ParallelGradients(spec, { threads: 2, failAtStep: 3 });
            engines.push(e);
            return e;
          },
        }),
        emit: (e) => {
          events.push(e);
          if (e.type === 'error' || e.type === 'done') resolve(e);
        },
        now: () => performance.now(),
        defer: (fn) => void setImmediate(fn),
      });
      pump.start(7, config({ epochs: 1000 }));
    });
    const end = await ended;
    expect(end).toMatchObject({ type: 'error', runId: 7, code: 'internal' });
    expect(end.type === 'error' && end.message).toMatch(/training thread 1 failed: test failure at step 3/);
  });
});

describe('parallelGradients factory and settings', () => {
  const spec = (doc: NetworkDocument, batchSize: number, loss: TrainConfig['loss'] = 'softmaxCrossEntropy') => ({
    model: compileNetwork(doc, { seed: 1 }), document: doc, seed: 1, dtype: 'float32' as const, loss, batchSize,
  });
  const make = parallelGradients({ threads: 2 });
  const threadsFor = (s: ReturnType<typeof spec>) => {
    const e = make(s);
    engines.push(e);
    return e.threads;
  };
  const input: [string, Record<string, unknown>] = ['input', { shape: [16, 16, 1] }];
  const conv: [string, Record<string, unknown>] = ['conv2d', { filters: 8, kernelSize: [3, 3], padding: 'same', activation: 'relu' }];
  const head: [string, Record<string, unknown>][] = [['maxPool2d', { poolSize: [4, 4], strides: [4, 4] }], ['flatten', {}], ['dense', { units: 10, activation: 'softmax' }]];

  it('uses two threads for a convolutional network at batch ≥ 16, one below', () => {
    const doc = chain([input, conv, ...head]);
    expect(threadsFor(spec(doc, 32))).toBe(2);
    expect(threadsFor(spec(doc, 8))).toBe(1);
  });

  it('keeps BatchNorm, dropout and RMSE networks on one thread (their batch does not split by sample)', () => {
    expect(threadsFor(spec(chain([input, conv, ['batchNorm', {}], ...head]), 32))).toBe(1);
    expect(threadsFor(spec(chain([input, conv, ['dropout', { rate: 0.3 }], ...head]), 32))).toBe(1);
    expect(threadsFor(spec(chain([input, conv, ['flatten', {}], ['dense', { units: 1 }]]), 32, 'rmse'))).toBe(1);
  });

  it('keeps a network with little compute per parameter on one thread (an MLP at batch 64)', () => {
    const mlp = chain([['input', { shape: [784] }], ['dense', { units: 128, activation: 'relu' }], ['dense', { units: 10, activation: 'softmax' }]]);
    expect(threadsFor(spec(mlp, 64))).toBe(1);
    expect(threadsFor(spec(mlp, 1024))).toBe(2);
  });

  it('NETLOOM_THREADS forces the thread count; otherwise 2 on a machine with two cores or more', () => {
    expect(defaultThreads({ NETLOOM_THREADS: '1' })).toBe(1);
    expect(defaultThreads({ NETLOOM_THREADS: '2' })).toBe(2);
    expect([1, 2]).toContain(defaultThreads({}));
  });
});

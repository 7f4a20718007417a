// Data-parallel gradients over worker threads (src/trainer/parallelGradients.ts): real threads, real
// sessions. Truth: the one-thread run (the model's own lossAndGradients), and a second two-thread run.
import { afterEach, describe, expect, it } from 'vitest';
import {
  batchShards, compileNetwork, createOptimizer, createTrainingSession, defaultSettings, jsKernels, loadWasmKernels, setKernels, type DocNode, type GradientEngine, type NetworkDocument,
  type OptimizerConfig, type OptimizerState,
} from '../../../src/core';
import type { TrainConfig } from '../../../src/core/train/config';
import type { TrainEvent } from '../../../src/core/train/events';
import { TrainingPump } from '../../../src/trainer/pump';
import { defaultThreads, parallelGradients } from '../../../src/trainer/engineChoice';
import { ParallelGradients, paramRanges } from '../../../src/trainer/parallelGradients';
import { SplitDenseGradients } from '../../../src/trainer/splitDense';
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
    const e = new ParallelGradients({ model, document: doc, seed: 5, dtype: 'float64', loss: 'bce', optimizer: { kind: 'sgd', learningRate: 0.1 }, batchSize: 16 }, { threads: 2 });
    engines.push(e);
    const loss = e.lossAndGradients(x, t, n);
    const refLoss = ref.lossAndGradients(x, t, n, 'bce');
    expect(loss).toBeCloseTo(refLoss, 12);
    model.parameters().forEach((p, k) => p.grad.forEach((g, i) => expect(g).toBeCloseTo(ref.parameters()[k].grad[i], 12)));
  });

  it('replays a seed exactly through the gradient-only path too (L2 penalty: the session steps the optimizer itself)', () => {
    const c = config({ optimizer: { kind: 'adam', learningRate: 0.01 }, l2: 1e-3 });
    const a = train(c, 2, 12);
    expect(a.params).toEqual(train(c, 2, 12).params);
    expect(maxAbsDiff(a.params, train(c, 1, 12).params)).toBeLessThan(1e-5);
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
    model: compileNetwork(doc, { seed: 1 }), document: doc, seed: 1, dtype: 'float32' as const, loss, optimizer: { kind: 'adam' as const, learningRate: 1e-3 }, batchSize,
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

  it('splits a Dense chain with enough compute by units, and keeps one with little on one thread', () => {
    const mlp = chain([['input', { shape: [784] }], ['dense', { units: 128, activation: 'relu' }], ['dense', { units: 10, activation: 'softmax' }]]);
    const big = make(spec(mlp, 64)); // ~6.5 M multiply-adds per batch
    engines.push(big);
    expect(big).toBeInstanceOf(SplitDenseGradients);
    expect(big.threads).toBe(2);
    const xor = chain([['input', { shape: [2] }], ['dense', { units: 8, activation: 'tanh' }], ['dense', { units: 1, activation: 'sigmoid' }]]);
    expect(threadsFor(spec(xor, 64, 'bce'))).toBe(1); // 1,536 multiply-adds per batch
    // A chain too small to split but with a big batch still goes data parallel (compute per parameter).
    const wide = make(spec(xor, 4096, 'bce'));
    engines.push(wide);
    expect(wide).toBeInstanceOf(ParallelGradients);
  });

  it('data parallel for a chain with dropout; units split for float32 chains only', () => {
    const dense: [string, Record<string, unknown>] = ['dense', { units: 256, activation: 'relu' }];
    const withDropout = chain([['input', { shape: [784] }], dense, ['dropout', { rate: 0.2 }], ['dense', { units: 10, activation: 'softmax' }]]);
    expect(threadsFor(spec(withDropout, 64))).toBe(1); // dropout: neither split applies
    const plain = chain([['input', { shape: [784] }], dense, ['dense', { units: 10, activation: 'softmax' }]]);
    const f64 = { ...spec(plain, 64), model: compileNetwork(plain, { seed: 1, dtype: 'float64' }), dtype: 'float64' as const };
    const e = make(f64);
    engines.push(e);
    expect(e).not.toBeInstanceOf(SplitDenseGradients);
  });

  it('on one thread: a float32 Dense chain gets the Dense chain engine when the WebAssembly kernels are installed, the model itself otherwise', () => {
    const mlp = chain([['input', { shape: [20] }], ['dense', { units: 8, activation: 'relu' }], ['dense', { units: 3, activation: 'softmax' }]]);
    const one = parallelGradients({ threads: 1 });
    const plain = one(spec(mlp, 32)); // the unit tests run on the TypeScript kernels
    engines.push(plain);
    expect(plain).not.toBeInstanceOf(SplitDenseGradients);
    setKernels(loadWasmKernels()!.kernels);
    try {
      const fast = one(spec(mlp, 32));
      engines.push(fast);
      expect(fast).toBeInstanceOf(SplitDenseGradients);
      expect(fast.threads).toBe(1);
      const small = make(spec(mlp, 8)); // two threads asked for, a batch too small: the same one-thread engine
      engines.push(small);
      expect(small).toBeInstanceOf(SplitDenseGradients);
      expect(small.threads).toBe(1);
      const conv2 = one(spec(chain([input, conv, ...head]), 32));
      engines.push(conv2);
      expect(conv2).not.toBeInstanceOf(SplitDenseGradients);
    } finally {
      setKernels(jsKernels);
    }
  });

  it('NETLOOM_THREADS forces the thread count; otherwise 2 on a machine with two cores or more', () => {
    expect(defaultThreads({ NETLOOM_THREADS: '1' })).toBe(1);
    expect(defaultThreads({ NETLOOM_THREADS: '2' })).toBe(2);
    expect([1, 2]).toContain(defaultThreads({}));
  });
});

/**
 * The shared step (trainStep: every thread updates its own range of the parameters) against its
 * definition: the same engine's gradients followed by one whole optimizer.step() on this thread.
 * Both sides add the shards in the same order, so they must agree bit for bit.
 */
describe('ParallelGradients.trainStep (the update shared between threads)', () => {
  const doc = chain([['input', { shape: [6] }], ['dense', { units: 9, activation: 'tanh' }], ['dense', { units: 7, activation: 'relu' }], ['dense', { units: 3, activation: 'softmax' }]]);
  const batch = (n: number, salt: number) => ({
    x: Float32Array.from({ length: n * 6 }, (_, i) => Math.sin(i * 0.7 + salt)),
    t: Float32Array.from({ length: n * 3 }, (_, i) => (Math.floor(i / 3) * 7 + salt) % 3 === i % 3 ? 1 : 0), // one-hot
  });
  const engine = (opt: OptimizerConfig, threads: number, delayMs?: number[]) => {
    const model = compileNetwork(doc, { seed: 4 });
    const e = new ParallelGradients({ model, document: doc, seed: 4, dtype: 'float32', loss: 'softmaxCrossEntropy', optimizer: opt, batchSize: 20 }, { threads, delayMs });
    engines.push(e);
    return { model, e, optimizer: createOptimizer(opt, model.parameters()) };
  };
  const values = (m: ReturnType<typeof compileNetwork>) => m.parameters().map((p) => Float32Array.from(p.value));
  const arrays = (s: OptimizerState) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, typeof v === 'number' ? v : Array.from(v)]));

  const optimizers: OptimizerConfig[] = [
    { kind: 'sgd', learningRate: 0.1, weightDecay: 1e-3 },
    { kind: 'nesterov', learningRate: 0.05, momentum: 0.9 },
    { kind: 'adagrad', learningRate: 0.05 },
    { kind: 'rmsprop', learningRate: 0.01, momentum: 0.5, centered: true },
    { kind: 'adam', learningRate: 0.01 },
    { kind: 'adamw', learningRate: 0.01, weightDecay: 0.1 },
  ];
  for (const opt of optimizers) {
    it(`${opt.kind}: 9 steps (batches of 20, 20, …, 7, 2 and 1) give the same weights and optimizer state bit for bit`, () => {
      const shared = engine(opt, 2);
      const ref = engine(opt, 2);
      const sizes = [20, 20, 7, 20, 2, 20, 1, 20, 13];
      sizes.forEach((n, s) => {
        const { x, t } = batch(n, s);
        if (s === 5) for (const o of [shared.optimizer, ref.optimizer]) o.learningRate *= 0.5; // a schedule between steps
        const a = shared.e.trainStep(x, t, n, shared.optimizer);
        const b = ref.e.lossAndGradients(x, t, n);
        ref.optimizer.step();
        expect(a).toBe(b);
      });
      expect(values(shared.model)).toEqual(values(ref.model));
      // Training moved the weights (the comparison is not vacuous)…
      expect(maxAbsDiff(values(shared.model), values(compileNetwork(doc, { seed: 4 })))).toBeGreaterThan(1e-3);
      // …and the worker's half of the optimizer state comes back on dispose().
      shared.e.dispose();
      expect(arrays(shared.optimizer.state())).toEqual(arrays(ref.optimizer.state()));
    });
  }

  it('three threads: the same result as two, bit for bit (the shards depend on the batch alone)', () => {
    const opt: OptimizerConfig = { kind: 'adam', learningRate: 0.02 };
    const two = engine(opt, 2);
    const three = engine(opt, 3);
    for (let s = 0; s < 6; s++) {
      const { x, t } = batch(19, s);
      expect(three.e.trainStep(x, t, 19, three.optimizer)).toBe(two.e.trainStep(x, t, 19, two.optimizer));
    }
    expect(values(three.model)).toEqual(values(two.model));
    expect(maxAbsDiff(values(two.model), values(compileNetwork(doc, { seed: 4 })))).toBeGreaterThan(1e-3);
    three.e.dispose();
    two.e.dispose();
    expect(arrays(three.optimizer.state())).toEqual(arrays(two.optimizer.state()));
  });

  it('a slower thread takes fewer shards, and who computed which changes no bit of the run', () => {
    const opt: OptimizerConfig = { kind: 'momentum', learningRate: 0.1, momentum: 0.9 };
    // A thread that spins 20 ms before each claim stands for a slow core (a shard of this network takes microseconds).
    const runs = [undefined, [0, 20], [20, 0]].map((delayMs) => {
      const r = engine(opt, 2, delayMs);
      const took: number[][] = [];
      for (let s = 0; s < 5; s++) {
        const { x, t } = batch(20, s);
        r.e.trainStep(x, t, 20, r.optimizer);
        took.push([...r.e.lastShards()]);
      }
      return { ...r, took };
    });
    // Every step's 8 shards were computed, each once…
    for (const { took } of runs) for (const step of took) expect(step[0] + step[1]).toBe(8);
    // …and the faster thread took most of them (this thread first, then the worker): the runs really split the batches differently.
    // (Not counting the first step: the worker may still be starting.)
    const share = (took: number[][], w: number) => took.slice(1).reduce((a, step) => a + step[w], 0) / (8 * (took.length - 1));
    expect(share(runs[1].took, 0)).toBeGreaterThan(0.75);
    expect(share(runs[2].took, 1)).toBeGreaterThan(0.75);
    expect(values(runs[1].model)).toEqual(values(runs[0].model));
    expect(values(runs[2].model)).toEqual(values(runs[0].model));
  });

  it('does not step anywhere when the loss is not finite, and the next step still agrees', () => {
    const opt: OptimizerConfig = { kind: 'momentum', learningRate: 0.1, momentum: 0.9 };
    const shared = engine(opt, 2);
    const ref = engine(opt, 2);
    const good = batch(20, 1);
    shared.e.trainStep(good.x, good.t, 20, shared.optimizer);
    ref.e.lossAndGradients(good.x, good.t, 20);
    ref.optimizer.step();
    const before = values(shared.model);
    const bad = batch(20, 2);
    bad.t[15 * 3] = Number.NaN; // a target of sample 15 (relu would swallow a NaN input)
    expect(shared.e.trainStep(bad.x, bad.t, 20, shared.optimizer)).toBeNaN();
    expect(values(shared.model)).toEqual(before);
    const next = batch(20, 3);
    shared.e.trainStep(next.x, next.t, 20, shared.optimizer);
    ref.e.lossAndGradients(next.x, next.t, 20);
    ref.optimizer.step();
    expect(values(shared.model)).toEqual(values(ref.model));
  });

  it('splits the flattened parameters into contiguous ranges covering them once', () => {
    expect(paramRanges(10, 2)).toEqual([{ from: 0, to: 5 }, { from: 5, to: 10 }]);
    expect(paramRanges(7, 3)).toEqual([{ from: 0, to: 3 }, { from: 3, to: 5 }, { from: 5, to: 7 }]);
  });
});

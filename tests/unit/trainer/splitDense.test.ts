// Dense layers split by units between worker threads (src/trainer/splitDense.ts, core/train/denseSplit.ts):
// real threads. Truth: the model on one thread (its own lossAndGradients and the session's optimizer),
// which the split run must follow to float rounding, step by step, optimizer state included.
import { afterEach, describe, expect, it } from 'vitest';
import {
  compileNetwork, createOptimizer, defaultSettings, type DocNode, type FloatArray, type GradientEngine, type NetworkDocument, type OptimizerConfig, type OptimizerState,
} from '../../../src/core';
import { copyColumns, denseChain, layerSplits, reductions, unitRange } from '../../../src/core/train/denseSplit';
import type { LossKind } from '../../../src/core/train/config';
import { SplitDenseGradients, splitsByUnits } from '../../../src/trainer/splitDense';
import { createTrainingSession, gatherRows, jsKernels, loadWasmKernels, setKernels, shareInputs, workspaceOf } from '../../../src/core';
import { xorConfig } from '../../process/trainConfigs';

const engines: GradientEngine[] = [];
afterEach(() => {
  for (const e of engines.splice(0)) e.dispose();
});

function chain(spec: [string, Record<string, unknown>][]): NetworkDocument {
  const nodes: DocNode[] = spec.map(([type, s], i) => ({ id: `n${i}`, type, settings: { ...defaultSettings(type), ...s }, position: { x: 0, y: 0 } }));
  return { nodes, edges: nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i].id, target: n.id })) };
}

const values = (m: ReturnType<typeof compileNetwork>) => m.parameters().map((p) => Float32Array.from(p.value));
function maxAbsDiff(a: Float32Array[], b: Float32Array[]): number {
  let m = 0;
  a.forEach((t, k) => t.forEach((v, i) => (m = Math.max(m, Math.abs(v - b[k][i])))));
  return m;
}
function maxStateDiff(a: OptimizerState, b: OptimizerState): number {
  let m = 0;
  for (const [k, v] of Object.entries(b)) {
    const u = a[k];
    if (typeof v === 'number') m = Math.max(m, Math.abs((u as number) - v));
    else v.forEach((w, i) => (m = Math.max(m, Math.abs((u as Float32Array)[i] - w))));
  }
  return m;
}

// Odd unit counts (9 and 7 split 5 + 4 and 4 + 3; 11 on three threads 4 + 4 + 3), odd input width.
const doc = chain([['input', { shape: [6] }], ['dense', { units: 9, activation: 'tanh' }], ['dense', { units: 7, activation: 'relu' }], ['dense', { units: 3, activation: 'softmax' }]]);
const batch = (n: number, salt: number) => ({
  x: Float32Array.from({ length: n * 6 }, (_, i) => Math.sin(i * 0.7 + salt)),
  t: Float32Array.from({ length: n * 3 }, (_, i) => ((Math.floor(i / 3) * 7 + salt) % 3 === i % 3 ? 1 : 0)), // one-hot
});

function setup(d: NetworkDocument, opt: OptimizerConfig, loss: LossKind, threads: number, batchSize = 20, inputs?: Float32Array) {
  const model = compileNetwork(d, { seed: 4 });
  const e = new SplitDenseGradients({ model, document: d, seed: 4, dtype: 'float32', loss, optimizer: opt, batchSize, inputs }, { threads });
  engines.push(e);
  return { model, e, optimizer: createOptimizer(opt, model.parameters()) };
}
function reference(d: NetworkDocument, opt: OptimizerConfig) {
  const model = compileNetwork(d, { seed: 4 });
  return { model, optimizer: createOptimizer(opt, model.parameters()) };
}

describe('denseChain and the unit split', () => {
  it('accepts Input → Dense → … → Dense only, with elementwise hidden activations', () => {
    expect(denseChain(compileNetwork(doc, { seed: 1 }))?.map((l) => [l.I, l.O, l.activation])).toEqual([[6, 9, 'tanh'], [9, 7, 'relu'], [7, 3, 'softmax']]);
    const hiddenSoftmax = chain([['input', { shape: [4] }], ['dense', { units: 5, activation: 'softmax' }], ['dense', { units: 2 }]]);
    expect(denseChain(compileNetwork(hiddenSoftmax, { seed: 1 }))).toBeNull();
    const withDropout = chain([['input', { shape: [4] }], ['dense', { units: 5 }], ['dropout', { rate: 0.5 }], ['dense', { units: 2 }]]);
    expect(denseChain(compileNetwork(withDropout, { seed: 1 }))).toBeNull();
    expect(denseChain(compileNetwork(doc, { seed: 1, dtype: 'float64' }))).toBeNull(); // gradient checks stay on the reference path
    const narrow = chain([['input', { shape: [4] }], ['dense', { units: 2 }], ['dense', { units: 2 }]]);
    expect(splitsByUnits({ model: compileNetwork(narrow, { seed: 1 }) }, 2)).toBe(true);
    expect(splitsByUnits({ model: compileNetwork(narrow, { seed: 1 }) }, 3)).toBe(false); // a thread would own no unit
  });

  it('alternates the cuts (columns, rows, …) and sums after each layer cut by rows and behind each later layer cut by columns', () => {
    const of = (units: number[]) => denseChain(compileNetwork(chain([['input', { shape: [3] }], ...units.map((u): [string, Record<string, unknown>] => ['dense', { units: u }])]), { seed: 1 }))!;
    const two = of([9, 7, 3]); // 3 → 9 → 7 → 3
    expect(layerSplits(two, 2)).toEqual(['columns', 'rows', 'whole']);
    expect(reductions(two, 2)).toEqual([{ layer: 1, width: 7, backward: false }]);
    expect(layerSplits(two, 1)).toEqual(['whole', 'whole', 'whole']);
    expect(reductions(two, 1)).toEqual([]);
    const three = of([8, 6, 5, 2]);
    expect(layerSplits(three, 3)).toEqual(['columns', 'rows', 'columns', 'rows']);
    expect(reductions(three, 3)).toEqual([{ layer: 1, width: 6, backward: false }, { layer: 3, width: 2, backward: false }, { layer: 2, width: 6, backward: true }]);
    const one = of([7, 2]);
    expect(layerSplits(one, 2)).toEqual(['columns', 'rows']);
    expect(reductions(one, 2)).toEqual([{ layer: 1, width: 2, backward: false }]);
  });

  it('cuts the units into contiguous ranges covering them once, and copies columns both ways', () => {
    expect([0, 1].map((p) => unitRange(9, p, 2))).toEqual([{ c0: 0, c1: 5 }, { c0: 5, c1: 9 }]);
    expect([0, 1, 2].map((p) => unitRange(11, p, 3))).toEqual([{ c0: 0, c1: 4 }, { c0: 4, c1: 8 }, { c0: 8, c1: 11 }]);
    const full = Float32Array.from({ length: 12 }, (_, i) => i); // 3 rows × 4 columns
    const slice = new Float32Array(6);
    copyColumns(full, 4, slice, 1, 2, 3, true);
    expect(Array.from(slice)).toEqual([1, 2, 5, 6, 9, 10]);
    const back = new Float32Array(12);
    copyColumns(back, 4, slice, 1, 2, 3, false);
    expect(Array.from(back)).toEqual([0, 1, 2, 0, 0, 5, 6, 0, 0, 9, 10, 0]);
  });
});

describe('SplitDenseGradients.trainStep', () => {
  const optimizers: OptimizerConfig[] = [
    { kind: 'sgd', learningRate: 0.1, weightDecay: 1e-3 },
    { kind: 'momentum', learningRate: 0.05, momentum: 0.9 },
    { kind: 'rmsprop', learningRate: 0.01, momentum: 0.5, centered: true },
    { kind: 'adam', learningRate: 0.01 },
    { kind: 'adamw', learningRate: 0.01, weightDecay: 0.1 },
  ];
  for (const opt of optimizers) {
    it(`${opt.kind}: 9 steps (batches of 20, 7, 2, 1, …) follow the one-thread run, weights and optimizer state, to 1e-5`, () => {
      const split = setup(doc, opt, 'softmaxCrossEntropy', 2);
      const ref = reference(doc, opt);
      [20, 20, 7, 20, 2, 20, 1, 20, 13].forEach((n, s) => {
        const { x, t } = batch(n, s);
        if (s === 5) for (const o of [split.optimizer, ref.optimizer]) o.learningRate *= 0.5; // a schedule between steps
        const a = split.e.trainStep(x, t, n, split.optimizer);
        const b = ref.model.lossAndGradients(x, t, n, 'softmaxCrossEntropy');
        ref.optimizer.step();
        expect(Math.abs(a - b)).toBeLessThan(1e-5);
        // The session's model holds the new weights after syncModel() (the session calls it before reading them).
        split.e.syncModel();
        expect(maxAbsDiff(values(split.model), values(ref.model))).toBeLessThan(1e-5);
      });
      // Training moved the weights far more than that (the comparison is not vacuous)…
      expect(maxAbsDiff(values(ref.model), values(compileNetwork(doc, { seed: 4 })))).toBeGreaterThan(1e-3);
      // …and the threads' optimizer state comes back into the session's optimizer on dispose().
      split.e.dispose();
      expect(maxStateDiff(split.optimizer.state(), ref.optimizer.state())).toBeLessThan(1e-5);
    });
  }

  it('with the WebAssembly kernels installed (every thread then uses them): follows the one-thread run on them', () => {
    const fast = loadWasmKernels();
    expect(fast).not.toBeNull();
    setKernels(fast!.kernels);
    try {
      const opt: OptimizerConfig = { kind: 'adam', learningRate: 0.01 };
      const split = setup(doc, opt, 'softmaxCrossEntropy', 2);
      const ref = reference(doc, opt);
      for (let s = 0; s < 6; s++) {
        const { x, t } = batch(20, s);
        split.e.trainStep(x, t, 20, split.optimizer);
        ref.model.lossAndGradients(x, t, 20, 'softmaxCrossEntropy');
        ref.optimizer.step();
      }
      split.e.syncModel();
      expect(maxAbsDiff(values(split.model), values(ref.model))).toBeLessThan(1e-5);
    } finally {
      setKernels(jsKernels);
    }
  });

  it('one thread (no workers), its arrays in a wasm workspace: follows the model on the same kernels, state gathered on dispose()', () => {
    setKernels(loadWasmKernels()!.kernels);
    try {
      for (const opt of [{ kind: 'adam', learningRate: 0.01 }, { kind: 'rmsprop', learningRate: 0.01, centered: true, momentum: 0.5 }] as OptimizerConfig[]) {
        const one = setup(doc, opt, 'softmaxCrossEntropy', 1);
        expect(one.e.threads).toBe(1);
        const ref = reference(doc, opt);
        [20, 7, 20, 1, 13].forEach((n, s) => {
          const { x, t } = batch(n, s);
          // Odd steps: the batch gathered where the engine asks, alone its workspace copy of x (used in place).
          let xs: FloatArray = x;
          if (s % 2) {
            xs = one.e.batchBuffers!().x;
            expect(workspaceOf(xs)).toBeDefined();
            xs.set(x);
          }
          const a = one.e.trainStep!(xs, t, n, one.optimizer);
          const b = ref.model.lossAndGradients(x, t, n, 'softmaxCrossEntropy');
          ref.optimizer.step();
          expect(Math.abs(a - b)).toBeLessThan(1e-5);
        });
        one.e.syncModel!();
        expect(maxAbsDiff(values(one.model), values(ref.model))).toBeLessThan(1e-5);
        expect(maxAbsDiff(values(ref.model), values(compileNetwork(doc, { seed: 4 })))).toBeGreaterThan(1e-3);
        one.e.dispose();
        expect(maxStateDiff(one.optimizer.state(), ref.optimizer.state())).toBeLessThan(1e-5);
      }
    } finally {
      setKernels(jsKernels);
    }
  });

  it('replays a seed bit for bit, and three threads agree with two', () => {
    const opt: OptimizerConfig = { kind: 'adam', learningRate: 0.02 };
    const runs = [setup(doc, opt, 'softmaxCrossEntropy', 2), setup(doc, opt, 'softmaxCrossEntropy', 2), setup(doc, opt, 'softmaxCrossEntropy', 3)];
    for (let s = 0; s < 6; s++) {
      const { x, t } = batch(19, s);
      for (const r of runs) r.e.trainStep(x, t, 19, r.optimizer);
    }
    for (const r of runs) r.e.syncModel();
    expect(values(runs[0].model)).toEqual(values(runs[1].model));
    expect(maxAbsDiff(values(runs[0].model), values(runs[2].model))).toBeLessThan(1e-6);
  });

  // Hidden layers alternate: cut by columns, by rows, by columns; the output layer is then cut by rows
  // (its partial outputs summed), and the third layer sums its ∂L/∂input over the threads. One hidden
  // layer: cut by columns, the output by rows.
  it('unfused losses and linear outputs (MSE regression), three hidden layers or one, on two and three threads: weights and optimizer state follow the one-thread run', () => {
    const deep = chain([['input', { shape: [3] }], ['dense', { units: 8, activation: 'elu' }], ['dense', { units: 6, activation: 'sigmoid' }], ['dense', { units: 5, activation: 'swish' }], ['dense', { units: 2 }]]);
    const shallow = chain([['input', { shape: [3] }], ['dense', { units: 7, activation: 'tanh' }], ['dense', { units: 2 }]]);
    const opt: OptimizerConfig = { kind: 'adam', learningRate: 0.01 };
    for (const [reg, threads] of [[deep, 2], [deep, 3], [shallow, 2], [shallow, 3]] as const) {
      const split = setup(reg, opt, 'mse', threads, 16);
      const ref = reference(reg, opt);
      for (let s = 0; s < 8; s++) {
        const x = Float32Array.from({ length: 16 * 3 }, (_, i) => Math.cos(i * 0.37 + s));
        const t = Float32Array.from({ length: 16 * 2 }, (_, i) => Math.sin(i * 0.11 - s));
        expect(Math.abs(split.e.trainStep(x, t, 16, split.optimizer) - ref.model.lossAndGradients(x, t, 16, 'mse'))).toBeLessThan(1e-6);
        ref.optimizer.step();
      }
      split.e.syncModel();
      expect(maxAbsDiff(values(split.model), values(ref.model))).toBeLessThan(1e-5);
      expect(maxAbsDiff(values(ref.model), values(compileNetwork(reg, { seed: 4 })))).toBeGreaterThan(1e-3);
      split.e.dispose();
      expect(maxStateDiff(split.optimizer.state(), ref.optimizer.state())).toBeLessThan(1e-5);
    }
  });

  it('does not step when the loss is not finite, and the next step still agrees', () => {
    const opt: OptimizerConfig = { kind: 'momentum', learningRate: 0.1, momentum: 0.9 };
    const split = setup(doc, opt, 'softmaxCrossEntropy', 2);
    const ref = reference(doc, opt);
    const good = batch(20, 1);
    split.e.trainStep(good.x, good.t, 20, split.optimizer);
    ref.model.lossAndGradients(good.x, good.t, 20, 'softmaxCrossEntropy');
    ref.optimizer.step();
    split.e.syncModel();
    const before = values(split.model);
    const bad = batch(20, 2);
    bad.t[15 * 3] = Number.NaN;
    expect(split.e.trainStep(bad.x, bad.t, 20, split.optimizer)).toBeNaN();
    split.e.syncModel();
    expect(values(split.model)).toEqual(before);
    const next = batch(20, 3);
    split.e.trainStep(next.x, next.t, 20, split.optimizer);
    ref.model.lossAndGradients(next.x, next.t, 20, 'softmaxCrossEntropy');
    ref.optimizer.step();
    split.e.syncModel();
    expect(maxAbsDiff(values(split.model), values(ref.model))).toBeLessThan(1e-5);
  });

  it('takeRows: every thread gathers the rows from the shared inputs itself, the same bits as the batch handed over; refused where the threads cannot read them', () => {
    const opt: OptimizerConfig = { kind: 'adam', learningRate: 0.02 };
    // 60 samples of 6 features; each step takes rows in a shuffled order.
    const data = shareInputs(Float32Array.from({ length: 60 * 6 }, (_, i) => Math.sin(i * 0.37)));
    expect(data.buffer).toBeInstanceOf(SharedArrayBuffer);
    const order = Uint32Array.from({ length: 60 }, (_, i) => (i * 17) % 60);
    const rows = setup(doc, opt, 'softmaxCrossEntropy', 2, 20, data);
    const handed = setup(doc, opt, 'softmaxCrossEntropy', 2, 20);
    expect(handed.e.takeRows(data, 6, order, 0, 20)).toBe(false); // no inputs in its spec
    expect(rows.e.takeRows(Float32Array.from(data), 6, order, 0, 20)).toBe(false); // not the shared inputs
    for (const [s, n] of [[0, 20], [20, 20], [40, 13], [53, 7]]) {
      const { t } = batch(n, s);
      const x = new Float32Array(n * 6);
      gatherRows(data, 6, order, s, n, x);
      expect(rows.e.takeRows(data, 6, order, s, n)).toBe(true);
      const into = rows.e.batchBuffers();
      const a = rows.e.trainStep(into.x, t, n, rows.optimizer);
      expect(Array.from(into.x.subarray(0, n * 6)).every((v) => v === 0)).toBe(true); // nobody gathered them for the threads
      const b = handed.e.trainStep(x, t, n, handed.optimizer);
      expect(a).toBe(b);
    }
    rows.e.syncModel();
    handed.e.syncModel();
    expect(values(rows.model).map((v) => Array.from(v))).toEqual(values(handed.model).map((v) => Array.from(v)));
    // A gradient-only call after takeRows gathers the rows into x here after all.
    expect(rows.e.takeRows(data, 6, order, 7, 20)).toBe(true);
    const into = rows.e.batchBuffers();
    const { t } = batch(20, 9);
    const x = new Float32Array(20 * 6);
    gatherRows(data, 6, order, 7, 20, x);
    const ref = compileNetwork(doc, { seed: 4 });
    ref.parameters().forEach((p, i) => p.value.set(rows.model.parameters()[i].value));
    expect(rows.e.lossAndGradients(into.x, t, 20)).toBe(ref.lossAndGradients(x, t, 20, 'softmaxCrossEntropy'));
    expect(Array.from(into.x.subarray(0, 20 * 6))).toEqual(Array.from(x));
    expect(rows.e.takeRows(data, 6, order, 0, 20)).toBe(false); // the run is on this thread now
    // One thread: nothing to share (the session gathers into its workspace copy).
    expect(setup(doc, opt, 'softmaxCrossEntropy', 1, 20, data).e.takeRows(data, 6, order, 0, 20)).toBe(false);
  });

  it('a gradient-only call (penalties, clipping) moves the run onto this thread with the optimizer state gathered', () => {
    const opt: OptimizerConfig = { kind: 'adam', learningRate: 0.01 };
    const split = setup(doc, opt, 'softmaxCrossEntropy', 2);
    const ref = reference(doc, opt);
    for (let s = 0; s < 4; s++) {
      const { x, t } = batch(20, s);
      if (s < 2) split.e.trainStep(x, t, 20, split.optimizer);
      else {
        split.e.lossAndGradients(x, t, 20);
        split.optimizer.step();
      }
      ref.model.lossAndGradients(x, t, 20, 'softmaxCrossEntropy');
      ref.optimizer.step();
    }
    expect(split.e.threads).toBe(2);
    expect(maxAbsDiff(values(split.model), values(ref.model))).toBeLessThan(1e-5);
    expect(maxStateDiff(split.optimizer.state(), ref.optimizer.state())).toBeLessThan(1e-5);
  });

  it('refuses a batch larger than it was built for, with the sizes in the message', () => {
    const split = setup(doc, { kind: 'sgd', learningRate: 0.1 }, 'softmaxCrossEntropy', 2, 8);
    const { x, t } = batch(9, 0);
    expect(() => split.e.trainStep(x, t, 9, split.optimizer)).toThrow('a batch of 9 samples is larger than the 8 it was built for');
  });

  it('reports a failing worker thread as an Error from the step, not a hang, and stays failed', () => {
    const model = compileNetwork(doc, { seed: 4 });
    const opt: OptimizerConfig = { kind: 'sgd', learningRate: 0.1 };
    const e = new SplitDenseGradients({ model, document: doc, seed: 4, dtype: 'float32', loss: 'softmaxCrossEntropy', optimizer: opt, batchSize: 20 }, { threads: 2, failAtStep: 2 });
    engines.push(e);
    const optimizer = createOptimizer(opt, model.parameters());
    const { x, t } = batch(20, 0);
    e.trainStep(x, t, 20, optimizer);
    expect(() => e.trainStep(x, t, 20, optimizer)).toThrow(/training thread 1 failed: test failure at step 2/);
    expect(() => e.trainStep(x, t, 20, optimizer)).toThrow(/test failure at step 2/);
  });
});

describe('SplitDenseGradients in a training session', () => {
  /** XOR on 2 → 24 tanh → 16 relu → 1 sigmoid, batch 32 of 300 samples (the last batch 12), Adam. */
  function session(threads: number) {
    const c = xorConfig({ dataset: { kind: 'xor', samples: 300, noise: 0.1, seed: 3 }, batchSize: 32, epochs: 3, validationSplit: 0.2 });
    const dense = c.document.nodes.filter((n) => n.type === 'dense');
    dense[0].settings = { ...dense[0].settings, units: 24 };
    dense[1].settings = { ...dense[1].settings, units: 16, activation: 'relu' };
    let engine: SplitDenseGradients | null = null;
    const s = createTrainingSession(c, 1, () => 0, undefined, threads > 1
      ? { gradients: (spec) => (engine = new SplitDenseGradients(spec, { threads })) }
      : { gradients: undefined });
    if (engine) engines.push(engine);
    return { s, engine: () => engine };
  }

  it('gathers each batch into the shared buffers, and its epochs, snapshots and final weights follow the one-thread run', () => {
    const split = session(2);
    const one = session(1);
    const events = (x: ReturnType<typeof session>) => {
      const out: ReturnType<typeof x.s.step> = [];
      while (!x.s.done) out.push(...x.s.step());
      return out;
    };
    // Mid-run: a snapshot after a few steps gathers the threads' weights.
    for (let i = 0; i < 4; i++) {
      split.s.step();
      one.s.step();
    }
    expect(maxAbsDiff(split.s.snapshot().params, one.s.snapshot().params)).toBeLessThan(1e-5);
    expect(split.engine()!.batchBuffers().x.buffer).toBeInstanceOf(SharedArrayBuffer);
    // The threads gathered every batch themselves from the session's shared inputs (takeRows): nobody wrote the batch buffers.
    expect(split.engine()!.batchBuffers().x.every((v) => v === 0)).toBe(true);
    const a = events(split).filter((e) => e.type === 'epoch');
    const b = events(one).filter((e) => e.type === 'epoch');
    expect(a).toHaveLength(3);
    a.forEach((e, i) => {
      const f = b[i] as typeof e;
      if (e.type !== 'epoch' || f.type !== 'epoch') throw new Error('not an epoch');
      expect(Math.abs(e.trainLoss - f.trainLoss)).toBeLessThan(1e-5);
      expect(Math.abs(e.valLoss! - f.valLoss!)).toBeLessThan(1e-5);
    });
    const final = split.s.snapshot(true);
    const ref = one.s.snapshot(true);
    expect(maxAbsDiff(final.params, ref.params)).toBeLessThan(1e-5);
    expect(maxStateDiff(final.optimizerState!, ref.optimizerState!)).toBeLessThan(1e-5);
    expect(maxAbsDiff(ref.params, session(1).s.snapshot().params)).toBeGreaterThan(1e-3); // training moved them
  });
});

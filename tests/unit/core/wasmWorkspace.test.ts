// Wasm workspaces (src/core/tensor/wasmKernels.ts createWasmWorkspace): arrays that live in a kernel
// instance's memory are used in place. In place or copied, the same module computes the same bits, so
// each kernel is checked bit for bit against the same call on ordinary copies of its operands (and to
// 1e-5 against the TypeScript reference), with some operands in the workspace and some not; the
// accumulating outputs (dW, db, dx of Dense and ReLU) must start from their current values. A call
// that needs more scratch than the workspace was made with must throw, never grow (growing would
// detach every array in it). Optimizers keep their state in the workspace of their parameters.

import { describe, expect, it } from 'vitest';
import {
  createOptimizer, createWasmKernels, createWasmWorkspace, jsKernels, setKernels, wasmKernelBytes, workspaceOf,
  type FloatArray, type OptimizerConfig, type Param, type WasmWorkspace,
} from '../../../src/core';
import { relError, testRandom } from './helpers';

const fill = (a: Float32Array, rand: () => number): Float32Array => {
  for (let i = 0; i < a.length; i++) a[i] = rand() * 2 - 1;
  return a;
};

function workspace(resident = 200_000, scratch = 50_000): WasmWorkspace {
  const ws = createWasmWorkspace({ resident, scratch });
  expect(ws).not.toBeNull();
  return ws!;
}

/** n random floats: in the workspace when `inside`, else an ordinary array. */
function operand(ws: WasmWorkspace, n: number, inside: boolean, rand: () => number): Float32Array {
  return fill(inside ? ws.allocate(n) : new Float32Array(n), rand);
}

const copy = (a: Float32Array): Float32Array => a.slice();
const bits = (a: FloatArray): number[] => Array.from(a);

describe('wasm workspaces: arrays used in place', () => {
  // Which operands live in the workspace: all, none, the parameters only (what DenseSplitPart keeps there), the activations only.
  const layouts = { all: () => true, none: () => false, params: (name: string) => ['W', 'b', 'dW', 'db'].includes(name), activations: (name: string) => ['x', 'y', 'dy', 'dx'].includes(name) };

  for (const [layout, inside] of Object.entries(layouts)) {
    it(`denseForward / denseBackward, operands in the workspace: ${layout}`, () => {
      const ws = workspace();
      for (const [B, I, O] of [[1, 5, 3], [7, 13, 9], [20, 33, 17]]) {
        const rand = testRandom(B * 100 + I);
        const op = (name: string, n: number) => operand(ws, n, inside(name), rand);
        const x = op('x', B * I), W = op('W', I * O), b = op('b', O), y = op('y', B * O);
        const dy = op('dy', B * O), dx = op('dx', B * I), dW = op('dW', I * O), db = op('db', O);
        const ref = { y: copy(y), dx: copy(dx), dW: copy(dW), db: copy(db) };
        const js = { y: copy(y), dx: copy(dx), dW: copy(dW), db: copy(db) };
        ws.kernels.denseForward(x, W, b, y, B, I, O);
        ws.kernels.denseForward(copy(x), copy(W), copy(b), ref.y, B, I, O);
        jsKernels.denseForward(x, W, b, js.y, B, I, O);
        ws.kernels.denseBackward(x, W, dy, dx, dW, db, B, I, O);
        ws.kernels.denseBackward(copy(x), copy(W), copy(dy), ref.dx, ref.dW, ref.db, B, I, O);
        jsKernels.denseBackward(x, W, dy, js.dx, js.dW, js.db, B, I, O);
        for (const [k, got] of Object.entries({ y, dx, dW, db }) as [keyof typeof ref, Float32Array][]) {
          expect(bits(got), `${k} (${B}, ${I}, ${O})`).toEqual(bits(ref[k]));
          expect(relError(got, js[k]), k).toBeLessThan(1e-5);
        }
      }
    });
  }

  it('reluForward / reluBackward in the workspace: dx accumulates onto its current values, like the reference (bit-identical)', () => {
    const ws = workspace();
    const n = 37;
    const rand = testRandom(3);
    const x = operand(ws, n, true, rand);
    x[0] = 0;
    x[1] = Number.NaN;
    const y = operand(ws, n, true, rand);
    const dy = operand(ws, n, true, rand);
    const dx = operand(ws, n, true, rand);
    const ref = { y: copy(y), dx: copy(dx) };
    const before = copy(dx);
    ws.kernels.reluForward(x, y, n);
    ws.kernels.reluBackward(x, dy, dx, n);
    jsKernels.reluForward(x, ref.y, n);
    jsKernels.reluBackward(x, dy, ref.dx, n);
    expect(bits(y)).toEqual(bits(ref.y));
    expect(bits(dx)).toEqual(bits(ref.dx));
    expect(dx[2]).toBe(x[2] > 0 ? Math.fround(before[2] + dy[2]) : before[2]);
    // In place on one array (y = x).
    const z = fill(ws.allocate(9), testRandom(4));
    const zRef = copy(z);
    ws.kernels.reluForward(z, z, 9);
    jsKernels.reluForward(zRef, zRef, 9);
    expect(bits(z)).toEqual(bits(zRef));
  });

  it('copyColumns in place, from shared memory into the workspace and back out: the reference\'s bits, the columns between the rows\' blocks untouched', () => {
    const ws = workspace();
    const rand = testRandom(11);
    const rows = 9, w = 5, ld = 12;
    const sab = fill(new Float32Array(new SharedArrayBuffer(rows * ld * 4)), rand); // another thread's slot
    for (const [from, to] of [['shared', 'workspace'], ['workspace', 'workspace'], ['workspace', 'ordinary']] as const) {
      const src = from === 'shared' ? sab : operand(ws, rows * ld, true, rand);
      const dst = operand(ws, rows * ld, to === 'workspace', rand);
      for (const add of [false, true]) {
        const ref = copy(dst);
        ws.kernels.copyColumns(src.subarray(3), ld, dst.subarray(2), ld, rows, w, add);
        jsKernels.copyColumns(src.subarray(3), ld, ref.subarray(2), ld, rows, w, add);
        expect(bits(dst), `${from} → ${to}, add ${add}`).toEqual(bits(ref));
      }
    }
  });

  it('adamUpdate on w, g, m, v in the workspace: the bits of the copying call', () => {
    const ws = workspace();
    const n = 1001;
    const rand = testRandom(9);
    const [w, g, m, v] = [0, 1, 2, 3].map(() => operand(ws, n, true, rand));
    for (let i = 0; i < n; i++) v[i] *= v[i];
    const ref = { w: copy(w), m: copy(m), v: copy(v) };
    const h = { lr: 1e-2, beta1: 0.9, beta2: 0.999, bc1: 1 - 0.9 ** 3, bc2: 1 - 0.999 ** 3, eps: 1e-8, l2: 1e-3, shrink: 1 };
    ws.kernels.adamUpdate(w, g, m, v, n, h);
    ws.kernels.adamUpdate(ref.w, copy(g), ref.m, ref.v, n, h);
    expect(bits(w)).toEqual(bits(ref.w));
    expect(bits(m)).toEqual(bits(ref.m));
    expect(bits(v)).toEqual(bits(ref.v));
    expect(relError(w, operand(ws, n, false, testRandom(9)))).toBeGreaterThan(1e-4); // it moved w
  });

  it('never grows: a call needing more scratch than it was made with throws, allocate past its room throws, and its arrays stay intact', () => {
    const ws = workspace(1000, 100);
    const W = fill(ws.allocate(10 * 10), testRandom(1));
    const saved = copy(W);
    const x = new Float32Array(20 * 10); // 200 floats to copy in: more than 100 of scratch
    expect(() => ws.kernels.denseForward(x, W, null, new Float32Array(20 * 10), 20, 10, 10)).toThrow(/more than the 100 floats of scratch/);
    expect(() => ws.allocate(2000)).toThrow(/no room for 2000 more floats/);
    expect(W.length).toBe(100); // not detached
    expect(bits(W)).toEqual(bits(saved));
    // A call within its scratch still works after the failed one.
    const y = new Float32Array(2 * 10);
    ws.kernels.denseForward(new Float32Array(2 * 10).fill(1), W, null, y, 2, 10, 10);
    const yRef = new Float32Array(2 * 10);
    jsKernels.denseForward(new Float32Array(2 * 10).fill(1), W, null, yRef, 2, 10, 10);
    expect(relError(y, yRef)).toBeLessThan(1e-5);
  });

  it('workspaceOf knows its arrays (and views of them), not others; two workspaces are separate', () => {
    const a = workspace(1000, 100);
    const b = workspace(1000, 100);
    const arr = a.allocate(10);
    expect(workspaceOf(arr)).toBe(a);
    expect(workspaceOf(arr.subarray(2, 5))).toBe(a);
    expect(workspaceOf(b.allocate(3))).toBe(b);
    expect(workspaceOf(new Float32Array(10))).toBeUndefined();
    expect(Array.from(a.allocate(5))).toEqual([0, 0, 0, 0, 0]); // zeroed
  });
});

describe('optimizers over parameters in a workspace', () => {
  const sizes = [[3, 5], [5]];
  const params = (ws: WasmWorkspace | null, seed: number): Param[] => {
    const rand = testRandom(seed);
    return sizes.map((shape, k) => {
      const n = shape.reduce((p, d) => p * d, 1);
      const value = fill(ws ? ws.allocate(n) : new Float32Array(n), rand);
      const grad = fill(ws ? ws.allocate(n) : new Float32Array(n), rand);
      return { name: `p${k}`, shape, value, grad };
    });
  };
  const configs: OptimizerConfig[] = [
    { kind: 'adam', learningRate: 1e-2, weightDecay: 1e-3 },
    { kind: 'adamw', learningRate: 1e-2 },
    { kind: 'rmsprop', learningRate: 1e-2, centered: true, momentum: 0.5 },
    { kind: 'momentum', learningRate: 1e-2 },
  ];

  for (const config of configs) {
    it(`${config.kind}: steps in place equal the same optimizer's over ordinary arrays on the same kernels, bit for bit; state() and loadState() work`, () => {
      const ws = workspace();
      const inside = params(ws, 5);
      const outside = params(null, 5);
      setKernels(createWasmKernels(wasmKernelBytes(ws.variant))); // ordinary arrays: the same module, copying
      try {
        const a = createOptimizer(config, inside);
        const b = createOptimizer(config, outside);
        for (let s = 0; s < 3; s++) {
          a.step();
          b.step();
        }
        inside.forEach((p, k) => expect(bits(p.value), p.name).toEqual(bits(outside[k].value)));
        expect(relError(inside[0].value, params(null, 5)[0].value)).toBeGreaterThan(1e-4); // they moved
        const state = a.state();
        for (const [key, v] of Object.entries(b.state())) expect(typeof v === 'number' ? v : bits(v), key).toEqual(typeof v === 'number' ? state[key] : bits(state[key] as FloatArray));
        // Reloading a's state into a fresh optimizer over the same workspace arrays continues identically.
        const c = createOptimizer(config, inside);
        c.loadState(state);
        c.step();
        b.step();
        inside.forEach((p, k) => expect(bits(p.value), p.name).toEqual(bits(outside[k].value)));
      } finally {
        setKernels(jsKernels);
      }
    });
  }

  it('the state is allocated in the workspace: without room for it, building the optimizer fails clearly', () => {
    const n = sizes.reduce((s, shape) => s + shape.reduce((p, d) => p * d, 1), 0);
    const ws = workspace(2 * n + 16, 100); // values and grads only
    const inside = params(ws, 1);
    expect(() => createOptimizer({ kind: 'sgd', learningRate: 0.1 }, inside)).not.toThrow(); // no state
    expect(() => createOptimizer({ kind: 'adam', learningRate: 0.1 }, inside)).toThrow(/no room/);
  });
});

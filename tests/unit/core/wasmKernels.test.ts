// The WebAssembly SIMD kernels (src/core/tensor/wasmKernels.ts, source wasm/kernels.ts) against the
// TypeScript reference kernels (kernels.ts): random shapes including odd sizes, batch size 1, strides,
// paddings and dilation, kernel by kernel (GEMM, im2col, col2im, Conv2D, max pooling) and through the
// Conv2D, Dense and recurrent layers. Float32, ≤ 1e-5 relative
// (max |fast − ref| / max |ref| over each tensor). Float64 calls must go to the TypeScript kernels.
// The relaxed-SIMD variant needs --experimental-wasm-relaxed-simd on Node 20: it is checked in a child
// process started with that flag. The committed binary must match a rebuild of its source.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createWasmKernels, defaultSettings, getLayerDefinition, jsKernels, loadWasmKernels, Rng, setKernels, wasmKernelBytes, wasmSupport,
  window2D, type ConvScratch, type FloatArray, type Kernels, type Layer, type Padding,
} from '../../../src/core';
import { relError as tensorRelError, testRandom } from './helpers';

const TOL = 1e-5;
const root = join(__dirname, '../../..');

// Floor 1e-30, not the default 1e-12: a tensor of tiny values is still compared relatively.
const relError = (ours: ArrayLike<number>, ref: ArrayLike<number>) => tensorRelError(ours, ref, 1e-30);

const rand32 = (n: number, rand: () => number) => Float32Array.from({ length: n }, () => rand() * 2 - 1);

/** denseForward / denseBackward of `fast` against jsKernels on (B, I, O); buffers longer than needed like the engine's. */
function compareDense(fast: Kernels, B: number, I: number, O: number, opts: { bias: boolean; dx: boolean; db: boolean }, seed: number) {
  const rand = testRandom(seed);
  const slack = 3; // capacity buffers may be longer than B·I
  const x = rand32(B * I + slack, rand);
  const W = rand32(I * O, rand);
  const b = opts.bias ? rand32(O, rand) : null;
  const yRef = rand32(B * O + slack, rand);
  const yFast = yRef.slice();
  jsKernels.denseForward(x, W, b, yRef, B, I, O);
  fast.denseForward(x, W, b, yFast, B, I, O);
  const dy = rand32(B * O, rand);
  const start = () => ({ dx: opts.dx ? rand32(B * I + slack, rand) : null, dW: rand32(I * O, rand), db: opts.db ? rand32(O, rand) : null });
  const ref = start();
  const got = { dx: ref.dx?.slice() ?? null, dW: ref.dW.slice(), db: ref.db?.slice() ?? null };
  jsKernels.denseBackward(x, W, dy, ref.dx, ref.dW, ref.db, B, I, O);
  fast.denseBackward(x, W, dy, got.dx, got.dW, got.db, B, I, O);
  const errors: Record<string, number> = { y: relError(yFast, yRef), dW: relError(got.dW, ref.dW) };
  if (ref.dx) errors.dx = relError(got.dx!, ref.dx);
  if (ref.db) errors.db = relError(got.db!, ref.db);
  // Untouched tails: the kernels write exactly (B, O) / (B, I).
  expect(Array.from(yFast.subarray(B * O))).toEqual(Array.from(yRef.subarray(B * O)));
  if (ref.dx) expect(Array.from(got.dx!.subarray(B * I))).toEqual(Array.from(ref.dx.subarray(B * I)));
  return errors;
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1], [1, 7, 3], [1, 784, 128], [2, 3, 5], [3, 5, 7], [5, 9, 17], [7, 33, 9], [13, 4, 1], [32, 1, 128], [64, 784, 128],
  [17, 257, 31], [9, 300, 2049], [100, 65, 70], [4, 8, 8], [1, 1, 300],
];

const simd = createWasmKernels(wasmKernelBytes('simd'));

describe('build and detection', () => {
  it('the committed wasmKernelsBinary.ts is what scripts/buildWasm.mjs builds from wasm/kernels.ts', () => {
    const out = execFileSync(process.execPath, [join(root, 'scripts/buildWasm.mjs'), '--check'], { cwd: root, encoding: 'utf8' });
    expect(out).toContain('matches');
  });

  it('detects SIMD, and relaxed SIMD exactly when WebAssembly validates the relaxed module', () => {
    const s = wasmSupport();
    expect(s.simd).toBe(true); // Node 20 and Electron 41 have WebAssembly SIMD
    const wa = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;
    expect(s.relaxed).toBe(wa.validate(wasmKernelBytes('relaxed')));
    const loaded = loadWasmKernels();
    expect(loaded?.variant).toBe(s.relaxed ? 'relaxed' : 'simd');
    expect(loadWasmKernels('simd')?.variant).toBe('simd');
  });
});

describe('GEMM kernels against the TypeScript reference (float32, ≤ 1e-5 relative)', () => {
  for (const [B, I, O] of SHAPES) {
    it(`denseForward / denseBackward (B, I, O) = (${B}, ${I}, ${O})`, () => {
      const errors = compareDense(simd, B, I, O, { bias: true, dx: true, db: true }, B * 1000 + I * 7 + O);
      for (const [k, e] of Object.entries(errors)) expect(e, k).toBeLessThanOrEqual(TOL);
    });
  }

  it('without bias, dx or db (null operands)', () => {
    for (const opts of [{ bias: false, dx: false, db: false }, { bias: false, dx: true, db: false }, { bias: true, dx: false, db: true }]) {
      const errors = compareDense(simd, 6, 11, 13, opts, 5);
      for (const [k, e] of Object.entries(errors)) expect(e, `${JSON.stringify(opts)} ${k}`).toBeLessThanOrEqual(TOL);
    }
  });

  it('a fixed hand-checked product: [[1, 2], [3, 4]] · [[5, 6], [7, 8]] + [1, −1]', () => {
    const y = new Float32Array(4);
    simd.denseForward(Float32Array.of(1, 2, 3, 4), Float32Array.of(5, 6, 7, 8), Float32Array.of(1, -1), y, 2, 2, 2);
    expect(Array.from(y)).toEqual([20, 21, 44, 49]);
  });

  it('float64 buffers go to the TypeScript kernels (bit-identical results)', () => {
    const rand = testRandom(9);
    const [B, I, O] = [5, 7, 3];
    const x = Float64Array.from({ length: B * I }, () => rand() - 0.5);
    const W = Float64Array.from({ length: I * O }, () => rand() - 0.5);
    const b = Float64Array.from({ length: O }, () => rand() - 0.5);
    const dy = Float64Array.from({ length: B * O }, () => rand() - 0.5);
    const run = (k: Kernels) => {
      const y = new Float64Array(B * O);
      const dx = new Float64Array(B * I);
      const dW = new Float64Array(I * O);
      const db = new Float64Array(O);
      k.denseForward(x, W, b, y, B, I, O);
      k.denseBackward(x, W, dy, dx, dW, db, B, I, O);
      return [y, dx, dW, db].map((a) => Array.from(a));
    };
    expect(run(simd)).toEqual(run(jsKernels));
  });

  it('the kernels without a wasm version yet are the TypeScript ones', () => {
    for (const k of ['maxPoolBackward', 'avgPoolForward', 'depthwiseForward', 'lstmStepForward', 'gruStepBackward'] as const) {
      expect(simd[k]).toBe(jsKernels[k]);
    }
    for (const k of [
      'conv2dForward', 'conv2dBackward', 'im2col', 'col2im', 'maxPoolForward', 'reluForward', 'reluBackward', 'copyColumns',
      'adamUpdate', 'sgdUpdate', 'momentumUpdate', 'adagradUpdate', 'rmspropUpdate',
    ] as const) {
      expect(simd[k]).not.toBe(jsKernels[k]);
    }
  });
});

// ---- the Adam update ---------------------------------------------------------------------------

describe('adamUpdate against the TypeScript reference (float32, ≤ 1e-5 relative)', () => {
  /** Step t of Adam (l2 > 0) or AdamW (shrink < 1) with state from a few earlier steps' worth of values. */
  const hyper = (t: number, adamw: boolean) => ({
    lr: 1e-2, beta1: 0.9, beta2: 0.999, bc1: 1 - 0.9 ** t, bc2: 1 - 0.999 ** t, eps: 1e-8,
    l2: adamw ? 0 : 1e-3, shrink: adamw ? 1 - 1e-2 * 0.01 : 1,
  });
  const state = (n: number, seed: number) => {
    const rand = testRandom(seed);
    return { w: rand32(n, rand), g: rand32(n, rand), m: rand32(n, rand).map((x) => x * 0.1), v: rand32(n, rand).map((x) => x * x * 0.01) };
  };

  for (const adamw of [false, true]) {
    it(`${adamw ? 'AdamW' : 'Adam'}: w, m and v over odd lengths`, () => {
      for (const n of [1, 3, 4, 17, 1001]) {
        const ref = state(n, n);
        const got = { w: ref.w.slice(), g: ref.g.slice(), m: ref.m.slice(), v: ref.v.slice() };
        const h = hyper(3, adamw);
        jsKernels.adamUpdate(ref.w, ref.g, ref.m, ref.v, n, h);
        simd.adamUpdate(got.w, got.g, got.m, got.v, n, h);
        for (const k of ['w', 'm', 'v'] as const) expect(relError(got[k], ref[k]), `${k}, n = ${n}`).toBeLessThan(TOL);
        expect(relError(got.w, state(n, n).w)).toBeGreaterThan(1e-4); // the update moved w (not a no-op)
      }
    });
  }

  it('a range at a time gives exactly the whole update (what data-parallel threads rely on)', () => {
    const n = 37;
    const whole = state(n, 5);
    const split = { w: whole.w.slice(), g: whole.g.slice(), m: whole.m.slice(), v: whole.v.slice() };
    const h = hyper(2, false);
    simd.adamUpdate(whole.w, whole.g, whole.m, whole.v, n, h);
    for (const [a, b] of [[0, 18], [18, 37]]) {
      simd.adamUpdate(split.w.subarray(a, b), split.g.subarray(a, b), split.m.subarray(a, b), split.v.subarray(a, b), b - a, h);
    }
    expect(Array.from(split.w)).toEqual(Array.from(whole.w));
    expect(Array.from(split.v)).toEqual(Array.from(whole.v));
  });

  // Float32 throughout (1 − 0.9 is 0.100000024 in f32), so to 5e-6 / 1e-6 relative.
  it('a hand-checked first step: m = 0.1·g, v = 0.001·g², w − lr·sign(g) (to ε)', () => {
    const w = Float32Array.of(1, -2, 0.5, 3, 0);
    const g = Float32Array.of(0.5, -1, 2, -0.25, 4);
    const m = new Float32Array(5);
    const v = new Float32Array(5);
    simd.adamUpdate(w, g, m, v, 5, { lr: 0.1, beta1: 0.9, beta2: 0.999, bc1: 0.1, bc2: 0.001, eps: 1e-8, l2: 0, shrink: 1 });
    [0.9, -1.9, 0.4, 3.1, -0.1].forEach((x, i) => expect(w[i]).toBeCloseTo(x, 5));
    g.forEach((gi, i) => expect(Math.abs(m[i] - 0.1 * gi) / Math.abs(0.1 * gi)).toBeLessThan(1e-6));
    g.forEach((gi, i) => expect(Math.abs(v[i] - 0.001 * gi * gi) / (0.001 * gi * gi)).toBeLessThan(1e-6));
  });

  // β1 = β2 = ½ and g = 0 halve m and v exactly: 2^-125 → 2^-126 (the smallest normal float, kept),
  // 2^-126 → 2^-127 (subnormal: stored as 0). Nine values: two vectors and the scalar tail.
  it('float32 m and v that fall below the smallest normal float are stored as 0 (both kernels); NaN stays NaN; float64 keeps them', () => {
    const N = 2 ** -126;
    const m0 = [2 * N, N, -N, 1e-3, NaN, 0, 1.5 * N, -2 * N, N];
    const v0 = [2 * N, N, 0, 1e-3, 2 * N, 0, N, 1, N];
    const h = { lr: 0, beta1: 0.5, beta2: 0.5, bc1: 1, bc2: 1, eps: 1e-8, l2: 0, shrink: 1 };
    const f32 = Math.fround;
    const wantM = [N, 0, 0, f32(f32(1e-3) / 2), NaN, 0, 0, -N, 0];
    const wantV = [N, 0, 0, f32(f32(1e-3) / 2), N, 0, 0, 0.5, 0];
    for (const [name, k] of [['TypeScript', jsKernels], ['WebAssembly', simd]] as const) {
      const m = Float32Array.from(m0);
      const v = Float32Array.from(v0);
      k.adamUpdate(new Float32Array(9).fill(1), new Float32Array(9), m, v, 9, h);
      expect(Array.from(m), `${name} m`).toEqual(wantM);
      expect(Array.from(v), `${name} v`).toEqual(wantV);
    }
    const m = Float64Array.from(m0);
    const v = Float64Array.from(v0);
    jsKernels.adamUpdate(new Float64Array(9).fill(1), new Float64Array(9), m, v, 9, h);
    expect(m[1]).toBe(N / 2);
    expect(v[6]).toBe(N / 2);
  });
});

// ---- the other optimizers' updates ------------------------------------------------------------

describe('sgd, momentum, nesterov, adagrad and rmsprop updates against the TypeScript reference (float32, ≤ 1e-5 relative)', () => {
  type Arrays = Record<'w' | 'g' | 's1' | 's2' | 's3', Float32Array>;
  /** w, g and three state buffers from a few earlier steps' worth of values (non-negative where a second moment goes). */
  const arrays = (n: number, seed: number): Arrays => {
    const rand = testRandom(seed);
    return {
      w: rand32(n, rand), g: rand32(n, rand), s1: rand32(n, rand).map((x) => x * x * 0.01 + 1e-4),
      s2: rand32(n, rand).map((x) => x * 0.01), s3: rand32(n, rand).map((x) => x * 0.1),
    };
  };
  const copy = (a: Arrays): Arrays => ({ w: a.w.slice(), g: a.g.slice(), s1: a.s1.slice(), s2: a.s2.slice(), s3: a.s3.slice() });
  /** Each update, as a call on (w, g, state) of kernels k over n values. */
  const UPDATES: [string, (k: Kernels, a: Arrays, n: number) => void, ('s1' | 's2' | 's3')[]][] = [
    ['sgd', (k, a, n) => k.sgdUpdate(a.w, a.g, n, { lr: 0.05, l2: 1e-3 }), []],
    ['momentum', (k, a, n) => k.momentumUpdate(a.w, a.g, a.s3, n, { lr: 0.05, mu: 0.9, l2: 1e-3, nesterov: false }), ['s3']],
    ['nesterov', (k, a, n) => k.momentumUpdate(a.w, a.g, a.s3, n, { lr: 0.05, mu: 0.9, l2: 0, nesterov: true }), ['s3']],
    ['adagrad', (k, a, n) => k.adagradUpdate(a.w, a.g, a.s1, n, { lr: 0.05, eps: 1e-10, l2: 1e-3 }), ['s1']],
    ['rmsprop', (k, a, n) => k.rmspropUpdate(a.w, a.g, a.s1, null, null, n, { lr: 0.01, alpha: 0.99, eps: 1e-8, mu: 0, l2: 1e-3 }), ['s1']],
    // Centered: v − ḡ² stays positive here (v ≥ 1e-4, |ḡ| ≤ 0.01).
    ['rmsprop centered, momentum', (k, a, n) => k.rmspropUpdate(a.w, a.g, a.s1, a.s2, a.s3, n, { lr: 0.01, alpha: 0.9, eps: 1e-8, mu: 0.5, l2: 0 }), ['s1', 's2', 's3']],
  ];

  for (const [name, run, state] of UPDATES) {
    it(`${name}: w and its state over odd lengths; a range at a time gives exactly the whole update`, () => {
      for (const n of [1, 3, 4, 17, 1001]) {
        const ref = arrays(n, n + 7);
        const got = copy(ref);
        run(jsKernels, ref, n);
        run(simd, got, n);
        for (const key of ['w', ...state] as const) expect(relError(got[key], ref[key]), `${key}, n = ${n}`).toBeLessThan(TOL);
        expect(relError(got.w, arrays(n, n + 7).w)).toBeGreaterThan(1e-4); // the update moved w
      }
      const n = 37;
      const whole = arrays(n, 3);
      const split = copy(whole);
      run(simd, whole, n);
      for (const [a, b] of [[0, 18], [18, 37]]) {
        const part = Object.fromEntries(Object.entries(split).map(([key, v]) => [key, v.subarray(a, b)])) as Arrays;
        run(simd, part, b - a);
      }
      for (const key of ['w', ...state] as const) expect(Array.from(split[key]), key).toEqual(Array.from(whole[key]));
    });
  }

  // μ = α = ½ and g = 0 halve a momentum buffer and RMSprop's averages exactly: 2^-125 → 2^-126 (kept),
  // 2^-126 → 2^-127 (subnormal: stored as 0). Nine values: two vectors and the scalar tail.
  it('float32 momentum buffers and RMSprop averages that fall below the smallest normal float are stored as 0 (both kernels)', () => {
    const N = 2 ** -126;
    const signed = [2 * N, N, -N, 1e-3, NaN, 0, 1.5 * N, -2 * N, N];
    const halved = [N, 0, 0, Math.fround(Math.fround(1e-3) / 2), NaN, 0, 0, -N, 0];
    const square = [2 * N, N, 0, 1e-3, 2 * N, 0, N, 1, N];
    const squareHalved = [N, 0, 0, Math.fround(Math.fround(1e-3) / 2), N, 0, 0, 0.5, 0];
    for (const [name, k] of [['TypeScript', jsKernels], ['WebAssembly', simd]] as const) {
      const zeros = () => new Float32Array(9);
      const b = Float32Array.from(signed);
      k.momentumUpdate(zeros().fill(1), zeros(), b, 9, { lr: 0, mu: 0.5, l2: 0, nesterov: false });
      expect(Array.from(b), `${name} momentum`).toEqual(halved);
      const v = Float32Array.from(square);
      const a = Float32Array.from(signed);
      // ε = 1 keeps d = √(v − ḡ²) + ε away from 0; lr 0 leaves w as it is.
      k.rmspropUpdate(zeros().fill(1), zeros(), v, a, null, 9, { lr: 0, alpha: 0.5, eps: 1, mu: 0, l2: 0 });
      expect(Array.from(v), `${name} rmsprop v`).toEqual(squareHalved);
      expect(Array.from(a), `${name} rmsprop ḡ`).toEqual(halved);
    }
  });
});

// ---- square terms of tiny gradients ------------------------------------------------------------

// A float32 gradient below √(2^-126 / c) (c = 1 − β2, 1 − α, or 1 for AdaGrad) would give a subnormal
// c·g²: neither kernel adds it (squareFloor). The state starts at 2^-115, where a term near 2^-126 would
// show (its ulp is 2^-138). Nine values (two vectors and the scalar tail): gradients just below and just
// above the floor, zero, normal ones, and negatives.
describe('square terms of gradients below squareFloor are not added (both kernels, float32); float64 adds them', () => {
  const cases: [string, number, (k: Kernels, g: FloatArray, s: FloatArray) => void][] = [
    ['adam', 1 - 0.999, (k, g, s) => k.adamUpdate(new Float32Array(9), g, new Float32Array(9), s, 9, { lr: 0, beta1: 0.9, beta2: 0.999, bc1: 1, bc2: 1, eps: 1e-8, l2: 0, shrink: 1 })],
    ['rmsprop', 1 - 0.9, (k, g, s) => k.rmspropUpdate(new Float32Array(9), g, s, null, null, 9, { lr: 0, alpha: 0.9, eps: 1e-8, mu: 0, l2: 0 })],
    ['adagrad', 1, (k, g, s) => k.adagradUpdate(new Float32Array(9), g, s, 9, { lr: 0, eps: 1e-8, l2: 0 })],
  ];
  const S = 2 ** -115;
  for (const [name, c, run] of cases) {
    it(name, () => {
      const floor = Math.fround(Math.sqrt(Math.fround(2 ** -126 / Math.fround(c))));
      const below = Math.fround(floor * 0.99);
      const above = Math.fround(floor * 1.01);
      const g = [below, above, 0, 0.5, -below, -above, below / 8, -0.5, below];
      const dropped = g.map((gi) => gi !== 0 && Math.abs(gi) < floor);
      const state = (k: Kernels, grads: number[], F: typeof Float32Array | typeof Float64Array) => {
        const s = new F(9).fill(S);
        run(k, F.from(grads), s);
        return s;
      };
      for (const [label, k] of [['TypeScript', jsKernels], ['WebAssembly', simd]] as const) {
        const got = state(k, g, Float32Array);
        const noSquares = state(k, g.map(() => 0), Float32Array); // the decay alone
        g.forEach((gi, i) => {
          if (dropped[i] || gi === 0) expect(got[i], `${label} ${i}`).toBe(noSquares[i]);
          else expect(got[i], `${label} ${i}`).toBeGreaterThan(noSquares[i]);
        });
      }
      expect(relError(state(simd, g, Float32Array), state(jsKernels, g, Float32Array))).toBeLessThan(TOL);
      // Float64 state keeps every square term.
      const s64 = state(jsKernels, g, Float64Array);
      const decay64 = state(jsKernels, g.map(() => 0), Float64Array);
      g.forEach((gi, i) => {
        if (gi !== 0) expect(s64[i], `float64 ${i}`).toBeGreaterThan(decay64[i]);
      });
      // A NaN gradient is no small one: its square reaches the state in both kernels.
      for (const k of [jsKernels, simd]) expect(Array.from(state(k, g.map(() => NaN), Float32Array)).every(Number.isNaN)).toBe(true);
    });
  }
});

// ---- window ops: im2col, col2im, Conv2D, max pooling --------------------------------------------

/** [name, B, H, W, C, kh, kw, sh, sw, dh, dw, padding, pad]: odd sizes, strides, paddings, dilation, batch 1. */
const WINDOWS: [string, number, number, number, number, number, number, number, number, number, number, Padding, number][] = [
  ['MNIST conv1 5×5 same, batch 1', 1, 28, 28, 1, 5, 5, 1, 1, 1, 1, 'same', 0],
  ['conv2 5×5 same, C 8', 2, 14, 14, 8, 5, 5, 1, 1, 1, 1, 'same', 0],
  ['3×3 valid, odd sizes, C 3', 3, 7, 9, 3, 3, 3, 1, 1, 1, 1, 'valid', 0],
  ['stride 2 same, C 5', 2, 9, 8, 5, 3, 3, 2, 2, 1, 1, 'same', 0],
  ['stride (2, 1), explicit pad 2, 2×4', 2, 5, 6, 3, 2, 4, 2, 1, 1, 1, 'explicit', 2],
  ['dilation 2 same, C 6', 1, 8, 7, 6, 3, 3, 1, 1, 2, 2, 'same', 0],
  ['dilation (1, 3) stride 3 valid, C 7', 2, 11, 13, 7, 2, 3, 3, 3, 1, 3, 'valid', 0],
  ['1×1, C 4', 3, 5, 5, 4, 1, 1, 1, 1, 1, 1, 'valid', 0],
  ['7×7 over 3×3 explicit pad 3, C 2', 1, 3, 3, 2, 7, 7, 1, 1, 1, 1, 'explicit', 3],
];

describe('window ops against the TypeScript reference (float32, ≤ 1e-5 relative)', () => {
  for (const [name, B, H, W, C, kh, kw, sh, sw, dh, dw, padding, pad] of WINDOWS) {
    const g = window2D(H, W, C, kh, kw, sh, sw, dh, dw, padding, pad)!;
    const seed = H * 131 + W * 17 + C * 7 + kh + B;

    it(`im2col and col2im: ${name}`, () => {
      const rand = testRandom(seed);
      const n = B * g.Ho * g.Wo * kh * kw * C;
      const x = rand32(B * H * W * C, rand);
      const ref = rand32(n + 3, rand);
      const got = ref.slice();
      jsKernels.im2col(x, ref, B, g);
      simd.im2col(x, got, B, g);
      expect(relError(got, ref)).toBeLessThanOrEqual(TOL);
      expect(Array.from(got.subarray(n))).toEqual(Array.from(ref.subarray(n))); // writes exactly n
      const dcols = rand32(n, rand);
      const dxRef = rand32(B * H * W * C, rand);
      const dxGot = dxRef.slice();
      jsKernels.col2im(dcols, dxRef, B, g);
      simd.col2im(dcols, dxGot, B, g);
      expect(relError(dxGot, dxRef)).toBeLessThanOrEqual(TOL);
    });

    it(`conv2dForward / conv2dBackward: ${name}`, () => {
      for (const [O, bias, withDx] of [[5, true, true], [8, false, false], [1, true, false]] as const) {
        const rand = testRandom(seed + O);
        const x = rand32(B * H * W * C, rand);
        const K = rand32(kh * kw * C * O, rand);
        const b = bias ? rand32(O, rand) : null;
        const nz = B * g.Ho * g.Wo * O;
        const zRef = rand32(nz, rand);
        const zGot = zRef.slice();
        const sRef: ConvScratch = { cols: null, dcols: null };
        jsKernels.conv2dForward(x, K, b, zRef, B, g, O, sRef);
        const sGot: ConvScratch = { cols: null, dcols: null };
        simd.conv2dForward(x, K, b, zGot, B, g, O, sGot);
        expect(relError(zGot, zRef), `z O=${O}`).toBeLessThanOrEqual(TOL);
        const dz = rand32(nz, rand);
        const start = () => ({ dx: withDx ? rand32(x.length, rand) : null, dK: rand32(K.length, rand), db: bias ? rand32(O, rand) : null });
        const ref = start();
        const got = { dx: ref.dx?.slice() ?? null, dK: ref.dK.slice(), db: ref.db?.slice() ?? null };
        jsKernels.conv2dBackward(x, K, dz, ref.dx, ref.dK, ref.db, B, g, O, sRef);
        simd.conv2dBackward(x, K, dz, got.dx, got.dK, got.db, B, g, O, sGot);
        expect(relError(got.dK, ref.dK), `dK O=${O}`).toBeLessThanOrEqual(TOL);
        if (ref.dx) expect(relError(got.dx!, ref.dx), `dx O=${O}`).toBeLessThanOrEqual(TOL);
        if (ref.db) expect(relError(got.db!, ref.db), `db O=${O}`).toBeLessThanOrEqual(TOL);
      }
    });
  }

  it('Conv2D keeps the forward\'s im2col rows for its backward (in the layer\'s own instance): the backward is of the last forward, like the reference', () => {
    const [B, H, W, C, O] = [3, 7, 6, 3, 4];
    const g = window2D(H, W, C, 3, 3, 1, 1, 1, 1, 'same', 0)!;
    const rand = testRandom(77);
    const x = rand32(B * H * W * C, rand);
    const x2 = rand32(B * H * W * C, rand);
    const K = rand32(3 * 3 * C * O, rand);
    const b = rand32(O, rand);
    const dz = rand32(B * g.Ho * g.Wo * O, rand);
    const z = new Float32Array(B * g.Ho * g.Wo * O);
    const scratch = (): ConvScratch => ({ cols: null, dcols: null });
    /** The backward's dK, dx and db after `before` ran on the layer's scratch (and any other layers'). */
    const backward = (k: Kernels, before: (s: ConvScratch) => void, bx: Float32Array, n = B) => {
      const s = scratch();
      before(s);
      const out = { dK: new Float32Array(K.length), dx: new Float32Array(n * H * W * C), db: new Float32Array(O) };
      k.conv2dBackward(bx.subarray(0, n * H * W * C), K, dz.subarray(0, n * g.Ho * g.Wo * O), out.dx, out.dK, out.db, n, g, O, s);
      return out;
    };
    const same = (a: ReturnType<typeof backward>, r: ReturnType<typeof backward>, what: string) => {
      for (const key of ['dK', 'dx', 'db'] as const) expect(relError(a[key], r[key]), `${what}: ${key}`).toBeLessThanOrEqual(TOL);
    };
    const none = () => {};
    const forwardOn = (k: Kernels, fx: Float32Array, n = B) => (s: ConvScratch) => k.conv2dForward(fx.subarray(0, n * H * W * C), K, b, z, n, g, O, s);
    // Kept rows (forward, then backward) give the bits of rebuilt ones (no forward on this scratch).
    const kept = backward(simd, forwardOn(simd, x), x);
    const rebuilt = backward(simd, none, x);
    for (const key of ['dK', 'dx', 'db'] as const) expect(Array.from(kept[key]), key).toEqual(Array.from(rebuilt[key]));
    same(kept, backward(jsKernels, forwardOn(jsKernels, x), x), 'kept rows against the reference');
    // Another layer's forward in between does not touch this layer's rows.
    same(backward(simd, (s) => { forwardOn(simd, x)(s); forwardOn(simd, x2)(scratch()); }, x), kept, 'another layer in between');
    // The backward of a forward on x2 is x2's, in the reference and here (the rows are the forward's; not vacuous: differs from x's).
    const ofX2 = backward(simd, forwardOn(simd, x2), x);
    same(ofX2, backward(jsKernels, forwardOn(jsKernels, x2), x), 'the last forward\'s rows');
    expect(relError(ofX2.dK, kept.dK)).toBeGreaterThan(1e-3);
    // A backward on a smaller batch than its forward rebuilds the rows from its own x.
    same(backward(simd, forwardOn(simd, x2), x, 2), backward(jsKernels, forwardOn(jsKernels, x, 2), x, 2), 'a different batch');
  });

  const POOLS: [string, number, number, number, number, number, number, number, number, Padding, number][] = [
    ['2×2 stride 2, C 8', 3, 28, 28, 8, 2, 2, 2, 2, 'valid', 0],
    ['2×2 stride 2, odd 7×9, C 16, batch 1', 1, 7, 9, 16, 2, 2, 2, 2, 'valid', 0],
    ['3×3 stride 2 same, C 6 (SIMD + scalar tail)', 2, 9, 8, 6, 3, 3, 2, 2, 'same', 0],
    ['3×2 stride (1, 2) explicit pad 1, C 3', 2, 5, 7, 3, 3, 2, 1, 2, 'explicit', 1],
    ['2×2 stride 2 explicit pad 2, C 5: padding-only windows', 1, 2, 2, 5, 2, 2, 2, 2, 'explicit', 2],
  ];
  for (const [name, B, H, W, C, kh, kw, sh, sw, padding, pad] of POOLS) {
    it(`maxPoolForward: ${name}`, () => {
      const g = window2D(H, W, C, kh, kw, sh, sw, 1, 1, padding, pad)!;
      const rand = testRandom(H * 7 + C);
      const x = rand32(B * H * W * C, rand);
      for (let i = 0; i < x.length; i += 5) x[i] = x[i + 1] ?? 0; // ties: the first winner is recorded
      const n = B * g.Ho * g.Wo * C;
      const yRef = new Float32Array(n), yGot = new Float32Array(n);
      const aRef = new Int32Array(n), aGot = new Int32Array(n);
      jsKernels.maxPoolForward(x, yRef, aRef, B, g);
      simd.maxPoolForward(x, yGot, aGot, B, g);
      expect(Array.from(yGot)).toEqual(Array.from(yRef));
      expect(Array.from(aGot)).toEqual(Array.from(aRef));
      if (pad === 2) expect(aRef.includes(-1)).toBe(true); // nothing wins there: y = 0, argmax −1
    });
  }

  it('reluForward / reluBackward: odd lengths, 0, −0 and NaN (not > 0), bit-identical', () => {
    for (const n of [1, 3, 4, 7, 33, 1001]) {
      const rand = testRandom(n);
      const x = rand32(n, rand);
      const special = [0, -0, Number.NaN, 1e-30, -1e-30];
      for (let i = 0; i < Math.min(n, special.length); i++) x[(i * 3) % n] = special[i];
      const yRef = rand32(n + 2, rand);
      const yGot = yRef.slice();
      jsKernels.reluForward(x, yRef, n);
      simd.reluForward(x, yGot, n);
      expect(Array.from(yGot)).toEqual(Array.from(yRef)); // tail untouched too
      const dy = rand32(n, rand);
      const dxRef = rand32(n + 2, rand);
      const dxGot = dxRef.slice();
      jsKernels.reluBackward(x, dy, dxRef, n);
      simd.reluBackward(x, dy, dxGot, n);
      expect(Array.from(dxGot)).toEqual(Array.from(dxRef));
    }
    const y = new Float32Array(4);
    simd.reluForward(Float32Array.of(-2, 0, 3, Number.NaN), y, 4);
    expect(Array.from(y)).toEqual([0, 0, 3, 0]);
  });

  it('copyColumns: a block of columns copied or added between row-major matrices, bit-identical; the other columns untouched', () => {
    // Hand-checked: columns 1–2 of a 2×4 matrix into columns 0–1 of a 2×3 one, then added again.
    const src = Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    for (const k of [jsKernels, simd]) {
      const dst = Float32Array.of(-1, -1, -1, -1, -1, -1);
      k.copyColumns(src.subarray(1), 4, dst, 3, 2, 2, false);
      expect(Array.from(dst)).toEqual([2, 3, -1, 6, 7, -1]);
      k.copyColumns(src.subarray(1), 4, dst, 3, 2, 2, true);
      expect(Array.from(dst)).toEqual([4, 6, -1, 12, 14, -1]);
    }
    for (const [rows, w, lds, ldd, c0, d0] of [[1, 1, 1, 1, 0, 0], [3, 5, 9, 7, 2, 1], [64, 64, 128, 64, 64, 0], [7, 33, 40, 129, 7, 96], [5, 4, 4, 12, 0, 8]]) {
      const rand = testRandom(rows * 100 + w);
      const a = rand32(rows * lds + 3, rand);
      for (const add of [false, true]) {
        const before = rand32(rows * ldd + 5, rand);
        const ref = before.slice();
        const got = before.slice();
        jsKernels.copyColumns(a.subarray(c0), lds, ref.subarray(d0), ldd, rows, w, add);
        simd.copyColumns(a.subarray(c0), lds, got.subarray(d0), ldd, rows, w, add);
        expect(Array.from(got)).toEqual(Array.from(ref));
        // Against the definition, element by element.
        for (let i = 0; i < before.length; i++) {
          const r = Math.floor((i - d0) / ldd);
          const j = i - d0 - r * ldd;
          const inside = i >= d0 && r < rows && j < w;
          const from = a[c0 + r * lds + j];
          expect(got[i]).toBe(!inside ? before[i] : add ? Math.fround(before[i] + from) : from);
        }
      }
    }
  });

  it('a hand-checked convolution: 3×3 input, 2×2 kernel, valid, one channel', () => {
    // z[oy, ox] = Σ x[oy + ky, ox + kx]·K[ky, kx] + 1 with x = 1..9, K = [[1, 0], [0, −1]]: x[i] − x[i + 4] + 1 = −3
    const g = window2D(3, 3, 1, 2, 2, 1, 1, 1, 1, 'valid')!;
    const z = new Float32Array(4);
    simd.conv2dForward(Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9), Float32Array.of(1, 0, 0, -1), Float32Array.of(1), z, 1, g, 1, { cols: null, dcols: null });
    expect(Array.from(z)).toEqual([-3, -3, -3, -3]);
  });

  it('float64 window ops go to the TypeScript kernels (bit-identical results)', () => {
    const g = window2D(6, 5, 3, 3, 3, 1, 1, 1, 1, 'same')!;
    const rand = testRandom(21);
    const x = Float64Array.from({ length: 2 * 6 * 5 * 3 }, () => rand() - 0.5);
    const K = Float64Array.from({ length: 27 * 4 }, () => rand() - 0.5);
    const dz = Float64Array.from({ length: 2 * 30 * 4 }, () => rand() - 0.5);
    const run = (k: Kernels) => {
      const s: ConvScratch = { cols: null, dcols: null };
      const z = new Float64Array(2 * 30 * 4);
      const dx = new Float64Array(x.length);
      const dK = new Float64Array(K.length);
      const db = new Float64Array(4);
      k.conv2dForward(x, K, null, z, 2, g, 4, s);
      k.conv2dBackward(x, K, dz, dx, dK, db, 2, g, 4, s);
      expect(s.fast).toBeUndefined(); // no WebAssembly instance of its own for a float64 layer
      const cols = new Float64Array(2 * 30 * 27);
      k.im2col(x, cols, 2, g);
      return [z, dx, dK, db, cols].map((a) => Array.from(a));
    };
    expect(run(simd)).toEqual(run(jsKernels));
  });
});

// ---- layers through the fast path ------------------------------------------------------------

function layer32(type: string, settings: Record<string, unknown>, inShape: number[]): Layer {
  return getLayerDefinition(type)!.create({ ...defaultSettings(type), ...settings }, [inShape], {
    dtype: 'float32', initRng: new Rng(3), noiseRng: new Rng(4), name: 'l',
  });
}

/** Forward output, dx and parameter gradients of a float32 layer for L = Σ dy ⊙ y, under kernels k. */
function runLayer(k: Kernels, type: string, settings: Record<string, unknown>, inShape: number[], B: number, seed: number) {
  setKernels(k);
  const layer = layer32(type, settings, inShape);
  const rand = testRandom(seed);
  const inSize = inShape.reduce((a, b) => a * b, 1);
  const x = rand32(B * inSize, rand);
  const y = Float32Array.from(layer.forward([x], B, true));
  const dy = rand32(y.length, rand);
  for (const p of layer.params) p.grad.fill(0);
  const dx = new Float32Array(x.length);
  layer.backward(dy, [dx], B);
  return { y, dx, grads: layer.params.map((p) => Float32Array.from(p.grad)) };
}

function compareLayer(type: string, settings: Record<string, unknown>, inShape: number[], B: number, seed: number) {
  const ref = runLayer(jsKernels, type, settings, inShape, B, seed);
  const got = runLayer(simd, type, settings, inShape, B, seed);
  expect(relError(got.y, ref.y), 'y').toBeLessThanOrEqual(TOL);
  expect(relError(got.dx, ref.dx), 'dx').toBeLessThanOrEqual(TOL);
  got.grads.forEach((g, i) => expect(relError(g, ref.grads[i]), `param ${i}`).toBeLessThanOrEqual(TOL));
}

describe('layers on the wasm kernels against the TypeScript kernels (float32, ≤ 1e-5 relative)', () => {
  afterEach(() => setKernels(jsKernels));

  const convCases: [string, Record<string, unknown>, number[], number][] = [
    ['5×5 same, batch 1', { filters: 8, kernelSize: [5, 5], padding: 'same' }, [28, 28, 1], 1],
    ['3×3 valid, odd sizes', { filters: 5, kernelSize: [3, 3], padding: 'valid' }, [7, 9, 3], 3],
    ['stride 2 same', { filters: 4, kernelSize: [3, 3], strides: [2, 2], padding: 'same' }, [9, 8, 2], 2],
    ['stride (2, 1) explicit pad 2', { filters: 3, kernelSize: [2, 4], strides: [2, 1], padding: 'explicit', paddingAmount: 2 }, [5, 6, 3], 2],
    ['dilation 2', { filters: 6, kernelSize: [3, 3], dilation: [2, 2], padding: 'same' }, [8, 7, 2], 2],
    ['relu, no bias', { filters: 16, kernelSize: [5, 5], padding: 'same', activation: 'relu', useBias: false }, [14, 14, 8], 2],
  ];
  for (const [name, s, shape, B] of convCases) it(`conv2d ${name}`, () => compareLayer('conv2d', s, shape, B, shape[0] * 31 + B));

  it('dense relu and softmax, batch 1 and 7', () => {
    compareLayer('dense', { units: 13, activation: 'relu' }, [29], 1, 1);
    compareLayer('dense', { units: 10, activation: 'softmax' }, [64], 7, 2);
  });

  for (const type of ['simpleRnn', 'lstm', 'gru']) {
    it(`${type}: sequences out and last step, batch 1 and 5`, () => {
      compareLayer(type, { units: 7, returnSequences: true }, [6, 3], 1, 3);
      compareLayer(type, { units: 32 }, [50, 1], 5, 4);
    });
  }
});

describe('relaxed SIMD (f32x4.relaxed_madd), in a process started with --experimental-wasm-relaxed-simd', () => {
  it('validates under the flag and matches the TypeScript reference', () => {
    const script = `
      const { createWasmKernels, jsKernels, wasmKernelBytes, wasmSupport } = require('./src/core');
      const k = createWasmKernels(wasmKernelBytes('relaxed'));
      let worst = 0; let seed = 1;
      const rnd = (n) => Float32Array.from({ length: n }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1);
      const rel = (a, b) => { let d = 0, s = 0; for (let i = 0; i < a.length; i++) { d = Math.max(d, Math.abs(a[i] - b[i])); s = Math.max(s, Math.abs(b[i])); } return d / s; };
      for (const [B, I, O] of [[1, 1, 1], [3, 5, 7], [64, 784, 128], [17, 257, 31], [1, 300, 2049]]) {
        const x = rnd(B * I), W = rnd(I * O), b = rnd(O), dy = rnd(B * O);
        const y1 = new Float32Array(B * O), y2 = new Float32Array(B * O);
        jsKernels.denseForward(x, W, b, y1, B, I, O); k.denseForward(x, W, b, y2, B, I, O);
        const g = () => [rnd(B * I), rnd(I * O), rnd(O)]; const r = g(); const f = r.map((a) => a.slice());
        jsKernels.denseBackward(x, W, dy, r[0], r[1], r[2], B, I, O); k.denseBackward(x, W, dy, f[0], f[1], f[2], B, I, O);
        worst = Math.max(worst, rel(y2, y1), rel(f[0], r[0]), rel(f[1], r[1]), rel(f[2], r[2]));
      }
      console.log(JSON.stringify({ relaxed: wasmSupport().relaxed, worst }));
    `;
    const out = execFileSync(process.execPath, ['--experimental-wasm-relaxed-simd', '--import', 'tsx', '--input-type=commonjs', '-e', script], {
      cwd: root, encoding: 'utf8',
    });
    const r = JSON.parse(out.trim().split('\n').pop()!) as { relaxed: boolean; worst: number };
    expect(r.relaxed).toBe(true);
    expect(r.worst).toBeLessThanOrEqual(TOL);
    expect(r.worst).toBeGreaterThan(0); // a different summation order, so not bit-identical: the check can fail
  });
});


describe('the training process turns relaxed SIMD on', () => {
  it('forkWorker passes --experimental-wasm-relaxed-simd on Node 16–21 only (Node 22+ and Electron 41 have it on)', async () => {
    const { relaxedSimdFlags } = await import('../../../src/web/forkProcess');
    expect(relaxedSimdFlags('20.20.2')).toEqual(['--experimental-wasm-relaxed-simd']);
    expect(relaxedSimdFlags('22.3.0')).toEqual([]);
    expect(relaxedSimdFlags('14.0.0')).toEqual([]);
  });
});

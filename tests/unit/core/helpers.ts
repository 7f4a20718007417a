// Shared test helpers: document builders, central-difference gradient checks (float64) and
// a small training session setup.

import { expect } from 'vitest';
import {
  Rng, createTrainingSession, defaultSettings, getLayerDefinition, starterDocument,
  type DocEdge, type DocNode, type Layer, type NetworkDocument, type TrainConfig, type TrainEvent,
} from '../../../src/core';

/** A chain document from [id, type, settings] triples, wired in order. */
export function chain(...specs: [string, string, Record<string, unknown>][]): NetworkDocument {
  const nodes: DocNode[] = specs.map(([id, type, settings], i) => ({ id, type, settings, position: { x: i * 100, y: 0 } }));
  const edges: DocEdge[] = nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i].id, target: n.id }));
  return { nodes, edges };
}

export function node(id: string, type: string, settings: Record<string, unknown> = {}): DocNode {
  return { id, type, settings, position: { x: 0, y: 0 } };
}

export function edge(source: string, target: string): DocEdge {
  return { id: `${source}->${target}`, source, target };
}

/** Deterministic pseudo-random numbers for test inputs (independent of the engine's Rng). */
export function testRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Values in ±[lo, hi] with random sign: keeps inputs away from 0 (relu's kink). */
export function awayFromZero(n: number, rand: () => number, lo = 0.1, hi = 1): Float64Array {
  return Float64Array.from({ length: n }, () => (rand() < 0.5 ? -1 : 1) * (lo + (hi - lo) * rand()));
}

/** Central difference of f with respect to v[i]; restores v[i]. */
export function numericalGradient(f: () => number, v: { [i: number]: number; length: number }, h = 1e-5): Float64Array {
  const g = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const old = v[i];
    v[i] = old + h;
    const fp = f();
    v[i] = old - h;
    const fm = f();
    v[i] = old;
    g[i] = (fp - fm) / (2 * h);
  }
  return g;
}

/** max_i |a − n| / max(|a| + |n|, 1e-8): the usual gradient-check relative error. */
export function maxRelativeError(analytic: ArrayLike<number>, numeric: ArrayLike<number>): number {
  if (analytic.length !== numeric.length) throw new Error('length mismatch');
  let worst = 0;
  for (let i = 0; i < analytic.length; i++) {
    const a = analytic[i];
    const n = numeric[i];
    worst = Math.max(worst, Math.abs(a - n) / Math.max(Math.abs(a) + Math.abs(n), 1e-8));
  }
  return worst;
}

/** max |ours − ref| / max(max |ref|, floor) over the tensor (the lengths must agree): a tensor-wide relative error. */
export function relError(ours: ArrayLike<number>, ref: ArrayLike<number>, floor = 1e-12): number {
  expect(ours.length).toBe(ref.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < ref.length; i++) {
    diff = Math.max(diff, Math.abs(ours[i] - ref[i]));
    scale = Math.max(scale, Math.abs(ref[i]));
  }
  return diff / Math.max(scale, floor);
}

/** A float64 layer of `type` built directly from its definition (defaults filled in). */
export function buildLayer(type: string, settings: Record<string, unknown>, inShape: number[], seed = 1): Layer {
  const def = getLayerDefinition(type)!;
  const s = withDefaultsFor(type, settings);
  return def.create(s, [inShape], { dtype: 'float64', initRng: new Rng(seed), noiseRng: new Rng(seed + 1), name: 'layer' });
}

function withDefaultsFor(type: string, settings: Record<string, unknown>): Record<string, unknown> {
  return { ...defaultSettings(type), ...settings };
}

/**
 * Gradient check of one layer with L = Σ dy ⊙ y(x) (random dy): the relative errors of dx and of
 * every parameter gradient against central differences, keyed 'dx' and by parameter name.
 */
export function layerGradientErrors(layer: Layer, x: Float64Array, B: number, outSize: number, rand: () => number): Record<string, number> {
  const dy = Float64Array.from({ length: B * outSize }, () => rand() * 2 - 1);
  const L = () => {
    const y = layer.forward([x], B, false);
    let s = 0;
    for (let i = 0; i < B * outSize; i++) s += dy[i] * y[i];
    return s;
  };
  layer.forward([x], B, false);
  const dx = new Float64Array(x.length);
  for (const p of layer.params) p.grad.fill(0);
  layer.backward(dy, [dx], B);
  const out: Record<string, number> = { dx: maxRelativeError(dx, numericalGradient(L, x)) };
  for (const p of layer.params) out[p.name] = maxRelativeError(Float64Array.from(p.grad), numericalGradient(L, p.value));
  return out;
}

/** The starter network on 300 XOR samples: Adam 0.03, batch 10, 5 epochs, 20 % validation, seed 42; `over` replaces fields. */
export function sessionConfig(over: Partial<TrainConfig> = {}): TrainConfig {
  return {
    document: starterDocument(),
    dataset: { kind: 'xor', samples: 300, noise: 0, seed: 1 },
    loss: 'bce',
    optimizer: { kind: 'adam', learningRate: 0.03 },
    batchSize: 10,
    epochs: 5,
    validationSplit: 0.2,
    seed: 42,
    ...over,
  };
}

/** Runs a training session to the end; returns it, all its events and the batch loss after every step. */
export function runSession(c: TrainConfig, clock: () => number = () => 0) {
  const s = createTrainingSession(c, 1, clock);
  const events: TrainEvent[] = [];
  const losses: number[] = [];
  while (!s.done) {
    events.push(...s.step());
    losses.push(s.progress().batchLoss);
  }
  return { s, events, losses };
}

// Seeded 2-D datasets and the decision-boundary grid.

import { describe, expect, it } from 'vitest';
import { DATASET_KINDS, compileNetwork, decisionGrid, generateDataset } from '../../../src/core';
import { chain } from './helpers';

describe('datasets', () => {
  it('lists the four kinds', () => {
    expect(DATASET_KINDS).toEqual(['xor', 'circles', 'spirals', 'blobs']);
  });

  for (const kind of DATASET_KINDS) {
    it(`${kind}: shapes, balance, bounds, determinism`, () => {
      const d = generateDataset({ kind, samples: 201, noise: 0.3, seed: 7 });
      expect(d.n).toBe(201);
      expect(d.x.length).toBe(402);
      expect(d.y.length).toBe(201);
      const ones = d.y.reduce((s, v) => s + v, 0);
      expect([100, 101]).toContain(ones);
      expect([...d.y].every((v) => v === 0 || v === 1)).toBe(true);
      expect([...d.x].every((v) => v >= d.bounds.xMin && v <= d.bounds.xMax)).toBe(true);
      const again = generateDataset({ kind, samples: 201, noise: 0.3, seed: 7 });
      expect([...again.x]).toEqual([...d.x]);
      expect([...again.y]).toEqual([...d.y]);
      const other = generateDataset({ kind, samples: 201, noise: 0.3, seed: 8 });
      expect([...other.x]).not.toEqual([...d.x]);
    });
  }

  it('xor without noise: class 1 exactly where x·y > 0', () => {
    const d = generateDataset({ kind: 'xor', samples: 200, noise: 0, seed: 1 });
    for (let i = 0; i < d.n; i++) expect(d.x[2 * i] * d.x[2 * i + 1] > 0 ? 1 : 0).toBe(d.y[i]);
  });

  it('circles without noise: class 1 inside radius 2.5, class 0 in the ring 3.5..5', () => {
    const d = generateDataset({ kind: 'circles', samples: 200, noise: 0, seed: 2 });
    for (let i = 0; i < d.n; i++) {
      const r = Math.hypot(d.x[2 * i], d.x[2 * i + 1]);
      if (d.y[i] === 1) expect(r).toBeLessThanOrEqual(2.5 + 1e-5);
      else expect(r).toBeGreaterThanOrEqual(3.5 - 1e-5);
    }
  });

  it('blobs: class means near (2, 2) and (−2, −2)', () => {
    const d = generateDataset({ kind: 'blobs', samples: 2000, noise: 0, seed: 3 });
    const mean = [0, 0, 0, 0];
    for (let i = 0; i < d.n; i++) {
      mean[2 * d.y[i]] += d.x[2 * i] / (d.n / 2);
      mean[2 * d.y[i] + 1] += d.x[2 * i + 1] / (d.n / 2);
    }
    expect(mean[0]).toBeCloseTo(-2, 1);
    expect(mean[1]).toBeCloseTo(-2, 1);
    expect(mean[2]).toBeCloseTo(2, 1);
    expect(mean[3]).toBeCloseTo(2, 1);
  });

  it('spirals without noise: the two classes are point reflections of each other (half a turn apart)', () => {
    const d = generateDataset({ kind: 'spirals', samples: 100, noise: 0, seed: 4 });
    for (let k = 0; k < 50; k++) {
      expect(d.x[4 * k]).toBeCloseTo(-d.x[4 * k + 2], 5);
      expect(d.x[4 * k + 1]).toBeCloseTo(-d.x[4 * k + 3], 5);
    }
  });

  it('noise scales the jitter', () => {
    const spread = (noise: number) => {
      const d = generateDataset({ kind: 'blobs', samples: 1000, noise, seed: 5 });
      let s = 0;
      for (let i = 0; i < d.n; i++) s += (d.x[2 * i] - (d.y[i] ? 2 : -2)) ** 2;
      return Math.sqrt(s / d.n);
    };
    expect(spread(1)).toBeGreaterThan(2 * spread(0));
  });
});

describe('decisionGrid', () => {
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  const bounds = { xMin: -6, xMax: 6, yMin: -6, yMax: 6 };

  it('1 sigmoid unit p = σ(0.5x + 0.25y): corners, row 0 = top', () => {
    const model = compileNetwork(chain(['in', 'input', { shape: [2] }], ['o', 'dense', { units: 1, activation: 'sigmoid', useBias: false }]));
    model.setParams([[0.5, 0.25]]);
    const g = decisionGrid(model, bounds, 3);
    expect(g.length).toBe(9);
    expect(g[0]).toBeCloseTo(sig(0.5 * -6 + 0.25 * 6), 6); // top-left (−6, 6)
    expect(g[2]).toBeCloseTo(sig(0.5 * 6 + 0.25 * 6), 6); // top-right (6, 6)
    expect(g[6]).toBeCloseTo(sig(0.5 * -6 + 0.25 * -6), 6); // bottom-left (−6, −6)
    expect(g[8]).toBeCloseTo(sig(0.5 * 6 + 0.25 * -6), 6); // bottom-right (6, −6)
    expect(g[4]).toBeCloseTo(0.5, 6); // centre (0, 0)
  });

  it('2 outputs: softmax column 1, from a softmax layer or from linear logits', () => {
    // logits (0, x): P(class 1) = σ(x)
    for (const activation of ['softmax', 'linear']) {
      const model = compileNetwork(chain(['in', 'input', { shape: [2] }], ['o', 'dense', { units: 2, activation, useBias: false }]));
      model.setParams([[0, 1, 0, 0]]);
      const g = decisionGrid(model, bounds, 2);
      expect(g[0]).toBeCloseTo(sig(-6), 6);
      expect(g[1]).toBeCloseTo(sig(6), 6);
      expect(g[2]).toBeCloseTo(sig(-6), 6);
      expect(g[3]).toBeCloseTo(sig(6), 6);
    }
  });

  it('a linear 1-output unit is clamped to [0, 1]', () => {
    const model = compileNetwork(chain(['in', 'input', { shape: [2] }], ['o', 'dense', { units: 1, useBias: false }]));
    model.setParams([[1, 0]]);
    const g = decisionGrid(model, bounds, 3);
    expect([...g.slice(0, 3)]).toEqual([0, 0, 1]);
  });
});

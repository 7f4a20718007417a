// Every built-in surface: its gradient is the derivative of its f (central differences), its
// known minima are stationary with the documented value, and nothing on a fine grid of its
// window is lower (so the "known minimum" really is the global one there).
import { describe, expect, it } from 'vitest';
import { BUILTIN_SURFACES, distanceToNearestMinimum, getBuiltinSurface, sampleGrid } from '../../../src/core/landscape';

/** The documented minima (textbook values), independent of the surfaces' own tables. */
const KNOWN: Record<string, { x: number; y: number; f: number }[]> = {
  course: [{ x: 1, y: 2, f: 4 }],
  rosenbrock: [{ x: 1, y: 1, f: 0 }],
  beale: [{ x: 3, y: 0.5, f: 0 }],
  himmelblau: [
    { x: 3, y: 2, f: 0 }, { x: -2.805118, y: 3.131312, f: 0 }, { x: -3.77931, y: -3.283186, f: 0 }, { x: 3.584428, y: -1.848126, f: 0 },
  ],
  booth: [{ x: 1, y: 3, f: 0 }],
  rastrigin: [{ x: 0, y: 0, f: 0 }],
  ackley: [{ x: 0, y: 0, f: 0 }],
  sixHumpCamel: [{ x: 0.0898, y: -0.7126, f: -1.0316 }, { x: -0.0898, y: 0.7126, f: -1.0316 }],
  styblinskiTang: [{ x: -2.903534, y: -2.903534, f: -78.33234 }],
  saddle: [],
  monkeySaddle: [],
};

const g = new Float64Array(2);

describe('built-in surfaces', () => {
  it('are the eleven of the issue, with distinct ids', () => {
    expect(BUILTIN_SURFACES.map((s) => s.id)).toEqual(Object.keys(KNOWN));
  });

  for (const s of BUILTIN_SURFACES) {
    describe(s.id, () => {
      it('gradient matches central differences inside the window', () => {
        const h = 1e-6;
        const d = s.domain;
        for (const [u, v] of [[0.13, 0.71], [0.37, 0.29], [0.81, 0.55], [0.62, 0.93]]) {
          const x = d.xMin + u * (d.xMax - d.xMin);
          const y = d.yMin + v * (d.yMax - d.yMin);
          s.gradient(x, y, g);
          const nx = (s.f(x + h, y) - s.f(x - h, y)) / (2 * h);
          const ny = (s.f(x, y + h) - s.f(x, y - h)) / (2 * h);
          const scale = Math.max(1, Math.abs(nx), Math.abs(ny));
          expect(Math.abs(g[0] - nx) / scale, `∂f/∂x at (${x}, ${y})`).toBeLessThan(1e-6);
          expect(Math.abs(g[1] - ny) / scale, `∂f/∂y at (${x}, ${y})`).toBeLessThan(1e-6);
        }
      });

      it('known minima: f matches the documented value to 1e-4 and the gradient vanishes', () => {
        expect(s.minima).toHaveLength(KNOWN[s.id].length);
        KNOWN[s.id].forEach((known, i) => {
          const m = s.minima[i];
          expect(Math.abs(m.x - known.x)).toBeLessThan(1e-4);
          expect(Math.abs(m.y - known.y)).toBeLessThan(1e-4);
          expect(Math.abs(s.f(m.x, m.y) - known.f)).toBeLessThan(1e-4);
          expect(Math.abs(m.f - s.f(m.x, m.y))).toBeLessThan(1e-9);
          s.gradient(m.x, m.y, g);
          expect(Math.hypot(g[0], g[1])).toBeLessThan(1e-6);
        });
      });

      it('no grid point of the window is below the known minimum', () => {
        if (s.minima.length === 0) return expect(s.minima).toEqual([]);
        const grid = sampleGrid(s.f, s.domain, 301);
        expect(grid.zMin).toBeGreaterThanOrEqual(Math.min(...s.minima.map((m) => m.f)) - 1e-9);
      });
    });
  }

  it('saddles have no minimum but a stationary point at the origin, and are unbounded below', () => {
    for (const id of ['saddle', 'monkeySaddle']) {
      const s = getBuiltinSurface(id)!;
      s.gradient(0, 0, g);
      expect([g[0], g[1]]).toEqual([0, 0].map(() => expect.closeTo(0, 12)));
      expect(sampleGrid(s.f, s.domain, 41).zMin).toBeLessThan(s.f(0, 0) - 1);
      expect(Number.isNaN(distanceToNearestMinimum(s, 1, 1))).toBe(true);
    }
  });

  it('Ackley takes the gradient at its cone tip as 0 (a subgradient), so descent rests there', () => {
    getBuiltinSurface('ackley')!.gradient(0, 0, g);
    expect([g[0], g[1]]).toEqual([0, 0]);
  });

  it('distance to the nearest known minimum picks the closest of several', () => {
    const h = getBuiltinSurface('himmelblau')!;
    expect(distanceToNearestMinimum(h, 3, 2.5)).toBeCloseTo(0.5, 12);
    expect(distanceToNearestMinimum(h, -3.779310253377747, -3.283185991286170)).toBeCloseTo(0, 12);
  });
});

describe('sampleGrid', () => {
  it('samples f at x_i = xMin + i·dx along rows, with min and max', () => {
    const grid = sampleGrid((x, y) => x + 10 * y, { xMin: 0, xMax: 2, yMin: -1, yMax: 1 }, 3);
    expect([...grid.z]).toEqual([-10, -9, -8, 0, 1, 2, 10, 11, 12]);
    expect([grid.zMin, grid.zMax]).toEqual([-10, 12]);
  });

  it('survives a function that is NaN everywhere', () => {
    const grid = sampleGrid(() => NaN, { xMin: 0, xMax: 1, yMin: 0, yMax: 1 }, 4);
    expect([grid.zMin, grid.zMax]).toEqual([0, 1]);
  });
});

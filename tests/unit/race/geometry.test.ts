// The pure geometry builders behind the 3-D and 2-D views.
import { describe, expect, it } from 'vitest';
import { getBuiltinSurface, runTrajectory, sampleGrid } from '../../../src/core/landscape';
import { colorAt } from '../../../src/renderer/race/geometry/colormap';
import { contourLevels, contourSegments } from '../../../src/renderer/race/geometry/contours';
import { heatmapPixels } from '../../../src/renderer/race/geometry/heatmapPixels';
import { heightScale } from '../../../src/renderer/race/geometry/heightScale';
import { buildSurfaceGeometry } from '../../../src/renderer/race/geometry/surfaceGeometry';
import { TRAIL_LIFT, trailPositions } from '../../../src/renderer/race/geometry/trailPositions';
import { HEIGHT, worldMapping } from '../../../src/renderer/race/geometry/worldMapping';

const square = { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };

describe('heightScale', () => {
  it('linear: zMin → 0, zMax → 1, clamped, and fromUnit inverts toUnit', () => {
    const s = heightScale(2, 12, false);
    expect([s.toUnit(2), s.toUnit(7), s.toUnit(12), s.toUnit(20), s.toUnit(-5)]).toEqual([0, 0.5, 1, 1, 0]);
    expect(s.fromUnit(s.toUnit(4.5))).toBeCloseTo(4.5, 12);
  });

  it('log: monotone, spends most of the range near the bottom, inverts', () => {
    const s = heightScale(0, 2500, true);
    expect(s.toUnit(0)).toBe(0);
    expect(s.toUnit(2500)).toBeCloseTo(1, 12);
    expect(s.toUnit(1)).toBeGreaterThan(0.1); // Rosenbrock's valley (f ≤ 1) is visible
    expect(s.toUnit(1)).toBeLessThan(s.toUnit(10));
    for (const z of [0.01, 3, 900]) expect(s.fromUnit(s.toUnit(z))).toBeCloseTo(z, 8);
  });
});

describe('buildSurfaceGeometry', () => {
  it('a plane f = x + y: n² vertices, 2(n − 1)² triangles, heights and normals as expected', () => {
    const n = 5;
    const grid = sampleGrid((x, y) => x + y, square, n);
    const geo = buildSurfaceGeometry(grid, heightScale(grid.zMin, grid.zMax, false));
    expect(geo.positions).toHaveLength(n * n * 3);
    expect(geo.indices).toHaveLength((n - 1) * (n - 1) * 6);
    expect(Math.max(...geo.indices)).toBe(n * n - 1);
    // corner (xMin, yMin) is lowest, (xMax, yMax) highest
    expect([...geo.positions.slice(0, 3)]).toEqual([-1, -1, 0]);
    expect(geo.positions[(n * n - 1) * 3 + 2]).toBeCloseTo(HEIGHT, 6);
    // the plane's normal ∝ (−∂Z/∂X, −∂Z/∂Y, 1) = (−H/4, −H/4, 1), everywhere (edges use one-sided differences)
    const k = HEIGHT / 4;
    const len = Math.hypot(k, k, 1);
    for (let v = 0; v < n * n; v++) {
      expect(geo.normals[v * 3]).toBeCloseTo(-k / len, 5);
      expect(geo.normals[v * 3 + 2]).toBeCloseTo(1 / len, 5);
    }
  });

  it('triangles face up (counter-clockwise seen from +Z)', () => {
    const grid = sampleGrid(() => 0, square, 3);
    const { positions: p, indices } = buildSurfaceGeometry(grid, heightScale(0, 1, false));
    for (let t = 0; t < indices.length; t += 3) {
      const [a, b, c] = [indices[t], indices[t + 1], indices[t + 2]];
      const cross = (p[b * 3] - p[a * 3]) * (p[c * 3 + 1] - p[a * 3 + 1]) - (p[b * 3 + 1] - p[a * 3 + 1]) * (p[c * 3] - p[a * 3]);
      expect(cross).toBeGreaterThan(0);
    }
  });

  it('colours come from the colormap by height; NaN samples are grey and flat', () => {
    const grid = sampleGrid((x) => (x > 0.9 ? NaN : x), square, 3);
    const geo = buildSurfaceGeometry(grid, heightScale(grid.zMin, grid.zMax, false));
    const low = [0, 0, 0];
    colorAt(0, low);
    expect([...geo.colors.slice(0, 3)]).toEqual(low.map((c) => expect.closeTo(c, 6)));
    expect([...geo.colors.slice(6, 9)]).toEqual([0.75, 0.75, 0.75]);
    expect(geo.positions[8]).toBe(0);
  });

  it('keeps the aspect ratio of a non-square window', () => {
    const grid = sampleGrid(() => 0, { xMin: -2, xMax: 2, yMin: -1, yMax: 3 }, 2);
    expect([...buildSurfaceGeometry(grid, heightScale(0, 1, false)).positions]).toEqual([-1, -1, 0, 1, -1, 0, -1, 1, 0, 1, 1, 0]);
    const wide = worldMapping({ xMin: 0, xMax: 10, yMin: 0, yMax: 5 });
    expect([wide.halfWidth, wide.halfDepth]).toEqual([1, 0.5]);
    expect(wide.fromX(wide.toX(7.5))).toBeCloseTo(7.5, 12);
  });
});

describe('contours', () => {
  it('the level sets of a cone are circles of the right radius', () => {
    const grid = sampleGrid((x, y) => Math.hypot(x, y), { xMin: -2, xMax: 2, yMin: -2, yMax: 2 }, 81);
    const c = contourSegments(grid, Float64Array.of(0.5, 1.5));
    expect(c.count).toBeGreaterThan(40);
    for (let s = 0; s < c.count; s++) {
      const r = c.levels[c.levelOf[s]];
      expect(Math.hypot(c.segments[s * 4], c.segments[s * 4 + 1])).toBeCloseTo(r, 1);
      expect(Math.hypot(c.segments[s * 4 + 2], c.segments[s * 4 + 3])).toBeCloseTo(r, 1);
    }
    const perLevel = [0, 1].map((l) => [...c.levelOf].filter((v) => v === l).length);
    expect(perLevel[1]).toBeGreaterThan(perLevel[0] * 2); // the bigger circle crosses ~3× the cells
  });

  it('levels are evenly spaced on the height scale (log-spaced on a log scale)', () => {
    const lin = contourLevels(heightScale(0, 100, false), 4);
    expect([...lin]).toEqual([12.5, 37.5, 62.5, 87.5]);
    const log = contourLevels(heightScale(0, 100, true), 4);
    expect(log[1] / log[0]).toBeGreaterThan(5);
  });

  it('no segments on a flat surface', () => {
    expect(contourSegments(sampleGrid(() => 1, square, 10), Float64Array.of(0.5, 2)).count).toBe(0);
  });
});

describe('heatmapPixels and trailPositions', () => {
  it('the heatmap has y max on its top row', () => {
    const grid = sampleGrid((_, y) => y, square, 4);
    const px = heatmapPixels(grid, heightScale(-1, 1, false));
    const top = [0, 0, 0];
    colorAt(1, top);
    expect([px[0], px[1], px[2], px[3]]).toEqual([...top.map((c) => Math.round(c * 255)), 255].map((v) => expect.closeTo(v, 0)));
  });

  it('a trail sits TRAIL_LIFT above the surface at every row', () => {
    const g = getBuiltinSurface('course')!;
    const t = runTrajectory(g, { kind: 'sgd', learningRate: 0.1 }, { start: { x: 4, y: 4 }, steps: 5, tolerance: 0.2 });
    const grid = sampleGrid(g.f, g.domain, 16);
    const scale = heightScale(grid.zMin, grid.zMax, false);
    const map = worldMapping(g.domain);
    const pos = trailPositions(t, g, map, scale);
    expect(pos).toHaveLength(18);
    for (let k = 0; k < 6; k++) {
      expect(pos[k * 3]).toBeCloseTo(map.toX(t.x[k]), 6);
      expect(pos[k * 3 + 2]).toBeCloseTo(scale.toUnit(g.f(t.x[k], t.y[k])) * HEIGHT + TRAIL_LIFT, 6);
    }
  });
});

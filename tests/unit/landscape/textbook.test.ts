// Seed exercise §1: gradient descent on g(x, y) from (4, 4), learning rate 0.1, stopping when
// |∂g/∂x| ≤ 0.2 and |∂g/∂y| ≤ 0.2 — with the course's 2-decimal rounding, and exactly.
import { describe, expect, it } from 'vitest';
import { getBuiltinSurface, roundTo, runTrajectory } from '../../../src/core/landscape';

const g = getBuiltinSurface('course')!;
const options = { start: { x: 4, y: 4 }, steps: 50, tolerance: 0.2 };

const PATH = [
  [3.2, 3.3], [2.63, 2.82], [2.22, 2.49], [1.93, 2.27], [1.72, 2.12], [1.56, 2.02], [1.45, 1.96],
  [1.36, 1.92], [1.3, 1.9], [1.25, 1.89], [1.21, 1.89], [1.18, 1.89], [1.15, 1.89],
];

describe('seed exercise §1', () => {
  it('with every value rounded to 2 decimals: the 13 points of the course, stopping with gradient (0.19, −0.07)', () => {
    const t = runTrajectory(g, { kind: 'sgd', learningRate: 0.1 }, { ...options, decimals: 2 });
    expect(t.ruleStep).toBe(13);
    const rows = PATH.map((_, i) => [t.x[i + 1], t.y[i + 1]]);
    expect(rows).toEqual(PATH); // exact: the rounded values are the doubles nearest to the printed decimals
    expect([t.gx[13], t.gy[13]]).toEqual([0.19, -0.07]);
    // the rule did not hold one row earlier
    expect(Math.abs(t.gx[12])).toBeGreaterThan(0.2);
  });

  it("the course's extra 14th update goes to (1.13, 1.90)", () => {
    const t = runTrajectory(g, { kind: 'sgd', learningRate: 0.1 }, { ...options, decimals: 2 });
    expect([t.x[14], t.y[14]]).toEqual([1.13, 1.9]);
  });

  it('without rounding: also 13 updates, to (1.1513, 1.8971) with gradient (0.1998, −0.0544)', () => {
    const t = runTrajectory(g, { kind: 'sgd', learningRate: 0.1 }, options);
    expect(t.ruleStep).toBe(13);
    expect(roundTo(t.x[13], 4)).toBe(1.1513);
    expect(roundTo(t.y[13], 4)).toBe(1.8971);
    expect(roundTo(t.gx[13], 4)).toBe(0.1998);
    expect(roundTo(t.gy[13], 4)).toBe(-0.0544);
    // the exact path is the closed form of x ← x − 0.1·∇g, checked independently
    let [x, y] = [4, 4];
    for (let k = 0; k < 13; k++) [x, y] = [x - 0.1 * (2 * x + y - 4), y - 0.1 * (2 * y + x - 5)];
    expect(t.x[13]).toBeCloseTo(x, 13);
    expect(t.y[13]).toBeCloseTo(y, 13);
  });
});

describe('roundTo (hand-calculation rounding)', () => {
  it('rounds halves away from zero, as printed', () => {
    expect(roundTo(2.225, 2)).toBe(2.23);
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(0.025, 2)).toBe(0.03);
    expect(roundTo(-0.025, 2)).toBe(-0.03);
    expect(roundTo(-0.004, 2)).toBe(-0);
    expect(roundTo(3.14159, 0)).toBe(3);
    expect(roundTo(Infinity, 2)).toBe(Infinity);
  });
});

// The race's stopping rule and the ways a run ends: completed, diverged, left the domain.
import { describe, expect, it } from 'vitest';
import { getBuiltinSurface, inDomain, runTrajectory, stoppingRuleHolds } from '../../../src/core/landscape';

const g = getBuiltinSurface('course')!;

describe('stopping rule |∂f/∂x| ≤ tol and |∂f/∂y| ≤ tol', () => {
  it('is inclusive and needs both components', () => {
    expect(stoppingRuleHolds(0.2, -0.2, 0.2)).toBe(true);
    expect(stoppingRuleHolds(0.2000001, 0, 0.2)).toBe(false);
    expect(stoppingRuleHolds(0, -0.21, 0.2)).toBe(false);
    expect(stoppingRuleHolds(0.19, -0.07, 0.2)).toBe(true);
  });

  it('records the first step where it holds, 0 at the minimum itself, −1 when never reached', () => {
    expect(runTrajectory(g, { kind: 'sgd', learningRate: 0.1 }, { start: { x: 1, y: 2 }, steps: 5, tolerance: 0.2 }).ruleStep).toBe(0);
    const slow = runTrajectory(g, { kind: 'sgd', learningRate: 0.001 }, { start: { x: 4, y: 4 }, steps: 10, tolerance: 0.2 });
    expect(slow.ruleStep).toBe(-1);
    expect(slow.end).toBe('completed');
    expect(slow.length).toBe(11);
  });

  it('keeps running after the rule holds (the race goes on; the table reports when)', () => {
    const t = runTrajectory(g, { kind: 'sgd', learningRate: 0.1 }, { start: { x: 4, y: 4 }, steps: 300, tolerance: 0.2 });
    expect(t.ruleStep).toBe(13);
    expect(t.length).toBe(301);
    expect(t.x[300]).toBeCloseTo(1, 9);
    expect(t.y[300]).toBeCloseTo(2, 9);
  });
});

describe('how a run ends', () => {
  it('diverges: SGD with lr 1.1 on g grows by |1 − 1.1·3| = 2.3 per step along (1, 1) and explodes', () => {
    const t = runTrajectory(g, { kind: 'sgd', learningRate: 1.1 }, { start: { x: 4, y: 4 }, steps: 5000, tolerance: 0.2 });
    expect(t.end).toBe('diverged');
    // rows stop where the run leaves the window; the explosion (600 units from the centre) comes later
    const exit = t.length - 1;
    expect(inDomain(g.domain, t.x[exit], t.y[exit])).toBe(false);
    expect(t.endStep).toBeGreaterThan(exit);
    // the loss first exceeds g(4, 4) + 10⁶·(1 + 23) at this step of the plain recurrence
    let [x, y] = [4, 4];
    let k = 0;
    while (g.f(x, y) - 23 <= 24e6) [x, y, k] = [x - 1.1 * (2 * x + y - 4), y - 1.1 * (2 * y + x - 5), k + 1];
    expect(t.endStep).toBe(k);
    for (let k = 0; k < t.length; k++) expect(Number.isFinite(t.x[k]) && Number.isFinite(t.f[k])).toBe(true);
  });

  it('diverges to NaN inside the window when f is not defined there', () => {
    const holey = { ...g, id: 'holey', f: (x: number, y: number) => (x < 2 ? NaN : g.f(x, y)) };
    const t = runTrajectory(holey, { kind: 'sgd', learningRate: 0.1 }, { start: { x: 4, y: 4 }, steps: 50, tolerance: 0.2 });
    expect(t.end).toBe('diverged');
    expect(t.endStep).toBe(4); // x₃ = 2.222 ≥ 2, x₄ = 1.9283 < 2 where f is NaN
    expect(t.length).toBe(t.endStep);
  });

  it('leaves the domain: on the saddle x² − y², descent slides off along y', () => {
    const saddle = getBuiltinSurface('saddle')!;
    const t = runTrajectory(saddle, { kind: 'sgd', learningRate: 0.1 }, { start: { x: 1.5, y: 0.01 }, steps: 1000, tolerance: 0.2 });
    expect(t.end).toBe('leftDomain');
    expect(t.length).toBe(t.endStep + 1); // the first point outside is kept, to draw the exit
    expect(inDomain(saddle.domain, t.x[t.endStep], t.y[t.endStep])).toBe(false);
    expect(inDomain(saddle.domain, t.x[t.endStep - 1], t.y[t.endStep - 1])).toBe(true);
    // y grows by the factor 1.2 per step: 0.01·1.2^k > 2 first at k = 30; f falls, so this is not divergence
    expect(t.endStep).toBe(30);
    expect(t.f[30]).toBeLessThan(t.f[0]);
  });
});

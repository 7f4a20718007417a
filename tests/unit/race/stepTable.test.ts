import { describe, expect, it } from 'vitest';
import { getBuiltinSurface, runTrajectory } from '../../../src/core/landscape';
import { formatCell, stepRows } from '../../../src/renderer/race/stepTable';

const g = getBuiltinSurface('course')!;
const run = (decimals: number | null) => runTrajectory(g, { kind: 'sgd', learningRate: 0.1 }, { start: { x: 4, y: 4 }, steps: 40, tolerance: 0.2, decimals });

describe('stepRows', () => {
  it("stops at the stopping rule like the course: start + 13 updates, the last one marked", () => {
    const rows = stepRows(run(2), { step: 40, stopAtRule: true, limit: 1000, decimals: 2 });
    expect(rows).toHaveLength(14);
    expect(rows[13]).toMatchObject({ k: 13, x: 1.15, y: 1.89, gx: 0.19, gy: -0.07, isRuleRow: true });
    expect(rows.filter((r) => r.isRuleRow)).toHaveLength(1);
    expect(rows[0].dx).toBeNull();
    expect([rows[1].dx, rows[1].dy]).toEqual([0.8, 0.7]); // 0.1·(8, 7), cleaned of float noise
    // the 13th update: 0.1·0.25 = 0.025 rounds up to 0.03 (so 1.18 → 1.15); 0.1·(−0.04) rounds to 0
    expect(rows[13].dx).toBe(0.03);
    expect(Math.abs(rows[13].dy!)).toBe(0);
  });

  it('the update is the difference of consecutive rows', () => {
    const t = run(null);
    const rows = stepRows(t, { step: 40, stopAtRule: false, limit: 1000, decimals: null });
    expect(rows).toHaveLength(41);
    for (let k = 1; k < rows.length; k++) expect(rows[k].dx).toBe(t.x[k - 1] - t.x[k]);
  });

  it('shows no rows past the playback step, and at most `limit`', () => {
    expect(stepRows(run(null), { step: 5, stopAtRule: false, limit: 1000, decimals: null })).toHaveLength(6);
    expect(stepRows(run(null), { step: 40, stopAtRule: false, limit: 10, decimals: null })).toHaveLength(10);
  });
});

describe('formatCell', () => {
  it('textbook: exactly N decimals, no "-0.00"', () => {
    expect(formatCell(3.2, 2)).toBe('3.20');
    expect(formatCell(-0.07, 2)).toBe('-0.07');
    expect(formatCell(-0.001, 2)).toBe('0.00');
    expect(formatCell(1.005, 2)).toBe('1.01');
  });

  it('otherwise 4 decimals, exponent form for huge or tiny values, a dash for none', () => {
    expect(formatCell(1.15131554, null)).toBe('1.1513');
    expect(formatCell(1.73e-12, null)).toBe('1.730e-12');
    expect(formatCell(2.5e7, null)).toBe('2.500e+7');
    expect(formatCell(0, null)).toBe('0.0000');
    expect(formatCell(null, 2)).toBe('—');
    expect(formatCell(NaN, null)).toBe('NaN');
  });
});

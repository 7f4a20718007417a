// The engine bench's rounds (tests/bench/engine/rounds.ts): one engine measured in several rounds is the
// rate of the median of all its passes. Hand-computed values.
import { describe, expect, it } from 'vitest';
import type { ChildResult } from '../../bench/engine/child';
import { mergeMeasurements } from '../../bench/engine/rounds';

const m = (passes: number[], rss: number, samples = 1000): ChildResult => {
  const sorted = [...passes].sort((a, b) => a - b);
  return { engine: 'netloom', workload: 'mlp', passes, samples, samplesPerSec: samples / sorted[passes.length >> 1], peakRssMB: rss };
};

describe('mergeMeasurements', () => {
  it('combines rounds into the rate of the median pass of all of them, and the larger peak RSS', () => {
    // Passes 0.5, 0.1, 0.2 | 0.4, 0.3, 0.6: sorted 0.1 0.2 0.3 0.4 0.5 0.6, median (index 3) 0.4 → 1000 / 0.4 = 2500.
    const merged = mergeMeasurements(m([0.5, 0.1, 0.2], 100), m([0.4, 0.3, 0.6], 120)) as ChildResult;
    expect(merged.samplesPerSec).toBeCloseTo(2500, 9);
    expect(merged.passes).toEqual([0.5, 0.1, 0.2, 0.4, 0.3, 0.6]);
    expect(merged.peakRssMB).toBe(120);
    // A third round 0.05, 0.05, 0.05: median of nine (index 4) 0.2 → 5000.
    const three = mergeMeasurements(merged, m([0.05, 0.05, 0.05], 90)) as ChildResult;
    expect(three.samplesPerSec).toBeCloseTo(5000, 9);
    expect(three.peakRssMB).toBe(120);
  });

  it('scales GFLOP/s the same way; the first measurement alone is unchanged; a failure wins', () => {
    const g = (passes: number[]): ChildResult => ({ engine: 'netloom', workload: 'gemm', passes, gflops: 2 / [...passes].sort((a, b) => a - b)[passes.length >> 1], peakRssMB: 1 });
    expect((mergeMeasurements(g([1, 2, 4]), g([8, 8])) as ChildResult).gflops).toBeCloseTo(2 / 4, 9); // median of 1 2 4 8 8 (index 2) = 4
    const one = m([0.2], 5);
    expect(mergeMeasurements(undefined, one)).toBe(one);
    const failed = { engine: 'netloom' as const, workload: 'mlp', error: 'exit 1' };
    expect(mergeMeasurements(one, failed)).toBe(failed);
    expect(mergeMeasurements(failed, one)).toBe(failed);
  });
});

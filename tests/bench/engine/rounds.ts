// Measurements of one engine from several rounds (engine.bench.ts) combined into one.
import type { ChildResult, EngineName } from './child';

export type Measurement = ChildResult | { engine: EngineName; workload: string; error: string };

const median = (v: readonly number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1];

/**
 * Two measurements of one engine as one: all their timed passes, the rate of the median pass (a rate is
 * work / a pass's time, so the first's rate scaled by its median pass over the combined median), the
 * larger peak RSS. A failed measurement wins (the engine failed).
 */
export function mergeMeasurements(a: Measurement | undefined, b: Measurement): Measurement {
  if (!a) return b;
  if ('error' in a) return a;
  if ('error' in b) return b;
  const passes = [...a.passes, ...b.passes];
  const scale = median(a.passes) / median(passes);
  return {
    ...a, passes, peakRssMB: Math.max(a.peakRssMB, b.peakRssMB),
    samplesPerSec: a.samplesPerSec === undefined ? undefined : a.samplesPerSec * scale,
    gflops: a.gflops === undefined ? undefined : a.gflops * scale,
  };
}

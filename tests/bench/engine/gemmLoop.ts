// The GEMM measured by the engine bench (child.ts, gemmThread.ts): C = A·B, n×n fp32, through the
// installed kernels.
import { kernels } from '../../../src/core';

export function gemmOperands(n: number): { A: Float32Array; B: Float32Array; C: Float32Array } {
  const rnd = (k: number) => Float32Array.from({ length: k }, (_, i) => Math.sin(i * 12.9898) * 0.5);
  return { A: rnd(n * n), B: rnd(n * n), C: new Float32Array(n * n) };
}

/** Seconds of each of `reps` GEMMs. */
export function timeGemms(ops: { A: Float32Array; B: Float32Array; C: Float32Array }, n: number, reps: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    kernels().denseForward(ops.A, ops.B, null, ops.C, n, n, n);
    out.push((performance.now() - t0) / 1000);
  }
  return out;
}

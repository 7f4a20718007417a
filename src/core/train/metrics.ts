// Targets and accuracy for the 2-class datasets.

import type { FloatArray } from '../tensor/tensor';

/** Labels (0/1) -> targets: one column holding the label, or one-hot rows for 2+ outputs. */
export function fillTargets(labels: ArrayLike<number>, idx: ArrayLike<number>, start: number, n: number, outputs: number, t: FloatArray): void {
  for (let b = 0; b < n; b++) {
    const label = labels[idx[start + b]];
    if (outputs === 1) t[b] = label;
    else for (let j = 0; j < outputs; j++) t[b * outputs + j] = j === label ? 1 : 0;
  }
}

/**
 * Correct predictions in a batch: 1 output -> (y ≥ threshold) = label; more outputs -> argmax = label.
 * threshold is 0.5 for probabilities, 0 when the output is a logit (bceWithLogits on a linear output).
 */
export function countCorrect(
  y: ArrayLike<number>, labels: ArrayLike<number>, idx: ArrayLike<number>, start: number, n: number, outputs: number, threshold = 0.5,
): number {
  let correct = 0;
  for (let b = 0; b < n; b++) {
    const label = labels[idx[start + b]];
    let pred: number;
    if (outputs === 1) pred = y[b] >= threshold ? 1 : 0;
    else {
      pred = 0;
      for (let j = 1; j < outputs; j++) if (y[b * outputs + j] > y[b * outputs + pred]) pred = j;
    }
    if (pred === label) correct++;
  }
  return correct;
}

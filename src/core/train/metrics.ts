// Batches, targets and metrics: accuracy for classification, MSE / MAE for regression.

import type { FloatArray } from '../tensor/tensor';

/** Class labels -> targets: one column holding the label (1 output, or sparse losses), or one-hot rows for 2+ outputs. */
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

/** Rows at least this long are copied with TypedArray.set (a memcpy); shorter ones element by element (cheaper than a view each). */
const ROW_SET_MIN = 32;

/** Copies the rows idx[start … start+n) of x ((rows, size) row-major) into out ((n, size)). */
export function gatherRows(x: ArrayLike<number>, size: number, idx: ArrayLike<number>, start: number, n: number, out: FloatArray): void {
  if (size >= ROW_SET_MIN && ArrayBuffer.isView(x)) {
    const rows = x as FloatArray;
    for (let b = 0; b < n; b++) {
      const o = idx[start + b] * size;
      out.set(rows.subarray(o, o + size), b * size);
    }
    return;
  }
  for (let b = 0; b < n; b++) {
    const o = idx[start + b] * size;
    const d = b * size;
    for (let j = 0; j < size; j++) out[d + j] = x[o + j];
  }
}

/**
 * Sum over a batch of the squared and absolute errors of predictions y ((n, size)) against the
 * rows idx[start …] of targets ((rows, size)): MSE = sse / (N·size), MAE = sae / (N·size).
 */
export function regressionErrors(
  y: ArrayLike<number>, targets: ArrayLike<number>, size: number, idx: ArrayLike<number>, start: number, n: number,
): { sse: number; sae: number } {
  let sse = 0;
  let sae = 0;
  for (let b = 0; b < n; b++) {
    const o = idx[start + b] * size;
    for (let j = 0; j < size; j++) {
      const e = y[b * size + j] - targets[o + j];
      sse += e * e;
      sae += Math.abs(e);
    }
  }
  return { sse, sae };
}

// ---- Metrics on plain arrays: y is (n, outputs) row-major model output, labels are class indices.

/** The predicted class of row b: argmax over outputs (first maximum wins), or (y ≥ threshold) for one output. */
export function predictedClass(y: ArrayLike<number>, b: number, outputs: number, threshold = 0.5): number {
  if (outputs === 1) return y[b] >= threshold ? 1 : 0;
  let pred = 0;
  for (let j = 1; j < outputs; j++) if (y[b * outputs + j] > y[b * outputs + pred]) pred = j;
  return pred;
}

/** Fraction of rows whose predicted class equals the label. */
export function accuracy(y: ArrayLike<number>, labels: ArrayLike<number>, n: number, outputs: number, threshold = 0.5): number {
  let correct = 0;
  for (let b = 0; b < n; b++) if (predictedClass(y, b, outputs, threshold) === labels[b]) correct++;
  return n > 0 ? correct / n : 0;
}

/**
 * Rows whose label is among the k highest outputs (Keras top_k_categorical_accuracy / torch.topk;
 * ties: a class counts as in the top k when fewer than k classes score strictly higher).
 */
export function topKCorrect(y: ArrayLike<number>, labels: ArrayLike<number>, n: number, outputs: number, k: number): number {
  let correct = 0;
  for (let b = 0; b < n; b++) {
    const score = y[b * outputs + labels[b]];
    let higher = 0;
    for (let j = 0; j < outputs; j++) if (y[b * outputs + j] > score) higher++;
    if (higher < k) correct++;
  }
  return correct;
}

/** Fraction of rows whose label is among the k highest outputs. */
export function topKAccuracy(y: ArrayLike<number>, labels: ArrayLike<number>, n: number, outputs: number, k: number): number {
  return n > 0 ? topKCorrect(y, labels, n, outputs, k) / n : 0;
}

/** Mean absolute error over every element: Σ|y − t| / (n · outputs). */
export function meanAbsoluteError(y: ArrayLike<number>, t: ArrayLike<number>, n: number, outputs: number): number {
  let s = 0;
  for (let i = 0; i < n * outputs; i++) s += Math.abs(y[i] - t[i]);
  return n > 0 ? s / (n * outputs) : 0;
}

/**
 * Confusion matrix M (classes × classes): M[true][predicted] counts rows (scikit-learn's layout:
 * rows are the true class, columns the prediction). classes defaults to max(2, outputs).
 */
export function confusionMatrix(
  y: ArrayLike<number>, labels: ArrayLike<number>, n: number, outputs: number, classes = Math.max(2, outputs), threshold = 0.5,
): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let b = 0; b < n; b++) m[labels[b]][predictedClass(y, b, outputs, threshold)]++;
  return m;
}

/** Like countCorrect, for top-k: rows of a batch (labels read through idx[start + b]) whose label is among the k highest outputs. */
export function countTopK(
  y: ArrayLike<number>, labels: ArrayLike<number>, idx: ArrayLike<number>, start: number, n: number, outputs: number, k: number,
): number {
  let correct = 0;
  for (let b = 0; b < n; b++) {
    const score = y[b * outputs + labels[idx[start + b]]];
    let higher = 0;
    for (let j = 0; j < outputs; j++) if (y[b * outputs + j] > score) higher++;
    if (higher < k) correct++;
  }
  return correct;
}

// Metrics worked out by hand.

import { describe, expect, it } from 'vitest';
import { accuracy, confusionMatrix, countTopK, meanAbsoluteError, topKAccuracy, topKCorrect } from '../../../src/core';
import { gatherRows } from '../../../src/core/train/metrics';

// 4 samples, 3 classes.
const y = [
  0.1, 0.7, 0.2, // argmax 1, ranking 1 > 2 > 0
  0.5, 0.2, 0.3, // argmax 0, ranking 0 > 2 > 1
  0.3, 0.3, 0.4, // argmax 2, then 0 and 1 tied
  0.0, 0.1, 0.9, // argmax 2, ranking 2 > 1 > 0
];
const labels = [1, 2, 0, 0];

describe('metrics', () => {
  it('accuracy: argmax rows 1, 0, 2, 2 against labels 1, 2, 0, 0 → 1/4', () => {
    expect(accuracy(y, labels, 4, 3)).toBe(0.25);
  });

  it('accuracy with one output thresholds at 0.5 (or a given threshold)', () => {
    expect(accuracy([0.2, 0.6, 0.5, 0.49], [0, 1, 1, 1], 4, 1)).toBe(0.75);
    expect(accuracy([-0.1, 0.1], [0, 1], 2, 1, 0)).toBe(1);
  });

  it('top-2: row 0 yes (rank 1), row 1 yes (rank 2), row 2 yes (tied second), row 3 no (rank 3) → 3/4', () => {
    expect(topKCorrect(y, labels, 4, 3, 2)).toBe(3);
    expect(topKAccuracy(y, labels, 4, 3, 2)).toBe(0.75);
    expect(topKAccuracy(y, labels, 4, 3, 1)).toBe(0.25); // top-1 = accuracy here (no ties at the top)
    expect(topKAccuracy(y, labels, 4, 3, 3)).toBe(1);
    // Through an index array, as the session calls it: rows 3 and 1 of the labels.
    expect(countTopK([0.0, 0.1, 0.9, 0.5, 0.2, 0.3], labels, [9, 3, 1], 1, 2, 3, 2)).toBe(1);
  });

  it('MAE: |0.5 − 1| + |2 − 2| + |−1 − 1| + |3 − 0| over 4 = 5.5 / 4', () => {
    expect(meanAbsoluteError([0.5, 2, -1, 3], [1, 2, 1, 0], 2, 2)).toBe(1.375);
  });

  it('confusion matrix: rows are true classes, columns predictions', () => {
    expect(confusionMatrix(y, labels, 4, 3)).toEqual([
      [0, 0, 2], // true 0: predicted 2 twice
      [0, 1, 0], // true 1: predicted 1
      [1, 0, 0], // true 2: predicted 0
    ]);
    // Binary with one sigmoid output.
    expect(confusionMatrix([0.9, 0.2, 0.7, 0.4, 0.1], [1, 0, 0, 1, 0], 5, 1)).toEqual([
      [2, 1],
      [1, 1],
    ]);
  });

  it('gatherRows copies rows idx[start …] in order, short rows element by element and long ones as blocks, into float32 or float64', () => {
    for (const size of [3, 40]) {
      // Row r of x holds r·1000 + j in column j.
      const x = Float32Array.from({ length: 6 * size }, (_, i) => Math.floor(i / size) * 1000 + (i % size));
      const idx = Uint32Array.of(9, 4, 0, 5, 2);
      for (const out of [new Float32Array(3 * size + 1).fill(-1), new Float64Array(3 * size + 1).fill(-1)]) {
        gatherRows(x, size, idx, 1, 3, out); // rows 4, 0, 5
        const want = [4, 0, 5].flatMap((r) => Array.from({ length: size }, (_, j) => r * 1000 + j));
        expect(Array.from(out)).toEqual([...want, -1]);
      }
      const plain = Array.from(x); // not a typed array: element by element
      const out = new Float32Array(size);
      gatherRows(plain, size, idx, 4, 1, out);
      expect(out[size - 1]).toBe(2 * 1000 + size - 1);
    }
  });
});

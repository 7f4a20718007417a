// The training output's confusion matrix table as data: tones, row shares and the counted set.
import { describe, expect, it } from 'vitest';
import { confusionTableData } from '../../../src/renderer/training/confusionTable';

describe('confusionTableData', () => {
  it('marks the diagonal as hits, non-empty off-diagonal cells as misses, and gives each cell its share of the true class', () => {
    // Iris-like: 10 setosa all right; versicolor 7 right, 3 taken for virginica; virginica 1 wrong, 9 right.
    const { rows } = confusionTableData({ set: 'val', matrix: [[10, 0, 0], [0, 7, 3], [0, 1, 9]] }, false);
    expect(rows.map((r) => r.map((c) => c.tone))).toEqual([
      ['hit', 'none', 'none'],
      ['none', 'hit', 'miss'],
      ['none', 'miss', 'hit'],
    ]);
    expect(rows.map((r) => r.map((c) => c.count))).toEqual([[10, 0, 0], [0, 7, 3], [0, 1, 9]]);
    expect(rows[1].map((c) => c.rowShare)).toEqual([0, 0.7, 0.3]);
    expect(rows[2].map((c) => c.rowShare)).toEqual([0, 0.1, 0.9]);
  });

  it('a class absent from the set: its row is all zeros with share 0 (no division by zero); its diagonal is still the hit cell', () => {
    const { rows } = confusionTableData({ set: 'val', matrix: [[0, 0], [2, 5]] }, false);
    expect(rows[0]).toEqual([{ count: 0, rowShare: 0, tone: 'hit' }, { count: 0, rowShare: 0, tone: 'none' }]);
    expect(rows[1].map((c) => c.rowShare)).toEqual([2 / 7, 5 / 7]);
    expect(rows[1].map((c) => c.tone)).toEqual(['miss', 'hit']);
  });

  it("names the counted set: validation, MNIST's test split, or the training set when there is no validation set", () => {
    const m = [[1, 0], [0, 1]];
    expect(confusionTableData({ set: 'val', matrix: m }, false).set).toBe('val');
    expect(confusionTableData({ set: 'val', matrix: m }, true).set).toBe('test');
    expect(confusionTableData({ set: 'train', matrix: m }, false).set).toBe('train');
    expect(confusionTableData({ set: 'train', matrix: m }, true).set).toBe('train');
  });
});

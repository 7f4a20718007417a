// The training output's confusion matrix as plain data (tested without React): which set it counts,
// and per cell its count, its share of the true class's row and whether it is a hit or a miss.

import type { ConfusionMatrix } from '../../core/train/events';

/** The i18n suffix of the counted set: the validation set, MNIST's fixed test split, or the training set. */
export type ConfusionSet = 'val' | 'test' | 'train';

export interface ConfusionCell {
  count: number;
  /** count / (samples of this true class), for the cell's tooltip; 0 for an empty row. */
  rowShare: number;
  /** 'hit': the diagonal (predicted = true); 'miss': an off-diagonal cell with samples; 'none': an empty off-diagonal cell. */
  tone: 'hit' | 'miss' | 'none';
}

export interface ConfusionTableData {
  set: ConfusionSet;
  /** rows[true][predicted], as in ConfusionMatrix. */
  rows: ConfusionCell[][];
}

/** testSplit: the run's 'started' event said valSet 'test' (then 'val' counts the test split). */
export function confusionTableData(c: ConfusionMatrix, testSplit: boolean): ConfusionTableData {
  const rows = c.matrix.map((row, i) => {
    const rowTotal = row.reduce((a, b) => a + b, 0);
    return row.map((count, j): ConfusionCell => ({
      count,
      rowShare: rowTotal > 0 ? count / rowTotal : 0,
      tone: i === j ? 'hit' : count > 0 ? 'miss' : 'none',
    }));
  });
  const set: ConfusionSet = c.set === 'train' ? 'train' : testSplit ? 'test' : 'val';
  return { set, rows };
}

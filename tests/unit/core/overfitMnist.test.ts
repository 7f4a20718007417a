// "Overfit one batch" on real digits: a small CNN must drive the loss on 64 MNIST images
// to near zero. If forward/backward of conv, pooling or dense were subtly wrong, it could not.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compileNetwork, createOptimizer, decodeMnist } from '../../../src/core';
import { chain } from './helpers';

describe('a small CNN overfits one batch of 64 MNIST images', () => {
  it('reaches near-zero sparse cross-entropy within 150 Adam steps', () => {
    const mnist = decodeMnist(new Uint8Array(gunzipSync(readFileSync(join(__dirname, '../../../resources/data/mnist.bin.gz')))));
    const B = 64;
    const size = 28 * 28;
    const x = mnist.x.slice(0, B * size);
    const labels = mnist.y.slice(0, B);
    expect(new Set(labels).size).toBeGreaterThan(5); // a real mix of digits, not one class

    const doc = chain(
      ['in', 'input', { shape: [28, 28, 1] }],
      ['c1', 'conv2d', { filters: 8, kernelSize: [3, 3], activation: 'relu' }],
      ['p1', 'maxPool2d', {}],
      ['c2', 'conv2d', { filters: 16, kernelSize: [3, 3], activation: 'relu' }],
      ['p2', 'maxPool2d', {}],
      ['f', 'flatten', {}],
      ['out', 'dense', { units: 10, activation: 'softmax' }],
    );
    const model = compileNetwork(doc, { seed: 3 });
    const first = model.lossAndGradients(x, labels, B, 'sparseCategoricalCrossEntropy');
    const opt = createOptimizer({ kind: 'adam', learningRate: 0.005 }, model.parameters());
    let loss = first;
    for (let i = 0; i < 150 && loss > 0.01; i++) {
      opt.step();
      loss = model.lossAndGradients(x, labels, B, 'sparseCategoricalCrossEntropy');
    }
    expect(first).toBeGreaterThan(1.5); // ≈ ln 10 for an untrained 10-way softmax
    expect(loss).toBeLessThan(0.02);
    const predictions = model.predict(x, B);
    let correct = 0;
    for (let b = 0; b < B; b++) {
      const row = Array.from(predictions.subarray(b * 10, b * 10 + 10));
      if (row.indexOf(Math.max(...row)) === labels[b]) correct++;
    }
    expect(correct).toBe(B);
  });
});

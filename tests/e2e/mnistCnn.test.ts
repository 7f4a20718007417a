// A person builds a small CNN on the canvas, picks MNIST (the Input follows the dataset's shape),
// trains it on the 8,000 training digits in the training process and reads the test accuracy.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppPage } from './support/AppPage';
import { launchApp, outputDir, type WebApp } from './support/webApp';

// Parameter counts by hand: Conv2D k·k·Cin·filters + filters; Dense inputs·units + units.
const conv = (k: number, cin: number, filters: number): number => k * k * cin * filters + filters;
const dense = (inputs: number, units: number): number => inputs * units + units;

describe('a CNN on MNIST (browser build)', () => {
  let app: WebApp;
  let ui: AppPage;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await launchApp();
    ui = new AppPage(app.page);
    await ui.waitReady();
  });
  afterAll(async () => app?.close());

  it('choosing MNIST sets the Input to 28×28×1 and a loss that fits ten classes', async () => {
    await ui.setField('dataset-kind', 'mnist');
    await expect.poll(() => ui.byTestId('dataset-input-shape').getAttribute('data-shape')).toBe('28,28,1');
    await ui.selectNode('input');
    await expect.poll(() => ui.byTestId('setting-shape').inputValue()).toBe('28, 28, 1');
    expect(await ui.byTestId('loss-select').inputValue()).toBe('sparseCategoricalCrossEntropy');
    // The decision boundary is for the 2-D sets; MNIST shows test digits instead.
    expect(await ui.byTestId('decision-boundary').count()).toBe(0);
    await ui.byTestId('mnist-view').waitFor();
  });

  it('wires Input → Conv2D 8 → MaxPool → Conv2D 16 → MaxPool → Flatten → Dense 10 softmax', async () => {
    for (const id of ['hidden1', 'hidden2', 'output']) {
      await ui.selectNode(id);
      await ui.byTestId('delete-node').click();
    }
    await expect.poll(() => ui.nodeIds()).toEqual(['input']);

    // Room to work: the Input goes to the top-left corner, the new layers in two rows beside it.
    const box = (await ui.byTestId('canvas').boundingBox())!;
    const col = (k: number) => box.x + 90 + 190 * k;
    const row1 = box.y + 70;
    const row2 = box.y + 330;
    await ui.moveNode('input', col(0), row1 - 20);
    const place: [string, string, number, number][] = [
      ['conv1', 'conv2d', col(1), row1],
      ['pool1', 'maxPool2d', col(2), row1],
      ['conv2', 'conv2d', col(3), row1],
      ['pool2', 'maxPool2d', col(1), row2],
      ['flatten', 'flatten', col(2), row2],
      ['dense', 'dense', col(3), row2],
    ];
    for (const [name, type, x, y] of place) ids[name] = await ui.dropLayer(type, x, y);

    const chain = ['input', ids.conv1, ids.pool1, ids.conv2, ids.pool2, ids.flatten, ids.dense];
    for (let i = 0; i + 1 < chain.length; i++) await ui.connect(chain[i], chain[i + 1]);
    await expect.poll(() => app.page.locator('.react-flow__edge').count()).toBe(6);

    await ui.selectNode(ids.conv1);
    await ui.setSetting('filters', '8');
    await ui.setSetting('activation', 'relu');
    await ui.selectNode(ids.conv2);
    await ui.setSetting('filters', '16');
    await ui.setSetting('activation', 'relu');
    await ui.selectNode(ids.dense);
    await ui.setSetting('units', '10');
    await ui.setSetting('activation', 'softmax');

    // 28 → conv 3×3 valid 26 → pool 13 → conv 11 → pool 5: 5·5·16 = 400 features.
    await expect.poll(() => ui.byTestId(`node-params-${ids.dense}`).getAttribute('data-params')).toBe(String(dense(400, 10)));
    expect(await ui.byTestId(`node-params-${ids.conv1}`).getAttribute('data-params')).toBe(String(conv(3, 1, 8)));
    expect(await ui.byTestId(`node-params-${ids.conv2}`).getAttribute('data-params')).toBe(String(conv(3, 8, 16)));
    expect(await ui.byTestId(`edge-label-e-${ids.pool2}-${ids.flatten}`).textContent()).toBe('(batch, 5, 5, 16)');
    expect(await ui.byTestId(`edge-label-e-${ids.flatten}-${ids.dense}`).textContent()).toBe('(batch, 400)');
    const total = conv(3, 1, 8) + conv(3, 8, 16) + dense(400, 10);
    expect(await ui.byTestId('status-total-params').getAttribute('data-params')).toBe(String(total));
    expect(await ui.byTestId('train-button').isDisabled()).toBe(false);
    await app.page.screenshot({ path: join(outputDir, 'mnist-cnn-wired.png') });
  });

  it('trains on the 8,000 training digits and reaches test accuracy ≥ 0.9', async () => {
    await ui.setField('optimizer-select', 'adam');
    await ui.setField('learning-rate', '0.002');
    await ui.setField('batch-size', '32');
    await ui.setField('epochs', '2');

    const t0 = Date.now();
    await ui.byTestId('train-button').click();
    await ui.waitForStatus(['running', 'completed'], 15_000);
    let rate = 0;
    await expect
      .poll(async () => {
        rate = Math.max(rate, Number((await ui.byTestId('samples-per-second').textContent())?.replace(/[^\d]/g, '') || 0));
        return ui.trainingStatus();
      }, { timeout: 170_000, interval: 500 })
      .toBe('completed');
    console.log(`MNIST CNN: 2 epochs in ${((Date.now() - t0) / 1000).toFixed(1)} s, about ${rate} samples/s`);

    const accuracy = await ui.metric('metric-val-accuracy');
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    // The fixed 2,000-image split is reported as test metrics.
    expect(await ui.byTestId('metric-val-accuracy').textContent()).toContain('Test accuracy');
    expect(Number(await ui.byTestId('mnist-test-accuracy').getAttribute('data-value'))).toBe(accuracy);
    expect(await ui.byTestId('progress-bar').getAttribute('data-epoch')).toBe('2');
    await app.page.screenshot({ path: join(outputDir, 'mnist-cnn-trained.png') });
  });
});

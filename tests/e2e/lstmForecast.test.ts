// A person wires an LSTM forecaster for the sum-of-sines set (Input [T, 1] → LSTM → Dense 1, MSE),
// trains it in the training process and watches the validation MSE fall.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppPage } from './support/AppPage';
import { launchApp, outputDir, type WebApp } from './support/webApp';

// LSTM parameters by hand: 4 gates, each with W (F×H), U (H×H) and one bias (H).
const lstm = (features: number, units: number): number => 4 * (features * units + units * units + units);
const dense = (inputs: number, units: number): number => inputs * units + units;

describe('an LSTM forecaster on the sines set (browser build)', () => {
  let app: WebApp;
  let ui: AppPage;
  let lstmId = '';

  beforeAll(async () => {
    app = await launchApp();
    ui = new AppPage(app.page);
    await ui.waitReady();
  });
  afterAll(async () => app?.close());

  it('choosing the sines set makes the Input [length, 1] and the loss MSE', async () => {
    await ui.setField('dataset-kind', 'sines');
    await ui.setField('sines-length', '24');
    await ui.setField('sines-horizon', '3');
    await ui.setField('sines-count', '1000');
    await expect.poll(() => ui.byTestId('dataset-input-shape').getAttribute('data-shape')).toBe('24,1');
    await ui.selectNode('input');
    await expect.poll(() => ui.byTestId('setting-shape').inputValue()).toBe('24, 1');
    expect(await ui.byTestId('loss-select').inputValue()).toBe('mse');
    await ui.byTestId('sines-view').waitFor();
  });

  it('wires Input → LSTM 16 → Dense 1', async () => {
    for (const id of ['hidden1', 'hidden2']) {
      await ui.selectNode(id);
      await ui.byTestId('delete-node').click();
    }
    await expect.poll(async () => (await ui.nodeIds()).sort()).toEqual(['input', 'output']);
    const input = (await ui.node('input').boundingBox())!;
    const output = (await ui.node('output').boundingBox())!;
    lstmId = await ui.dropLayer('lstm', (input.x + output.x + output.width) / 2, Math.max(input.y, output.y) + 170);
    await ui.connect('input', lstmId);
    await ui.connect(lstmId, 'output');
    await expect.poll(() => app.page.locator('.react-flow__edge').count()).toBe(2);

    await ui.selectNode(lstmId);
    await ui.setSetting('units', '16');
    expect(await ui.byTestId('setting-returnSequences').isChecked()).toBe(false); // the last hidden state only
    await ui.selectNode('output');
    await ui.setSetting('units', '1');
    await ui.setSetting('activation', 'linear');

    await expect.poll(() => ui.byTestId(`node-params-${lstmId}`).getAttribute('data-params')).toBe(String(lstm(1, 16)));
    expect(await ui.byTestId(`edge-label-e-input-${lstmId}`).textContent()).toBe('(batch, 24, 1)');
    expect(await ui.byTestId(`edge-label-e-${lstmId}-output`).textContent()).toBe('(batch, 16)');
    expect(await ui.byTestId('node-params-output').getAttribute('data-params')).toBe(String(dense(16, 1)));
    expect(await ui.byTestId('status-total-params').getAttribute('data-params')).toBe(String(lstm(1, 16) + dense(16, 1)));
    expect(await ui.byTestId('train-button').isDisabled()).toBe(false);
  });

  it('trains with MSE until the validation MSE is below a tenth of its first value', async () => {
    await ui.setField('optimizer-select', 'adam');
    await ui.setField('learning-rate', '0.01');
    await ui.setField('batch-size', '32');
    await ui.setField('epochs', '40');
    await ui.setField('validation-split', '0.2');

    await ui.byTestId('train-button').click();
    await ui.waitForStatus(['running', 'completed'], 15_000);
    await ui.waitForStatus(['completed'], 150_000);

    const chart = ui.byTestId('loss-chart');
    const first = Number(await chart.getAttribute('data-first-val-loss'));
    const last = Number(await chart.getAttribute('data-last-val-loss'));
    // With the MSE loss the validation loss is the validation MSE; the metric box shows the same number.
    expect(await ui.metric('metric-val-mse')).toBeCloseTo(last, 10);
    expect(first).toBeGreaterThan(0);
    expect(last).toBeLessThan(first / 10);
    expect(await ui.metric('metric-val-mae')).toBeGreaterThan(0);
    expect(await ui.byTestId('metric-train-accuracy').count()).toBe(0); // no accuracy for regression
    await app.page.screenshot({ path: join(outputDir, 'lstm-sines-trained.png') });
  });
});

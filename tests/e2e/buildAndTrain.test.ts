// A person builds on the starter network, trains it on two spirals in the training process,
// and watches it learn — in the browser build, in real Chromium.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppPage } from './support/AppPage';
import { openApp, outputDir, type WebApp } from './support/webApp';

// Dense parameter count by hand: inputs·units weights + units biases.
const dense = (inputs: number, units: number): number => inputs * units + units;

describe('build, wire and train (browser build)', () => {
  let app: WebApp;
  let ui: AppPage;

  beforeAll(async () => {
    ({ app, ui } = await openApp());
  });
  afterAll(async () => app?.close());

  it('shows the starter network with shapes and parameter counts', async () => {
    expect((await ui.nodeIds()).sort()).toEqual(['hidden1', 'hidden2', 'input', 'output']);
    expect(await ui.byTestId('node-params-hidden1').getAttribute('data-params')).toBe(String(dense(2, 8)));
    expect(await ui.byTestId('edge-label-e-hidden1-hidden2').textContent()).toBe('(batch, 8)');
    const total = dense(2, 8) + dense(8, 8) + dense(8, 1);
    expect(await ui.byTestId('status-total-params').getAttribute('data-params')).toBe(String(total));
  });

  it('wires a dragged Dense layer into the network, flagging the miswiring on the way', async () => {
    const out = await ui.node('output').boundingBox();
    const added = await ui.dropLayer('dense', out!.x + 40, out!.y + 220);
    expect(added).toBeTruthy();

    await ui.connect('hidden2', added);
    await ui.connect(added, 'output');
    await expect.poll(() => app.page.locator('.react-flow__edge').count()).toBe(5);

    // Output now has two inputs: the node says so and Train explains why it is disabled.
    await ui.byTestId('node-issue-output').waitFor();
    expect(await ui.byTestId('train-button').isDisabled()).toBe(true);
    expect((await ui.byTestId('train-disabled-reason').textContent())?.length).toBeGreaterThan(0);

    await ui.deleteEdge('e-hidden2-output');
    await expect.poll(() => ui.byTestId('node-issue-output').count()).toBe(0);
    expect(await ui.byTestId('train-button').isDisabled()).toBe(false);

    await ui.selectNode(added);
    await ui.setSetting('units', '16');
    await ui.setSetting('activation', 'tanh');
    await expect.poll(() => ui.byTestId(`node-params-${added}`).getAttribute('data-params')).toBe(String(dense(8, 16)));
    const output = dense(16, 1);
    expect(await ui.byTestId('node-params-output').getAttribute('data-params')).toBe(String(output));
    const total = dense(2, 8) + dense(8, 8) + dense(8, 16) + output;
    expect(await ui.byTestId('status-total-params').getAttribute('data-params')).toBe(String(total));
  });

  it('trains on two spirals in the training process until accuracy ≥ 0.9, with a falling loss curve', async () => {
    await ui.setField('dataset-kind', 'spirals');
    await ui.setField('dataset-samples', '400');
    await ui.setField('dataset-noise', '0');
    await ui.setField('optimizer-select', 'adam');
    await ui.setField('learning-rate', '0.01');
    await ui.setField('batch-size', '8');
    await ui.setField('epochs', '1000');

    await ui.byTestId('train-button').click();
    await ui.waitForStatus(['running', 'completed'], 15_000);
    await ui.waitForStatus(['completed'], 150_000);

    const accuracy = await ui.metric('metric-train-accuracy');
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    const first = Number(await ui.byTestId('loss-chart').getAttribute('data-first-loss'));
    const last = Number(await ui.byTestId('loss-chart').getAttribute('data-last-loss'));
    expect(last).toBeLessThan(first * 0.5);
    expect(await ui.byTestId('progress-bar').getAttribute('data-epoch')).toBe('1000');

    await app.page.screenshot({ path: join(outputDir, 'trained-spirals.png') });
  });
});

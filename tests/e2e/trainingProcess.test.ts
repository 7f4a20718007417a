// Stop works at any moment; a training process that dies is reported, and the app stays usable.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppPage } from './support/AppPage';
import { openApp, type WebApp } from './support/webApp';

function childPids(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n').map((s) => Number(s.trim())).filter((n) => n > 0);
  } catch {
    return [];
  }
}

describe('training process lifecycle (browser build)', () => {
  let app: WebApp;
  let ui: AppPage;

  beforeAll(async () => {
    ({ app, ui } = await openApp());
    await ui.setField('epochs', '100000');
  });
  afterAll(async () => app?.close());

  it('stops a run on request', async () => {
    await ui.byTestId('train-button').click();
    await ui.waitForStatus(['running'], 15_000);
    await expect.poll(async () => Number(await ui.byTestId('progress-bar').getAttribute('data-epoch')), { timeout: 15_000 }).toBeGreaterThan(1);
    await ui.byTestId('stop-button').click();
    await ui.waitForStatus(['stopped'], 5_000);
  });

  it('reports a killed training process and trains again afterwards', async () => {
    const nodesBefore = (await ui.nodeIds()).sort();
    await ui.byTestId('train-button').click();
    await ui.waitForStatus(['running'], 15_000);

    const workers = childPids(app.server.pid!);
    expect(workers.length).toBe(1);
    process.kill(workers[0], 'SIGKILL');

    await ui.waitForStatus(['crashed'], 10_000);
    expect((await ui.byTestId('training-message').textContent())?.length).toBeGreaterThan(0);
    expect((await ui.nodeIds()).sort()).toEqual(nodesBefore);

    await ui.setField('epochs', '5');
    await ui.byTestId('train-button').click();
    await ui.waitForStatus(['completed'], 30_000);
    expect(await ui.byTestId('progress-bar').getAttribute('data-epoch')).toBe('5');
  });

  it('stops a diverging run at the step where the loss blew up, suggesting a smaller learning rate', async () => {
    await ui.selectNode('output');
    await ui.setSetting('activation', 'linear');
    await ui.setField('loss-select', 'mse');
    await ui.setField('optimizer-select', 'sgd');
    await ui.setField('learning-rate', '10');
    await ui.setField('epochs', '50');
    await ui.byTestId('train-button').click();
    await ui.waitForStatus(['error'], 30_000);
    const message = (await ui.byTestId('training-message').textContent()) ?? '';
    expect(message).toMatch(/epoch 1, step \d+/);
    expect(message).toMatch(/smaller learning rate/);
    // The network is untouched and training works again with a sane learning rate.
    await ui.setField('learning-rate', '0.01');
    await ui.setField('epochs', '3');
    await ui.byTestId('train-button').click();
    await ui.waitForStatus(['completed'], 30_000);
  });
});

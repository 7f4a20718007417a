// The UI speaks Korean: the switch translates the palette and the training panel and is remembered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppPage } from './support/AppPage';
import { openApp, type WebApp } from './support/webApp';

const hangul = /[\uac00-\ud7a3]/;

describe('Korean UI', () => {
  let app: WebApp;
  let ui: AppPage;

  beforeAll(async () => {
    ({ app, ui } = await openApp({ locale: 'en-US' }));
  });
  afterAll(async () => app?.close());

  it('switches the palette and training panel to Korean, with the course terms, and remembers it', async () => {
    expect(await ui.byTestId('palette-item-dense').textContent()).not.toMatch(hangul);
    await ui.setField('language-select', 'ko');

    await expect.poll(() => ui.byTestId('palette-item-dense').textContent()).toMatch(hangul);
    expect(await ui.byTestId('train-button').textContent()).toMatch(hangul);
    const panel = (await ui.byTestId('training-panel').textContent()) ?? '';
    for (const term of ['학습률', '손실함수', '배치 크기', '에포크']) expect(panel).toContain(term);
    expect(await app.page.getAttribute('html', 'lang')).toBe('ko');

    await app.page.reload();
    await ui.waitReady();
    expect(await ui.byTestId('train-button').textContent()).toMatch(hangul);
    expect(await ui.byTestId('language-select').inputValue()).toBe('ko');
  });
});

// Page object: drives Netloom's UI the way a person does (drag, click, type).
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

export class AppPage {
  constructor(readonly page: Page) {}

  byTestId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  node(id: string): Locator {
    return this.page.getByTestId(`rf__node-${id}`);
  }

  async waitReady(): Promise<void> {
    await this.node('output').waitFor({ state: 'visible', timeout: 30_000 });
  }

  /** Drags a layer from the palette onto the canvas at (x, y) in page coordinates. */
  async dropLayer(type: string, x: number, y: number): Promise<string> {
    const before = await this.nodeIds();
    await this.byTestId(`palette-item-${type}`).dragTo(this.byTestId('canvas'), {
      targetPosition: await this.relativeToCanvas(x, y),
    });
    await expect.poll(async () => (await this.nodeIds()).length, { timeout: 5_000 }).toBe(before.length + 1);
    const added = (await this.nodeIds()).filter((id) => !before.includes(id));
    return added[0];
  }

  async nodeIds(): Promise<string[]> {
    return this.page.$$eval('.react-flow__node', (els) => els.map((e) => e.getAttribute('data-id') ?? ''));
  }

  private async relativeToCanvas(x: number, y: number): Promise<{ x: number; y: number }> {
    const box = await this.byTestId('canvas').boundingBox();
    if (!box) throw new Error('canvas not visible');
    return { x: x - box.x, y: y - box.y };
  }

  /** Drags a wire from source's output handle to target's input handle, with small steps past React Flow's drag threshold. */
  async connect(sourceId: string, targetId: string): Promise<void> {
    const from = await this.node(sourceId).locator('.react-flow__handle.source').boundingBox();
    const to = await this.node(targetId).locator('.react-flow__handle.target').boundingBox();
    if (!from || !to) throw new Error(`handles of ${sourceId} -> ${targetId} not visible`);
    const mouse = this.page.mouse;
    await mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await mouse.down();
    for (let i = 1; i <= 10; i++) {
      await mouse.move(from.x + ((to.x - from.x) * i) / 10 + from.width / 2, from.y + ((to.y - from.y) * i) / 10 + from.height / 2);
    }
    await mouse.move(to.x + to.width / 2, to.y + to.height / 2);
    await mouse.up();
  }

  /** Drags a node by its title so the title's centre ends at (x, y) in page coordinates. */
  async moveNode(id: string, x: number, y: number): Promise<void> {
    const title = await this.byTestId(`node-title-${id}`).boundingBox();
    if (!title) throw new Error(`node ${id} not visible`);
    const mouse = this.page.mouse;
    const from = { x: title.x + title.width / 2, y: title.y + title.height / 2 };
    await mouse.move(from.x, from.y);
    await mouse.down();
    for (let i = 1; i <= 10; i++) await mouse.move(from.x + ((x - from.x) * i) / 10, from.y + ((y - from.y) * i) / 10);
    await mouse.up();
  }

  async deleteEdge(edgeId: string): Promise<void> {
    const edge = this.page.getByTestId(`rf__edge-${edgeId}`);
    await edge.locator('.react-flow__edge-interaction, path').first().click({ force: true });
    await this.page.keyboard.press('Delete');
    await expect.poll(() => edge.count(), { timeout: 5_000 }).toBe(0);
  }

  async selectNode(id: string): Promise<void> {
    await this.byTestId(`node-title-${id}`).click();
    await this.byTestId('inspector').waitFor();
  }

  async setSetting(key: string, value: string): Promise<void> {
    const input = this.byTestId(`setting-${key}`);
    const tag = await input.evaluate((el) => el.tagName.toLowerCase());
    if (tag === 'select') await input.selectOption(value);
    else {
      await input.fill(value);
      await input.press('Tab');
    }
  }

  async setField(testId: string, value: string): Promise<void> {
    const input = this.byTestId(testId);
    const tag = await input.evaluate((el) => el.tagName.toLowerCase());
    if (tag === 'select') await input.selectOption(value);
    else {
      await input.fill(value);
      await input.press('Tab');
    }
  }

  async trainingStatus(): Promise<string | null> {
    return this.byTestId('training-status').getAttribute('data-status');
  }

  async waitForStatus(statuses: string[], timeout = 120_000): Promise<string> {
    await expect.poll(async () => statuses.includes((await this.trainingStatus()) ?? ''), { timeout, interval: 250 }).toBe(true);
    return (await this.trainingStatus())!;
  }

  async metric(testId: string): Promise<number> {
    return Number(await this.byTestId(testId).getAttribute('data-value'));
  }
}

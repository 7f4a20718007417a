// File › Export on the desktop: the main-process handler (exportToDisk, and its IPC registration
// with Electron mocked), and the File menu's Export submenu.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeSafetensors, readProject, writeProject, type Project } from '../../../src/core';
import { decodeOnnxModel } from '../../../src/export';
import { IpcChannel, type FileCommand } from '../../../src/shared/api';

const electron = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  saveDialog: vi.fn(),
}));
vi.mock('electron', () => ({
  app: { getPath: () => '/home/user/Documents' },
  dialog: { showSaveDialog: electron.saveDialog, showOpenDialog: vi.fn(), showMessageBoxSync: vi.fn() },
  ipcMain: { handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) => electron.handlers.set(channel, fn), on: vi.fn() },
}));

const { DesktopFiles } = await import('../../../src/main/files');
const { exportToDisk } = await import('../../../src/main/exportFiles');
const { menuTemplate } = await import('../../../src/main/menu');

const examples = resolve(__dirname, '../../../examples');
const exampleBytes = (name: string) => new Uint8Array(readFileSync(join(examples, `${name}.netloom`)));

function reluLstm(): Uint8Array {
  const r = readProject(exampleBytes('lstm-forecaster'));
  if (!r.ok) throw new Error('example unreadable');
  const p: Project = r.project;
  const graph = { ...p.graph, nodes: p.graph.nodes.map((n) => (n.type === 'lstm' ? { ...n, settings: { ...n.settings, activation: 'relu' } } : n)) };
  return writeProject({ ...p, graph });
}

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'netloom-export-main-'));
  electron.saveDialog.mockReset();
});

describe('exportToDisk', () => {
  const target = (chosen: string | null) => ({
    choosePath: vi.fn(async (_defaultName: string, _format: string) => chosen),
    write: vi.fn(async (_path: string, _bytes: Uint8Array) => undefined),
  });

  it('PyTorch: asks with the default name, writes the .py and its .safetensors beside it', async () => {
    const t = target(join(dir, 'nets', 'spiral'));
    const outcome = await exportToDisk(exampleBytes('two-spirals'), 'two-spirals', 'pytorch', t);
    expect(t.choosePath).toHaveBeenCalledWith('two_spirals_torch.py', 'pytorch');
    expect(outcome).toEqual({ status: 'written', files: [join(dir, 'nets', 'spiral.py'), join(dir, 'nets', 'spiral.safetensors')], notes: [] });
    // The Python file loads the weights file under the chosen name.
    const py = new TextDecoder().decode(t.write.mock.calls[0][1]);
    expect(py).toContain('"spiral.safetensors"');
  });

  it('a name typed with another extension gets the format\'s added, as the native dialogs do; the weights file follows it', async () => {
    const t = target(join(dir, 'foo.txt'));
    const outcome = await exportToDisk(exampleBytes('two-spirals'), 'two-spirals', 'pytorch', t);
    expect(outcome).toMatchObject({ status: 'written', files: [join(dir, 'foo.txt.py'), join(dir, 'foo.txt.safetensors')] });
    expect(new TextDecoder().decode(t.write.mock.calls[0][1])).toContain('"foo.txt.safetensors"');
    const onnx = target(join(dir, 'Model.ONNX'));
    expect(await exportToDisk(exampleBytes('two-spirals'), 'two-spirals', 'onnx', onnx)).toMatchObject({ files: [join(dir, 'Model.ONNX')] });
  });

  it('a layer the format cannot express: refused naming it, before any dialog, nothing written', async () => {
    const t = target(join(dir, 'x.py'));
    const outcome = await exportToDisk(reluLstm(), 'forecaster', 'pytorch', t);
    expect(outcome).toMatchObject({ status: 'refused', nodeId: 'lstm', message: expect.stringMatching(/PyTorch export does not support LSTM 'lstm': activation 'relu'/) });
    expect(t.choosePath).not.toHaveBeenCalled();
    expect(t.write).not.toHaveBeenCalled();
  });

  it('cancelled: nothing written; bad arguments throw', async () => {
    const t = target(null);
    expect(await exportToDisk(exampleBytes('two-spirals'), 'two-spirals', 'onnx', t)).toEqual({ status: 'cancelled' });
    expect(t.write).not.toHaveBeenCalled();
    await expect(exportToDisk('nope', 'x', 'onnx', t)).rejects.toThrow(/project bytes/);
    await expect(exportToDisk(exampleBytes('two-spirals'), 'x', 'tflite', t)).rejects.toThrow(/unknown format/);
    await expect(exportToDisk(new Uint8Array([1, 2, 3]), 'x', 'onnx', t)).rejects.toThrow(/could not be read/);
  });
});

describe('the exportProject IPC handler (DesktopFiles, Electron mocked)', () => {
  function register(trusted = true) {
    electron.handlers.clear();
    const files = new DesktopFiles({
      window: () => null, trusted: () => trusted, language: () => 'ko', examplesDir: examples, dataDir: dir, onMenuChanged: () => undefined,
    });
    files.register();
    return electron.handlers.get(IpcChannel.exportProject)!;
  }

  it('shows the native Save dialog in the UI language and writes the ONNX file atomically', async () => {
    electron.saveDialog.mockResolvedValue({ canceled: false, filePath: join(dir, 'spirals') });
    const outcome = await register()({}, exampleBytes('two-spirals'), 'two-spirals', 'onnx');
    expect(electron.saveDialog).toHaveBeenCalledWith({ defaultPath: join('/home/user/Documents', 'two_spirals.onnx'), filters: [{ name: 'ONNX 모델', extensions: ['onnx'] }] });
    expect(outcome).toMatchObject({ status: 'written', files: [join(dir, 'spirals.onnx')] });
    expect(decodeOnnxModel(new Uint8Array(readFileSync(join(dir, 'spirals.onnx')))).graph?.node?.length).toBeGreaterThan(0);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('Keras: the .py and .safetensors on disk; a refusal writes nothing', async () => {
    electron.saveDialog.mockResolvedValue({ canceled: false, filePath: join(dir, 'f.py') });
    const handler = register();
    expect(await handler({}, exampleBytes('lstm-forecaster'), 'forecaster', 'keras')).toMatchObject({ status: 'written' });
    expect(readFileSync(join(dir, 'f.py'), 'utf8')).toContain('def build_model(');
    const weights = decodeSafetensors(new Uint8Array(readFileSync(join(dir, 'f.safetensors'))));
    expect(weights.ok).toBe(true);

    electron.saveDialog.mockClear();
    expect(await handler({}, reluLstm(), 'bad', 'pytorch')).toMatchObject({ status: 'refused' });
    expect(electron.saveDialog).not.toHaveBeenCalled();
    expect(existsSync(join(dir, 'bad_torch.py'))).toBe(false);
  });

  it('refuses an untrusted sender', () => {
    expect(() => register(false)({}, exampleBytes('two-spirals'), 'x', 'onnx')).toThrow(/untrusted/);
  });
});

describe('File › Export in the native menu', () => {
  function exportMenu(language: 'en' | 'ko') {
    const commands: FileCommand[] = [];
    const template = menuTemplate({ appName: 'Netloom', isDev: false, isMac: false, language, onAbout: () => undefined, file: { recent: [], examples: [], onCommand: (c) => commands.push(c) } });
    const file = template[0].submenu as { label?: string; submenu?: unknown }[];
    const item = file.find((i) => i.label === (language === 'en' ? 'Export' : '내보내기'))!;
    return { items: item.submenu as { label: string; click(): void }[], commands };
  }

  it('offers ONNX, PyTorch and Keras, in English and Korean, each sending its export command', () => {
    const { items, commands } = exportMenu('en');
    expect(items.map((i) => i.label)).toEqual(['ONNX…', 'PyTorch…', 'Keras…']);
    items.forEach((i) => i.click());
    expect(commands).toEqual([{ type: 'export', format: 'onnx' }, { type: 'export', format: 'pytorch' }, { type: 'export', format: 'keras' }]);
    expect(exportMenu('ko').items).toHaveLength(3);
  });
});

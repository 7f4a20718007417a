// Desktop project files: native Open/Save dialogs, Open Recent, Examples, File › Export, the recovery file, the
// window title and the confirm-on-close. The file work itself is ../host/projectFiles.ts (shared
// with the browser build's server); this is the Electron glue around it.
import { readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { app, dialog, ipcMain, type BrowserWindow, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { atomicWriteFile, listExamples, PROJECT_EXTENSION, RecentList, RecoveryStore } from '../host/projectFiles';
import { IpcChannel, type FileCommand, type OpenedProject, type ProjectEntry, type SavedProject } from '../shared/api';
import { exportToDisk } from './exportFiles';
import { withExtension } from './fileNames';
import type { FileMenuOptions } from './menu';
import { MENU_LABELS, type MenuLanguage } from './menuLabels';

export interface DesktopFilesOptions {
  window(): BrowserWindow | null;
  trusted(event: IpcMainInvokeEvent | IpcMainEvent): boolean;
  language(): MenuLanguage;
  /** examples/ (shipped next to the app). */
  examplesDir: string;
  /** Where the recent list and the recovery file live (app.getPath('userData')). */
  dataDir: string;
  /** The recent list or examples changed: rebuild the menu. */
  onMenuChanged(): void;
}

const nameOf = (path: string) => basename(path, extname(path));

export class DesktopFiles {
  private recentPaths: string[] = [];
  private examples: ProjectEntry[] = [];
  private dirty = false;
  private title = 'Netloom';
  private readonly recent: RecentList;
  private readonly recovery: RecoveryStore;

  constructor(private readonly o: DesktopFilesOptions) {
    this.recent = new RecentList(join(o.dataDir, 'recent.json'));
    this.recovery = new RecoveryStore(join(o.dataDir, 'recovery'));
  }

  async init(): Promise<void> {
    this.recentPaths = await this.recent.list();
    this.examples = await listExamples(this.o.examplesDir);
    this.o.onMenuChanged();
  }

  menu(): FileMenuOptions {
    return {
      recent: this.recentPaths.map((p) => ({ label: p, ref: p })),
      examples: this.examples.map((e) => ({ label: e.name, ref: e.ref })),
      onCommand: (command: FileCommand) => this.o.window()?.webContents.send(IpcChannel.fileCommand, command),
    };
  }

  private async remember(path: string): Promise<void> {
    this.recentPaths = await this.recent.add(path);
    this.o.onMenuChanged();
  }

  private async open(path: string): Promise<OpenedProject> {
    const bytes = new Uint8Array(await readFile(path));
    await this.remember(path);
    return { bytes, name: nameOf(path), ref: path };
  }

  private async save(bytes: Uint8Array, path: string): Promise<SavedProject> {
    await atomicWriteFile(path, bytes);
    await this.remember(path);
    return { name: nameOf(path), ref: path };
  }

  register(): void {
    const handle = <A extends unknown[], R>(channel: string, fn: (...args: A) => Promise<R> | R) =>
      ipcMain.handle(channel, (event, ...args) => {
        if (!this.o.trusted(event)) throw new Error('untrusted sender');
        return fn(...(args as A));
      });
    const bytesOf = (b: unknown): Uint8Array => {
      if (!(b instanceof Uint8Array)) throw new Error('expected the project bytes');
      return b;
    };
    const filters = () => [{ name: MENU_LABELS[this.o.language()].fileFilter, extensions: [PROJECT_EXTENSION.slice(1)] }];

    handle(IpcChannel.openProject, async (ref?: unknown) => {
      if (typeof ref === 'string') return this.open(ref);
      const win = this.o.window();
      const options = { filters: filters(), properties: ['openFile' as const] };
      const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return r.canceled || !r.filePaths[0] ? null : this.open(r.filePaths[0]);
    });
    handle(IpcChannel.saveProject, async (bytes: unknown, ref: unknown) => {
      if (typeof ref !== 'string') throw new Error('saveProject: expected a path');
      return this.save(bytesOf(bytes), ref);
    });
    handle(IpcChannel.saveProjectAs, async (bytes: unknown, name: unknown) => {
      const win = this.o.window();
      const defaultPath = join(app.getPath('documents'), `${typeof name === 'string' && name ? name : 'Untitled'}${PROJECT_EXTENSION}`);
      const options = { defaultPath, filters: filters() };
      const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      if (r.canceled || !r.filePath) return null;
      const path = withExtension(r.filePath, PROJECT_EXTENSION);
      return this.save(bytesOf(bytes), path);
    });
    handle(IpcChannel.exportProject, (bytes: unknown, name: unknown, format: unknown) => exportToDisk(bytes, name, format, {
      choosePath: async (defaultName, to) => {
        const l = MENU_LABELS[this.o.language()];
        const filter = to === 'onnx' ? { name: l.onnxFilter, extensions: ['onnx'] } : { name: l.pythonFilter, extensions: ['py'] };
        const options = { defaultPath: join(app.getPath('documents'), defaultName), filters: [filter] };
        const win = this.o.window();
        const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
        return r.canceled || !r.filePath ? null : r.filePath;
      },
      write: atomicWriteFile,
    }));
    handle(IpcChannel.listRecent, async () => {
      const entries = await Promise.all(this.recentPaths.map(async (p) => {
        const info = await stat(p).catch(() => null);
        return info ? { name: nameOf(p), ref: p, modifiedAt: info.mtimeMs, size: info.size } : null;
      }));
      return entries.filter((e): e is ProjectEntry => e !== null);
    });
    handle(IpcChannel.listExamples, () => this.examples);
    handle(IpcChannel.openExample, async (ref: unknown) => {
      const example = this.examples.find((e) => e.ref === ref);
      if (!example) throw new Error(`No example named ${JSON.stringify(ref)}`);
      const bytes = new Uint8Array(await readFile(join(this.o.examplesDir, `${example.ref}${PROJECT_EXTENSION}`)));
      return { bytes, name: example.name, ref: null };
    });
    handle(IpcChannel.saveRecovery, async (bytes: unknown, info: unknown) => {
      const i = (info ?? {}) as { name?: unknown; ref?: unknown };
      await this.recovery.save(bytesOf(bytes), { name: typeof i.name === 'string' ? i.name : 'Untitled', ref: typeof i.ref === 'string' ? i.ref : null });
    });
    handle(IpcChannel.loadRecovery, async () => {
      const r = await this.recovery.load();
      return r ? { bytes: r.bytes, ...r.info } : null;
    });
    handle(IpcChannel.clearRecovery, () => this.recovery.clear());
    ipcMain.on(IpcChannel.setDocumentState, (event, state: unknown) => {
      if (!this.o.trusted(event)) return;
      const s = (state ?? {}) as { title?: unknown; dirty?: unknown };
      this.title = typeof s.title === 'string' ? s.title : 'Netloom';
      this.dirty = s.dirty === true;
      const win = this.o.window();
      if (win && !win.isDestroyed()) {
        win.setTitle(this.title);
        if (process.platform === 'darwin') win.setDocumentEdited(this.dirty);
      }
    });
  }

  /** Asks before a window with unsaved changes closes; a deliberate discard also drops the recovery file. */
  guardClose(win: BrowserWindow): void {
    win.on('close', (event) => {
      if (!this.dirty) return;
      const l = MENU_LABELS[this.o.language()];
      const choice = dialog.showMessageBoxSync(win, {
        type: 'warning',
        title: l.unsavedTitle,
        message: l.unsavedMessage(this.title.replace(/^● /, '').replace(/ — Netloom$/, '')),
        detail: l.unsavedDetail,
        buttons: [l.discardAndClose, l.cancel],
        defaultId: 1,
        cancelId: 1,
      });
      if (choice === 1) event.preventDefault();
      else {
        this.dirty = false;
        void this.recovery.clear();
      }
    });
  }
}

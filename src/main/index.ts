// Electron main: one window, the menu, and the bridge between the renderer (IPC) and the
// training process (utilityProcess). Kept thin: the rules live in security.ts and menu.ts,
// the process handling in ../trainer/host.ts.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, session } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import type { TrainConfig } from '../core/train/config';
import { IpcChannel } from '../shared/api';
import { CONTENT_SECURITY_POLICY_HEADER } from '../shared/csp';
import { TrainerHost } from '../trainer/host';
import { DesktopFiles } from './files';
import { menuTemplate } from './menu';
import { menuLanguage, type MenuLanguage } from './menuLabels';
import { isNavigationAllowed, isTrustedSender, rendererLocation, secureWebPreferences } from './security';
import { utilityWorker } from './utilityProcess';

// A packaged app never loads a dev server, whatever the environment says.
const location = rendererLocation(app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL, join(__dirname, '../renderer/index.html'));
const isDev = 'url' in location;
const rendererUrl = 'url' in location ? location.url : pathToFileURL(location.file).href;

// trainerWorker is its own entry of the main build (electron.vite.config.ts): it sits next to us.
const host = new TrainerHost(utilityWorker(join(__dirname, 'trainerWorker.js')));
let mainWindow: BrowserWindow | null = null;
let language: MenuLanguage = 'en';
const files = new DesktopFiles({
  window: () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null),
  trusted: (event) => isTrustedSender(event.senderFrame?.url, rendererUrl),
  language: () => language,
  examplesDir: join(__dirname, '../../examples'),
  dataDir: app.getPath('userData'),
  onMenuChanged: () => setMenu(language),
});

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Netloom',
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.js')),
  });
  mainWindow = win;
  files.guardClose(win);
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(win.webContents.getURL(), url)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  if ('url' in location) void win.loadURL(location.url);
  else void win.loadFile(location.file);
}

function guardSessions(): void {
  // No permission (camera, notifications, …) is ever needed.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  // file:// pages get no headers (index.html carries the same policy as a <meta> tag);
  // this covers http responses. The dev server needs inline/HMR scripts, so only in production.
  if (!isDev) {
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY_HEADER] } });
    });
  }
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

function trusted(event: IpcMainInvokeEvent): boolean {
  return isTrustedSender(event.senderFrame?.url, rendererUrl);
}

function registerIpc(): void {
  ipcMain.handle(IpcChannel.startTraining, (event, config: unknown) => {
    if (!trusted(event)) throw new Error('untrusted sender');
    if (!config || typeof config !== 'object') throw new Error('startTraining: expected a TrainConfig object');
    return host.start(config as TrainConfig);
  });
  ipcMain.handle(IpcChannel.stopTraining, (event) => {
    if (!trusted(event)) throw new Error('untrusted sender');
    host.stop();
  });
  ipcMain.on(IpcChannel.setLanguage, (event, language: unknown) => {
    if (isTrustedSender(event.senderFrame?.url, rendererUrl) && (language === 'en' || language === 'ko')) setMenu(language);
  });
  files.register();
  host.onEvent((trainEvent) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(IpcChannel.trainEvent, trainEvent);
  });
}

function showAbout(): void {
  void dialog.showMessageBox({
    type: 'info',
    title: 'About Netloom',
    message: `Netloom ${app.getVersion()}`,
    detail: 'Build, train and see neural networks.',
  });
}

function setMenu(next: MenuLanguage): void {
  language = next;
  const template = menuTemplate({ appName: 'Netloom', isDev, isMac: process.platform === 'darwin', language, onAbout: showAbout, file: files.menu() });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

app.whenReady().then(() => {
  guardSessions();
  setMenu(menuLanguage(app.getLocale()));
  registerIpc();
  createWindow();
  void files.init();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('before-quit', () => host.dispose());

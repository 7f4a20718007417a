// The application menu as data (Electron's template format), so it can be checked in Node.
import type { MenuItemConstructorOptions } from 'electron';
import type { FileCommand } from '../shared/api';
import { MENU_LABELS, type MenuLanguage } from './menuLabels';

/** File menu contents: recent files and examples (label shown, ref passed back), and where commands go. */
export interface FileMenuOptions {
  recent: { label: string; ref: string }[];
  examples: { label: string; ref: string }[];
  onCommand(command: FileCommand): void;
}

export interface MenuOptions {
  appName: string;
  isDev: boolean;
  isMac: boolean;
  language?: MenuLanguage;
  onAbout(): void;
  /** Without it the File menu holds only Quit. */
  file?: FileMenuOptions;
}

function fileMenu(l: (typeof MENU_LABELS)[MenuLanguage], file: FileMenuOptions | undefined): MenuItemConstructorOptions[] {
  if (!file) return [{ role: 'quit', label: l.quit }];
  const send = (command: FileCommand) => () => file.onCommand(command);
  const recent: MenuItemConstructorOptions[] = file.recent.length
    ? file.recent.map((r) => ({ label: r.label, click: send({ type: 'openRecent', ref: r.ref }) }))
    : [{ label: l.noRecent, enabled: false }];
  const examples: MenuItemConstructorOptions[] = file.examples.length
    ? file.examples.map((e) => ({ label: e.label, click: send({ type: 'openExample', ref: e.ref }) }))
    : [{ label: l.noExamples, enabled: false }];
  return [
    { label: l.newProject, accelerator: 'CmdOrCtrl+N', click: send({ type: 'new' }) },
    { label: l.open, accelerator: 'CmdOrCtrl+O', click: send({ type: 'open' }) },
    { label: l.openRecent, submenu: recent },
    { label: l.examples, submenu: examples },
    { type: 'separator' },
    { label: l.save, accelerator: 'CmdOrCtrl+S', click: send({ type: 'save' }) },
    { label: l.saveAs, accelerator: 'CmdOrCtrl+Shift+S', click: send({ type: 'saveAs' }) },
    { label: l.exportMenu, submenu: [
      { label: l.exportOnnx, click: send({ type: 'export', format: 'onnx' }) },
      { label: l.exportPytorch, click: send({ type: 'export', format: 'pytorch' }) },
      { label: l.exportKeras, click: send({ type: 'export', format: 'keras' }) },
    ] },
    { type: 'separator' },
    { role: 'quit', label: l.quit },
  ];
}

export function menuTemplate({ appName, isDev, isMac, language = 'en', onAbout, file }: MenuOptions): MenuItemConstructorOptions[] {
  const l = MENU_LABELS[language];
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload', label: l.reload },
    ...(isDev ? [{ role: 'toggleDevTools', label: l.devTools } as const] : []),
    { type: 'separator' },
    { role: 'resetZoom', label: l.resetZoom },
    { role: 'zoomIn', label: l.zoomIn },
    { role: 'zoomOut', label: l.zoomOut },
    { type: 'separator' },
    { role: 'togglefullscreen', label: l.fullScreen },
  ];
  return [
    ...(isMac ? [{ label: appName, submenu: [{ label: l.about(appName), click: onAbout }, { type: 'separator' }, { role: 'quit', label: l.quit }] } as MenuItemConstructorOptions] : []),
    { label: l.file, submenu: fileMenu(l, file) },
    // macOS needs clipboard roles in the menu for copy/paste in text fields. No undo/redo
    // roles: Ctrl/Cmd+Z belongs to the app's own history, not the text field's.
    ...(isMac ? [{ label: l.edit, submenu: [{ role: 'cut', label: l.cut }, { role: 'copy', label: l.copy }, { role: 'paste', label: l.paste }, { role: 'selectAll', label: l.selectAll }] } as MenuItemConstructorOptions] : []),
    { label: l.view, submenu: view },
    { label: l.help, submenu: [{ label: l.about(appName), click: onAbout }] },
  ];
}

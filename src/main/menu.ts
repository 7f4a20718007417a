// The application menu as data (Electron's template format), so it can be checked in Node.
import type { MenuItemConstructorOptions } from 'electron';
import { MENU_LABELS, type MenuLanguage } from './menuLabels';

export interface MenuOptions {
  appName: string;
  isDev: boolean;
  isMac: boolean;
  language?: MenuLanguage;
  onAbout(): void;
}

export function menuTemplate({ appName, isDev, isMac, language = 'en', onAbout }: MenuOptions): MenuItemConstructorOptions[] {
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
    { label: l.file, submenu: [{ role: 'quit', label: l.quit }] },
    // macOS needs clipboard roles in the menu for copy/paste in text fields. No undo/redo
    // roles: Ctrl/Cmd+Z belongs to the app's own history, not the text field's.
    ...(isMac ? [{ label: l.edit, submenu: [{ role: 'cut', label: l.cut }, { role: 'copy', label: l.copy }, { role: 'paste', label: l.paste }, { role: 'selectAll', label: l.selectAll }] } as MenuItemConstructorOptions] : []),
    { label: l.view, submenu: view },
    { label: l.help, submenu: [{ label: l.about(appName), click: onAbout }] },
  ];
}

// The application menu as data (Electron's template format), so it can be checked in Node.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  appName: string;
  isDev: boolean;
  isMac: boolean;
  onAbout(): void;
}

export function menuTemplate({ appName, isDev, isMac, onAbout }: MenuOptions): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload' },
    ...(isDev ? [{ role: 'toggleDevTools' } as const] : []),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  return [
    ...(isMac ? [{ label: appName, submenu: [{ label: `About ${appName}`, click: onAbout }, { type: 'separator' }, { role: 'quit' }] } as MenuItemConstructorOptions] : []),
    { label: 'File', submenu: [{ role: 'quit' }] },
    // macOS needs clipboard roles in the menu for copy/paste in text fields. No undo/redo
    // roles: Ctrl/Cmd+Z belongs to the app's own history, not the text field's.
    ...(isMac ? [{ label: 'Edit', submenu: [{ role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] } as MenuItemConstructorOptions] : []),
    { label: 'View', submenu: view },
    { label: 'Help', submenu: [{ label: `About ${appName}`, click: onAbout }] },
  ];
}

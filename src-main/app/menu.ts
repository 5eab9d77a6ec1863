/**
 * The application menu: standard roles only, so copy/paste, zoom and quit work everywhere.
 * DevTools only in development: in a packaged app they would give whoever sits at the keyboard a
 * console in the renderer, with the fleet's whole API on its bridge.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  devTools: boolean;
}

export function appMenuTemplate(platform: NodeJS.Platform, productName: string, { devTools }: MenuOptions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  return [
    ...(mac ? [{ label: productName, role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(devTools ? [{ role: 'toggleDevTools' as const }] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}

export function buildAppMenu(platform: NodeJS.Platform, productName: string, options: MenuOptions): Menu {
  return Menu.buildFromTemplate(appMenuTemplate(platform, productName, options));
}

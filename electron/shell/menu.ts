/**
 * The application menu as plain data (Electron's MenuItemConstructorOptions), so its
 * shortcuts can be checked in tests. Console commands reach the renderer as a
 * `menuCommand` event; the renderer handles them like its own keyboard shortcuts.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { EventOf } from '../host/api.js';

/** Declared once, in the contract's `menuCommand` event. */
export type MenuCommand = EventOf<'menuCommand'>['command'];

export function buildMenuTemplate(
  send: (command: MenuCommand) => void,
  opts: { isMac: boolean; devTools: boolean },
): MenuItemConstructorOptions[] {
  const console: MenuItemConstructorOptions = {
    label: 'Console',
    submenu: [
      { label: 'Fit Frame', accelerator: 'F', registerAccelerator: false, click: () => send('fit') },
      { label: 'Actual Pixels (1:1)', accelerator: '1', registerAccelerator: false, click: () => send('zoom-1-1') },
      { type: 'separator' },
      { label: 'Follow Newest Frame', accelerator: 'N', registerAccelerator: false, click: () => send('toggle-follow-newest') },
      { label: 'Search Frames', accelerator: '/', registerAccelerator: false, click: () => send('focus-search') },
      { type: 'separator' },
      { label: 'Night-Vision Red Theme', accelerator: 'T', registerAccelerator: false, click: () => send('toggle-night-vision') },
      { label: 'Settings…', accelerator: 'CmdOrCtrl+,', click: () => send('open-settings') },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(opts.devTools ? ([{ role: 'toggleDevTools' }] as MenuItemConstructorOptions[]) : []),
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [{ label: 'Keyboard Shortcuts', accelerator: '?', registerAccelerator: false, click: () => send('show-help') }],
  };
  return [
    ...(opts.isMac ? ([{ role: 'appMenu' }] as MenuItemConstructorOptions[]) : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    console,
    view,
    { role: 'windowMenu' },
    help,
  ];
}

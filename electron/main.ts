/**
 * NightDeck desktop shell: the thin Electron layer around the same host `nightdeck serve`
 * runs. Everything with behaviour lives in electron/host (plain Node) and electron/shell
 * (pure helpers, unit-tested); this file only wires them to Electron.
 */
import { app, BrowserWindow, ipcMain, Menu, Notification, protocol, screen, session, shell } from 'electron';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHost } from './host/host.js';
import { forwardEvents, ipcBindings } from './host/ipc-contract.js';
import { resolveDataDir } from './host/paths.js';
import { APP_INDEX_URL, APP_SCHEME, mimeTypeOf, resolveAppUrl } from './shell/app-protocol.js';
import { contentSecurityPolicy } from './shell/csp.js';
import { IPC_CHANNELS } from './shell/ipc-channels.js';
import { buildMenuTemplate, type MenuCommand } from './shell/menu.js';
import { defaultTrustPolicy, refuseSender } from './shell/sender-validation.js';
import { buildWindowOptions } from './shell/window-options.js';
import { fitToScreens, loadWindowState, saveWindowState } from './shell/window-state.js';

const here = dirname(fileURLToPath(import.meta.url));
// Compiled layout: dist/electron/main.js, dist/electron/preload.cjs, dist/renderer/.
const rendererRoot = join(here, '..', 'renderer');
const preloadPath = join(here, 'preload.cjs');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void start();
}

async function start(): Promise<void> {
  await app.whenReady();
  const dataDir = resolveDataDir(process.env);
  const host = await createHost({ dataDir, mode: 'desktop' });

  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppUrl(request.url, rendererRoot);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      return new Response(await readFile(file), {
        headers: { 'content-type': mimeTypeOf(file), 'content-security-policy': contentSecurityPolicy() },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
  // Everything the window loads carries the CSP, whatever its origin.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy()] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, permission, allow) => allow(permission === 'notifications'));

  const ownWindows = new Set<number>();
  const policy = defaultTrustPolicy(ownWindows);
  const windowStatePath = join(dataDir, 'window-state.json');
  let mainWindow: BrowserWindow | null = null;
  let rendererReady = false;
  const pending: { event: string; payload: unknown }[] = [];

  const sendEvent = (event: string, payload: unknown) => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (!rendererReady) {
      if (pending.length < 1000) pending.push({ event, payload });
      return;
    }
    mainWindow.webContents.send(IPC_CHANNELS.event, { event, payload });
  };

  // Handlers come from the contract; each call is first checked to come from our own window.
  for (const binding of ipcBindings(host)) {
    ipcMain.handle(binding.channel, async (event, operation: unknown, request: unknown) => {
      const reason = refuseSender(
        { webContentsId: event.sender.id, frameUrl: event.senderFrame?.url ?? null, isMainFrame: event.senderFrame === event.sender.mainFrame },
        policy,
      );
      if (reason) return { ok: false, error: { code: 'FORBIDDEN', message: `IPC refused: ${reason}` } };
      return binding.handler(operation, request);
    });
  }
  ipcMain.on(IPC_CHANNELS.ready, (event) => {
    if (!ownWindows.has(event.sender.id)) return;
    rendererReady = true;
    for (const message of pending.splice(0)) sendEvent(message.event, message.payload);
  });

  forwardEvents(host, ({ event, payload }) => {
    sendEvent(event, payload);
    if (event === 'imageAdded' && host.settings().notifyOnNewFrame && Notification.isSupported() && !mainWindow?.isFocused()) {
      const frame = payload as { name?: string; object?: string | null };
      new Notification({ title: 'New frame', body: [frame.name, frame.object].filter(Boolean).join(' — ') }).show();
    }
  });

  const createWindow = () => {
    const bounds = fitToScreens(loadWindowState(windowStatePath), screen.getAllDisplays().map((d) => d.workArea));
    const win = new BrowserWindow(buildWindowOptions({ preloadPath, bounds }));
    mainWindow = win;
    ownWindows.add(win.webContents.id);
    rendererReady = false;
    if (bounds.maximized) win.maximize();
    win.once('ready-to-show', () => win.show());
    // Navigation and new windows are blocked; http(s) links open in the system browser.
    win.webContents.setWindowOpenHandler(({ url }) => {
      if (/^https?:\/\//.test(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
    win.webContents.on('will-navigate', (event, url) => {
      if (url !== APP_INDEX_URL) event.preventDefault();
    });
    win.webContents.on('will-attach-webview', (event) => event.preventDefault());
    win.on('close', () => {
      const b = win.getNormalBounds();
      saveWindowState(windowStatePath, { ...b, maximized: win.isMaximized() });
    });
    win.on('closed', () => {
      ownWindows.delete(win.webContents.id);
      mainWindow = null;
    });
    void win.loadURL(APP_INDEX_URL);
  };

  const sendMenuCommand = (command: MenuCommand) => sendEvent('menuCommand', { command });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(buildMenuTemplate(sendMenuCommand, { isMac: process.platform === 'darwin', devTools: !app.isPackaged })),
  );

  app.on('second-instance', () => {
    if (!mainWindow) return createWindow();
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    // Pollers, database and workers end before the process does.
    host.close().finally(() => app.exit(0));
  });

  createWindow();
}

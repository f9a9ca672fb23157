/**
 * NightDeck desktop shell: the thin Electron layer around the same host `nightdeck serve`
 * runs. Everything with behaviour lives in electron/host (plain Node) and electron/shell
 * (pure helpers, unit-tested); this file only wires them to Electron.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, protocol, screen, session, shell } from 'electron';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
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
import { desktopPaths } from './shell/desktop-paths.js';
import { createDesktopLogger } from './shell/log-file.js';
import { fitsPathsFromArgv, isLaunchArgs, openFitsFile, OpenRequestQueue, type LaunchArgs } from './shell/open-files.js';
import { allowPermissionCheck, allowPermissionRequest } from './shell/permissions.js';
import { createBeforeQuitHandler } from './shell/quit.js';
import { describeError, runStartup } from './shell/startup.js';
import { WindowRegistry } from './shell/window-registry.js';
import type { Logger } from './host/logger.js';

const here = dirname(fileURLToPath(import.meta.url));
// Compiled layout: dist/electron/main.js, dist/electron/preload.cjs, dist/renderer/.
const rendererRoot = join(here, '..', 'renderer');
const preloadPath = join(here, 'preload.cjs');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

const dataDir = resolveDataDir(process.env);
const paths = desktopPaths(dataDir);
// Chromium's profile and the single-instance lock live inside the data directory, so
// NIGHTDECK_HOME moves them too; this must happen before the lock is taken.
app.setPath('userData', paths.chromiumProfile);

// FITS files given by the file manager or the command line wait here until the host is up.
const openRequests = new OpenRequestQueue();
// macOS sends 'open-file' for a double-clicked file before 'ready'.
app.on('open-file', (event, path) => {
  event.preventDefault();
  openRequests.push(path);
});

const launch: LaunchArgs = { argv: process.argv, cwd: process.cwd(), defaultApp: process.defaultApp === true };
let logger: Logger | null = null;

if (!app.requestSingleInstanceLock(launch)) {
  app.quit();
} else {
  openRequests.push(...fitsPathsFromArgv(launch));
  void runStartup(start, {
    showErrorBox: (title, content) => dialog.showErrorBox(title, content),
    exit: (code) => app.exit(code),
    log: (error) => (logger ? logger.fatal(error, 'desktop app failed to start') : console.error(`NightDeck failed to start: ${error.code}: ${error.message}`)),
  });
}

async function start(): Promise<void> {
  await app.whenReady();
  logger = createDesktopLogger(paths.logFile);
  const host = await createHost({ dataDir, mode: 'desktop', logger });

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
  session.defaultSession.setPermissionRequestHandler((_wc, permission, allow) => allow(allowPermissionRequest(permission)));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => allowPermissionCheck(permission));

  const windows = new WindowRegistry<BrowserWindow>();
  const policy = defaultTrustPolicy(windows.ownWebContentsIds);
  let rendererReady = false;
  const pending: { event: string; payload: unknown }[] = [];

  const sendEvent = (event: string, payload: unknown) => {
    const mainWindow = windows.current;
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
    if (!windows.ownWebContentsIds.has(event.sender.id)) return;
    rendererReady = true;
    for (const message of pending.splice(0)) sendEvent(message.event, message.payload);
  });

  forwardEvents(host, ({ event, payload }) => {
    sendEvent(event, payload);
    if (event === 'imageAdded' && host.settings().notifyOnNewFrame && Notification.isSupported() && !windows.current?.isFocused()) {
      const frame = payload as { name?: string; object?: string | null };
      new Notification({ title: 'New frame', body: [frame.name, frame.object].filter(Boolean).join(' — ') }).show();
    }
  });

  const saveMainWindowState = () => {
    const win = windows.current;
    if (!win || win.isDestroyed()) return;
    saveWindowState(paths.windowState, { ...win.getNormalBounds(), maximized: win.isMaximized() });
  };

  const createWindow = () => {
    const bounds = fitToScreens(loadWindowState(paths.windowState), screen.getAllDisplays().map((d) => d.workArea));
    const win = new BrowserWindow(buildWindowOptions({ preloadPath, bounds }));
    // The id is kept now: in 'closed' the webContents is already destroyed.
    const forget = windows.register(win, win.webContents.id);
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
      try {
        saveMainWindowState();
      } catch (err) {
        logger?.warn({ err: (err as Error).message }, 'could not save the window state');
      }
    });
    win.on('closed', forget);
    void win.loadURL(APP_INDEX_URL);
  };

  const sendMenuCommand = (command: MenuCommand) => sendEvent('menuCommand', { command });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(buildMenuTemplate(sendMenuCommand, { isMac: process.platform === 'darwin', devTools: !app.isPackaged })),
  );

  app.on('second-instance', (_event, argv, workingDirectory, additionalData) => {
    // additionalData carries the second instance's own argv (Chromium may reorder argv here).
    const second: LaunchArgs = isLaunchArgs(additionalData) ? additionalData : { argv, cwd: workingDirectory, defaultApp: false };
    openRequests.push(...fitsPathsFromArgv(second));
    const mainWindow = windows.current;
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
  // Pollers, database and workers end before the process does; the window state is saved
  // first, since app.exit closes the window without its 'close' event.
  app.on(
    'before-quit',
    createBeforeQuitHandler({
      saveWindowState: saveMainWindowState,
      closeHost: () => host.close(),
      exit: (code) => app.exit(code),
      log: (message, err) => logger?.warn({ err: err instanceof Error ? err.message : String(err) }, message),
    }),
  );

  createWindow();

  // A FITS file from the command line, the file manager or a second instance: its folder
  // becomes a source and the renderer is told which frame to open.
  openRequests.attach(async (path) => {
    try {
      const frame = await openFitsFile(host, path);
      if (!windows.current) createWindow();
      sendEvent('openFrameRequested', { id: frame.id, night: frame.night });
    } catch (err) {
      const error = describeError(err);
      logger?.warn({ path, code: error.code, message: error.message }, 'could not open a file');
      dialog.showErrorBox(`NightDeck could not open ${basename(path)}`, `${error.code}: ${error.message}`);
    }
  });
}

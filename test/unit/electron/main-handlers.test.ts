/**
 * The main process's handlers, mended and moved out of electron/main.ts so they run under
 * Node: the closed window, a failing start, the quit sequence, and the permission checks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WindowRegistry } from '../../../electron/shell/window-registry.js';
import { describeError, runStartup, startupFailureText } from '../../../electron/shell/startup.js';
import { createBeforeQuitHandler } from '../../../electron/shell/quit.js';
import { allowPermissionCheck, allowPermissionRequest } from '../../../electron/shell/permissions.js';
import { desktopPaths } from '../../../electron/shell/desktop-paths.js';
import { resolveDataDir } from '../../../electron/host/paths.js';
import { join } from 'node:path';

/** A window whose webContents, like Electron's, throws once the window is destroyed. */
function fakeWindow(id: number) {
  let destroyed = false;
  return {
    destroy: () => (destroyed = true),
    get webContents() {
      if (destroyed) throw new TypeError('Object has been destroyed');
      return { id };
    },
  };
}

test("a closed window is forgotten by the id kept at creation, without touching its destroyed webContents", () => {
  const registry = new WindowRegistry<ReturnType<typeof fakeWindow>>();
  const win = fakeWindow(42);
  const closed = registry.register(win, win.webContents.id);
  assert.equal(registry.current, win);
  assert.ok(registry.ownWebContentsIds.has(42));
  win.destroy();
  assert.throws(() => win.webContents.id, /destroyed/, 'the fake behaves like Electron');
  closed();
  assert.equal(registry.current, null);
  assert.equal(registry.ownWebContentsIds.has(42), false);
});

test("a newer window is not cleared when an older one's 'closed' fires late", () => {
  const registry = new WindowRegistry<ReturnType<typeof fakeWindow>>();
  const old = fakeWindow(1);
  const closeOld = registry.register(old, 1);
  const next = fakeWindow(2);
  registry.register(next, 2);
  closeOld();
  assert.equal(registry.current, next);
  assert.deepEqual([...registry.ownWebContentsIds], [2]);
});

test('a failing start shows the code and message in an error box, then exits with status 1', async () => {
  const seen: string[] = [];
  const ok = await runStartup(
    async () => {
      throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    },
    {
      showErrorBox: (title, content) => seen.push(`box ${title} | ${content}`),
      exit: (code) => seen.push(`exit ${code}`),
      log: (e) => seen.push(`log ${e.code}`),
    },
  );
  assert.equal(ok, false);
  assert.equal(seen.length, 3);
  assert.equal(seen[0], 'log SQLITE_BUSY');
  assert.match(seen[1]!, /^box NightDeck could not start \| SQLITE_BUSY: database is locked/);
  assert.match(seen[1]!, /another NightDeck/);
  assert.equal(seen[2], 'exit 1', 'exit comes after the box');
});

test('a start that succeeds shows nothing and does not exit', async () => {
  const seen: string[] = [];
  const ok = await runStartup(async () => undefined, { showErrorBox: () => seen.push('box'), exit: () => seen.push('exit') });
  assert.equal(ok, true);
  assert.deepEqual(seen, []);
});

test('the app still exits when the error box itself fails, and a broken logger does not matter', async () => {
  const seen: number[] = [];
  const ok = await runStartup(async () => Promise.reject(new Error('boom')), {
      showErrorBox: () => {
        throw new Error('no display');
      },
      exit: (code) => seen.push(code),
      log: () => {
        throw new Error('log broken');
      },
  });
  assert.equal(ok, false, 'never rejects: main.ts calls it with void');
  assert.deepEqual(seen, [1]);
});

test('errors without a code are STARTUP_FAILED; native-module mismatches get the rebuild hint', () => {
  assert.deepEqual(describeError(new Error('x')), { code: 'STARTUP_FAILED', message: 'x' });
  assert.deepEqual(describeError('plain'), { code: 'STARTUP_FAILED', message: 'plain' });
  const text = startupFailureText(
    describeError(Object.assign(new Error('was compiled against a different Node.js version using NODE_MODULE_VERSION 115'), { code: 'ERR_DLOPEN_FAILED' })),
  );
  assert.match(text, /^ERR_DLOPEN_FAILED: /);
  assert.match(text, /rm -rf \.electron-native && npm start/);
});

test('before-quit: prevents the quit once, saves the window state first, closes the host, then exits', async () => {
  const steps: string[] = [];
  let finishClose!: () => void;
  const handler = createBeforeQuitHandler({
    saveWindowState: () => steps.push('save'),
    closeHost: () => {
      steps.push('close');
      return new Promise<void>((r) => (finishClose = r));
    },
    exit: (code) => steps.push(`exit ${code}`),
  });
  let prevented = 0;
  const event = { preventDefault: () => prevented++ };
  handler(event);
  assert.deepEqual(steps, ['save', 'close'], 'no exit before the host has closed');
  handler(event); // a second quit request while closing changes nothing
  assert.equal(prevented, 1);
  finishClose();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(steps, ['save', 'close', 'exit 0']);
});

test('before-quit still closes and exits when saving the state or closing the host fails', async () => {
  const steps: string[] = [];
  const handler = createBeforeQuitHandler({
    saveWindowState: () => {
      throw new Error('disk full');
    },
    closeHost: async () => {
      throw new Error('worker stuck');
    },
    exit: (code) => steps.push(`exit ${code}`),
    log: (message) => steps.push(message),
  });
  handler({ preventDefault: () => undefined });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(steps, ['could not save the window state', 'the host did not close cleanly', 'exit 0']);
});

test('permission checks are denied; only notification requests are granted', () => {
  for (const p of ['notifications', 'media', 'geolocation', 'clipboard-read', 'hid']) assert.equal(allowPermissionCheck(p), false, p);
  assert.equal(allowPermissionRequest('notifications'), true);
  assert.equal(allowPermissionRequest('media'), false);
});

test("Chromium's profile, the window state and the log live inside the data directory NIGHTDECK_HOME points at", () => {
  const dataDir = resolveDataDir({ NIGHTDECK_HOME: '/tmp/nd-home' }, 'linux', '/home/u');
  const p = desktopPaths(dataDir);
  assert.equal(p.chromiumProfile, join('/tmp/nd-home', 'chromium'));
  assert.notEqual(p.chromiumProfile, dataDir, 'the profile is not the data directory itself');
  assert.equal(p.windowState, join('/tmp/nd-home', 'window-state.json'));
  assert.equal(p.logFile, join('/tmp/nd-home', 'logs', 'desktop.log'));
});

/**
 * The desktop app end to end with Playwright's _electron: the window opens, the demo night
 * is listed, a frame opens. Runs where Electron's binary is installed (after `npm start`
 * has built the app once) and there is a display; elsewhere it skips with one line saying why.
 * `npm test` rebuilds dist/electron before it (scripts/run-tests.mjs).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir } from '../helpers/tmp.js';
import { electronE2eSkipReason, installedElectronBinary } from '../../scripts/lib/desktop-tooling.mjs';
import { UI_TIMEOUT_MS } from './helpers/browser.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const electronDir = join(root, 'node_modules', 'electron');
const binary = installedElectronBinary(electronDir);
const built = existsSync(join(root, 'dist/electron/main.js')) && existsSync(join(root, 'dist/electron/preload.cjs'));
const sqliteForElectron = join(root, '.electron-native/node_modules/better-sqlite3/build/Release/better_sqlite3.node');

const skip =
  electronE2eSkipReason(electronDir) ??
  (!built || !existsSync(sqliteForElectron) ? 'desktop E2E skipped: the desktop app is not built (run `npm start` once)' : false);

test('the desktop window opens, lists the demo night and opens a frame', { skip }, async () => {
  const { _electron } = await import('playwright-core');
  const { dir, cleanup } = makeTempDir();
  const app = await _electron.launch({
    executablePath: binary!,
    args: [root, '--no-sandbox'],
    // NIGHTDECK_HOME moves the data directory and, with it, Chromium's profile and the
    // single-instance lock: this never touches (or waits on) a real NightDeck.
    env: { ...process.env, NIGHTDECK_HOME: dir, NIGHTDECK_SQLITE_BINDING: sqliteForElectron } as Record<string, string>,
  });
  try {
    const page = await app.firstWindow();
    await page.waitForSelector('[data-testid="frame-row"]', { timeout: UI_TIMEOUT_MS });
    assert.ok((await page.locator('[data-testid="frame-row"]').count()) > 0);
    await page.locator('[data-testid="frame-row"]').first().dblclick();
    await page.waitForSelector('[data-testid="viewer-canvas"]', { timeout: UI_TIMEOUT_MS });
    const isolated = await page.evaluate(() => typeof (globalThis as { require?: unknown }).require === 'undefined');
    assert.equal(isolated, true, 'no Node in the page');
    assert.ok(existsSync(join(dir, 'chromium')), "Chromium's profile is inside NIGHTDECK_HOME");
    assert.ok(existsSync(join(dir, 'logs', 'desktop.log')), 'the desktop log is written to logs/');
  } finally {
    await app.close();
    cleanup();
  }
});

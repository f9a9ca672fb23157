/**
 * The desktop app end to end with Playwright's _electron: the window opens, the demo night
 * is listed, a frame opens. Runs where Electron's binary is installed (after `npm start`
 * has built the app once); elsewhere it skips with one line saying why.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../helpers/tmp.js';
import { UI_TIMEOUT_MS } from './helpers/browser.js';

const root = new URL('../..', import.meta.url).pathname;
const electronDir = join(root, 'node_modules', 'electron');
const pathFile = join(electronDir, 'path.txt');
const binary = existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null;
const built = existsSync(join(root, 'dist/electron/main.js')) && existsSync(join(root, 'dist/electron/preload.cjs'));
const sqliteForElectron = join(root, '.electron-native/node_modules/better-sqlite3/build/Release/better_sqlite3.node');

const skip = !binary || !existsSync(binary)
  ? "Electron's binary is not installed on this machine (no download possible): desktop E2E skipped"
  : !built || !existsSync(sqliteForElectron)
    ? 'the desktop app is not built (run `npm start` once): desktop E2E skipped'
    : false;

test('the desktop window opens, lists the demo night and opens a frame', { skip }, async () => {
  const { _electron } = await import('playwright-core');
  const { dir, cleanup } = makeTempDir();
  const app = await _electron.launch({
    executablePath: binary!,
    args: [root, '--no-sandbox'],
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
  } finally {
    await app.close();
    cleanup();
  }
});

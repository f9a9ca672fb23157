import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWindowOptions } from '../../../electron/shell/window-options.js';

const options = buildWindowOptions({ preloadPath: '/app/dist/electron/preload.cjs', bounds: { width: 1500, height: 950, x: 10, y: 20 } });

test('the console window is context-isolated, sandboxed, without Node and with web security', () => {
  const web = options.webPreferences!;
  assert.equal(web.contextIsolation, true);
  assert.equal(web.sandbox, true);
  assert.equal(web.nodeIntegration, false);
  assert.equal(web.nodeIntegrationInWorker, false);
  assert.equal(web.nodeIntegrationInSubFrames, false);
  assert.equal(web.webSecurity, true);
  assert.equal(web.allowRunningInsecureContent, false);
  assert.equal(web.webviewTag, false);
  assert.equal(web.preload, '/app/dist/electron/preload.cjs');
});

test('the window keeps the remembered bounds, a usable minimum size and shows only when ready', () => {
  assert.deepEqual([options.x, options.y, options.width, options.height], [10, 20, 1500, 950]);
  assert.equal(options.minWidth, 1280);
  assert.equal(options.minHeight, 800);
  assert.equal(options.show, false);
  assert.match(String(options.backgroundColor), /^#[0-9a-f]{6}$/i);
});

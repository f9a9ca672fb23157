import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { fitToScreens, loadWindowState, parseWindowState, saveWindowState, DEFAULT_BOUNDS } from '../../../electron/shell/window-state.js';
import { makeTempDir } from '../../helpers/tmp.js';

test('window bounds survive a save and load', () => {
  const { dir, cleanup } = makeTempDir();
  try {
    const path = join(dir, 'window-state.json');
    saveWindowState(path, { x: 40, y: 50, width: 1600, height: 1000, maximized: true });
    assert.deepEqual(loadWindowState(path), { x: 40, y: 50, width: 1600, height: 1000, maximized: true });
  } finally {
    cleanup();
  }
});

test('a corrupt or absurd state file falls back to the default size', () => {
  const { dir, cleanup } = makeTempDir();
  try {
    const path = join(dir, 'window-state.json');
    writeFileSync(path, '{"width": 5');
    assert.deepEqual(loadWindowState(path), DEFAULT_BOUNDS);
    assert.equal(parseWindowState('{"width": 10, "height": 10}'), null);
    assert.deepEqual(loadWindowState(join(dir, 'missing.json')), DEFAULT_BOUNDS);
  } finally {
    cleanup();
  }
});

test('a position on a monitor that is gone is dropped, the size kept', () => {
  const screens = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  assert.deepEqual(fitToScreens({ x: 3000, y: 100, width: 1400, height: 900 }, screens), { width: 1400, height: 900, maximized: undefined });
  assert.deepEqual(fitToScreens({ x: 100, y: 100, width: 1400, height: 900 }, screens), { x: 100, y: 100, width: 1400, height: 900 });
});

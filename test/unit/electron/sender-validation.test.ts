import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultTrustPolicy, refuseSender } from '../../../electron/shell/sender-validation.js';

const policy = defaultTrustPolicy(new Set([7]));

test('the main frame of an own window on the app origin is trusted', () => {
  assert.equal(refuseSender({ webContentsId: 7, frameUrl: 'app://nightdeck/index.html', isMainFrame: true }, policy), null);
});

test('a call from another webContents is refused', () => {
  assert.match(String(refuseSender({ webContentsId: 8, frameUrl: 'app://nightdeck/index.html', isMainFrame: true }, policy)), /not one of the app windows/);
});

test('a call from a sub-frame of an own window is refused', () => {
  assert.match(String(refuseSender({ webContentsId: 7, frameUrl: 'app://nightdeck/x.html', isMainFrame: false }, policy)), /sub-frame/);
});

test('a call from a page that navigated to a foreign origin is refused', () => {
  for (const url of ['https://evil.example/', 'file:///etc/passwd', 'http://127.0.0.1:9999/', 'app://other/index.html']) {
    assert.match(String(refuseSender({ webContentsId: 7, frameUrl: url, isMainFrame: true }, policy)), /not allowed/, url);
  }
});

test('a call whose frame is gone is refused', () => {
  assert.match(String(refuseSender({ webContentsId: 7, frameUrl: null, isMainFrame: true }, policy)), /gone/);
});

test('a development server is allowed only on loopback', () => {
  const dev = defaultTrustPolicy(new Set([1]), 'http://127.0.0.1:5173/');
  assert.equal(refuseSender({ webContentsId: 1, frameUrl: 'http://127.0.0.1:5173/index.html', isMainFrame: true }, dev), null);
  const remote = defaultTrustPolicy(new Set([1]), 'http://192.0.2.1:5173/');
  assert.notEqual(refuseSender({ webContentsId: 1, frameUrl: 'http://192.0.2.1:5173/', isMainFrame: true }, remote), null);
});

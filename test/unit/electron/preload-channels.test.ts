import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { IPC_CHANNELS } from '../../../electron/shell/ipc-channels.js';

const preload = readFileSync(new URL('../../../electron/preload.ts', import.meta.url), 'utf8');

test('the preload uses the same channel names as the main process', () => {
  for (const channel of Object.values(IPC_CHANNELS)) assert.ok(preload.includes(`'${channel}'`), channel);
});

test('the preload exposes only window.nightdeck with invoke and subscribe', () => {
  const exposed = [...preload.matchAll(/exposeInMainWorld\('([^']+)'/g)].map((m) => m[1]);
  assert.deepEqual(exposed, ['nightdeck']);
  assert.match(preload, /invoke\(operation: string/);
  assert.match(preload, /subscribe\(listener/);
  assert.doesNotMatch(preload, /require\(|ipcRenderer\s*[,}]\s*\)/, 'no raw ipcRenderer or require handed to the page');
});

#!/usr/bin/env node
// Rebuilds better-sqlite3 for Electron's ABI into .electron-native/, leaving the Node build in
// node_modules untouched (the Node tests and `nightdeck serve` keep using it). The desktop
// main process is pointed at this copy through NIGHTDECK_SQLITE_BINDING. Needs Electron's
// headers, so it needs network access the first time (or a local headers cache).
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const target = join(root, '.electron-native');
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const binding = join(target, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
const stamp = join(target, `electron-${electronVersion}`);

export function electronSqliteBinding() {
  return binding;
}

if (existsSync(binding) && existsSync(stamp)) {
  console.log(`better-sqlite3 for Electron ${electronVersion} is ready`);
} else {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(join(target, 'node_modules'), { recursive: true });
  for (const mod of ['better-sqlite3', 'bindings', 'file-uri-to-path']) {
    const src = join(root, 'node_modules', mod);
    if (existsSync(src)) cpSync(src, join(target, 'node_modules', mod), { recursive: true });
  }
  rmSync(join(target, 'node_modules/better-sqlite3/build'), { recursive: true, force: true });
  const { rebuild } = require('@electron/rebuild');
  await rebuild({ buildPath: target, electronVersion, onlyModules: ['better-sqlite3'], force: true });
  mkdirSync(stamp, { recursive: true });
  console.log(`better-sqlite3 rebuilt for Electron ${electronVersion} in ${target}`);
}

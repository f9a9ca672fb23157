#!/usr/bin/env node
// Rebuilds better-sqlite3 for Electron's ABI into .electron-native/, leaving the Node build in
// node_modules untouched (the Node tests and `nightdeck serve` keep using it). The desktop main
// process is pointed at this copy through NIGHTDECK_SQLITE_BINDING. @electron/rebuild first
// tries a prebuilt binary, else compiles with node-gyp against Electron's headers (downloaded
// once into ~/.electron-gyp; ELECTRON_REBUILD_DIST_URL names a mirror). Rebuilt again whenever
// Electron's or better-sqlite3's version changes (stamp.json).
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const target = join(root, '.electron-native');
const binding = join(target, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
const stampPath = join(target, 'stamp.json');
const logPath = join(root, '.electron-native-rebuild.log');
const DEFAULT_HEADERS_URL = 'https://www.electronjs.org/headers';

const versionOf = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;

export function electronSqliteBinding() {
  return binding;
}

/** What the build in .electron-native was made for; any difference means a rebuild. */
export function expectedStamp() {
  return { electron: versionOf('electron'), betterSqlite3: versionOf('better-sqlite3'), platform: process.platform, arch: process.arch };
}

export function isReady(stamp = expectedStamp()) {
  if (!existsSync(binding) || !existsSync(stampPath)) return false;
  try {
    return JSON.stringify(JSON.parse(readFileSync(stampPath, 'utf8'))) === JSON.stringify(stamp);
  } catch {
    return false;
  }
}

/** better-sqlite3 and the packages it loads at run time, resolved from the project's node_modules. */
function runtimeModules(name, from = root, seen = new Map()) {
  if (seen.has(name)) return seen;
  let dir = from;
  for (; !existsSync(join(dir, 'node_modules', name, 'package.json')); dir = dirname(dir)) {
    if (dirname(dir) === dir) throw new Error(`${name} is not installed: run npm install`);
  }
  const path = join(dir, 'node_modules', name);
  seen.set(name, path);
  for (const dep of Object.keys(JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')).dependencies ?? {})) {
    // Install-time helpers are not needed beside the rebuilt addon.
    if (dep !== 'prebuild-install') runtimeModules(dep, path, seen);
  }
  return seen;
}

/** A fresh .electron-native/: a package.json listing better-sqlite3 (what @electron/rebuild walks) and the sources. */
export function prepareTarget(stamp = expectedStamp()) {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(join(target, 'node_modules'), { recursive: true });
  writeFileSync(
    join(target, 'package.json'),
    JSON.stringify({ name: 'nightdeck-electron-native', private: true, dependencies: { 'better-sqlite3': stamp.betterSqlite3 } }, null, 2),
  );
  for (const [name, src] of runtimeModules('better-sqlite3')) {
    cpSync(src, join(target, 'node_modules', name), { recursive: true, dereference: true });
  }
  rmSync(join(target, 'node_modules', 'better-sqlite3', 'build'), { recursive: true, force: true });
}

/** node-gyp's copy of Electron's headers (@electron/rebuild's sequential mode puts them there). */
export function headersDir(electronVersion, home = homedir()) {
  return join(home, '.electron-gyp', electronVersion, 'include', 'node');
}

/** Runs @electron/rebuild with its chatter kept in a log file; resolves or rejects with the reason. */
async function rebuildQuietly(stamp, headerURL) {
  const lines = [];
  const keep = (...args) => lines.push(format(...args));
  const saved = { log: console.log, error: console.error, warn: console.warn, info: console.info };
  Object.assign(console, { log: keep, error: keep, warn: keep, info: keep });
  try {
    const { rebuild } = await import('@electron/rebuild');
    await rebuild({ buildPath: target, electronVersion: stamp.electron, onlyModules: ['better-sqlite3'], force: true, mode: 'sequential', headerURL });
  } catch (err) {
    // node-gyp's own first error line says more than "node-gyp failed to rebuild".
    const gyp = lines.join('\n').match(/^(?:gyp ERR! stack )?Error: (.+)$/m);
    if (gyp) err.message = gyp[1].trim();
    throw err;
  } finally {
    Object.assign(console, saved);
    writeFileSync(logPath, lines.join('\n') + '\n');
  }
}

async function main() {
  const stamp = expectedStamp();
  if (isReady(stamp)) {
    console.log(`better-sqlite3 ${stamp.betterSqlite3} for Electron ${stamp.electron} is ready`);
    return 0;
  }
  prepareTarget(stamp);
  const headerURL = process.env.ELECTRON_REBUILD_DIST_URL || DEFAULT_HEADERS_URL;
  console.log(`building better-sqlite3 ${stamp.betterSqlite3} for Electron ${stamp.electron} (once; log in ${logPath})`);
  try {
    await rebuildQuietly(stamp, headerURL);
    if (!existsSync(binding)) throw new Error(`the rebuild left no ${binding}`);
  } catch (err) {
    const reason = String(err?.message ?? err).split('\n')[0];
    const headers = headersDir(stamp.electron);
    if (!existsSync(join(headers, 'node_version.h'))) {
      console.error(
        `electron-native: Electron ${stamp.electron}'s headers are missing (${headers}): they could not be fetched from ${headerURL} and no prebuilt better-sqlite3 was found (${reason}); connect to the network once, or set ELECTRON_REBUILD_DIST_URL to a mirror of Electron's headers; details in ${logPath}`,
      );
    } else {
      console.error(`electron-native: building better-sqlite3 for Electron ${stamp.electron} failed (${reason}): a C++ compiler and Python are needed (README, desktop app); details in ${logPath}`);
    }
    return 1;
  }
  writeFileSync(stampPath, JSON.stringify(stamp));
  console.log(`better-sqlite3 rebuilt for Electron ${stamp.electron} in ${target}`);
  return 0;
}

// Run as a script (not when start.mjs imports it for the binding path).
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) process.exitCode = await main();

#!/usr/bin/env node
// `npm run dist [-- --linux|--mac|--win ...]`: build everything, generate icons, then package
// with electron-builder (config in build/). electron-builder rebuilds native modules for
// Electron in node_modules; afterwards the Node build of better-sqlite3 is restored so the
// tests and `nightdeck serve` keep working.
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status ?? 1;
const must = (cmd, args) => {
  const status = run(cmd, args);
  if (status !== 0) process.exit(status);
};

must('npm', ['run', '-s', 'build']);
must(process.execPath, ['scripts/build-electron.mjs']);
must(process.execPath, ['build/make-icons.mjs']);
const targets = process.argv.slice(2);
const status = run('npx', ['electron-builder', '--config', 'build/electron-builder.config.cjs', ...(targets.length ? targets : ['--linux'])]);
const restore = run('npm', ['rebuild', 'better-sqlite3']);
if (restore !== 0) console.error('could not restore the Node build of better-sqlite3: run `npm rebuild better-sqlite3`');
process.exit(status);

#!/usr/bin/env node
// `npm start`: build the Node code, the renderer and the preload, make better-sqlite3 for
// Electron's ABI (beside the Node build, never replacing it), then launch the desktop app.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const run = (cmd, args, env = process.env) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

// Is Electron's binary there? Without it nothing else matters: say so plainly.
const electronDir = join(root, 'node_modules', 'electron');
const pathFile = join(electronDir, 'path.txt');
if (!existsSync(pathFile) || !existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()))) {
  console.error(
    "npm start: Electron's binary is not installed (it is downloaded by `node node_modules/electron/install.js`, " +
      'which needs network access; ELECTRON_SKIP_BINARY_DOWNLOAD=1 skips it). ' +
      'Without it, use `npm run serve` and open the printed URL in a browser.',
  );
  process.exit(1);
}

run('npm', ['run', '-s', 'build']);
run(process.execPath, ['scripts/build-electron.mjs']);
run(process.execPath, ['scripts/electron-native.mjs']);
const binding = join(root, '.electron-native/node_modules/better-sqlite3/build/Release/better_sqlite3.node');
run(join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()), ['.', ...process.argv.slice(2)], {
  ...process.env,
  NIGHTDECK_SQLITE_BINDING: binding,
});

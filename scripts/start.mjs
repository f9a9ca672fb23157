#!/usr/bin/env node
// `npm start`: check Node, get Electron's binary (downloaded by Electron's own package the first
// time it is required, or a local Electron given by ELECTRON_OVERRIDE_DIST_PATH), build the Node
// code, the renderer and the preload, make better-sqlite3 for Electron's ABI (beside the Node
// build, never replacing it), then launch the desktop app with the arguments given after `--`.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  findElectronBinary,
  isSandboxFailure,
  nodeVersionProblem,
  npmInvocation,
  sandboxRemedy,
} from './lib/desktop-tooling.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const problem = nodeVersionProblem('npm start');
if (problem) {
  console.error(problem);
  process.exit(1);
}

const must = (command, args, options = {}) => {
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (r.error) {
    console.error(`npm start: could not run ${command}: ${r.error.message}`);
    process.exit(1);
  }
  if (r.status !== 0) process.exit(r.status ?? 1);
};

// Electron's package downloads its binary on the first require (and honours
// ELECTRON_OVERRIDE_DIST_PATH); asking for it first means a failed download stops us before
// the build, with the reason.
let electronBinary;
try {
  const resolved = createRequire(import.meta.url)('electron');
  electronBinary = findElectronBinary(resolved);
  if (!electronBinary) throw new Error(`no Electron executable at ${resolved}`);
} catch (err) {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  console.error(
    `npm start: Electron's binary is not available (${String(err?.message ?? err).split('\n')[0]}). ` +
      (override
        ? `ELECTRON_OVERRIDE_DIST_PATH=${override} must be the folder of an unpacked Electron of the version in package-lock.json. `
        : 'It is downloaded the first time with network access; offline, set ELECTRON_OVERRIDE_DIST_PATH to the folder of an unpacked Electron zip. ') +
      'Meanwhile `npm run serve` gives the same console in a browser.',
  );
  process.exit(1);
}

const npm = npmInvocation(['run', '-s', 'build']);
must(npm.command, npm.args, { shell: npm.shell });
must(process.execPath, ['scripts/build-electron.mjs']);
must(process.execPath, ['scripts/electron-native.mjs']);
const { electronSqliteBinding } = await import('./electron-native.mjs');

// Launch, showing Electron's output as it comes while keeping its stderr to recognise a
// sandbox failure (Linux, AppArmor) and say what to do about it.
const child = spawn(electronBinary, [root, ...process.argv.slice(2)], {
  // Where `npm start` was typed (npm runs scripts from the package root): relative file
  // arguments (`npm start -- frame.fits`) are meant from there.
  cwd: process.env.INIT_CWD || process.cwd(),
  stdio: ['inherit', 'inherit', 'pipe'],
  env: { ...process.env, NIGHTDECK_SQLITE_BINDING: electronSqliteBinding() },
  windowsHide: false,
});
let stderrTail = '';
child.stderr.on('data', (chunk) => {
  process.stderr.write(chunk);
  stderrTail = (stderrTail + chunk.toString()).slice(-64 * 1024);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('error', (err) => {
  console.error(`npm start: could not launch ${electronBinary}: ${err.message}`);
  process.exit(1);
});
child.on('close', (code, signal) => {
  if (code !== 0 && isSandboxFailure(stderrTail)) console.error(`\n${sandboxRemedy(electronBinary)}`);
  process.exit(code ?? (signal ? 1 : 0));
});

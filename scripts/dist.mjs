#!/usr/bin/env node
// `npm run dist [-- --linux|--mac|--win ...]`: build everything, generate icons, then package
// with electron-builder (config in build/) for the OS this runs on. Each OS's installer is
// built on that OS: sharp's platform binary, the native rebuild and signing all come from the
// build machine. electron-builder rebuilds native modules for Electron in node_modules;
// afterwards the Node build of better-sqlite3 is restored so `npm test` and `nightdeck serve`
// keep working.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distTargets, nodeVersionProblem, npmInvocation } from './lib/desktop-tooling.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const problem = nodeVersionProblem('npm run dist');
if (problem) {
  console.error(problem);
  process.exit(1);
}
const targets = distTargets(process.argv.slice(2));
if (targets.error) {
  console.error(targets.error);
  process.exit(1);
}

const run = (command, args, shell = false) => {
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell });
  if (r.error) console.error(`npm run dist: could not run ${command}: ${r.error.message}`);
  return r.status ?? 1;
};
const must = (command, args, shell = false) => {
  const status = run(command, args, shell);
  if (status !== 0) process.exit(status);
};
const npm = (args) => npmInvocation(args);

const build = npm(['run', '-s', 'build']);
must(build.command, build.args, build.shell);
must(process.execPath, ['scripts/build-electron.mjs']);
must(process.execPath, ['build/make-icons.mjs']);
const builderCli = fileURLToPath(new URL('../node_modules/electron-builder/cli.js', import.meta.url));
const status = run(process.execPath, [builderCli, '--config', 'build/electron-builder.config.cjs', ...targets.args]);
const rebuild = npm(['rebuild', 'better-sqlite3']);
if (run(rebuild.command, rebuild.args, rebuild.shell) !== 0) console.error('could not restore the Node build of better-sqlite3: run `npm rebuild better-sqlite3`');
process.exit(status);

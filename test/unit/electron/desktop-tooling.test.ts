import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import {
  DESKTOP_MIN_NODE,
  distTargets,
  electronE2eSkipReason,
  findElectronBinary,
  hasDisplay,
  installedElectronBinary,
  isSandboxFailure,
  nodeVersionProblem,
  npmInvocation,
  sandboxRemedy,
  versionAtLeast,
} from '../../../scripts/lib/desktop-tooling.mjs';
import { makeTempDir } from '../../helpers/tmp.js';

test('the desktop scripts need Node >= 22.12 and say so in one line; the skip switch is explicit', () => {
  assert.equal(DESKTOP_MIN_NODE, '22.12.0');
  assert.equal(versionAtLeast('v22.12.0', '22.12.0'), true);
  assert.equal(versionAtLeast('v22.11.9', '22.12.0'), false);
  assert.equal(versionAtLeast('v24.1.0', '22.12.0'), true);
  assert.equal(versionAtLeast('v20.20.2', '22.12.0'), false);
  const message = nodeVersionProblem('npm start', 'v20.20.2', {});
  assert.match(message!, /^npm start: .*needs Node\.js >= 22\.12\.0; this is Node v20\.20\.2\./);
  assert.equal(message!.includes('\n'), false);
  assert.equal(nodeVersionProblem('npm start', 'v22.12.0', {}), null);
  assert.equal(nodeVersionProblem('npm start', 'v20.20.2', { NIGHTDECK_SKIP_NODE_CHECK: '1' }), null);
});

test('the package.json engines stay honest: Node 20 for the library and CLI, the desktop minimum documented', async () => {
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
  const floor = pkg.engines.node.replace(/^>=\s*/, '').split('.').concat('0', '0').slice(0, 3).join('.');
  assert.equal(versionAtLeast(process.version, floor), true, 'this Node runs the suite');
  assert.equal(versionAtLeast(floor, DESKTOP_MIN_NODE), false, 'engines is the library floor, below the desktop minimum');
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  assert.ok(readme.includes(`Node.js ≥ ${DESKTOP_MIN_NODE.replace(/\.0$/, '')}`), 'the README names the desktop minimum');
});

test('npm scripts are run with the npm that started us, under the same Node, without a shell', () => {
  assert.deepEqual(npmInvocation(['run', 'build'], { npm_execpath: 'C:\\Program Files\\nodejs\\node_modules\\npm\\bin\\npm-cli.js' }, 'win32', 'C:\\Program Files\\nodejs\\node.exe'), {
    command: 'C:\\Program Files\\nodejs\\node.exe',
    args: ['C:\\Program Files\\nodejs\\node_modules\\npm\\bin\\npm-cli.js', 'run', 'build'],
    shell: false,
  });
  assert.deepEqual(npmInvocation(['run', 'build'], {}, 'linux', '/usr/bin/node'), { command: 'npm', args: ['run', 'build'], shell: false });
  assert.deepEqual(npmInvocation(['run', 'build'], {}, 'win32', 'node.exe'), { command: 'npm.cmd', args: ['run', 'build'], shell: true });
});

test('a local Electron without path.txt is found under its own name on each OS', () => {
  const exists = (set: string[]) => (p: string) => set.includes(p);
  assert.equal(findElectronBinary(join('/e', 'electron'), 'linux', exists([join('/e', 'electron')])), join('/e', 'electron'));
  assert.equal(findElectronBinary(join('/e', 'electron'), 'win32', exists([join('/e', 'electron.exe')])), join('/e', 'electron.exe'));
  assert.equal(
    findElectronBinary(join('/e', 'electron'), 'darwin', exists([join('/e', 'Electron.app', 'Contents', 'MacOS', 'Electron')])),
    join('/e', 'Electron.app', 'Contents', 'MacOS', 'Electron'),
  );
  assert.equal(findElectronBinary(join('/e', 'electron'), 'linux', exists([])), null);
});

test("the tests find an installed Electron without ever downloading it, and need a display on Linux", () => {
  const { dir, cleanup } = makeTempDir();
  try {
    const electronDir = join(dir, 'electron');
    mkdirSync(join(electronDir, 'dist'), { recursive: true });
    assert.equal(installedElectronBinary(electronDir, {}, 'linux'), null);
    assert.match(electronE2eSkipReason(electronDir, {}, 'linux')!, /^desktop E2E skipped: Electron's binary is not installed/);
    writeFileSync(join(electronDir, 'path.txt'), 'electron');
    assert.equal(installedElectronBinary(electronDir, {}, 'linux'), null, 'path.txt without the binary');
    writeFileSync(join(electronDir, 'dist', 'electron'), '');
    assert.equal(installedElectronBinary(electronDir, {}, 'linux'), join(electronDir, 'dist', 'electron'));
    assert.match(electronE2eSkipReason(electronDir, {}, 'linux')!, /no display/);
    assert.equal(electronE2eSkipReason(electronDir, { DISPLAY: ':99' }, 'linux'), null);
    assert.equal(hasDisplay({}, 'darwin'), true);
    const local = join(dir, 'local');
    mkdirSync(local);
    writeFileSync(join(local, 'electron'), '');
    assert.equal(installedElectronBinary(electronDir, { ELECTRON_OVERRIDE_DIST_PATH: local }, 'linux'), join(local, 'electron'));
  } finally {
    cleanup();
  }
});

test("Chromium's sandbox failures are recognised on Linux, and the remedy names this Electron's chrome-sandbox", () => {
  for (const line of [
    '[1:2:FATAL:zygote_host_impl_linux.cc(128)] No usable sandbox! If you are running on Ubuntu 23.10+ ... apparmor-userns-restrictions.md',
    "[3:4:FATAL:setuid_sandbox_host.cc(158)] The SUID sandbox helper binary was found, but is not configured correctly. Rather than run without sandboxing I'm aborting now.",
    'Failed to move to new namespace: PID namespaces supported, Network namespace supported, but failed: errno = Operation not permitted',
  ]) {
    assert.equal(isSandboxFailure(line, 'linux'), true, line);
    assert.equal(isSandboxFailure(line, 'darwin'), false);
  }
  assert.equal(isSandboxFailure('Error: Cannot find module better_sqlite3.node', 'linux'), false);
  const remedy = sandboxRemedy('/home/u/nd/node_modules/electron/dist/electron');
  assert.ok(remedy.includes("sudo chown root:root '/home/u/nd/node_modules/electron/dist/chrome-sandbox' && sudo chmod 4755"));
  assert.match(remedy, /AppArmor/);
  assert.match(remedy, /--no-sandbox/);
});

test('npm run dist builds for the OS it runs on and refuses another OS, since each installer is built on its own OS', () => {
  assert.deepEqual(distTargets([], 'linux'), { args: ['--linux'] });
  assert.deepEqual(distTargets(['deb'], 'linux'), { args: ['--linux', 'deb'] });
  assert.deepEqual(distTargets(['--mac', 'dmg'], 'darwin'), { args: ['--mac', 'dmg'] });
  assert.deepEqual(distTargets([], 'win32'), { args: ['--win'] });
  const refused = distTargets(['--win'], 'linux');
  assert.match(refused.error!, /--win builds the Windows installer, which must be built on Windows \(this is Linux\)/);
  assert.match(distTargets(['-m'], 'win32').error!, /macOS/);
  assert.match(distTargets([], 'aix' as NodeJS.Platform).error!, /not on aix/);
});

test('npm run dist refuses another OS before building anything', () => {
  const other = process.platform === 'win32' ? '--mac' : '--win';
  const script = fileURLToPath(new URL('../../../scripts/dist.mjs', import.meta.url));
  const r = spawnSync(process.execPath, [script, other], { encoding: 'utf8', env: { ...process.env, NIGHTDECK_SKIP_NODE_CHECK: '1' } });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /must be built on (Windows|macOS)/);
  assert.equal(r.stdout, '', 'no build output');
});

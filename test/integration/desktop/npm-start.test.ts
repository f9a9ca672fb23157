/**
 * `npm start` on a first run, in a temporary copy of the checkout: Electron's package is a
 * real copy whose download step (install.js, which electron/index.js runs the first time it is
 * required) is replaced by a stub that records its call and writes a fake Electron binary. The
 * fake binary records how it was launched. Nothing leaves 127.0.0.1: Electron's headers and
 * better-sqlite3's prebuilt binaries are asked of a local server that has none, so the rebuild
 * for Electron's ABI must fail with one clear line naming the missing headers.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { checkoutRoot, copyCheckout, npmCliPath } from '../../helpers/checkout-copy.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { DESKTOP_MIN_NODE, versionAtLeast } from '../../../scripts/lib/desktop-tooling.mjs';

const npmCli = npmCliPath();
const skip = !npmCli ? "npm start test skipped: npm's CLI script was not found beside this Node" : process.platform === 'win32' ? 'npm start test skipped: the fake Electron binary is a script (POSIX only)' : false;

const electronVersion = JSON.parse(readFileSync(join(checkoutRoot, 'node_modules/electron/package.json'), 'utf8')).version as string;
const sqliteVersion = JSON.parse(readFileSync(join(checkoutRoot, 'node_modules/better-sqlite3/package.json'), 'utf8')).version as string;

let tmp: { dir: string; cleanup: () => void };
let app: string;
let home: string;
let server: Server;
let baseUrl: string;
const requests: string[] = [];
/** What the local mirror has (everything else is a 404). */
const mirror = new Map<string, Buffer>();
const installRecord = () => join(tmp.dir, 'install-calls.jsonl');
const launchRecord = () => join(tmp.dir, 'launch.json');
const binding = () => join(app, '.electron-native/node_modules/better-sqlite3/build/Release/better_sqlite3.node');

function fakeElectron(record: string): string {
  return `#!${process.execPath}
const fs = require('fs');
fs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), binding: process.env.NIGHTDECK_SQLITE_BINDING }));
if (process.env.FAKE_ELECTRON_SANDBOX === '1') {
  process.stderr.write('[4242:1205/101010.123:FATAL:zygote_host_impl_linux.cc(128)] No usable sandbox! If you are running on Ubuntu 23.10+ or another Linux distro that has disabled unprivileged user namespaces with AppArmor, see https://chromium.googlesource.com/chromium/src/+/main/docs/security/apparmor-userns-restrictions.md.\\n');
  process.kill(process.pid, 'SIGTRAP');
}
`;
}

/** The stub for node_modules/electron/install.js: records the call, "downloads" a fake binary. */
function installStub(): string {
  return `const fs = require('fs');
const path = require('path');
fs.appendFileSync(${JSON.stringify(installRecord())}, JSON.stringify({ argv: process.argv.slice(1) }) + '\\n');
fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), ${JSON.stringify(fakeElectron(launchRecord()))}, { mode: 0o755 });
fs.writeFileSync(path.join(__dirname, 'dist', 'version'), require('./package.json').version);
fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');
`;
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function npmStart(args: string[] = [], env: Record<string, string> = {}, cwd = app): Promise<Run> {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^(ELECTRON_|npm_|NIGHTDECK_)/i.test(k)) base[k] = v;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [npmCli!, 'start', '--', ...args], {
      cwd,
      env: {
        ...base,
        HOME: home,
        NIGHTDECK_SKIP_NODE_CHECK: versionAtLeast(process.version, DESKTOP_MIN_NODE) ? '' : '1',
        ELECTRON_REBUILD_DIST_URL: `${baseUrl}/headers`,
        npm_config_better_sqlite3_binary_host: `${baseUrl}/prebuilds`,
        npm_config_update_notifier: 'false',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const installCalls = () => (existsSync(installRecord()) ? readFileSync(installRecord(), 'utf8').trim().split('\n').length : 0);

/** What a successful rebuild leaves: the addon and the stamp (the Node build stands in for the addon). */
function seedElectronNative(stamp: Record<string, string>): void {
  mkdirSync(join(binding(), '..'), { recursive: true });
  copyFileSync(join(checkoutRoot, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), binding());
  writeFileSync(join(app, '.electron-native/stamp.json'), JSON.stringify(stamp));
}

before(async () => {
  if (skip) return;
  tmp = makeTempDir('nightdeck-npm-start-');
  // A space in the path, as under "Program Files" or "Application Support".
  app = join(tmp.dir, 'night deck');
  home = join(tmp.dir, 'home');
  mkdirSync(home);
  copyCheckout(app, ['electron']);
  writeFileSync(join(app, 'node_modules/electron/install.js'), installStub());
  rmSync(join(app, 'node_modules/electron/dist'), { recursive: true, force: true });
  rmSync(join(app, 'node_modules/electron/path.txt'), { force: true });
  // The full build (tsc + vite) is tested elsewhere; here it only has to run, first.
  const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
  pkg.scripts.build = `node -e "require('fs').mkdirSync('dist',{recursive:true});require('fs').writeFileSync('dist/.build-ran', String(Date.now()))"`;
  writeFileSync(join(app, 'package.json'), JSON.stringify(pkg, null, 2));
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const body = mirror.get(req.url ?? '');
    if (body) res.writeHead(200, { 'content-length': body.length }).end(body);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  if (skip) return;
  await new Promise((r) => server.close(r));
  tmp.cleanup();
});

test('on Node older than the desktop tooling needs, npm start says which Node is needed and stops', { skip: skip || versionAtLeast(process.version, DESKTOP_MIN_NODE) }, async () => {
  const r = await npmStart([], { NIGHTDECK_SKIP_NODE_CHECK: '' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`needs Node\\.js >= ${DESKTOP_MIN_NODE.replaceAll('.', '\\.')}; this is Node ${process.version.replaceAll('.', '\\.')}`));
  assert.equal(installCalls(), 0, 'nothing is downloaded first');
});

test("without network, Electron's failed download stops npm start before the build, naming ELECTRON_OVERRIDE_DIST_PATH", { skip }, async () => {
  const stub = join(app, 'node_modules/electron/install.js');
  const working = readFileSync(stub, 'utf8');
  writeFileSync(stub, `console.error('RequestError: getaddrinfo ENOTFOUND github.com'); process.exit(1);`);
  try {
    const r = await npmStart();
    assert.equal(r.status, 1);
    const line = r.stderr.split('\n').find((l) => l.startsWith('npm start:'));
    assert.match(line ?? '', /Electron's binary is not available \(Electron failed to install correctly/);
    assert.match(line!, /set ELECTRON_OVERRIDE_DIST_PATH to the folder of an unpacked Electron zip/);
    assert.match(line!, /npm run serve/);
    assert.equal(existsSync(join(app, 'dist/.build-ran')), false, 'nothing was built');
  } finally {
    writeFileSync(stub, working);
  }
});

test("first npm start: Electron's download runs, then the rebuild fails with one line naming the missing headers", { skip }, async () => {
  const r = await npmStart(['frame.fits']);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.equal(installCalls(), 1, "electron/index.js ran the (stubbed) download");
  assert.ok(existsSync(join(app, 'node_modules/electron/dist/electron')));
  assert.ok(existsSync(join(app, 'dist/.build-ran')), 'the build ran');
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('electron-native:'));
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, new RegExp(`Electron ${electronVersion.replaceAll('.', '\\.')}'s headers are missing`));
  assert.ok(lines[0]!.includes(join(home, '.electron-gyp', electronVersion, 'include', 'node')), lines[0]);
  assert.ok(lines[0]!.includes(`${baseUrl}/headers`), 'names where they were looked for');
  assert.ok(lines[0]!.includes(`404 response downloading ${baseUrl}/headers/v${electronVersion}/`), "node-gyp's own reason");
  assert.ok(requests.some((u) => u.startsWith(`/headers/v${electronVersion}/`)), `node-gyp asked the local mirror: ${requests.join(', ')}`);
  const manifest = JSON.parse(readFileSync(join(app, '.electron-native/package.json'), 'utf8'));
  assert.equal(manifest.dependencies['better-sqlite3'], sqliteVersion, '.electron-native/package.json lists better-sqlite3');
  assert.ok(existsSync(join(app, '.electron-native/node_modules/better-sqlite3/package.json')));
  assert.equal(existsSync(launchRecord()), false, 'Electron is not launched without its SQLite build');
});

test('with better-sqlite3 built for this Electron, npm start launches the binary with the app directory and the arguments', { skip }, async () => {
  seedElectronNative({ electron: electronVersion, betterSqlite3: sqliteVersion, platform: process.platform, arch: process.arch });
  rmSync(launchRecord(), { force: true });
  // Typed in a sub-folder: npm runs the script from the package root, the app gets the folder.
  const r = await npmStart(['frame 1.fits'], {}, join(app, 'build'));
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /is ready/);
  assert.equal(installCalls(), 1, 'the binary is there: no second download');
  const launch = JSON.parse(readFileSync(launchRecord(), 'utf8'));
  assert.deepEqual(launch.argv, [app, 'frame 1.fits']);
  assert.equal(launch.cwd, join(app, 'build'), 'relative file arguments are meant from where npm start was typed');
  assert.equal(launch.binding, binding());
});

test("a new better-sqlite3 version means a rebuild (the stamp holds both versions)", { skip }, async () => {
  seedElectronNative({ electron: electronVersion, betterSqlite3: '11.0.0', platform: process.platform, arch: process.arch });
  rmSync(launchRecord(), { force: true });
  const r = await npmStart();
  assert.equal(r.status, 1);
  assert.match(r.stdout, new RegExp(`building better-sqlite3 ${sqliteVersion.replaceAll('.', '\\.')} for Electron`));
  assert.equal(existsSync(launchRecord()), false);
});

test('ELECTRON_OVERRIDE_DIST_PATH: a local Electron is used without any download, and a sandbox failure gets the AppArmor remedy', { skip: skip || (process.platform !== 'linux' && 'the sandbox remedy is Linux only') }, async () => {
  seedElectronNative({ electron: electronVersion, betterSqlite3: sqliteVersion, platform: process.platform, arch: process.arch });
  const local = join(tmp.dir, 'local electron');
  mkdirSync(local);
  const record = join(tmp.dir, 'local-launch.json');
  writeFileSync(join(local, 'electron'), fakeElectron(record), { mode: 0o755 });
  const r = await npmStart([], { ELECTRON_OVERRIDE_DIST_PATH: local, FAKE_ELECTRON_SANDBOX: '1' });
  assert.equal(installCalls(), 1, 'no download');
  assert.deepEqual(JSON.parse(readFileSync(record, 'utf8')).argv, [app]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /No usable sandbox/, "Electron's own output is shown");
  assert.match(r.stderr, /AppArmor restricts unprivileged user namespaces/);
  assert.ok(r.stderr.includes(`sudo chown root:root '${join(local, 'chrome-sandbox')}'`), r.stderr);
  assert.match(r.stderr, /npm start -- --no-sandbox/);
});

/** This Node's own headers (Debian's nodejs package), if they are exactly this Node's. */
const nodeHeaders = '/usr/include/node';
function headersProblem(): string | false {
  if (!existsSync(`${nodeHeaders}/node_version.h`)) return `no Node headers in ${nodeHeaders}`;
  const h = readFileSync(`${nodeHeaders}/node_version.h`, 'utf8');
  const v = ['MAJOR', 'MINOR', 'PATCH'].map((k) => new RegExp(`#define NODE_${k}_VERSION (\\d+)`).exec(h)?.[1]).join('.');
  if (`v${v}` !== process.version) return `the headers in ${nodeHeaders} are for Node ${v}, not ${process.version}`;
  for (const tool of ['tar', 'make', 'g++']) if (spawnSync(tool, ['--version']).status !== 0) return `${tool} is not installed`;
  return false;
}

test(
  "with Electron's headers on the mirror (this Node's own, standing in), the first npm start compiles better-sqlite3 into .electron-native and launches",
  {
    // Compiling SQLite takes minutes (6–7 on a busy 2-core CI machine): opt in.
    skip:
      skip ||
      (process.env.NIGHTDECK_COMPILE_TESTS !== '1' && 'compile test skipped: compiling better-sqlite3 takes minutes; run with NIGHTDECK_COMPILE_TESTS=1') ||
      (headersProblem() && `compile test skipped: ${headersProblem()}`),
    timeout: 1_200_000,
  },
  async () => {
    // A headers tarball laid out as Electron publishes it, with its SHASUMS256.txt.
    const staging = join(tmp.dir, 'headers-staging');
    const name = `node-v${electronVersion}`;
    cpSync(nodeHeaders, join(staging, name, 'include', 'node'), { recursive: true, dereference: true });
    const tarball = join(tmp.dir, `${name}-headers.tar.gz`);
    assert.equal(spawnSync('tar', ['-czf', tarball, '-C', staging, name]).status, 0);
    const bytes = readFileSync(tarball);
    mirror.set(`/headers/v${electronVersion}/${name}-headers.tar.gz`, bytes);
    mirror.set(`/headers/v${electronVersion}/SHASUMS256.txt`, Buffer.from(`${createHash('sha256').update(bytes).digest('hex')}  ${name}-headers.tar.gz\n`));
    rmSync(join(app, '.electron-native'), { recursive: true, force: true });
    rmSync(launchRecord(), { force: true });

    const r = await npmStart(['x.fits']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`better-sqlite3 rebuilt for Electron ${electronVersion.replaceAll('.', '\\.')}`));
    assert.ok(existsSync(join(home, '.electron-gyp', electronVersion, 'include', 'node', 'node_version.h')), 'headers installed where node-gyp keeps them');
    assert.deepEqual(JSON.parse(readFileSync(join(app, '.electron-native/stamp.json'), 'utf8')), {
      electron: electronVersion, betterSqlite3: sqliteVersion, platform: process.platform, arch: process.arch,
    });
    const launch = JSON.parse(readFileSync(launchRecord(), 'utf8'));
    assert.deepEqual(launch.argv, [app, 'x.fits']);
    assert.equal(launch.binding, binding());
    // The addon was really compiled: built against this Node's headers, it opens a database here.
    const probe = spawnSync(process.execPath, ['-e', `const D = require(${JSON.stringify(join(app, '.electron-native/node_modules/better-sqlite3'))}); console.log(new D(':memory:').prepare('select 6 * 7 as x').get().x)`], { encoding: 'utf8' });
    assert.equal(probe.stdout.trim(), '42', probe.stderr);
  },
);

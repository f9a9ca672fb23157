// Pure helpers of the desktop scripts (start.mjs, dist.mjs, electron-native.mjs), kept apart so
// they are unit-tested under Node (test/unit/electron/desktop-tooling.test.ts).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Electron 45, @electron/get 5, @electron/rebuild 4 and node-abi declare Node >= 22.12 (and
 * load ES modules with require()). The library, the CLI and the test suite still run on
 * Node 20 (package.json `engines`); only the desktop scripts need the newer Node.
 */
export const DESKTOP_MIN_NODE = '22.12.0';

function parseVersion(v) {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

export function versionAtLeast(version, minimum) {
  const a = parseVersion(version);
  const b = parseVersion(minimum);
  if (!a || !b) return false;
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

/**
 * Null when this Node can run the desktop tooling, else the one-line message to print.
 * NIGHTDECK_SKIP_NODE_CHECK=1 skips it (unsupported; used by the tests of these scripts).
 */
export function nodeVersionProblem(script, version = process.version, env = process.env) {
  if (env.NIGHTDECK_SKIP_NODE_CHECK === '1' || versionAtLeast(version, DESKTOP_MIN_NODE)) return null;
  return (
    `${script}: the desktop app's tooling (Electron 45, @electron/rebuild 4) needs Node.js >= ${DESKTOP_MIN_NODE}; this is Node ${version}. ` +
    'Install Node 22 LTS or newer (https://nodejs.org, or `nvm install 22`) and run it again. ' +
    'The CLI, `npm run serve` and `npm test` still work on Node 20.'
  );
}

/**
 * How to run an npm script from a script: the same npm that started us (npm_execpath) under the
 * same Node, so nothing depends on a shell or on `npm` being `npm.cmd` (Windows).
 */
export function npmInvocation(args, env = process.env, platform = process.platform, execPath = process.execPath) {
  const npmCli = env.npm_execpath;
  if (npmCli && /\.(c|m)?js$/i.test(npmCli)) return { command: execPath, args: [npmCli, ...args], shell: false };
  // Started as `node scripts/x.mjs`: fall back to npm on the PATH (a .cmd shim on Windows needs a shell).
  return platform === 'win32' ? { command: 'npm.cmd', args, shell: true } : { command: 'npm', args, shell: false };
}

/**
 * Where Electron's own npm package says the binary is, made right for a local Electron given by
 * ELECTRON_OVERRIDE_DIST_PATH: without its path.txt, electron/index.js guesses "electron"
 * (right on Linux only).
 */
export function electronBinaryCandidates(resolved, platform = process.platform) {
  const out = [resolved];
  const dir = join(resolved, '..');
  if (platform === 'win32' && !/\.exe$/i.test(resolved)) out.push(`${resolved}.exe`, join(dir, 'electron.exe'));
  if (platform === 'darwin' && !resolved.includes('.app')) out.push(join(dir, 'Electron.app', 'Contents', 'MacOS', 'Electron'));
  return out;
}

export function findElectronBinary(resolved, platform = process.platform, exists = existsSync) {
  return electronBinaryCandidates(resolved, platform).find((p) => exists(p)) ?? null;
}

/**
 * Chromium's messages when it cannot set up its sandbox: Ubuntu >= 23.10 (AppArmor restricts
 * unprivileged user namespaces) or a chrome-sandbox helper without its setuid bit.
 */
const SANDBOX_FAILURES = [
  /No usable sandbox!/i,
  /apparmor-userns-restrictions/i,
  /The SUID sandbox helper binary was found, but is not configured correctly/i,
  /Failed to move to new namespace/i,
  /setuid_sandbox_host\.cc/i,
  /zygote_host_impl_linux\.cc.*(sandbox|namespace)/i,
];

export function isSandboxFailure(stderr, platform = process.platform) {
  return platform === 'linux' && SANDBOX_FAILURES.some((re) => re.test(stderr));
}

/** What to do about it, in the order we recommend. */
export function sandboxRemedy(electronBinary) {
  const sandbox = join(electronBinary, '..', 'chrome-sandbox');
  return [
    "npm start: Electron could not start Chromium's sandbox. On Ubuntu 23.10 and later AppArmor restricts unprivileged user namespaces; pick one:",
    `  1. give Electron's sandbox helper its setuid bit (once per Electron install): sudo chown root:root '${sandbox}' && sudo chmod 4755 '${sandbox}'`,
    '  2. or allow user namespaces for this Electron with an AppArmor profile: https://chromium.googlesource.com/chromium/src/+/main/docs/security/apparmor-userns-restrictions.md',
    '  3. or, for development only, run without the sandbox: npm start -- --no-sandbox',
    'The installed .deb package is not affected (its chrome-sandbox is setuid); the AppImage is, in the same way.',
  ].join('\n');
}

const PLATFORM_FLAGS = {
  linux: { name: 'Linux', flags: ['--linux', '-l'] },
  darwin: { name: 'macOS', flags: ['--mac', '-m', '--macos'] },
  win32: { name: 'Windows', flags: ['--win', '-w', '--windows'] },
};

/**
 * electron-builder's arguments for `npm run dist`: the OS this runs on unless named, and a
 * refusal for another OS's flag, since each installer must be built on its own OS (sharp
 * ships a binary per platform and the app imports it at start; native rebuilds and signing
 * also come from the build machine).
 */
export function distTargets(args, platform = process.platform) {
  const own = PLATFORM_FLAGS[platform];
  if (!own) return { error: `npm run dist: installers are built on Linux, macOS or Windows, not on ${platform}` };
  for (const arg of args) {
    const flag = arg.split('=')[0];
    for (const [other, info] of Object.entries(PLATFORM_FLAGS)) {
      if (other !== platform && info.flags.includes(flag)) {
        return {
          error: `npm run dist: ${arg} builds the ${info.name} installer, which must be built on ${info.name} (this is ${own.name}): build each installer on its own OS, e.g. \`npm run dist -- ${own.flags[0]}\` here`,
        };
      }
    }
  }
  const named = args.some((arg) => own.flags.includes(arg.split('=')[0]));
  return { args: named ? args : [own.flags[0], ...args] };
}

/**
 * The Electron binary that is already there, found as electron/index.js finds it (path.txt,
 * ELECTRON_OVERRIDE_DIST_PATH) but never downloading: for the tests, which must not fetch it.
 */
export function installedElectronBinary(electronDir, env = process.env, platform = process.platform) {
  const pathFile = join(electronDir, 'path.txt');
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (env.ELECTRON_OVERRIDE_DIST_PATH) return findElectronBinary(join(env.ELECTRON_OVERRIDE_DIST_PATH, rel || 'electron'), platform);
  if (!rel) return null;
  const full = join(electronDir, 'dist', rel);
  return existsSync(full) ? full : null;
}

/** Linux needs an X11 or Wayland display for a window (xvfb-run provides one). */
export function hasDisplay(env = process.env, platform = process.platform) {
  return platform !== 'linux' || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** Why the desktop E2E test cannot run here (one line), or null when it can. */
export function electronE2eSkipReason(electronDir, env = process.env, platform = process.platform) {
  if (!installedElectronBinary(electronDir, env, platform)) {
    return "desktop E2E skipped: Electron's binary is not installed (`npm start` downloads it once; offline, set ELECTRON_OVERRIDE_DIST_PATH)";
  }
  if (!hasDisplay(env, platform)) return 'desktop E2E skipped: no display (DISPLAY and WAYLAND_DISPLAY are unset; run under xvfb-run)';
  return null;
}

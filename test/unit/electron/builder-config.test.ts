import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const configPath = require.resolve('../../../build/electron-builder.config.cjs');

function loadConfig(env: Record<string, string | undefined> = {}) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  delete require.cache[configPath];
  try {
    return require(configPath);
  } finally {
    process.env = saved;
  }
}

test('installers are built for Linux (AppImage, deb), macOS (dmg) and Windows (nsis)', () => {
  const c = loadConfig();
  assert.equal(c.productName, 'NightDeck');
  assert.match(c.appId, /^[a-z]+(\.[a-z]+)+$/);
  assert.deepEqual(c.linux.target, ['AppImage', 'deb']);
  assert.deepEqual(c.mac.target, ['dmg']);
  assert.deepEqual(c.win.target, ['nsis']);
  assert.match(c.linux.maintainer, /<[^@>]+@[^>]+>/, 'a deb build needs a maintainer with an e-mail address');
});

test('native addons, all of dist/native-workers and the packages the workers import are unpacked from the asar archive', () => {
  const c = loadConfig();
  assert.ok(c.asarUnpack.includes('**/*.node'));
  assert.ok(c.asarUnpack.includes('dist/native-workers/**/*'), 'the workers start from app.asar.unpacked: all their modules are there');
  for (const name of ['sharp', 'detect-libc', 'semver', '@img/colour', '@foxglove/wasm-bz2', 'tslib']) {
    assert.ok(c.asarUnpack.includes(`**/node_modules/${name}/**/*`), name);
  }
  assert.ok(c.asarUnpack.some((p: string) => /node_modules\/@img\/sharp-[a-z0-9]+-[a-z0-9]+\//.test(p)), "sharp's platform binary of this machine");
  // test/integration/packaging/packaged-workers.test.ts starts the workers from that layout.
});

test('the product is NightDeck, so Electron and the installers use that name', () => {
  const c = loadConfig();
  assert.equal(c.productName, 'NightDeck');
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
  assert.equal(pkg.productName, 'NightDeck', '`npm start` (electron .) takes the app name from package.json');
});

test("the deb's depends extend electron-builder's defaults instead of replacing them", () => {
  const c = loadConfig();
  const FpmTarget = require('app-builder-lib/out/targets/FpmTarget.js').default;
  const defaults: string[] = FpmTarget.prototype.getDefaultDepends.call(null, 'deb');
  assert.ok(defaults.includes('xdg-utils') && defaults.includes('libnotify4'), 'read from the installed electron-builder');
  for (const dep of defaults) assert.ok(c.deb.depends.includes(dep), `default ${dep} kept`);
  assert.ok(c.deb.depends.some((d: string) => /libasound2/.test(d)), 'ALSA, for Chromium');
  assert.ok(c.deb.depends.includes('libasound2t64 | libasound2'), 'either name of ALSA (Ubuntu 24.04 renamed it)');
});

test('unsigned macOS builds are re-signed ad hoc after the fuses are flipped', () => {
  const c = loadConfig();
  assert.ok(c.electronFuses.resetAdHocDarwinSignature === true || c.mac.identity === '-');
});

test('FITS files are associated with the app', () => {
  const exts = loadConfig().fileAssociations.flatMap((a: { ext: string[] }) => a.ext);
  for (const ext of ['fits', 'fit', 'fts', 'fz']) assert.ok(exts.includes(ext), ext);
});

test('release builds disable the inspect fuse; test builds keep it for Playwright', () => {
  assert.equal(loadConfig().electronFuses.enableNodeCliInspectArguments, false);
  assert.equal(loadConfig({ NIGHTDECK_TEST_BUILD: '1' }).electronFuses.enableNodeCliInspectArguments, true);
  assert.equal(loadConfig().electronFuses.runAsNode, false);
});

test('the packaged app starts from the compiled main process', () => {
  const c = loadConfig();
  assert.equal(c.extraMetadata.main, 'dist/electron/main.js');
  assert.ok(c.files.includes('dist/renderer/**/*'));
});

test('npm install never rebuilds for Electron or downloads its binary', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
  assert.equal(pkg.scripts.postinstall, undefined);
  assert.equal(pkg.scripts.install, undefined);
  assert.notEqual(pkg.allowScripts?.electron, true, 'electron install script (binary download) must not be allowed');
});

test("the Linux desktop executable is nightdeck-desktop, not the CLI's name", () => {
  const c = loadConfig();
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
  assert.equal(c.linux.executableName, 'nightdeck-desktop');
  assert.ok(Object.keys(pkg.bin).includes('nightdeck'));
  assert.notEqual(c.linux.executableName, 'nightdeck');
});

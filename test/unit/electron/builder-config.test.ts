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

test('native addons, sharp and the worker entry files are unpacked from the asar archive', () => {
  const c = loadConfig();
  assert.ok(c.asarUnpack.includes('**/*.node'));
  assert.ok(c.asarUnpack.some((p: string) => p.includes('node_modules/sharp')));
  assert.ok(c.asarUnpack.some((p: string) => p.includes('native-workers') && p.includes('worker')));
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

// electron-builder configuration for NightDeck installers: `npm run dist` (see README).
// Test builds (NIGHTDECK_TEST_BUILD=1) keep the inspect-arguments fuse on, which
// Playwright's _electron needs to attach to the app.
const testBuild = process.env.NIGHTDECK_TEST_BUILD === '1';
const { join } = require('node:path');
const { asarUnpackRules } = require('./unpack-rules.cjs');

// What electron-builder 26 puts in a deb's Depends by default: a `depends` list replaces them,
// so they are repeated here and extended (test/unit/electron/builder-config.test.ts checks them
// against the installed electron-builder).
const DEB_DEFAULT_DEPENDS = ['libgtk-3-0', 'libnotify4', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libsecret-1-0'];
// Chromium also needs ALSA (renamed libasound2t64 on Ubuntu 24.04 / Debian 13) and GBM.
const DEB_EXTRA_DEPENDS = ['libasound2t64 | libasound2', 'libgbm1'];

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'org.nightdeck.console',
  productName: 'NightDeck',
  copyright: 'NightDeck developers',
  directories: { output: 'release', buildResources: 'build' },
  extraMetadata: { main: 'dist/electron/main.js' },
  files: [
    'dist/electron/**/*',
    'dist/native-workers/**/*',
    'dist/renderer/**/*',
    'native-workers/ts-worker-bootstrap.mjs',
    'package.json',
    '!**/*.map',
    '!**/*.ts',
  ],
  asar: true,
  // Native addons, and everything the worker threads load (they start from
  // app.asar.unpacked): see build/unpack-rules.cjs.
  asarUnpack: asarUnpackRules(join(__dirname, '..')),
  npmRebuild: true,
  fileAssociations: [
    { ext: ['fits', 'fit', 'fts', 'fz'], name: 'FITS image', description: 'FITS astronomical image', role: 'Viewer', mimeType: 'image/fits' },
  ],
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: testBuild,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
    // Flipping fuses breaks the ad-hoc signature of an unsigned arm64 build, which macOS then
    // kills at launch: re-sign it ad hoc (a real identity, when configured, signs afterwards).
    resetAdHocDarwinSignature: true,
  },
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Science',
    // `nightdeck` is the command line (bin/nightdeck.mjs); the desktop app is `nightdeck-desktop x.fits`.
    executableName: 'nightdeck-desktop',
    icon: 'build/icons',
    maintainer: 'NightDeck developers <dev@nightdeck.invalid>',
    synopsis: 'Observatory console for live and downloaded nights of FITS frames',
    desktop: { entry: { StartupWMClass: 'NightDeck', Keywords: 'astronomy;FITS;telescope;observatory;' } },
  },
  deb: { depends: [...DEB_DEFAULT_DEPENDS, ...DEB_EXTRA_DEPENDS] },
  mac: { target: ['dmg'], category: 'public.app-category.education', icon: 'build/icons/icon.png' },
  dmg: { title: 'NightDeck' },
  win: { target: ['nsis'], icon: 'build/icons/icon.png' },
  nsis: { oneClick: false, allowToChangeInstallationDirectory: true, perMachine: false },
};

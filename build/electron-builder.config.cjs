// electron-builder configuration for NightDeck installers: `npm run dist` (see README).
// Test builds (NIGHTDECK_TEST_BUILD=1) keep the inspect-arguments fuse on, which
// Playwright's _electron needs to attach to the app.
const testBuild = process.env.NIGHTDECK_TEST_BUILD === '1';

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
  // Native addons cannot load from inside the asar archive, nor can worker-thread entries
  // and sharp's libvips; keep them on disk beside it.
  asarUnpack: [
    '**/*.node',
    '**/node_modules/sharp/**/*',
    '**/node_modules/@img/**/*',
    '**/node_modules/@foxglove/wasm-bz2/**/*',
    'dist/native-workers/**/*worker*.js',
  ],
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
  },
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Science',
    icon: 'build/icons',
    maintainer: 'NightDeck developers <dev@nightdeck.invalid>',
    synopsis: 'Observatory console for live and downloaded nights of FITS frames',
    desktop: { entry: { StartupWMClass: 'NightDeck', Keywords: 'astronomy;FITS;telescope;observatory;' } },
  },
  deb: { depends: ['libnss3', 'libgtk-3-0', 'libxss1', 'libasound2'] },
  mac: { target: ['dmg'], category: 'public.app-category.education', icon: 'build/icons/icon.png' },
  dmg: { title: 'NightDeck' },
  win: { target: ['nsis'], icon: 'build/icons/icon.png' },
  nsis: { oneClick: false, allowToChangeInstallationDirectory: true, perMachine: false },
};

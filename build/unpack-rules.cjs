// Which files electron-builder keeps outside app.asar (asarUnpack), and why.
//
// A worker thread does not get Electron's asar file-system support, so the analysis workers
// start from app.asar.unpacked (see native-workers/spawn-worker.ts) and everything they load
// must be there: all of dist/native-workers, and every npm package a worker imports together
// with that package's own dependencies (resolved from app.asar.unpacked/node_modules).
const { existsSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

/** npm packages the worker threads load (native-workers: sharp for thumbnails, wasm-bz2 for .bz2). */
const WORKER_PACKAGES = ['sharp', '@foxglove/wasm-bz2'];

function packageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

/**
 * The installed packages `roots` need at run time: themselves, their dependencies and their
 * installed optional dependencies (sharp's platform binaries), sorted by name.
 */
function runtimeClosure(roots, projectDir) {
  const seen = new Map();
  const visit = (name, fromDir, optional) => {
    const dir = packageDir(name, fromDir);
    if (!dir) {
      if (optional) return;
      throw new Error(`asarUnpack: ${name} is not installed (needed by the worker threads); run npm install`);
    }
    if (seen.has(name)) return;
    seen.set(name, dir);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, dir, false);
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) visit(dep, dir, true);
  };
  for (const root of roots) visit(root, projectDir, false);
  return [...seen.keys()].sort();
}

function asarUnpackRules(projectDir) {
  return [
    // Native addons cannot be loaded from inside an archive.
    '**/*.node',
    // The worker threads' own code, whole (their imports are relative).
    'dist/native-workers/**/*',
    ...runtimeClosure(WORKER_PACKAGES, projectDir).map((name) => `**/node_modules/${name}/**/*`),
  ];
}

module.exports = { WORKER_PACKAGES, runtimeClosure, asarUnpackRules };

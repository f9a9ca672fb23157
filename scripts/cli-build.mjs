#!/usr/bin/env node
// The compiled Node code (dist/, from tsconfig.build.json) and whether it is up to date with the
// sources. A build stores a fingerprint of the sources (every file's path, size and mtime under
// electron/ and native-workers/, plus the tsconfig files and package.json) in dist/; the CLI
// launcher (bin/nightdeck.mjs) recomputes it — a few milliseconds of stat calls, no reading — and
// compiles only when it differs. Run alone (`npm run build:node`) it compiles and stamps.
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE_DIRS = ['electron', 'native-workers'];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];
const STAMP = join('dist', '.nightdeck-build-stamp');
const LOCK = join('dist', '.nightdeck-build-lock');
/** A lock older than this belongs to a build that died: take it over. */
const STALE_LOCK_MS = 10 * 60 * 1000;

export const defaultRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Whether this is a checkout that can compile itself: TypeScript sources and the compiler. */
export function canBuild(root = defaultRoot) {
  return existsSync(join(root, 'electron', 'cli', 'main.ts')) && existsSync(tscPath(root));
}

function tscPath(root) {
  return join(root, 'node_modules', 'typescript', 'bin', 'tsc');
}

/** Hash of every source file's path, size and mtime (and of each folder's, so deletions count). */
export function sourceFingerprint(root = defaultRoot) {
  const hash = createHash('sha1');
  const visit = (rel) => {
    const st = statSync(join(root, rel), { throwIfNoEntry: false });
    if (!st) return;
    hash.update(`${rel}\0${st.size}\0${st.mtimeMs}\n`);
    if (!st.isDirectory()) return;
    for (const name of readdirSync(join(root, rel)).sort()) visit(join(rel, name));
  };
  for (const rel of [...SOURCE_FILES, ...SOURCE_DIRS]) visit(rel);
  return hash.digest('hex');
}

/** The compiled CLI is there and was built from the sources as they are now. */
export function isBuildCurrent(root = defaultRoot, fingerprint = sourceFingerprint(root)) {
  if (!existsSync(join(root, 'dist', 'electron', 'cli', 'main.js'))) return false;
  try {
    return readFileSync(join(root, STAMP), 'utf8').trim() === fingerprint;
  } catch {
    return false;
  }
}

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** A lock whose owner died (killed mid-build: no `finally` ran) or that is far too old. */
function isStale(lock) {
  const st = statSync(lock, { throwIfNoEntry: false });
  if (!st) return false;
  if (Date.now() - st.mtimeMs > STALE_LOCK_MS) return true;
  let owner = 0;
  try {
    owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
  } catch {
    // not written yet, or the lock was just released
  }
  // No pid yet: its owner is between mkdir and writing it, unless that was long ago.
  if (!owner) return Date.now() - st.mtimeMs > 10_000;
  return !isAlive(owner);
}

/** One build at a time (scripts may start many CLI processes at once); waits for another's to end. */
function withBuildLock(root, fn) {
  const lock = join(root, LOCK);
  mkdirSync(dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      if (isStale(lock)) rmSync(lock, { recursive: true, force: true });
      else sleepSync(200);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Compiles dist/ unless it is current (checked again under the lock). tsc's messages go to
 * stderr so a command's stdout stays clean. Returns true when dist/ is current afterwards.
 */
export function ensureBuilt(root = defaultRoot, { force = false, quiet = false } = {}) {
  if (!force && isBuildCurrent(root)) return true;
  return withBuildLock(root, () => {
    const fingerprint = sourceFingerprint(root);
    if (!force && isBuildCurrent(root, fingerprint)) return true;
    if (!quiet) process.stderr.write('nightdeck: compiling the command line (sources changed since the last build)...\n');
    // Loaded only to build: importing child_process costs a few ms of every CLI start.
    const { spawnSync } = createRequire(import.meta.url)('node:child_process');
    const r = spawnSync(process.execPath, [tscPath(root), '-p', join(root, 'tsconfig.build.json')], {
      cwd: root,
      stdio: ['ignore', 2, 2],
    });
    if (r.status !== 0) return false;
    writeFileSync(join(root, STAMP), fingerprint + '\n');
    return true;
  });
}

const isEntry = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isEntry) {
  if (!canBuild()) {
    console.error('build:node: no TypeScript sources or compiler here (run `npm install` in a checkout)');
    process.exit(1);
  }
  process.exit(ensureBuilt(defaultRoot, { force: true, quiet: true }) ? 0 : 1);
}

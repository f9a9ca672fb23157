/**
 * The packaged desktop app's worker threads, without Electron: the compiled dist/ is laid out
 * as electron-builder would lay it out (resources/app.asar + resources/app.asar.unpacked, the
 * split given by the real asarUnpack rules), the pool is loaded from inside "app.asar" by a
 * plain Node, and the archive is then sealed away (renamed): whatever a worker thread loads
 * must come from app.asar.unpacked. The workers decode a .fits.bz2 (wasm-bz2 in a nested
 * thread) and render a JPEG thumbnail (sharp + libvips), so their imports are all exercised.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { compressWithTool, makeFitsImage, writeBytes } from '../../helpers/sources/fits-fixture.js';
import { makeTempDir } from '../../helpers/tmp.js';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../../..', import.meta.url));
const { runtimeClosure } = require('../../../build/unpack-rules.cjs') as { runtimeClosure(roots: string[], dir: string): string[] };
const configPath = require.resolve('../../../build/electron-builder.config.cjs');
const config = require(configPath) as { asarUnpack: string[] };
// The glob matcher electron-builder itself uses for asarUnpack.
const { minimatch } = createRequire(require.resolve('app-builder-lib/package.json'))('minimatch') as typeof import('minimatch');

function filesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) filesUnder(path, out);
    else out.push(path);
  }
  return out;
}

const toPosix = (p: string) => p.split(sep).join('/');
const unpacked = (rules: readonly string[], rel: string) => rules.some((rule) => minimatch(toPosix(rel), rule, { dot: true }));

/** The compiled native-workers, module for module (what `tsc -p tsconfig.build.json` emits). */
async function compileWorkers(appDir: string): Promise<void> {
  const sources = filesUnder(join(root, 'native-workers')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts'));
  await build({ entryPoints: sources, outbase: root, outdir: join(appDir, 'dist'), format: 'esm', platform: 'node', target: 'node20', logLevel: 'error' });
}

/**
 * resources/app.asar/ stands in for the archive (everything, as Electron's fs shows it) and
 * resources/app.asar.unpacked/ holds only what the rules unpack.
 */
function layOut(appDir: string, resources: string, rules: readonly string[]): void {
  const asar = join(resources, 'app.asar');
  const asarUnpacked = join(resources, 'app.asar.unpacked');
  for (const file of filesUnder(join(appDir, 'dist'))) {
    const rel = relative(appDir, file);
    cpSync(file, join(asar, rel));
    if (unpacked(rules, rel)) cpSync(file, join(asarUnpacked, rel));
  }
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  // Production packages whose directory the rules unpack go to app.asar.unpacked/node_modules
  // (the archive's own node_modules is not needed: the pool's main-thread code imports none).
  for (const name of runtimeClosure(Object.keys(pkg.dependencies), root)) {
    const rel = join('node_modules', name);
    if (unpacked(rules, join(rel, 'package.json'))) cpSync(join(root, rel), join(asarUnpacked, rel), { recursive: true, dereference: true });
  }
}

const RUNNER = `
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
const [resources, plain, bz2] = process.argv.slice(2);
const { AnalysisPool } = await import(pathToFileURL(join(resources, 'app.asar', 'dist', 'native-workers', 'pool.js')).href);
// Seal the archive: from here on nothing can be read from inside it.
renameSync(join(resources, 'app.asar'), join(resources, 'app.asar.sealed'));
const pool = new AnalysisPool({ size: 1 });
try {
  const stats = await pool.run('statistics', { path: bz2 }, {});
  const thumb = await pool.run('thumbnail', { path: plain }, { width: 16 });
  console.log(JSON.stringify({ mean: stats.mean, jpeg: thumb[0] === 0xff && thumb[1] === 0xd8 && thumb[2] === 0xff }));
} catch (err) {
  console.log(JSON.stringify({ error: err.code + ': ' + err.message }));
} finally {
  await pool.close();
}
`;

async function runPackaged(rules: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const tmp = makeTempDir('nightdeck-asar-');
  try {
    const appDir = join(tmp.dir, 'app');
    mkdirSync(appDir);
    await compileWorkers(appDir);
    // A path with a space, as "Program Files" or "Application Support" have.
    const resources = join(tmp.dir, 'Night Deck', 'resources');
    layOut(appDir, resources, rules);
    const plain = join(tmp.dir, 'ramp.fits');
    writeBytes(plain, makeFitsImage({ width: 8, height: 6, pixel: (x, y) => x + 10 * y }).bytes);
    compressWithTool(plain, 'bzip2');
    const runner = join(tmp.dir, 'runner.mjs');
    writeFileSync(runner, RUNNER);
    const r = spawnSync(process.execPath, [runner, resources, plain, `${plain}.bz2`], { encoding: 'utf8', timeout: 120_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  } finally {
    tmp.cleanup();
  }
}

test('the packaged layout starts the analysis workers from app.asar.unpacked, with sharp and wasm-bz2', async () => {
  const r = await runPackaged(config.asarUnpack);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  assert.equal(out.error, undefined, out.error);
  assert.equal(out.mean, 3.5 + 10 * 2.5, 'statistics of the decoded .bz2 frame');
  assert.equal(out.jpeg, true, 'sharp rendered a JPEG inside the worker');
});

test('the former rule (only *worker*.js unpacked) cannot start a worker once the archive is sealed', async () => {
  const former = ['**/*.node', '**/node_modules/sharp/**/*', '**/node_modules/@img/**/*', '**/node_modules/@foxglove/wasm-bz2/**/*', 'dist/native-workers/**/*worker*.js'];
  const r = await runPackaged(former);
  const out = r.stdout.trim() ? JSON.parse(r.stdout.trim().split('\n').pop()!) : { error: r.stderr };
  assert.match(String(out.error), /Cannot find module .*app\.asar\.unpacked/, 'the workers fail: their imports stayed in the archive');
});

test('the unpack rules cover the worker code and the run-time closure of the packages the workers import', () => {
  for (const rel of ['dist/native-workers/worker.js', 'dist/native-workers/fits/bzip2/pool.js', 'node_modules/sharp/lib/index.js',
    'node_modules/detect-libc/package.json', 'node_modules/semver/index.js', 'node_modules/@foxglove/wasm-bz2/wasm/module.wasm', 'node_modules/tslib/tslib.js']) {
    assert.ok(unpacked(config.asarUnpack, rel), rel);
  }
  assert.equal(unpacked(config.asarUnpack, 'dist/electron/main.js'), false, 'the main process stays in the archive');
  assert.equal(unpacked(config.asarUnpack, 'node_modules/zod/index.js'), false);
  assert.ok(existsSync(join(dirname(configPath), 'unpack-rules.cjs')));
});

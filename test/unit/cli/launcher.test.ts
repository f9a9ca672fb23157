/**
 * How `nightdeck` starts: bin/nightdeck.mjs runs the compiled CLI and compiles dist/ first only
 * when the sources changed (checked on a small throwaway project, so each step is a fast tsc run);
 * the real dist/ runs the analysis pool's worker threads; --version / -V print the version.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir } from '../../helpers/tmp.js';
import { writeFitsFile } from '../../../native-workers/fits/index.js';
import { generateSyntheticFrame } from '../../../native-workers/analysis/synthetic.js';
import { computeStatistics } from '../../../native-workers/analysis/statistics.js';
import { loadImage } from '../../../native-workers/fits/file.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const version = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version;
const temps: (() => void)[] = [];
after(() => temps.forEach((c) => c()));

const COMPILING = /nightdeck: compiling the command line/;

describe('nightdeck --version', () => {
  test('--version and -V print the version; help lists them', () => {
    for (const flag of ['--version', '-V']) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', flag], { cwd: repo, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, `${version}\n`);
    }
    const help = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', 'help'], { cwd: repo, encoding: 'utf8' });
    assert.match(help.stdout, /nightdeck --version \| -V\s+prints the version/);
  });
});

describe('bin/nightdeck.mjs on a checkout', () => {
  /** A throwaway checkout: the real launcher and build script, a one-file CLI, the real compiler. */
  function fakeCheckout(): { root: string; run: (...args: string[]) => ReturnType<typeof spawnSync>; writeMain: (body: string, mtimeS: number) => void } {
    const tmp = makeTempDir('nightdeck-launcher-');
    temps.push(tmp.cleanup);
    const root = tmp.dir;
    for (const dir of ['bin', 'scripts', 'electron/cli', 'native-workers']) mkdirSync(join(root, dir), { recursive: true });
    copyFileSync(join(repo, 'bin/nightdeck.mjs'), join(root, 'bin/nightdeck.mjs'));
    copyFileSync(join(repo, 'scripts/cli-build.mjs'), join(root, 'scripts/cli-build.mjs'));
    symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'launcher-check', version: '0.0.1', type: 'module' }));
    writeFileSync(
      join(root, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, types: ['node'], outDir: 'dist', rootDir: '.' } }),
    );
    writeFileSync(join(root, 'tsconfig.build.json'), JSON.stringify({ extends: './tsconfig.json', include: ['electron/**/*.ts', 'native-workers/**/*.ts'] }));
    const writeMain = (body: string, mtimeS: number) => {
      const path = join(root, 'electron/cli/main.ts');
      writeFileSync(path, body);
      utimesSync(path, mtimeS, mtimeS); // distinct mtimes whatever the file system's resolution
    };
    const run = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin/nightdeck.mjs'), ...args], { cwd: root, encoding: 'utf8' });
    return { root, run, writeMain };
  }

  const cliSource = (tag: string) =>
    `export async function main(argv: string[]): Promise<number> {\n  process.stdout.write('${tag} ' + argv.join(' ') + '\\n');\n  return argv.length;\n}\n`;

  test('compiles when dist/ is missing or older than the sources, and only then', () => {
    const { root, run, writeMain } = fakeCheckout();
    writeMain(cliSource('v1'), 1_700_000_000);
    const first = run('a', 'b');
    assert.match(first.stderr as string, COMPILING);
    assert.equal(first.stdout, 'v1 a b\n', 'stdout is the command output alone');
    assert.equal(first.status, 2, 'the exit status is the command’s');

    const second = run('c');
    assert.doesNotMatch(second.stderr as string, COMPILING, 'dist/ is current: no compilation');
    assert.equal(second.stdout, 'v1 c\n');

    writeMain(cliSource('v2'), 1_700_000_100);
    const edited = run('d');
    assert.match(edited.stderr as string, COMPILING);
    assert.equal(edited.stdout, 'v2 d\n');

    writeFileSync(join(root, 'native-workers/extra.ts'), 'export const extra = 1;\n');
    assert.match(run().stderr as string, COMPILING, 'a new source file counts');
    rmSync(join(root, 'native-workers/extra.ts'));
    assert.match(run().stderr as string, COMPILING, 'a deleted one too');
    assert.doesNotMatch(run().stderr as string, COMPILING);

    rmSync(join(root, 'dist/electron'), { recursive: true });
    const rebuilt = run('e');
    assert.match(rebuilt.stderr as string, COMPILING, 'a missing dist/ is rebuilt even with a stamp');
    assert.equal(rebuilt.stdout, 'v2 e\n');
  });

  test('a build lock left by a launcher killed mid-build does not block the next one', () => {
    const { root, run, writeMain } = fakeCheckout();
    writeMain(cliSource('v1'), 1_700_000_000);
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    mkdirSync(join(root, 'dist/.nightdeck-build-lock'), { recursive: true });
    writeFileSync(join(root, 'dist/.nightdeck-build-lock/pid'), gone.stdout); // a process that has exited
    const r = run('z');
    assert.match(r.stderr as string, COMPILING);
    assert.equal(r.stdout, 'v1 z\n');
  });

  test('a source that does not compile is a BUILD_FAILED error, not a stale run', () => {
    const { run, writeMain } = fakeCheckout();
    writeMain(cliSource('ok'), 1_700_000_000);
    assert.equal(run().stdout, 'ok \n');
    writeMain(`${cliSource('broken')}const n: number = 'not a number';\n`, 1_700_000_200);
    const r = run('x');
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr as string, /^BUILD_FAILED: the command line did not compile/m);
    assert.match(r.stderr as string, /TS2322/, 'the compiler says why');
  });

  test('NIGHTDECK_CLI_TSX=1 runs the sources through tsx without building', () => {
    const { root, writeMain } = fakeCheckout();
    writeMain(cliSource('tsx'), 1_700_000_000);
    const r = spawnSync(process.execPath, [join(root, 'bin/nightdeck.mjs'), 'y'], { cwd: root, encoding: 'utf8', env: { ...process.env, NIGHTDECK_CLI_TSX: '1' } });
    assert.equal(r.stdout, 'tsx y\n');
    assert.doesNotMatch(r.stderr, COMPILING);
  });
});

describe('the compiled CLI of this checkout', () => {
  test('bin/nightdeck.mjs (built when needed) prints the version and runs the pool’s worker threads from dist/', async () => {
    const tmp = makeTempDir('nightdeck-dist-');
    temps.push(tmp.cleanup);
    const version1 = spawnSync(process.execPath, ['bin/nightdeck.mjs', '--version'], { cwd: repo, encoding: 'utf8' });
    assert.equal(version1.status, 0, version1.stderr);
    assert.equal(version1.stdout, `${version}\n`);
    assert.equal(spawnSync(process.execPath, ['bin/nightdeck.mjs', '-V'], { cwd: repo, encoding: 'utf8' }).stdout, `${version}\n`);

    const f = generateSyntheticFrame({ width: 200, height: 150, seed: 7, stars: 6 });
    const path = join(tmp.dir, 'frame.fits');
    await writeFitsFile(path, [{ image: { pixels: f.pixels, shape: [200, 150], bitpix: 16 }, cards: f.cards }]);
    // The pool's worker entry is a file URL next to pool.js: in dist/ it must be worker.js.
    const script = `
      const { AnalysisPool } = await import(${JSON.stringify(join(repo, 'dist/native-workers/pool.js'))});
      const pool = new AnalysisPool({ size: 1 });
      const stats = await pool.run('statistics', { path: ${JSON.stringify(path)} }, {});
      await pool.close();
      process.stdout.write(JSON.stringify(stats));`;
    // A script file, not --eval: worker threads inherit the parent's execArgv.
    writeFileSync(join(tmp.dir, 'pool-from-dist.mjs'), script);
    const r = spawnSync(process.execPath, [join(tmp.dir, 'pool-from-dist.mjs')], { cwd: tmp.dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const fromDist = JSON.parse(r.stdout) as Record<string, number>;
    const expected = computeStatistics(await loadImage(path));
    for (const key of ['mean', 'median', 'min', 'max', 'std', 'count'] as const) assert.equal(fromDist[key], expected[key], key);
  });

  test('serve on Linux runs the host with a fixed malloc mmap threshold and stops on SIGTERM to the launcher', { skip: process.platform !== 'linux' }, async () => {
    const tmp = makeTempDir('nightdeck-serve-launcher-');
    temps.push(tmp.cleanup);
    const env: NodeJS.ProcessEnv = { ...process.env, NIGHTDECK_HOME: tmp.dir, NIGHTDECK_LOG_LEVEL: 'warn' };
    delete env.GLIBC_TUNABLES;
    delete env.NIGHTDECK_MALLOC_TUNED;
    const launcher = spawn(process.execPath, ['bin/nightdeck.mjs', 'serve', '--port', '0', '--folder', tmp.dir], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    launcher.stdout!.on('data', (d) => (out += String(d)));
    launcher.stderr!.on('data', (d) => (out += String(d)));
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      launcher.stdout!.on('data', () => /NightDeck serving on http/.test(out) && resolve());
      launcher.once('exit', () => reject(new Error(`serve ended before serving:\n${out}`)));
    });
    const hostPids = readdirSync(`/proc/${launcher.pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${launcher.pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean),
    );
    assert.equal(hostPids.length, 1, 'the launcher started one host process');
    const hostEnv = readFileSync(`/proc/${hostPids[0]}/environ`, 'utf8').split('\0');
    assert.ok(hostEnv.includes('GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072'), hostEnv.filter((v) => v.startsWith('GLIBC')).join());
    launcher.kill('SIGTERM');
    assert.equal(await exited, 0, out);
    assert.match(out, /SIGTERM: shutting down/);
  });
});

#!/usr/bin/env node
// The `nightdeck` command (also `npm run cli --` and `npm run serve` in a checkout). It always runs
// the compiled CLI in dist/: in a checkout it first checks that dist/ is up to date with the
// sources (a fingerprint of their sizes and mtimes, see scripts/cli-build.mjs) and compiles when
// it is not; an installed package just runs its dist/. Compiling TypeScript at every start (tsx)
// cost about 600 ms per call, so tsx is for development only: NIGHTDECK_CLI_TSX=1 runs the
// sources through it.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

/**
 * `serve` runs for whole nights. With glibc, once a freed buffer of a few MB (a decoded frame, a
 * preview) has raised malloc's dynamic mmap threshold, later ones come from malloc's heaps and
 * freed memory stays in the process: the host's RSS crept up by hundreds of MB over a live night.
 * A fixed threshold keeps such buffers on mmap, handed back to the system when freed. glibc reads
 * it only when a process starts, so the launcher starts the host once more with it set.
 */
const MALLOC_TUNABLE = 'glibc.malloc.mmap_threshold=131072';

function wantsMallocTuning(argv, env) {
  if (argv[0] !== 'serve' || process.platform !== 'linux') return false;
  if (env.NIGHTDECK_MALLOC_TUNED === '1' || env.MALLOC_MMAP_THRESHOLD_ !== undefined) return false;
  if ((env.GLIBC_TUNABLES ?? '').includes('glibc.malloc.mmap_threshold')) return false;
  return Boolean(process.report?.getReport().header.glibcVersionRuntime);
}

/** Runs this launcher again with the tunable set; signals are passed on, its exit status is ours. */
async function runMallocTuned() {
  const { spawn } = await import('node:child_process');
  const { constants } = await import('node:os');
  const env = {
    ...process.env,
    NIGHTDECK_MALLOC_TUNED: '1',
    GLIBC_TUNABLES: process.env.GLIBC_TUNABLES ? `${process.env.GLIBC_TUNABLES}:${MALLOC_TUNABLE}` : MALLOC_TUNABLE,
  };
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (err) => {
    process.stderr.write(`ERROR: cannot start the host: ${err.message}\n`);
    process.exitCode = 1;
  });
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? 128 + (constants.signals[signal] ?? 0);
  });
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'electron', 'cli', 'main.js');
const sources = join(root, 'electron', 'cli', 'main.ts');

async function loadMain() {
  if (process.env.NIGHTDECK_CLI_TSX === '1' && existsSync(sources)) {
    const { register } = await import('tsx/esm/api');
    register();
    return (await import(pathToFileURL(sources).href)).main;
  }
  const buildScript = join(root, 'scripts', 'cli-build.mjs');
  if (existsSync(buildScript)) {
    const { canBuild, ensureBuilt } = await import(pathToFileURL(buildScript).href);
    if (canBuild(root) && !ensureBuilt(root)) {
      process.stderr.write('BUILD_FAILED: the command line did not compile (tsc output above); NIGHTDECK_CLI_TSX=1 runs the sources through tsx\n');
      process.exit(1);
    }
  }
  if (!existsSync(compiled)) {
    process.stderr.write(`NOT_BUILT: ${compiled} is missing and cannot be compiled here (run \`npm install\` and \`npm run build:node\`)\n`);
    process.exit(1);
  }
  return (await import(pathToFileURL(compiled).href)).main;
}

if (wantsMallocTuning(process.argv.slice(2), process.env)) {
  await runMallocTuned();
} else {
  const main = await loadMain();
  process.exitCode = await main(process.argv.slice(2));
}

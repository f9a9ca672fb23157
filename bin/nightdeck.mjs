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

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));

/**
 * The command line as the README tells people to run it, whole process and wall time:
 * - `npm run -s cli -- --version` (goal ≤ 250 ms), next to `npm run -s` of a script that only
 *   starts node (the floor npm and node set) and `node bin/nightdeck.mjs --version` vs `node -e 0`;
 * - `npm run -s cli -- stats FILE --json` on a 4096² 16-bit .fits next to astropy + numpy + scipy
 *   doing the same in one Python process (goal ≤ 0.2×), and `bin/nightdeck.mjs stats` (what an installed
 *   or `npm link`ed `nightdeck` runs) without npm's own start-up.
 * dist/ is brought up to date first, so no row times a compilation.
 * Runnable alone: `npx tsx test/bench/cli-bench.ts`.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './bench-types.js';
import { row } from './timing.js';
import { makeTempDir } from '../helpers/tmp.js';
import { runPython } from '../helpers/python.js';
import { makeFrame } from '../unit/analysis/kernel-fixtures.js';
import { PYTHON_STATS_PROCESS } from './analysis-bench.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const SIDE = 4096;

/** Best wall time of `repeat` runs of a child process (after one unmeasured run), in ms. */
function processMs(cmd: string, args: string[], repeat: number, cwd = root): number {
  let best = Infinity;
  for (let i = 0; i <= repeat; i++) {
    const t = performance.now();
    const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const ms = performance.now() - t;
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
    if (i > 0) best = Math.min(best, ms);
  }
  return best;
}

export async function benchCli(): Promise<BenchRow[]> {
  const { ensureBuilt } = (await import(new URL('../../scripts/cli-build.mjs', import.meta.url).href)) as {
    ensureBuilt: (root?: string) => boolean;
  };
  if (!ensureBuilt(root)) throw new Error('the CLI did not compile');
  const tmp = makeTempDir('nightdeck-cli-bench-');
  try {
    // A package whose only script starts node: what any `npm run -s` of a node CLI costs at least.
    const floor = join(tmp.dir, 'floor');
    spawnSync('mkdir', ['-p', floor]);
    writeFileSync(join(floor, 'package.json'), JSON.stringify({ name: 'floor', version: '1.0.0', private: true, scripts: { noop: 'node -e 0' } }));
    const rows: BenchRow[] = [];
    const npmVersion = processMs('npm', ['run', '-s', 'cli', '--', '--version'], 7);
    rows.push(row('cli: npm run -s cli -- --version (wall)', npmVersion, 'npm run -s of `node -e 0`', processMs('npm', ['run', '-s', 'noop'], 7, floor), '≤ 250 ms'));
    rows.push(row('cli: node bin/nightdeck.mjs --version (wall)', processMs(process.execPath, ['bin/nightdeck.mjs', '--version'], 7), 'node -e 0', processMs(process.execPath, ['-e', '0'], 7)));

    const raw = join(tmp.dir, 'frame.u16');
    const fits = join(tmp.dir, 'frame.fits');
    const pixels = makeFrame('uint16', SIDE, SIDE, 1, { sky: 1000, noise: 20, stars: 300, hot: 500 });
    writeFileSync(raw, Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength));
    runPython(
      `import json, sys\nimport numpy as np\nfrom astropy.io import fits\nd = json.load(sys.stdin)\n` +
        `fits.PrimaryHDU(np.fromfile(d['raw'], dtype='uint16').reshape(${SIDE}, ${SIDE})).writeto(d['fits'])\nprint('null')`,
      { raw, fits },
      300_000,
    );
    const ours = processMs('npm', ['run', '-s', 'cli', '--', 'stats', fits, '--json'], 3);
    const ref = processMs('/usr/bin/python3', ['-c', PYTHON_STATS_PROCESS, fits], 3);
    rows.push(row('cli: npm run -s cli -- stats .fits 4096² u16 --json (whole process)', ours, 'python astropy+numpy+scipy', ref, '≤ 0.2×'));
    // The same without npm's own start-up: `nightdeck` once installed or linked, or ./bin/nightdeck.mjs.
    const direct = processMs(process.execPath, ['bin/nightdeck.mjs', 'stats', fits, '--json'], 3);
    rows.push(row('cli: bin/nightdeck.mjs stats .fits 4096² u16 --json (whole process)', direct, 'python astropy+numpy+scipy', ref, '≤ 0.2×'));
    return rows;
  } finally {
    tmp.cleanup();
  }
}

const isEntry = process.argv[1] && /cli-bench\.(ts|js)$/.test(process.argv[1]);
if (isEntry) {
  const { formatTable } = await import('./run.js');
  console.log(formatTable(await benchCli()));
}

/**
 * Analysis kernels on a 4096×4096 uint16 frame and a float32 frame, next to
 * numpy/scipy/skimage timed in the same run on the same pixels (inside one
 * Python process, as QuickAnalysis computes them). Run alone:
 * `npx tsx test/bench/analysis-bench.ts` prints the table.
 */
import { writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './bench-types.js';
import { passHelpers } from '../../native-workers/pass-helpers.js';
import { bestOf, bestOfAsync, inSharedMemory, row } from './timing.js';
import { computeStatistics, computeStatisticsAsync } from '../../native-workers/analysis/statistics.js';
import { clippedHistogramAsync, clippedHistogramCounts, clippedHistogramCountsAsync } from '../../native-workers/analysis/histogram.js';
import { lineProfile } from '../../native-workers/analysis/profile.js';
import { stretchLimits } from '../../native-workers/analysis/stretch.js';
import type { PixelView } from '../../native-workers/analysis/types.js';
import { makeFrame } from '../unit/analysis/kernel-fixtures.js';
import { runPython } from '../helpers/python.js';
import { makeTempDir } from '../helpers/tmp.js';

const SIDE = 4096;
/**
 * Warm-up calls before timing work shared with helper threads: the steady state of a worker
 * that analyses frame after frame. The first calls in a fresh worker take up to 2× longer.
 */
const THREAD_WARMUPS = 3;

const PYTHON_TIMING = `
import json, sys, time, warnings
import numpy as np
from scipy import stats
from skimage.measure import profile_line
from astropy.visualization import ZScaleInterval
warnings.simplefilter('ignore')
inp = json.load(sys.stdin)
def best(f, repeat):
    t = []
    for _ in range(repeat):
        s = time.perf_counter(); f(); t.append((time.perf_counter() - s) * 1000)
    return min(t)
def all_stats(a):
    np.median(a); np.mean(a); stats.mode(a.ravel(), keepdims=False); np.std(a)
    stats.median_abs_deviation(a.ravel()); np.min(a); np.max(a)
def clipped(a, clip=0.001):
    v = a.ravel(); p = clip * 100
    low, high = np.percentile(v, p), np.percentile(v, 100 - p)
    for size in range(1, 20):
        q, _ = divmod(high - low, size)
        if q + 1 < 5000: break
    np.histogram(v, bins=np.arange(low, low + (q + 1) * size + 1, size))
out = {}
for key, path, dtype in inp['frames']:
    a = np.fromfile(path, dtype=dtype).reshape(${SIDE}, ${SIDE})
    n = ${SIDE} - 1
    out[key] = dict(
        stats=best(lambda: all_stats(a), inp['repeat']),
        histogram=best(lambda: clipped(a), inp['repeat']),
        profile=best(lambda: profile_line(a, (0, 0), (n, n), order=1, mode='constant', cval=-1), 3),
        zscale=best(lambda: ZScaleInterval().get_limits(a), 3),
    )
print(json.dumps(out))
`;

// The whole QuickAnalysis /statistics job in one Python process: open the file, decode, 7 statistics.
export const PYTHON_STATS_PROCESS = `
import sys, json
import numpy as np
from astropy.io import fits
from scipy import stats
a = fits.getdata(sys.argv[1])
print(json.dumps(dict(median=float(np.median(a)), mean=float(np.mean(a)), mode=float(stats.mode(a.ravel(), keepdims=False).mode),
                      min=float(np.min(a)), max=float(np.max(a)), std=float(np.std(a)), mad=float(stats.median_abs_deviation(a.ravel())))))
`;

/** Wall time of a child process (best of `repeat`). */
function processTime(cmd: string, args: string[], repeat: number): number {
  let min = Infinity;
  for (let i = 0; i < repeat; i++) {
    const t = performance.now();
    const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const ms = performance.now() - t;
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
    min = Math.min(min, ms);
  }
  return min;
}

/** `nightdeck stats FILE --json` as a whole process vs Python doing the same, for .fits, .fz and .bz2. */
function wholeProcessRows(dir: string, rawPath: string): BenchRow[] {
  const fitsPath = join(dir, 'frame.fits');
  runPython(
    `import json, sys, subprocess\nimport numpy as np\nfrom astropy.io import fits\nd = json.load(sys.stdin)\n` +
      `fits.PrimaryHDU(np.fromfile(d['raw'], dtype='uint16').reshape(${SIDE}, ${SIDE})).writeto(d['fits'])\n` +
      `subprocess.run(['fpack', '-r', '-O', d['fits'] + '.fz', d['fits']], check=True)\n` +
      `subprocess.run(['sh', '-c', 'bzip2 -k -c ' + d['fits'] + ' > ' + d['fits'] + '.bz2'], check=True)\nprint('null')`,
    { raw: rawPath, fits: fitsPath },
    300_000,
  );
  const root = fileURLToPath(new URL('../../', import.meta.url));
  // Time the CLI as installed (`nightdeck` runs the compiled dist/), not tsx compiling sources at start.
  const build = spawnSync('npm', ['run', '-s', 'build:node'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build:node failed: cannot time the compiled CLI');
  const compiledCli = join(root, 'dist/electron/cli/main.js');
  const goals: Record<string, string> = { '': '≤ 0.2×', '.fz': '≤ 0.2×', '.bz2': '≤ 0.5×' };
  return Object.entries(goals).map(([ext, goal]) => {
    const file = fitsPath + ext;
    const ours = processTime(process.execPath, [compiledCli, 'stats', file, '--json'], 2);
    const ref = processTime('/usr/bin/python3', ['-c', PYTHON_STATS_PROCESS, file], 2);
    return row(`analysis: nightdeck stats process (compiled CLI) .fits${ext} 4096² u16`, ours, 'python astropy+numpy+scipy', ref, goal);
  });
}





export async function benchAnalysis(): Promise<BenchRow[]> {
  const tmp = makeTempDir('nightdeck-analysis-bench-');
  try {
    // In shared memory, as the analysis workers hold decoded frames (worker-fits.ts).
    const frames: [string, PixelView, string][] = [
      ['uint16', { pixels: inSharedMemory(makeFrame('uint16', SIDE, SIDE, 1, { sky: 1000, noise: 20, stars: 300, hot: 500 })), width: SIDE, height: SIDE }, 'uint16'],
      ['float32', { pixels: inSharedMemory(makeFrame('float32', SIDE, SIDE, 2, { sky: 1000, noise: 20, stars: 300, hot: 500 })), width: SIDE, height: SIDE }, 'float32'],
    ];
    const pyFrames = frames.map(([key, view, dtype]) => {
      const path = join(tmp.dir, `${key}.raw`);
      writeFileSync(path, Buffer.from(view.pixels.buffer, view.pixels.byteOffset, view.pixels.byteLength));
      return [key, path, dtype];
    });
    const py = runPython<Record<string, { stats: number; histogram: number; profile: number; zscale: number }>>(
      PYTHON_TIMING,
      { frames: pyFrames, repeat: 2 },
      600_000,
    );
    const rows: BenchRow[] = [];
    const end = { x: SIDE - 1, y: SIDE - 1 };
    for (const [key, view] of frames) {
      const ref = py[key]!;
      // As an analysis worker computes them: helper threads share the pixel pass of 32-bit frames.
      rows.push(row(`analysis: all statistics ${key} 4096²`, await bestOfAsync(() => computeStatisticsAsync(view, undefined, { helpers: passHelpers() }), 5, THREAD_WARMUPS), 'numpy/scipy 7 stats', ref.stats, '≤ 0.05×'));
      rows.push(row(`analysis: all statistics ${key} 4096² one thread`, bestOf(() => computeStatistics(view), 3), 'numpy/scipy 7 stats', ref.stats));
      // Counts and edges, as the numpy recipe computes (the API's histogram adds five statistics).
      rows.push(row(`analysis: clipped histogram ${key} 4096²`, await bestOfAsync(() => clippedHistogramCountsAsync(view, 0.001, undefined, { helpers: passHelpers() }), 5, THREAD_WARMUPS), 'numpy recipe', ref.histogram, '≤ 0.05×'));
      rows.push(row(`analysis: clipped histogram ${key} 4096² one thread`, bestOf(() => clippedHistogramCounts(view, 0.001), 3), 'numpy recipe', ref.histogram));
      rows.push(row(`analysis: clipped histogram + 5 stats ${key} 4096²`, await bestOfAsync(() => clippedHistogramAsync(view, 0.001, undefined, { helpers: passHelpers() }), 5, THREAD_WARMUPS), 'numpy recipe', ref.histogram));
      rows.push(row(`analysis: profile diagonal ${key} 4096²`, bestOf(() => lineProfile(view, { x: 0, y: 0 }, end), 5), 'skimage profile_line', ref.profile, '≤ 5 ms'));
      rows.push(row(`analysis: zscale limits ${key} 4096²`, bestOf(() => stretchLimits(view, { kind: 'zscale' }), 3), 'astropy ZScaleInterval', ref.zscale));
    }
    try {
      rows.push(...wholeProcessRows(tmp.dir, pyFrames[0]![1]!));
    } catch (err) {
      console.error(`analysis bench: whole-process rows skipped: ${(err as Error).message.split('\n')[0]}`);
    }
    return rows;
  } finally {
    tmp.cleanup();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rows = await benchAnalysis();
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(`${pad('name', 44)} ${pad('ours ms', 9)} ${pad('reference', 24)} ${pad('ref ms', 9)} ${pad('ratio', 7)} goal`);
  for (const r of rows) {
    console.log(`${pad(r.name, 44)} ${pad(r.ours_ms.toFixed(1), 9)} ${pad(r.reference, 24)} ${pad(r.reference_ms.toFixed(1), 9)} ${pad(r.ratio.toFixed(3), 7)} ${r.goal ?? ''}`);
  }
}

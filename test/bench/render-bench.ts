/**
 * Rendering and frame quality on decoded 4096×4096 uint16 and float32 synthetic frames, next to
 * Python doing the same job in the same run on the same pixels:
 *  - 512-px thumbnail: ours = area-average + zscale + JPEG (sharp); Python = skimage
 *    downscale_local_mean + astropy ZScaleInterval + Pillow JPEG;
 *  - preview binning ×8: ours binImage; Python numpy reshape-mean;
 *  - frame quality: ours measureQuality (background, detection, FWHM); Python astropy
 *    sigma_clipped_stats alone (only the background step of the same job).
 *  - the same statistics through the worker pool, warm (frame cached), against a direct call.
 * Run alone: `npx tsx test/bench/render-bench.ts`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './bench-types.js';
import type { PixelView } from '../../native-workers/analysis/types.js';
import type { Card } from '../../native-workers/fits/index.js';
import { passHelpers } from '../../native-workers/pass-helpers.js';
import { bestOfAsync, inSharedMemory, row } from './timing.js';
import { generateSyntheticFrame } from '../../native-workers/analysis/synthetic.js';
import { makeThumbnail } from '../../native-workers/analysis/thumbnail.js';
import { binImageAsync } from '../../native-workers/analysis/render.js';
import { measureQuality } from '../../native-workers/analysis/quality.js';
import { computeStatistics } from '../../native-workers/analysis/statistics.js';
import { AnalysisPool } from '../../native-workers/pool.js';
import { writeFitsFile } from '../../native-workers/fits/index.js';
import { runPython } from '../helpers/python.js';
import { makeTempDir } from '../helpers/tmp.js';

const SIDE = 4096;

const PYTHON_TIMING = `
import io, json, sys, time, warnings
import numpy as np
from skimage.transform import downscale_local_mean
from astropy.visualization import ZScaleInterval
from astropy.stats import sigma_clipped_stats
from PIL import Image
warnings.simplefilter('ignore')
inp = json.load(sys.stdin)
def best(f, repeat):
    t = []
    for _ in range(repeat):
        s = time.perf_counter(); f(); t.append((time.perf_counter() - s) * 1000)
    return min(t)
a = np.fromfile(inp['path'], dtype=inp['dtype']).reshape(${SIDE}, ${SIDE})
def thumb():
    small = downscale_local_mean(a, (8, 8))
    lo, hi = ZScaleInterval().get_limits(small)
    g = np.clip((small - lo) / (hi - lo), 0, 1)[::-1] * 255
    Image.fromarray(g.astype(np.uint8)).save(io.BytesIO(), format='JPEG', quality=80)
print(json.dumps(dict(
    thumbnail=best(thumb, inp['repeat']),
    bin8=best(lambda: a.reshape(${SIDE} // 8, 8, ${SIDE} // 8, 8).mean(axis=(1, 3)), inp['repeat']),
    clipped=best(lambda: sigma_clipped_stats(a, sigma=3, maxiters=5), 2),
)))
`;



/** Thumbnail, binning and quality rows for one synthetic frame (16 = uint16, −32 = float32). */
async function frameRows(dir: string, bitpix: 16 | -32): Promise<{ rows: BenchRow[]; view: PixelView; cards: Card[] }> {
  const frame = generateSyntheticFrame({ width: SIDE, height: SIDE, seed: 1, stars: 800, saturatedStars: 10, hotPixels: 500, bitpix });
  // In shared memory, as the analysis workers hold decoded frames (worker-fits.ts).
  const view: PixelView = { pixels: inSharedMemory(frame.pixels), width: SIDE, height: SIDE };
  const dtype = bitpix === 16 ? 'uint16' : 'float32';
  const raw = join(dir, `frame-${dtype}.raw`);
  writeFileSync(raw, Buffer.from(frame.pixels.buffer, frame.pixels.byteOffset, frame.pixels.byteLength));
  const py = runPython<{ thumbnail: number; bin8: number; clipped: number }>(PYTHON_TIMING, { path: raw, dtype, repeat: 3 }, 600_000);
  const rows = [
    row(`render: 512-px JPEG thumbnail of 4096² ${dtype}`, await bestOfAsync(() => makeThumbnail(view, { width: 512 }, { helpers: passHelpers() }), 5), 'skimage+astropy+Pillow', py.thumbnail, '≤ 60 ms'),
    row(`render: preview bin ×8 of 4096² ${dtype}`, await bestOfAsync(() => binImageAsync(view, 8, undefined, { helpers: passHelpers() }), 5), 'numpy reshape-mean', py.bin8),
    row(`quality: background+stars+FWHM 4096² ${dtype}`, await bestOfAsync(() => measureQuality(view), 5), 'astropy sigma_clipped_stats', py.clipped, '≤ 300 ms'),
  ];
  return { rows, view, cards: frame.cards };
}

export async function benchRender(): Promise<BenchRow[]> {
  const tmp = makeTempDir('nightdeck-render-bench-');
  const pool = new AnalysisPool({ size: 1 });
  try {
    const u16 = await frameRows(tmp.dir, 16);
    const f32 = await frameRows(tmp.dir, -32);
    const fits = join(tmp.dir, 'frame.fits');
    await writeFitsFile(fits, [{ image: { pixels: u16.view.pixels, shape: [SIDE, SIDE], bitpix: 16 }, cards: u16.cards }]);
    await pool.run('statistics', { path: fits }, {}); // decode into the pool's cache
    const direct = await bestOfAsync(() => computeStatistics(u16.view), 3);
    const viaPool = await bestOfAsync(() => pool.run('statistics', { path: fits }, {}), 3);
    return [...u16.rows, ...f32.rows, row('pool: statistics 4096² warm (cached frame)', viaPool, 'direct kernel call', direct)];
  } finally {
    await pool.close();
    tmp.cleanup();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rows = await benchRender();
  for (const r of rows) {
    console.log(`${r.name.padEnd(48)} ${r.ours_ms.toFixed(1).padStart(8)} ms | ${r.reference.padEnd(28)} ${r.reference_ms.toFixed(1).padStart(8)} ms | ${r.ratio.toFixed(3)} ${r.goal ?? ''}`);
  }
}

/**
 * World coordinates: pixel → world for 1 million points of a TAN and a TAN-SIP frame (the console's
 * readout and grid, `nightdeck wcs`), against astropy's all_pix2world on the same header and points
 * (vectorised wcslib, timed inside Python).
 */
import type { BenchRow } from './bench-types.js';
import { bestOf, row } from './timing.js';
import { runPython } from '../helpers/python.js';
import { lookupFromRecord, readCelestialWcs } from '../../native-workers/wcs/index.js';

const N = 1_000_000;
const SIZE = 4096;

const TAN: Record<string, string | number> = {
  CTYPE1: 'RA---TAN', CTYPE2: 'DEC--TAN', CRPIX1: 2048.5, CRPIX2: 2048.5, CRVAL1: 210.8, CRVAL2: 54.3,
  CD1_1: -2.1e-4, CD1_2: 1.3e-5, CD2_1: 1.25e-5, CD2_2: 2.09e-4,
};
const SIP: Record<string, string | number> = {
  ...TAN, CTYPE1: 'RA---TAN-SIP', CTYPE2: 'DEC--TAN-SIP', A_ORDER: 3, B_ORDER: 3,
  A_2_0: 3.1e-6, A_1_1: -1.9e-6, A_0_2: 2.2e-6, A_3_0: 4e-10, A_1_2: 3e-10,
  B_2_0: -1.2e-6, B_1_1: 2.6e-6, B_0_2: -3.3e-6, B_0_3: 3e-10, B_2_1: 2e-10,
};

const ASTROPY = String.raw`
import json, sys, time, warnings
import numpy as np
from astropy.io import fits
from astropy.wcs import WCS
warnings.simplefilter('ignore')
inp = json.load(sys.stdin)
rng = np.random.default_rng(1)
xy = rng.uniform(0, inp['size'], (inp['n'], 2))
out = {}
for name, cards in inp['headers'].items():
    h = fits.Header()
    for k, v in cards.items():
        h[k] = v
    w = WCS(h)
    w.all_pix2world(xy[:1000], 0)
    best = 1e9
    for _ in range(3):
        t = time.perf_counter()
        w.all_pix2world(xy, 0)
        best = min(best, time.perf_counter() - t)
    out[name] = best * 1000
print(json.dumps(out))
`;

export async function benchWcs(): Promise<BenchRow[]> {
  const xs = new Float64Array(N);
  const ys = new Float64Array(N);
  let seed = 12345;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * SIZE;
  for (let i = 0; i < N; i++) {
    xs[i] = rand();
    ys[i] = rand();
  }
  const reference = runPython<Record<string, number>>(ASTROPY, { n: N, size: SIZE, headers: { TAN, SIP } });
  const rows: BenchRow[] = [];
  for (const [name, cards] of [['TAN', TAN], ['SIP', SIP]] as const) {
    const wcs = readCelestialWcs(lookupFromRecord(cards))!;
    let sink = 0;
    const ms = bestOf(() => {
      for (let i = 0; i < N; i++) {
        const w = wcs.pixelToWorld(xs[i]!, ys[i]!);
        if (w) sink += w[1];
      }
    }, 3);
    if (!Number.isFinite(sink)) throw new Error('pixel → world gave non-finite latitudes');
    const perPoint = (ms * 1e6) / N;
    rows.push(row(`wcs: pixel→world 1M points ${name} (${perPoint.toFixed(0)} ns/point)`, ms, 'astropy all_pix2world', reference[name]!, '≤ 2×'));
  }
  return rows;
}

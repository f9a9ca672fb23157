import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { computeStatistics } from '../../../native-workers/analysis/statistics.js';
import { AnalysisError, type PixelRegion, type PixelView } from '../../../native-workers/analysis/types.js';
import type { PixelArray } from '../../../native-workers/fits/types.js';
import { requirePython, runPython } from '../../helpers/python.js';
import { makeFrame, makeArray, toPy, PY_PRELUDE, relClose, type Dtype, type PyArray } from './kernel-fixtures.js';

interface Case {
  name: string;
  view: PixelView;
  region?: PixelRegion;
}

interface Reference {
  mean: number;
  median: number;
  mode: number;
  min: number;
  max: number;
  std: number;
  mad: number;
  count: number;
  nanCount: number;
  sky: number;
}

const REFERENCE_SCRIPT = `${PY_PRELUDE}
from scipy import stats
from astropy.stats import sigma_clipped_stats
out = []
for c in json.load(sys.stdin):
    flat = region_array(c).ravel()
    v = flat[valid_mask(flat, c.get('blank'))]
    out.append(dict(
        mean=num(np.mean(v.astype(np.float64))), std=num(np.std(v.astype(np.float64))),
        median=num(np.median(v)), mode=num(stats.mode(v, keepdims=False).mode),
        min=num(np.min(v)), max=num(np.max(v)), mad=num(stats.median_abs_deviation(v)),
        count=int(v.size), nanCount=int(flat.size - v.size),
        sky=num(sigma_clipped_stats(v, sigma=3, maxiters=5)[1]),
    ))
print(json.dumps(out))
`;

function view(pixels: PixelArray, width: number, height: number, blank?: number): PixelView {
  return blank === undefined ? { pixels, width, height } : { pixels, width, height, blank };
}

function buildCases(): Case[] {
  const cases: Case[] = [];
  const dtypes: Dtype[] = ['uint8', 'int16', 'uint16', 'int32', 'uint32', 'float32', 'float64'];
  let seed = 1;
  for (const dtype of dtypes) {
    const small = dtype === 'uint8';
    const sky = small ? 60 : 1000;
    const noise = small ? 8 : 25;
    // Odd and even pixel counts, a frame with stars and hot pixels.
    cases.push({ name: `${dtype} 64×48 frame`, view: view(makeFrame(dtype, 64, 48, seed++, { sky, noise }), 64, 48) });
    cases.push({ name: `${dtype} 33×21 frame (odd count)`, view: view(makeFrame(dtype, 33, 21, seed++, { sky, noise }), 33, 21) });
    // Missing pixels: NaN for floats, BLANK for integers.
    const blank = dtype.startsWith('float') ? undefined : dtype === 'uint8' ? 0 : dtype.startsWith('u') ? 65535 : -32768;
    cases.push({
      name: `${dtype} with ${blank === undefined ? 'NaN' : 'BLANK'} pixels`,
      view: view(makeFrame(dtype, 40, 30, seed++, { sky, noise, missing: 0.05, blank }), 40, 30, blank),
    });
    // Regions: inside, touching edges, 1×1, 1×N.
    const v = view(makeFrame(dtype, 50, 40, seed++, { sky, noise }), 50, 40);
    cases.push({ name: `${dtype} inner region`, view: v, region: { x0Px: 7, y0Px: 5, x1Px: 31, y1Px: 22 } });
    cases.push({ name: `${dtype} region at the far edges`, view: v, region: { x0Px: 30, y0Px: 25, x1Px: 50, y1Px: 40 } });
    cases.push({ name: `${dtype} 1×1 region`, view: v, region: { x0Px: 49, y0Px: 0, x1Px: 50, y1Px: 1 } });
    cases.push({ name: `${dtype} 1×N column region`, view: v, region: { x0Px: 0, y0Px: 0, x1Px: 1, y1Px: 40 } });
    cases.push({ name: `${dtype} N×1 row region (even count)`, view: v, region: { x0Px: 0, y0Px: 39, x1Px: 50, y1Px: 40 } });
    // A constant image.
    const constant = makeArray(dtype, 12 * 7);
    constant.fill(dtype === 'uint8' ? 7 : 1234);
    cases.push({ name: `${dtype} constant image`, view: view(constant, 12, 7) });
  }
  // Negative values, ties for the mode (smallest wins), -0 and +0.
  cases.push({ name: 'int16 negative values with tied modes', view: view(new Int16Array([-5, -5, 3, 3, -7, 10, 10, 2, -100, 0]), 5, 2) });
  cases.push({ name: 'float32 negative values with tied modes', view: view(new Float32Array([-1.5, 2.25, -1.5, 2.25, -0, 0, 7.125, -3e-5]), 4, 2) });
  cases.push({ name: 'float64 wide dynamic range', view: view(new Float64Array([1e-300, 2e12, 3.5, 3.5, 5e11, -2.5, 0.1, 0.2, 0.30000000000000004]), 3, 3) });
  cases.push({ name: 'uint16 saturated-heavy frame', view: view(makeFrame('uint16', 30, 30, 99, { sky: 64000, noise: 2000, hot: 50 }), 30, 30) });
  cases.push({ name: 'float32 low-noise frame (many distinct values)', view: view(makeFrame('float32', 80, 60, 123, { sky: 0.01, noise: 0.001 }), 80, 60) });
  // Large enough that whole 16-bit key buckets hold > 16384 values (the counting path of the sort).
  cases.push({ name: 'float32 256×256 narrow-range frame (dense sort buckets)', view: view(makeFrame('float32', 256, 256, 124, { sky: 1000, noise: 0.5, stars: 2 }), 256, 256) });
  cases.push({ name: 'int32 256×256 narrow-range frame (dense sort buckets)', view: view(makeFrame('int32', 256, 256, 125, { sky: 70000, noise: 300, stars: 2 }), 256, 256) });
  return cases;
}

describe('computeStatistics equals numpy/scipy/astropy on the same pixels', () => {
  const cases = buildCases();
  let refs: Reference[] = [];
  before(() => {
    requirePython('numpy', 'scipy', 'astropy');
    const input = cases.map((c) => ({ data: toPy(c.view.pixels, c.view.width, c.view.height) as PyArray, region: c.region, blank: c.view.blank }));
    refs = runPython<Reference[]>(REFERENCE_SCRIPT, input);
  });

  for (const [i, c] of cases.entries()) {
    test(`${c.name}: median, mode, min, max, MAD, counts and sky exact; mean and std within 1e-12`, () => {
      const ours = computeStatistics(c.view, c.region);
      const ref = refs[i]!;
      assert.equal(ours.median, ref.median, 'median');
      assert.equal(ours.mode, ref.mode, 'mode');
      assert.equal(ours.min, ref.min, 'min');
      assert.equal(ours.max, ref.max, 'max');
      assert.equal(ours.mad, ref.mad, 'mad');
      assert.equal(ours.count, ref.count, 'count');
      assert.equal(ours.nanCount, ref.nanCount, 'nanCount');
      assert.equal(ours.sky, ref.sky, 'sky (3σ-clipped median)');
      assert.equal(ours.noise, 1.4826 * ref.mad, 'noise');
      assert.ok(relClose(ours.mean, ref.mean, 1e-12), `mean ${ours.mean} vs ${ref.mean}`);
      assert.ok(relClose(ours.std, ref.std, 1e-12), `std ${ours.std} vs ${ref.std}`);
    });
  }
});

describe('computeStatistics refuses bad requests with typed errors', () => {
  const v: PixelView = { pixels: new Uint16Array(20), width: 5, height: 4 };
  const bad: [string, PixelRegion][] = [
    ['empty', { x0Px: 2, y0Px: 1, x1Px: 2, y1Px: 3 }],
    ['inverted', { x0Px: 4, y0Px: 1, x1Px: 2, y1Px: 3 }],
    ['out of bounds', { x0Px: 0, y0Px: 0, x1Px: 6, y1Px: 4 }],
    ['negative', { x0Px: -1, y0Px: 0, x1Px: 3, y1Px: 4 }],
    ['fractional', { x0Px: 0.5, y0Px: 0, x1Px: 3, y1Px: 4 }],
  ];
  for (const [what, region] of bad) {
    test(`an ${what} region is a BAD_REGION error`, () => {
      assert.throws(() => computeStatistics(v, region), (e: unknown) => e instanceof AnalysisError && e.code === 'BAD_REGION');
    });
  }
  test('a region with only NaN pixels is an EMPTY_DATA error naming the NaN count', () => {
    const f: PixelView = { pixels: new Float32Array([NaN, NaN, 1, 2]), width: 2, height: 2 };
    assert.throws(
      () => computeStatistics(f, { x0Px: 0, y0Px: 0, x1Px: 2, y1Px: 1 }),
      (e: unknown) => e instanceof AnalysisError && e.code === 'EMPTY_DATA' && /2/.test(e.message),
    );
  });
  test('an all-BLANK integer image is an EMPTY_DATA error', () => {
    const b: PixelView = { pixels: new Int16Array([-32768, -32768]), width: 2, height: 1, blank: -32768 };
    assert.throws(() => computeStatistics(b), (e: unknown) => e instanceof AnalysisError && e.code === 'EMPTY_DATA');
  });
  test('a view whose size does not fit its buffer is a BAD_ARGUMENT error', () => {
    assert.throws(
      () => computeStatistics({ pixels: new Uint8Array(3), width: 2, height: 2 }),
      (e: unknown) => e instanceof AnalysisError && e.code === 'BAD_ARGUMENT',
    );
  });
});

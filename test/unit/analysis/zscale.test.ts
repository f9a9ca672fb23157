import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { zscaleLimits, type ZScaleOptions } from '../../../native-workers/analysis/zscale.js';
import { stretchLimits } from '../../../native-workers/analysis/stretch.js';
import { AnalysisError, type PixelView } from '../../../native-workers/analysis/types.js';
import { requirePython, runPython } from '../../helpers/python.js';
import { makeFrame, toPy, PY_PRELUDE, relClose, type PyArray } from './kernel-fixtures.js';

interface Case {
  name: string;
  view: PixelView;
  options?: ZScaleOptions;
}

const REFERENCE_SCRIPT = `${PY_PRELUDE}
from astropy.visualization import ZScaleInterval, PercentileInterval, MinMaxInterval
out = []
for c in json.load(sys.stdin):
    a = arr(c['data'])
    o = c.get('options') or {}
    z = ZScaleInterval(n_samples=o.get('nsamples', 1000), contrast=o.get('contrast', 0.25),
                       max_reject=o.get('maxReject', 0.5), min_npixels=o.get('minNpixels', 5),
                       krej=o.get('krej', 2.5), max_iterations=o.get('maxIterations', 5)).get_limits(a)
    p = PercentileInterval(99.5).get_limits(a)
    p90 = PercentileInterval(90).get_limits(a)
    m = MinMaxInterval().get_limits(a)
    out.append(dict(zscale=[float(v) for v in z], p995=[float(v) for v in p], p90=[float(v) for v in p90], minmax=[float(v) for v in m]))
print(json.dumps(out))
`;

function buildCases(): Case[] {
  const view = (pixels: PixelView['pixels'], width: number, height: number): PixelView => ({ pixels, width, height });
  return [
    { name: 'uint16 frame larger than the sample (stride > 1)', view: view(makeFrame('uint16', 300, 200, 31, { sky: 1500, noise: 35, stars: 20, hot: 30 }), 300, 200) },
    { name: 'float32 frame with NaN', view: view(makeFrame('float32', 150, 120, 32, { sky: 250.5, noise: 9.75, stars: 8, missing: 0.02 }), 150, 120) },
    { name: 'int16 frame with negative sky', view: view(makeFrame('int16', 128, 100, 33, { sky: -300, noise: 50, stars: 6 }), 128, 100) },
    { name: 'float64 small frame (fewer pixels than samples)', view: view(makeFrame('float64', 20, 15, 34, { sky: 3, noise: 0.5, stars: 1 }), 20, 15) },
    { name: 'uint8 frame', view: view(makeFrame('uint8', 64, 64, 35, { sky: 90, noise: 12 }), 64, 64) },
    { name: 'uint16 frame with custom options', view: view(makeFrame('uint16', 200, 100, 36, { sky: 800, noise: 25, stars: 10 }), 200, 100), options: { nsamples: 600, contrast: 0.1, krej: 2, maxIterations: 3 } },
    { name: 'constant float32 frame', view: view(new Float32Array(400).fill(7.5), 20, 20) },
    { name: 'steep gradient (slope-limited range)', view: view(Float32Array.from({ length: 4000 }, (_, i) => (i % 97) ** 2 + (i % 13)), 80, 50) },
  ];
}

describe('zscale and astropy intervals equal astropy.visualization', () => {
  const cases = buildCases();
  let refs: { zscale: number[]; p995: number[]; p90: number[]; minmax: number[] }[] = [];
  before(() => {
    requirePython('numpy', 'astropy');
    refs = runPython(REFERENCE_SCRIPT, cases.map((c) => ({ data: toPy(c.view.pixels, c.view.width, c.view.height) as PyArray, options: c.options })));
  });
  for (const [i, c] of cases.entries()) {
    test(`${c.name}: zscale limits within 1e-6 relative of ZScaleInterval`, () => {
      const z = zscaleLimits(c.view, c.options);
      const [min, max] = refs[i]!.zscale as [number, number];
      assert.ok(relClose(z.min, min, 1e-6), `min ${z.min} vs ${min}`);
      assert.ok(relClose(z.max, max, 1e-6), `max ${z.max} vs ${max}`);
      assert.deepEqual(stretchLimits(c.view, { kind: 'zscale', ...c.options }), z);
    });
    test(`${c.name}: percentile (99.5, 90) and min/max limits equal PercentileInterval and MinMaxInterval`, () => {
      const ref = refs[i]!;
      const p995 = stretchLimits(c.view, { kind: 'percentile', percent: 99.5 });
      const p90 = stretchLimits(c.view, { kind: 'percentile', percent: 90 });
      const mm = stretchLimits(c.view, { kind: 'minmax' });
      assert.deepEqual([p995.min, p995.max], ref.p995);
      assert.deepEqual([p90.min, p90.max], ref.p90);
      assert.deepEqual([mm.min, mm.max], ref.minmax);
    });
  }
});

describe('stretch limits refuse what they cannot use', () => {
  test('an all-NaN frame is an EMPTY_DATA error for zscale, percentile and min/max', () => {
    const v: PixelView = { pixels: new Float32Array([NaN, NaN, NaN, NaN]), width: 2, height: 2 };
    for (const m of [{ kind: 'zscale' }, { kind: 'percentile', percent: 99 }, { kind: 'minmax' }] as const) {
      assert.throws(() => stretchLimits(v, m), (e: unknown) => e instanceof AnalysisError && e.code === 'EMPTY_DATA');
    }
  });
  test('a percentile outside (0, 100] and non-finite manual limits are BAD_ARGUMENT errors', () => {
    const v: PixelView = { pixels: new Float32Array([1, 2, 3, 4]), width: 2, height: 2 };
    assert.throws(() => stretchLimits(v, { kind: 'percentile', percent: 0 }), (e: unknown) => e instanceof AnalysisError && e.code === 'BAD_ARGUMENT');
    assert.throws(() => stretchLimits(v, { kind: 'manual', min: 0, max: Infinity }), (e: unknown) => e instanceof AnalysisError && e.code === 'BAD_ARGUMENT');
    assert.deepEqual(stretchLimits(v, { kind: 'manual', min: -1, max: 9 }), { min: -1, max: 9 });
  });
});

import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { clippedHistogram, histogram, numpyArange } from '../../../native-workers/analysis/histogram.js';
import { computeStatistics } from '../../../native-workers/analysis/statistics.js';
import { AnalysisError, type PixelRegion, type PixelView } from '../../../native-workers/analysis/types.js';
import { requirePython, runPython } from '../../helpers/python.js';
import { makeFrame, toPy, PY_PRELUDE, PY_HISTOGRAM_CASES, type PyArray } from './kernel-fixtures.js';

interface Case {
  name: string;
  view: PixelView;
  clip?: number;
  region?: PixelRegion;
}

// The QuickAnalysis recipe in numpy (PY_HISTOGRAM_RECIPE) on the valid pixels of each case.
const REFERENCE_SCRIPT = PY_PRELUDE + PY_HISTOGRAM_CASES;

function buildCases(): Case[] {
  const u16 = makeFrame('uint16', 120, 90, 11, { sky: 1200, noise: 30, stars: 6, hot: 10 });
  const f32 = makeFrame('float32', 100, 80, 12, { sky: 350.25, noise: 12.5, stars: 4 });
  const i16 = makeFrame('int16', 60, 50, 13, { sky: -200, noise: 40 });
  const f64nan = makeFrame('float64', 70, 40, 14, { sky: 5, noise: 0.75, missing: 0.03 });
  const u8 = makeFrame('uint8', 64, 64, 15, { sky: 40, noise: 6 });
  const i32 = makeFrame('int32', 50, 50, 16, { sky: 100000, noise: 300, stars: 0, hot: 0 });
  const wide = makeFrame('uint16', 80, 80, 17, { sky: 3000, noise: 9000, hot: 40 });
  return [
    { name: 'uint16 frame, clip 0.001', view: { pixels: u16, width: 120, height: 90 }, clip: 0.001 },
    { name: 'uint16 frame, clip 0.05', view: { pixels: u16, width: 120, height: 90 }, clip: 0.05 },
    { name: 'uint16 frame without clip (min..max, wide range → bin size > 1)', view: { pixels: u16, width: 120, height: 90 } },
    { name: 'uint16 region at the edge, clip 0.01', view: { pixels: u16, width: 120, height: 90 }, clip: 0.01, region: { x0Px: 100, y0Px: 70, x1Px: 120, y1Px: 90 } },
    { name: 'uint16 wide-range frame, clip 0.001', view: { pixels: wide, width: 80, height: 80 }, clip: 0.001 },
    { name: 'float32 frame, clip 0.001 (fractional edges)', view: { pixels: f32, width: 100, height: 80 }, clip: 0.001 },
    { name: 'float32 frame without clip', view: { pixels: f32, width: 100, height: 80 } },
    { name: 'int16 negative frame, clip 0.002', view: { pixels: i16, width: 60, height: 50 }, clip: 0.002 },
    { name: 'float64 frame with NaN, clip 0.001', view: { pixels: f64nan, width: 70, height: 40 }, clip: 0.001 },
    { name: 'uint8 frame, clip 0', view: { pixels: u8, width: 64, height: 64 }, clip: 0 },
    { name: 'int32 frame, clip 0.001', view: { pixels: i32, width: 50, height: 50 }, clip: 0.001 },
    { name: 'constant uint16 image, clip 0.001', view: { pixels: new Uint16Array(30).fill(500), width: 6, height: 5 }, clip: 0.001 },
    { name: '1×1 region', view: { pixels: u16, width: 120, height: 90 }, clip: 0.001, region: { x0Px: 5, y0Px: 5, x1Px: 6, y1Px: 6 } },
  ];
}

describe('clippedHistogram equals the QuickAnalysis numpy recipe', () => {
  const cases = buildCases();
  let refs: { counts: number[]; edges: number[] }[] = [];
  before(() => {
    requirePython('numpy');
    refs = runPython(REFERENCE_SCRIPT, cases.map((c) => ({ data: toPy(c.view.pixels, c.view.width, c.view.height) as PyArray, clip: c.clip, region: c.region, blank: c.view.blank })));
  });
  for (const [i, c] of cases.entries()) {
    test(`${c.name}: identical edges and counts`, () => {
      const ours = clippedHistogram(c.view, c.clip, c.region);
      assert.deepEqual(ours.edges, refs[i]!.edges);
      assert.deepEqual(ours.counts, refs[i]!.counts);
    });
  }
  test('a range too wide for bin sizes 1..19 (where QuickAnalysis fails) gets the first integer size under 5000 bins', () => {
    const pixels = new Int32Array([0, 10_000_000, 5, 7]);
    const h = clippedHistogram({ pixels, width: 4, height: 1 });
    const step = h.edges[1]! - h.edges[0]!;
    assert.equal(step, 2001);
    assert.ok(h.counts.length < 5000);
    assert.equal(h.counts.reduce((a, b) => a + b, 0), 4);
  });
  test('the histogram stats are the statistics kernel\'s median, mean, mode, min and max', () => {
    const c = cases[0]!;
    const s = computeStatistics(c.view);
    assert.deepEqual(clippedHistogram(c.view, 0.001).stats, { median: s.median, mean: s.mean, mode: s.mode, min: s.min, max: s.max });
  });
});

describe('numpyArange reproduces np.arange for floats', () => {
  test('length is ceil((stop - start)/step) and values start + i·((start+step)−start)', () => {
    const refs = runPython<number[][]>(
      `${PY_PRELUDE}\nprint(json.dumps([np.arange(*a).tolist() for a in json.load(sys.stdin)]))`,
      [[0.1, 10.35, 1], [1234.5678, 1300, 3], [-7.25, 12.75, 2], [1e-9, 5, 1], [3, 3.5, 1]],
    );
    const ours = [[0.1, 10.35, 1], [1234.5678, 1300, 3], [-7.25, 12.75, 2], [1e-9, 5, 1], [3, 3.5, 1]].map(([a, b, s]) => numpyArange(a!, b!, s!));
    assert.deepEqual(ours, refs);
  });
});

describe('histogram (the console\'s N-bin histogram)', () => {
  test('counts every valid pixel in [min, max] once, the maximum in the last bin', () => {
    const pixels = new Float32Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, NaN, 10]);
    const h = histogram({ pixels, width: 12, height: 1 }, { bins: 5 });
    assert.deepEqual(h.edges, [0, 2, 4, 6, 8, 10]);
    assert.deepEqual(h.counts, [2, 2, 2, 2, 3]);
  });
  test('explicit limits leave values outside out, and log counts are log10(1 + n)', () => {
    const pixels = new Uint16Array([1, 2, 2, 2, 50, 100, 999]);
    const h = histogram({ pixels, width: 7, height: 1 }, { bins: 2, min: 0, max: 100, log: true });
    assert.deepEqual(h.counts, [Math.log10(1 + 4), Math.log10(1 + 2)]);
  });
  test('BLANK pixels are left out and a constant image gets a unit-wide range', () => {
    const h = histogram({ pixels: new Int16Array([7, 7, -1, 7]), width: 4, height: 1, blank: -1 }, { bins: 1 });
    assert.deepEqual(h, { counts: [3], edges: [6.5, 7.5] });
  });
  test('a bad bin count or limits are BAD_ARGUMENT errors', () => {
    const v: PixelView = { pixels: new Uint8Array(4), width: 2, height: 2 };
    for (const opts of [{ bins: 0 }, { bins: 2.5 }, { bins: 4, min: 5, max: 1 }, { bins: 4, min: NaN, max: 1 }]) {
      assert.throws(() => histogram(v, opts), (e: unknown) => e instanceof AnalysisError && e.code === 'BAD_ARGUMENT');
    }
  });
  test('an out-of-bounds region is a BAD_REGION error for both histograms', () => {
    const v: PixelView = { pixels: new Uint8Array(4), width: 2, height: 2 };
    const region = { x0Px: 0, y0Px: 0, x1Px: 3, y1Px: 2 };
    assert.throws(() => histogram(v, { bins: 2, region }), (e: unknown) => e instanceof AnalysisError && e.code === 'BAD_REGION');
    assert.throws(() => clippedHistogram(v, 0.001, region), (e: unknown) => e instanceof AnalysisError && e.code === 'BAD_REGION');
  });
});

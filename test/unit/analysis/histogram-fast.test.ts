/**
 * The clipped histogram's counts without the multiset (sample, bracket pass, binning pass)
 * against the multiset's `clippedHistogram` — the same counts, edges and errors — and
 * against numpy. Small samples put small frames through the bracket pass; forced dense
 * brackets, a sample built to mislead, shared memory with real and failing helper threads
 * take the other ways.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  clippedHistogram,
  clippedHistogramAsync,
  clippedHistogramCounts,
  clippedHistogramCountsAsync,
} from '../../../native-workers/analysis/histogram.js';
import type { HistogramCountsPath, HistogramTuning } from '../../../native-workers/analysis/histogram-counts.js';
import { planBrackets, samplePixels, sampleStride, selectRank } from '../../../native-workers/analysis/percentile-brackets.js';
import { checkRegion } from '../../../native-workers/analysis/region.js';
import type { PixelPass } from '../../../native-workers/analysis/passes/pixel-pass.js';
import { valueRangePass } from '../../../native-workers/analysis/passes/value-range.js';
import { percentileBracketPass } from '../../../native-workers/analysis/passes/percentile-bracket.js';
import { guessIsExact, neighbours, planEdgeCounts } from '../../../native-workers/analysis/bin-guess.js';
import { edgeCountsPass } from '../../../native-workers/analysis/passes/edge-counts.js';
import { PassHelperThread } from '../../../native-workers/pass-helpers.js';
import type { PassHelper } from '../../../native-workers/analysis/passes/pixel-pass.js';
import { visitClaimed } from '../../../native-workers/analysis/passes/claims.js';
import type { PixelArray } from '../../../native-workers/fits/types.js';
import type { PixelRegion, PixelView } from '../../../native-workers/analysis/types.js';
import { requirePython, runPython } from '../../helpers/python.js';
import { makeArray, makeFrame, seeded, toPy, PY_PRELUDE, PY_HISTOGRAM_CASES, type Dtype, type PyArray } from './kernel-fixtures.js';

type FastDtype = 'float32' | 'int32' | 'uint32' | 'float64';
const FAST_DTYPES: FastDtype[] = ['float32', 'int32', 'uint32', 'float64'];

/** The result or the error (code and message) of a call, for comparing both ways. */
function outcome(f: () => { counts: number[]; edges: number[] }): unknown {
  try {
    const { counts, edges } = f();
    return { counts, edges };
  } catch (err) {
    const e = err as { code?: string; message: string };
    return { error: e.code ?? 'not an AnalysisError', message: e.message };
  }
}

async function outcomeAsync(f: () => Promise<{ counts: number[]; edges: number[] }>): Promise<unknown> {
  try {
    const { counts, edges } = await f();
    return { counts, edges };
  } catch (err) {
    const e = err as { code?: string; message: string };
    return { error: e.code ?? 'not an AnalysisError', message: e.message };
  }
}

/** How many histograms took each way, as the tuning hook reports them. */
function pathTally(): { seen: Record<HistogramCountsPath, number>; onPath: (path: HistogramCountsPath) => void } {
  const seen: Record<HistogramCountsPath, number> = { wholeSample: 0, brackets: 0, dense: 0, fallback: 0 };
  return { seen, onPath: (path) => void seen[path]++ };
}

/** The fast way, with each of `tunings`, against the multiset way. */
function expectSame(
  view: PixelView,
  clip: number | undefined,
  region: PixelRegion | undefined,
  tunings: HistogramTuning | HistogramTuning[],
  label: string,
): void {
  const want = outcome(() => clippedHistogram(view, clip, region));
  for (const tuning of Array.isArray(tunings) ? tunings : [tunings]) {
    const got = outcome(() => clippedHistogramCounts(view, clip, region, tuning));
    assert.deepEqual(got, want, `${label} ${JSON.stringify(tuning)}`);
  }
}

/** Sky, noise, stars and hot pixels, then the specials each scenario asks for. */
function scenarioFrame(dtype: FastDtype, width: number, height: number, seed: number, scenario: string): PixelView {
  const rand = seeded(seed * 7919 + 13);
  const isFloat = dtype.startsWith('float');
  const sky = scenario === 'negative' && dtype !== 'uint32' ? -300 : 1000;
  const noise = scenario === 'wide' ? 40000 : scenario === 'narrow' ? 0.4 : 20;
  const pixels = makeFrame(dtype, width, height, seed, { sky, noise, stars: 3, hot: 4 });
  const view: PixelView = { pixels, width, height };
  const n = pixels.length;
  const put = (count: number, value: () => number): void => {
    for (let k = 0; k < count; k++) pixels[Math.floor(rand() * n)] = value();
  };
  switch (scenario) {
    case 'missing':
      if (isFloat) put(Math.ceil(n / 20), () => NaN);
      else {
        view.blank = dtype === 'int32' ? -2147483648 : 0;
        put(Math.ceil(n / 20), () => view.blank!);
      }
      break;
    case 'infinite':
      if (isFloat) put(3, () => (rand() < 0.5 ? Infinity : -Infinity));
      break;
    case 'ties':
      // Integer-valued floats and a few values repeated very often.
      for (let i = 0; i < n; i++) pixels[i] = Math.round(pixels[i]! / 4) * 4;
      put(Math.ceil(n / 10), () => 1000);
      break;
    case 'zeros':
      if (isFloat) put(Math.ceil(n / 10), () => (rand() < 0.5 ? -0 : 0));
      break;
    case 'blank-inside':
      // BLANK amid the sky values (between the brackets).
      view.blank = isFloat ? pixels[0]! : 1000;
      put(Math.ceil(n / 50), () => view.blank!);
      break;
  }
  return view;
}

const SCENARIOS = ['plain', 'missing', 'infinite', 'ties', 'negative', 'wide', 'narrow', 'zeros', 'blank-inside'];
const CLIPS = [undefined, 0, 0.001, 0.01, 0.25, 0.5];

describe('clippedHistogramCounts equals clippedHistogram, number for number and error for error', () => {
  for (const dtype of FAST_DTYPES) {
    test(`${dtype}: seeded frames, every scenario and clip, whole images and regions, whole and small samples`, () => {
      let seed = 1;
      for (const scenario of SCENARIOS) {
        const width = 37 + (seed % 5) * 11;
        const height = 29 + (seed % 3) * 7;
        const view = scenarioFrame(dtype, width, height, seed++, scenario);
        const regions: (PixelRegion | undefined)[] = [
          undefined,
          { x0Px: width - 9, y0Px: height - 6, x1Px: width, y1Px: height }, // bottom-right edge
          { x0Px: 3, y0Px: 0, x1Px: width - 2, y1Px: 1 }, // one row
          { x0Px: 5, y0Px: 2, x1Px: 6, y1Px: height }, // one column
        ];
        for (const clip of CLIPS) {
          for (const region of regions) {
            const tunings = [{}, { sampleSize: 300 }, { sampleSize: 300, denseBrackets: true }, { sampleSize: 17, denseBrackets: true }];
            expectSame(view, clip, region, tunings, `${dtype} ${scenario} clip=${clip} region=${JSON.stringify(region)}`);
          }
        }
      }
    });
  }

  test('larger frames go through the bracket pass and its binning (no fallback to the multiset)', () => {
    const { seen, onPath } = pathTally();
    const tuning = { sampleSize: 8192, onPath }; // 8 % of the pixels: the bracket pass, as for a 4096² frame
    for (const [i, dtype] of FAST_DTYPES.entries()) {
      const view = scenarioFrame(dtype, 400, 300, 40 + i, i % 2 ? 'missing' : 'plain');
      for (const clip of [0.001, 0.01]) expectSame(view, clip, undefined, tuning, `${dtype} 400×300 clip=${clip}`);
      expectSame(view, 0.001, { x0Px: 13, y0Px: 17, x1Px: 391, y1Px: 288 }, tuning, `${dtype} region`);
    }
    assert.equal(seen.brackets, 12);
    assert.equal(seen.fallback, 0);
    assert.equal(seen.dense, 0);
  });

  test('wide clips of 32-bit pixels go to the multiset, of float64 pixels through the bracket pass', () => {
    const { seen, onPath } = pathTally();
    for (const dtype of FAST_DTYPES) expectSame(scenarioFrame(dtype, 400, 300, 50, 'plain'), 0.25, undefined, { sampleSize: 8192, onPath }, `${dtype} clip 0.25`);
    assert.equal(seen.dense, 3);
    assert.equal(seen.brackets, 1);
  });

  test('tiny and degenerate images: 1×1, 1×N, constant, all missing, non-finite ranges', () => {
    const cases: [string, PixelView, PixelRegion?][] = [
      ['1×1 float32', { pixels: new Float32Array([3.5]), width: 1, height: 1 }],
      ['1×N int32', { pixels: new Int32Array([5, -3, 9, 9, 0, 2]), width: 6, height: 1 }],
      ['N×1 uint32', { pixels: new Uint32Array([4294967295, 0, 7, 7]), width: 1, height: 4 }],
      ['constant float64', { pixels: new Float64Array(5000).fill(-2.25), width: 100, height: 50 }],
      ['constant huge float64 (no bins)', { pixels: new Float64Array(400).fill(1e20), width: 20, height: 20 }],
      ['all NaN', { pixels: new Float32Array(600).fill(NaN), width: 30, height: 20 }],
      ['all BLANK', { pixels: new Int32Array(600).fill(-1), width: 30, height: 20, blank: -1 }],
      ['NaN but one', { pixels: Float64Array.from({ length: 900 }, (_, i) => (i === 444 ? 12 : NaN)), width: 30, height: 30 }],
      ['+Inf at the top', { pixels: Float32Array.from({ length: 900 }, (_, i) => (i === 3 ? Infinity : i)), width: 30, height: 30 }],
      ['float32 range beyond float32', { pixels: new Float32Array([-3e38, 3e38, 0, 1]), width: 2, height: 2 }],
      ['int32 extremes', { pixels: new Int32Array([-2147483648, 2147483647, 0, 1, 2, 3]), width: 3, height: 2 }],
      ['region of a missing corner', { pixels: Float32Array.from({ length: 100 }, (_, i) => (i < 50 ? NaN : i)), width: 10, height: 10 }, { x0Px: 0, y0Px: 0, x1Px: 5, y1Px: 5 }],
    ];
    for (const [label, view, region] of cases) {
      for (const clip of CLIPS) {
        expectSame(view, clip, region, [{}, { sampleSize: 3, denseBrackets: true }], `${label} clip=${clip}`);
      }
    }
  });

  test('bad requests fail the same way: clip out of range, bad regions, a pixel view that does not fit', () => {
    const view: PixelView = { pixels: new Float32Array(64), width: 8, height: 8 };
    for (const clip of [-0.1, 0.6, NaN]) expectSame(view, clip, undefined, {}, `clip ${clip}`);
    for (const region of [
      { x0Px: 0, y0Px: 0, x1Px: 9, y1Px: 8 },
      { x0Px: 3, y0Px: 3, x1Px: 3, y1Px: 5 },
      { x0Px: 0.5, y0Px: 0, x1Px: 2, y1Px: 2 },
    ]) {
      expectSame(view, 0.001, region, {}, `region ${JSON.stringify(region)}`);
    }
    expectSame({ pixels: new Float32Array(10), width: 4, height: 4 }, 0.001, undefined, {}, 'view larger than its buffer');
  });

  test('8/16-bit pixels keep their count tables and give the same histogram', () => {
    for (const dtype of ['uint8', 'int16', 'uint16'] as Dtype[]) {
      const view: PixelView = { pixels: makeFrame(dtype, 70, 50, 3, { sky: 100, noise: 9 }), width: 70, height: 50 };
      for (const clip of CLIPS) expectSame(view, clip, undefined, {}, `${dtype} clip=${clip}`);
    }
  });
});

describe('a sample that misleads costs time, never the result', () => {
  test('values the strided sample never sees: the wanted ranks fall between the brackets and the multiset answers', () => {
    const width = 512;
    const height = 512;
    const sampleSize = 4096;
    const stride = sampleStride(width * height, width, sampleSize);
    const rand = seeded(5);
    for (const dtype of FAST_DTYPES) {
      // The sampled pixels are sky; all the others hold one value amid it, which the sample never sees:
      // the true 0.1 % point lies far inside the sky's spread, not where the sample puts it.
      const pixels = makeArray(dtype, width * height);
      for (let i = 0; i < pixels.length; i++) pixels[i] = i % stride === 0 ? Math.round(1000 + 200 * (rand() - 0.5)) : 1000;
      const view: PixelView = { pixels, width, height };
      for (const clip of [0.001, 0.25]) {
        const { seen, onPath } = pathTally();
        expectSame(view, clip, undefined, { sampleSize, denseBrackets: true, onPath }, `${dtype} clip=${clip}`);
        assert.equal(seen.fallback, 1, `${dtype} clip=${clip}: the fallback was taken`);
      }
    }
  });

  test('the sampling stride shares no factor with the row width (an overscan column cannot fill the sample)', () => {
    assert.equal(sampleStride(4096 * 4096, 4096, 65536), 257);
    assert.equal(sampleStride(100, 10, 65536), 1);
    for (const [size, width] of [[1000 * 999, 1000], [6000 * 4000, 6000], [2 ** 20, 1024]] as const) {
      const s = sampleStride(size, width, 65536);
      let [a, b]: number[] = [s, width];
      while (b) [a, b] = [b, a % b];
      assert.equal(a, 1, `stride ${s} and width ${width}`);
    }
  });
});

describe('pieces of the fast way', () => {
  test('selectRank finds every rank of arrays with ties, ±Inf and −0, like a sort', () => {
    const rand = seeded(11);
    for (let trial = 0; trial < 60; trial++) {
      const n = 1 + Math.floor(rand() * 300);
      const values = Array.from({ length: n }, () => {
        const r = rand();
        if (r < 0.05) return Infinity;
        if (r < 0.1) return -Infinity;
        if (r < 0.2) return -0;
        return Math.round(rand() * (trial % 3 === 0 ? 3 : 1000)) - 50;
      });
      const sorted = [...values].sort((x, y) => x - y);
      // −0 and 0 are one value (either may come back).
      for (let k = 0; k < n; k++) assert.ok(selectRank(Float64Array.from(values), k) === sorted[k], `n=${n} k=${k}`);
    }
  });

  test('the pixel values next to an edge, for each type', () => {
    assert.deepEqual(neighbours('int32', 7.25), { below: 7, atOrAbove: 8 });
    assert.deepEqual(neighbours('uint32', 7), { below: 6, atOrAbove: 7 });
    const f = neighbours('float32', 0.1);
    assert.equal(f.atOrAbove, Math.fround(0.1)); // float32 0.1 is a little above 0.1
    assert.equal(f.below, step('float32', f.atOrAbove, false));
    assert.deepEqual(neighbours('float32', 0.5), { below: step('float32', 0.5, false), atOrAbove: 0.5 });
    assert.deepEqual(neighbours('float64', 1), { below: 1 - 2 ** -53, atOrAbove: 1 });
    assert.deepEqual(neighbours('float32', 1e39), { below: 3.4028234663852886e38, atOrAbove: Infinity });
  });

  test('the arithmetic guess is trusted only when exact: binning by guess and by the edges agree on every value near every edge', () => {
    const cases: [FastDtype, number[], number][] = [
      ['float32', Array.from({ length: 200 }, (_, i) => 938.2451959228515 + i), 1], // like the 4096² benchmark frame
      ['float32', Array.from({ length: 50 }, (_, i) => -7.3 + 3 * i), 3],
      ['int32', Array.from({ length: 100 }, (_, i) => -40.5 + 7 * i), 7],
      ['uint32', Array.from({ length: 30 }, (_, i) => 4294960000 + 13 * i), 13],
      ['float64', Array.from({ length: 80 }, (_, i) => 0.1 + i), 1],
      ['float64', Array.from({ length: 6 }, (_, i) => 1e17 + 16 * i), 1], // the guess lands far from its bin: never trusted
    ];
    for (const [n, [dtype, edges, binSize]] of cases.entries()) {
      // The three representable values on each side of every edge.
      const values: number[] = [];
      for (const e of edges) {
        let { below, atOrAbove } = neighbours(dtype, e);
        for (let k = 0; k < 3; k++) {
          values.push(below, atOrAbove);
          below = step(dtype, below, false);
          atOrAbove = step(dtype, atOrAbove, true);
        }
      }
      const pixels = makeArray(dtype, values.length);
      values.forEach((v, i) => (pixels[i] = v));
      const params = planEdgeCounts(edges, binSize, dtype, NaN);
      const runs = [0, pixels.length];
      const reference = referenceCounts(Array.from(pixels), edges);
      assert.deepEqual(Array.from(edgeCountsPass.visit(pixels, runs, { ...params, guessIsExact: false }).counts), reference, `${dtype} #${n} settled`);
      if (params.guessIsExact) assert.deepEqual(Array.from(edgeCountsPass.visit(pixels, runs, params).counts), reference, `${dtype} #${n} guessed`);
      if (n === 0) assert.equal(params.guessIsExact, true, 'the benchmark-like edges are binned by arithmetic');
      if (n === 5) assert.equal(guessIsExact(params.edges, 1, dtype, NaN), false);
    }
  });
});

/** The next value of the type up or down. */
function step(dtype: FastDtype, v: number, up: boolean): number {
  if (dtype === 'int32' || dtype === 'uint32') return up ? v + 1 : v - 1;
  const tiny = dtype === 'float32' ? 2 ** -149 : Number.MIN_VALUE;
  if (v === 0) return up ? tiny : -tiny;
  if (dtype === 'float32') {
    const f = new Float32Array([v]);
    const u = new Int32Array(f.buffer);
    u[0] = u[0]! + (v > 0 === up ? 1 : -1);
    return f[0]!;
  }
  const f = new Float64Array([v]);
  const u = new BigInt64Array(f.buffer);
  u[0] = u[0]! + (v > 0 === up ? 1n : -1n);
  return f[0]!;
}

/** np.histogram by definition: [e_i, e_i+1), the last bin closed. */
function referenceCounts(values: number[], edges: number[]): number[] {
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (const v of values) {
    for (let i = counts.length - 1; i >= 0; i--) {
      const inside = i === counts.length - 1 ? v >= edges[i]! && v <= edges[i + 1]! : v >= edges[i]! && v < edges[i + 1]!;
      if (inside) {
        counts[i]!++;
        break;
      }
    }
  }
  return counts;
}

/** 1024 × 1024 (1 Mi pixels, the least that is split between threads) in shared memory. */
function sharedFrame(dtype: FastDtype, seed: number, scenario = 'plain'): PixelView {
  const view = scenarioFrame(dtype, 1024, 1024, seed, scenario);
  const Typed = view.pixels.constructor as new (buffer: SharedArrayBuffer) => PixelArray;
  const pixels = new Typed(new SharedArrayBuffer(view.pixels.byteLength));
  pixels.set(view.pixels);
  return { ...view, pixels };
}

describe('with helper threads (pixels in shared memory)', () => {
  const threads: PassHelperThread[] = [];
  before(() => {
    threads.push(new PassHelperThread(), new PassHelperThread());
  });
  after(async () => {
    await Promise.all(threads.map((t) => t.terminate()));
  });

  /** Helpers that visit their part on this thread: the split and the merges without real threads. */
  const inline: PassHelper = {
    visit: async (pass, pixels, runs, params) => ({ ok: true, result: pass.visit(pixels, runs, params) }),
    visitClaimed: async (pass, pixels, job, params) => ({ ok: true, result: visitClaimed(pass.visit as never, pass.accumulate as never, pixels, job, params) }),
  };
  const failing: PassHelper = { visit: async () => ({ ok: false, message: 'helper down' }), visitClaimed: async () => ({ ok: false, message: 'helper down' }) };

  const frames = FAST_DTYPES.map((dtype, i) => sharedFrame(dtype, 60 + i, i % 2 ? 'missing' : 'infinite'));
  const region = { x0Px: 3, y0Px: 5, x1Px: 1021, y1Px: 1020 };
  const requests = [[0.001, undefined], [undefined, undefined], [0.001, region], [0.3, undefined]] as const;
  // The one-thread answers, computed once for all the helper set-ups.
  const wanted = new Map<string, unknown>();
  const want = (f: number, q: number): unknown => {
    const key = `${f}/${q}`;
    if (!wanted.has(key)) wanted.set(key, outcome(() => clippedHistogram(frames[f]!, requests[q]![0], requests[q]![1])));
    return wanted.get(key);
  };

  test('each of the new passes runs in a helper thread, with the result it gives here', async () => {
    const view = frames[0]!;
    const runs = [4096, 300000, 500000, 1048576];
    const sample = samplePixels(view, checkRegion(view), NaN, 4096);
    const cases: [PixelPass<never, unknown>, unknown][] = [
      [valueRangePass as PixelPass<never, unknown>, { blank: NaN }],
      [percentileBracketPass as PixelPass<never, unknown>, planBrackets('float32', sample, [0.1, 99.9], NaN)],
      [percentileBracketPass as PixelPass<never, unknown>, { ...planBrackets('float32', sample, [25, 75], NaN), mostlyBetween: false }],
      [edgeCountsPass as PixelPass<never, unknown>, planEdgeCounts([990, 995, 1000, 1005, 1010], 5, 'float32', NaN)],
      [edgeCountsPass as PixelPass<never, unknown>, { ...planEdgeCounts([990, 995, 1000, 1005, 1010], 5, 'float32', NaN), guessIsExact: false }],
    ];
    for (const [pass, params] of cases) {
      const there = await threads[0]!.visit(pass, view.pixels, runs, params as never);
      assert.ok(there.ok, `${pass.name}: ${there.ok ? '' : there.message}`);
      assert.deepEqual(there.result, pass.visit(view.pixels, runs, params as never), pass.name);
    }
  });

  for (const [name, helpers] of [
    ['real helper threads', () => threads],
    ['three inline helpers', () => [inline, inline, inline]],
    ['a failing helper', () => [failing]],
    ['a failing and an inline helper', () => [failing, inline]],
  ] as const) {
    test(`${name}: counts and edges as on one thread`, async () => {
      for (const [f, view] of frames.entries()) {
        for (const [q, [clip, r]] of requests.entries()) {
          const got = await outcomeAsync(() => clippedHistogramCountsAsync(view, clip, r, { helpers: helpers() }));
          assert.deepEqual(got, want(f, q), `${view.pixels.constructor.name} clip=${clip} region=${!!r}`);
        }
      }
    });
  }

  test('a sample that misleads still gives the same counts when the passes are split', async () => {
    const view = sharedFrame('float32', 70);
    const stride = sampleStride(view.width * view.height, view.width, 4096);
    for (let i = 0; i < view.pixels.length; i++) if (i % stride !== 0) view.pixels[i] = 1000;
    const { seen, onPath } = pathTally();
    const got = await clippedHistogramCountsAsync(view, 0.001, undefined, { helpers: threads, sampleSize: 4096, onPath });
    const want = clippedHistogram(view, 0.001);
    assert.deepEqual(got, { counts: want.counts, edges: want.edges });
    assert.equal(seen.fallback, 1);
  });

  test('clippedHistogramAsync gives clippedHistogram, stats included, or the same error', async () => {
    const settle = async (f: () => unknown): Promise<unknown> => {
      try {
        return await f();
      } catch (err) {
        return { error: (err as { code?: string }).code, message: (err as Error).message };
      }
    };
    for (const view of frames) {
      for (const [clip, helpers] of [[0.001, threads], [undefined, [failing]]] as const) {
        assert.deepEqual(
          await settle(() => clippedHistogramAsync(view, clip, undefined, { helpers: [...helpers] })),
          await settle(() => clippedHistogram(view, clip)),
        );
      }
    }
  });
});

describe('clippedHistogramCounts equals the numpy recipe', () => {
  const SCRIPT = PY_PRELUDE + PY_HISTOGRAM_CASES;
  const cases: { name: string; view: PixelView; clip?: number; region?: PixelRegion }[] = [
    { name: 'float32 400×300, clip 0.001', view: scenarioFrame('float32', 400, 300, 81, 'plain'), clip: 0.001 },
    { name: 'float32 with NaN, region, clip 0.01', view: scenarioFrame('float32', 400, 300, 82, 'missing'), clip: 0.01, region: { x0Px: 10, y0Px: 20, x1Px: 390, y1Px: 280 } },
    { name: 'int32 with BLANK, clip 0.001', view: scenarioFrame('int32', 400, 300, 83, 'missing'), clip: 0.001 },
    { name: 'uint32, no clip', view: scenarioFrame('uint32', 300, 200, 84, 'plain') },
    { name: 'float64 negative, clip 0.001', view: scenarioFrame('float64', 400, 300, 85, 'negative'), clip: 0.001 },
    { name: 'float64 narrow (fractional bins), clip 0.25', view: scenarioFrame('float64', 400, 300, 86, 'narrow'), clip: 0.25 },
  ];
  let refs: { counts: number[]; edges: number[] }[] = [];
  before(() => {
    requirePython('numpy');
    refs = runPython(
      SCRIPT,
      cases.map((c) => ({ data: toPy(c.view.pixels, c.view.width, c.view.height) as PyArray, clip: c.clip, region: c.region, blank: c.view.blank })),
    );
  });
  for (const [i, c] of cases.entries()) {
    test(c.name, () => {
      const got = clippedHistogramCounts(c.view, c.clip, c.region);
      assert.deepEqual(got.edges, refs[i]!.edges);
      assert.deepEqual(got.counts, refs[i]!.counts);
    });
  }
});

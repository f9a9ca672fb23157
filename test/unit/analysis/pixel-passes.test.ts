/**
 * Pixel passes split between threads: the split covers the region exactly once, a helper
 * thread runs a pass's source text and gives the same result as this thread, and a helper
 * that fails costs time, not the result.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { regionRuns, runsSize, splitRuns } from '../../../native-workers/analysis/passes/runs.js';
import { runPass, runPassSync, wouldSplit, PARALLEL_MIN_PIXELS } from '../../../native-workers/analysis/passes/run-pass.js';
import { PassHelperThread, transferablesOf } from '../../../native-workers/pass-helpers.js';
import type { PassHelper } from '../../../native-workers/analysis/passes/pixel-pass.js';
import { bucketFillPass, type BucketFillParams } from '../../../native-workers/analysis/passes/bucket-fill.js';
import { binRowsPass } from '../../../native-workers/analysis/passes/bin-rows.js';
import { computeStatistics, computeStatisticsAsync } from '../../../native-workers/analysis/statistics.js';
import { checkRegion } from '../../../native-workers/analysis/region.js';
import type { PixelView } from '../../../native-workers/analysis/types.js';
import { binImage, binImageAsync, resampleArea, resampleAreaAsync } from '../../../native-workers/analysis/render.js';
import { seeded } from './kernel-fixtures.js';

function sharedFloat32(n: number, value: (i: number) => number): Float32Array {
  const px = new Float32Array(new SharedArrayBuffer(n * 4));
  for (let i = 0; i < n; i++) px[i] = value(i);
  return px;
}

/** A helper that always fails, as a dead thread would. */
const failingHelper: PassHelper = {
  visit: async () => ({ ok: false, message: 'this helper always fails' }),
  visitClaimed: async () => ({ ok: false, message: 'this helper always fails' }),
};

/** A helper that takes (and marks) a few chunks, then dies without answering for them. */
const dyingHelper: PassHelper = {
  visit: async () => ({ ok: false, message: 'died' }),
  visitClaimed: async (_pass, _pixels, job) => {
    for (let i = 0; i < 3; i++) {
      const c = Atomics.add(job.claims, 0, 1);
      if (c < job.chunks.length) Atomics.store(job.claims, 1 + c, job.owner);
    }
    return { ok: false, message: 'died after taking three chunks' };
  },
};

describe('splitRuns', () => {
  test('parts cover every pixel of the runs once, in order, with sizes differing by at most one', () => {
    const rand = seeded(7);
    for (let trial = 0; trial < 200; trial++) {
      const runs: number[] = [];
      let at = Math.floor(rand() * 10);
      for (let r = Math.floor(rand() * 6); r >= 0; r--) {
        const len = Math.floor(rand() * 20);
        if (len > 0) runs.push(at, at + len);
        at += len + Math.floor(rand() * 5);
      }
      const parts = 1 + Math.floor(rand() * 5);
      const split = splitRuns(runs, parts);
      assert.equal(split.length, parts);
      const expand = (rs: number[]): number[] => {
        const out: number[] = [];
        for (let i = 0; i < rs.length; i += 2) for (let j = rs[i]!; j < rs[i + 1]!; j++) out.push(j);
        return out;
      };
      assert.deepEqual(split.flatMap(expand), expand(runs));
      const sizes = split.map(runsSize);
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `sizes ${sizes}`);
    }
  });

  test('with cuts, parts end only at a cut, the one nearest an equal split', () => {
    const runs = [100, 130, 200, 230]; // 60 pixels
    const parts = splitRuns(runs, 3, [10, 25, 50]);
    const ends = parts.map(runsSize).reduce<number[]>((acc, n) => [...acc, (acc[acc.length - 1] ?? 0) + n], []);
    assert.deepEqual(ends, [25, 50, 60]); // ideal 20 → 25, ideal 40 → 50
    assert.deepEqual(parts[0], [100, 125]);
    assert.deepEqual(parts[1], [125, 130, 200, 220]);
    assert.deepEqual(splitRuns(runs, 2, []).map(runsSize), [60, 0]); // nowhere to cut: one part
  });

  test('a region is one run per row, or one run when its rows are full width', () => {
    const view = { width: 10, height: 4 };
    assert.deepEqual(regionRuns(view.width, { x0Px: 0, y0Px: 1, x1Px: 10, y1Px: 3 }), [10, 30]);
    assert.deepEqual(regionRuns(view.width, { x0Px: 2, y0Px: 1, x1Px: 5, y1Px: 3 }), [12, 15, 22, 25]);
  });
});

describe('runPass', () => {
  // One real helper thread shared by the tests below.
  const helpers: PassHelperThread[] = [new PassHelperThread()];
  after(async () => {
    await Promise.all(helpers.map((h) => h.terminate()));
  });
  const n = PARALLEL_MIN_PIXELS + 12345;
  const rand = seeded(11);
  // Few distinct values (each ~8k times per part) so byte counters wrap in each part and in the merge.
  const pixels = sharedFloat32(n, () => (rand() < 0.001 ? NaN : 1000 + Math.floor(rand() * 128) / 16 + (rand() < 0.01 ? rand() * 5000 : 0)));
  const view: PixelView = { pixels, width: n, height: 1 };
  const params: BucketFillParams = { negMask: -1, flip: 0x80000000, tables: 2, base: (0x80000000 + 0x447a0000 - 0x447a0000 % 65536) | 0, tableOf: null, spillHint: 0 };

  test('a helper thread runs the pass from its source text and finds what this thread finds', async () => {
    const helper = helpers[0]!;
    const runs = regionRuns(view.width, checkRegion(view));
    const outcome = await helper.visit(bucketFillPass, pixels, runs, params);
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
    const here = runPassSync(bucketFillPass, view, runs, params);
    assert.ok(here.carries.some((c) => c !== null) && here.spill.length > 0, 'the data must wrap counters and spill keys');
    assert.deepEqual(outcome.result.low8, here.low8);
    assert.deepEqual(outcome.result.spill, here.spill);
    assert.deepEqual(outcome.result.carries, here.carries);
  });

  test('statistics with helper threads equal the statistics on one thread', async () => {
    assert.ok(wouldSplit(view, n, helpers));
    const one = computeStatistics(view);
    assert.deepEqual(await computeStatisticsAsync(view, undefined, { helpers }), one);
    const region = { x0Px: 17, y0Px: 0, x1Px: n - 3, y1Px: 1 };
    assert.deepEqual(await computeStatisticsAsync(view, region, { helpers }), computeStatistics(view, region));
  });

  test('a failing helper costs time, not the result: its part is visited on this thread', async () => {
    const merged = await runPass(bucketFillPass, view, checkRegion(view), params, { helpers: [failingHelper, failingHelper] });
    const here = runPassSync(bucketFillPass, view, checkRegion(view), params);
    assert.deepEqual(merged.low8, here.low8);
    assert.deepEqual(merged.carries, here.carries);
    assert.deepEqual([...merged.spill].sort(), [...here.spill].sort());
    assert.deepEqual(await computeStatisticsAsync(view, undefined, { helpers: [failingHelper] }), computeStatistics(view));
    // Chunks a helper took before it died are counted again here, once.
    assert.deepEqual(await computeStatisticsAsync(view, undefined, { helpers: [dyingHelper, helpers[0]!] }), computeStatistics(view));
    const claimed = await runPass(bucketFillPass, view, checkRegion(view), params, { helpers: [dyingHelper] });
    assert.deepEqual(claimed.low8, runPassSync(bucketFillPass, view, checkRegion(view), params).low8);
  });

  test('area binning with helper threads equals binning on one thread (partial blocks, NaN, BLANK, regions)', async () => {
    const [w, h] = [1031, 1029]; // ≥ 1 Mi pixels; not multiples of the factors, so edge cells are partial
    const rand2 = seeded(5);
    const floats = sharedFloat32(w * h, () => (rand2() < 0.01 ? NaN : 1000 + 50 * rand2()));
    const ints = new Int16Array(new SharedArrayBuffer(w * h * 2)).map(() => (rand2() < 0.01 ? -7 : Math.floor(1000 * rand2())));
    const views: PixelView[] = [
      { pixels: floats, width: w, height: h },
      { pixels: ints, width: w, height: h, blank: -7 },
    ];
    assert.ok(wouldSplit(views[0]!, w * h, helpers));
    const direct = await helpers[0]!.visit(binRowsPass, floats, [0, w * 8], {
      width: w, rowLength: w, y0: 0, colStart: Int32Array.of(0, w), outW: 1, rowOut: new Int32Array(h), blank: null,
    });
    assert.ok(direct.ok, direct.ok ? '' : direct.message);
    for (const v of views) {
      for (const factor of [1, 3, 8]) assert.deepEqual(await binImageAsync(v, factor, undefined, { helpers }), binImage(v, factor));
      const region = { x0Px: 5, y0Px: 3, x1Px: w - 2, y1Px: h };
      assert.deepEqual(await binImageAsync(v, 4, region, { helpers }), binImage(v, 4, region));
      assert.deepEqual(await resampleAreaAsync(v, 300, 200, undefined, { helpers }), resampleArea(v, 300, 200));
      assert.deepEqual(await resampleAreaAsync(v, 300, 200, region, { helpers: [failingHelper, failingHelper] }), resampleArea(v, 300, 200, region));
    }
  });

  test('pixels outside shared memory, or too few of them, stay on this thread', () => {
    const plain: PixelView = { pixels: new Float32Array(n), width: n, height: 1 };
    assert.equal(wouldSplit(plain, n, [failingHelper]), false);
    assert.equal(wouldSplit(view, PARALLEL_MIN_PIXELS - 1, [failingHelper]), false);
    assert.equal(wouldSplit(view, n, []), false);
  });

  test('typed arrays in a result are transferred, one level down included', () => {
    const a = new Uint8Array(4);
    const b = new Uint32Array(2);
    const shared = new Uint8Array(new SharedArrayBuffer(4));
    const list = transferablesOf({ a, list: [b, null], shared, nested: { b } });
    assert.deepEqual(new Set(list), new Set([a.buffer, b.buffer]));
  });
});

/**
 * The bucketed multiset of 32-bit pixels against the obvious reference: the valid values
 * sorted by a comparison sort. Small `denseMin` values put the same data through counted
 * tables, kept keys, and mixes of both; repeated values push byte counters past 255.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { BucketCounts, type KeyKind } from '../../../native-workers/analysis/bucket-counts.js';
import { checkRegion } from '../../../native-workers/analysis/region.js';
import type { PixelRegion, PixelView } from '../../../native-workers/analysis/types.js';
import { seeded } from './kernel-fixtures.js';

type Pixels = Float32Array | Int32Array | Uint32Array;

function reference(view: PixelView, region: PixelRegion | undefined): number[] {
  const r = checkRegion(view, region);
  const out: number[] = [];
  for (let y = r.y0Px; y < r.y1Px; y++) {
    for (let x = r.x0Px; x < r.x1Px; x++) {
      const v = view.pixels[y * view.width + x]!;
      if (Number.isNaN(v) || v === view.blank) continue;
      out.push(v === 0 ? 0 : v);
    }
  }
  return out.sort((a, b) => a - b);
}

/** First index whose value is ≥ v (strict: first > v). */
function boundRef(sorted: number[], v: number, strict: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (strict ? sorted[mid]! <= v : sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function modeRef(sorted: number[]): number {
  let best = NaN;
  let bestRun = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    if (j - i > bestRun) [best, bestRun] = [sorted[i]!, j - i];
    i = j;
  }
  return best;
}

function closeTo(actual: number, expected: number, what: string): void {
  const tolerance = 1e-12 * Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);
}

function check(view: PixelView, kind: KeyKind, denseMin: number, region?: PixelRegion): void {
  const want = reference(view, region);
  const got = BucketCounts.build(view, checkRegion(view, region), kind, { denseMin });
  const label = `${kind} denseMin=${denseMin}`;
  assert.equal(got.count, want.length, `${label}: count`);
  const size = region ? (region.x1Px - region.x0Px) * (region.y1Px - region.y0Px) : view.width * view.height;
  assert.equal(got.nanCount, size - want.length, `${label}: nanCount`);
  const ranks = new Set([0, want.length - 1, want.length >> 1]);
  const rand = seeded(want.length + denseMin);
  for (let i = 0; i < 60; i++) ranks.add(Math.floor(rand() * want.length));
  for (const rank of ranks) if (rank >= 0 && rank < want.length) assert.equal(got.at(rank), want[rank], `${label}: at(${rank})`);
  const probes = [...want.filter((_, i) => i % 97 === 0), -1e40, 1e40, -0.5, 0, 0.25, -Infinity, Infinity, 2 ** 31, -(2 ** 31) - 1, 2 ** 32];
  for (const v of probes) {
    const near = [v, v + 1e-9 * Math.abs(v), v - 1e-9 * Math.abs(v), v + 0.5, v - 0.5].filter((p) => !Number.isNaN(p));
    for (const p of near) {
      assert.equal(got.lowerBound(p), boundRef(want, p, false), `${label}: lowerBound(${p})`);
      assert.equal(got.upperBound(p), boundRef(want, p, true), `${label}: upperBound(${p})`);
    }
  }
  if (want.length) assert.equal(got.mode(), modeRef(want), `${label}: mode`);
  const finite = want.filter(Number.isFinite);
  if (finite.length === want.length && want.length) {
    for (const [lo, hi] of [[0, want.length], [1, want.length - 1], [want.length >> 2, (3 * want.length) >> 2], [5, 6]] as const) {
      if (!(hi > lo) || hi > want.length) continue;
      const shift = want[want.length >> 1]!;
      let s1 = 0;
      let s2 = 0;
      for (let i = lo; i < hi; i++) {
        s1 += want[i]! - shift;
        s2 += (want[i]! - shift) ** 2;
      }
      const m = got.moments(lo, hi, shift);
      assert.equal(m.n, hi - lo);
      closeTo(m.s1, s1, `${label}: Σ(v−s) over [${lo}, ${hi})`);
      closeTo(m.s2, s2, `${label}: Σ(v−s)² over [${lo}, ${hi})`);
    }
  }
}

/** Image-like values: a crowded sky, a few bright and negative ones, repeats. */
function frame(kind: KeyKind, n: number, seed: number): Pixels {
  const rand = seeded(seed);
  const out = kind === 'float32' ? new Float32Array(n) : kind === 'int32' ? new Int32Array(n) : new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rand();
    let v: number;
    if (kind === 'float32') v = r < 0.85 ? 1000 + 3 * (rand() - 0.5) : r < 0.9 ? -50 * rand() : r < 0.95 ? 1e-30 * rand() : 60000 * rand();
    else if (kind === 'int32') v = r < 0.85 ? 70000 + Math.floor(rand() * 700) : r < 0.95 ? -Math.floor(rand() * 2 ** 31) : Math.floor(rand() * 2 ** 31);
    else v = r < 0.85 ? 4e9 + Math.floor(rand() * 700) : Math.floor(rand() * 2 ** 32);
    out[i] = v;
  }
  return out;
}

describe('BucketCounts orders 32-bit pixels exactly as a comparison sort does', () => {
  for (const kind of ['float32', 'int32', 'uint32'] as const) {
    for (const denseMin of [1, 64, 5000, 32768]) {
      test(`${kind}, tables for buckets of ≥ ${denseMin} values`, () => {
        const view: PixelView = { pixels: frame(kind, 120 * 100, 7), width: 120, height: 100 };
        check(view, kind, denseMin);
        check(view, kind, denseMin, { x0Px: 3, y0Px: 5, x1Px: 41, y1Px: 77 });
      });
    }
  }

  test('float32: NaN left out, −0 equal to 0, ±Infinity kept at the ends, BLANK dropped', () => {
    const values = [NaN, -0, 0, Infinity, -Infinity, 1.5, -1.5, 1.5, NaN, 3.25, -0, 7, 7, 7, 1e-45, -1e-45];
    const pixels = new Float32Array(values);
    // NaN comes with any payload and either sign: negative, signalling and largest patterns.
    new Uint32Array(pixels.buffer).set([0xffc00000, 0x7f800001], 0);
    new Uint32Array(pixels.buffer, 8 * 4, 1)[0] = 0xffffffff;
    const view: PixelView = { pixels, width: 4, height: 4, blank: 7 };
    for (const denseMin of [1, 3, 100]) check(view, 'float32', denseMin);
    const got = BucketCounts.build(view, checkRegion(view), 'float32', { denseMin: 1 });
    assert.equal(got.nanCount, 6, 'three NaN and three BLANK pixels');
    assert.equal(got.at(0), -Infinity);
    assert.equal(got.at(got.count - 1), Infinity);
    assert.equal(got.mode(), 0, '−0 and 0 are one value seen twice, tied with 1.5 and smaller');
  });

  test('counts beyond 255 and 65535 of one value stay exact (byte counters carry)', () => {
    const n = 300 * 300;
    const pixels = new Float32Array(n);
    for (let i = 0; i < n; i++) pixels[i] = i < 70_000 ? 1000.5 : i % 3 === 0 ? 999.25 : 1001 + (i % 500) / 64;
    const view: PixelView = { pixels, width: 300, height: 300 };
    check(view, 'float32', 1);
    const got = BucketCounts.build(view, checkRegion(view), 'float32', { denseMin: 1 });
    assert.equal(got.upperBound(1000.5) - got.lowerBound(1000.5), 70_000);
    assert.equal(got.mode(), 1000.5);
  });

  test('int32 and uint32 BLANK values are dropped and counted', () => {
    const i32 = new Int32Array([5, -3, 5, 2147483647, -2147483648, 5, 9, -3]);
    check({ pixels: i32, width: 4, height: 2, blank: -3 }, 'int32', 1);
    check({ pixels: i32, width: 4, height: 2, blank: -2147483648 }, 'int32', 100);
    const u32 = new Uint32Array([5, 4294967295, 5, 0, 0, 7, 4294967295, 1]);
    check({ pixels: u32, width: 4, height: 2, blank: 4294967295 }, 'uint32', 1);
    check({ pixels: u32, width: 4, height: 2, blank: 0 }, 'uint32', 100);
  });

  test('a sample that misjudges a bucket costs nothing in exactness (large frame, default threshold)', () => {
    // 600×600: sampled every 5th pixel; a bucket just around the threshold may go either way.
    const n = 600 * 600;
    const rand = seeded(3);
    const pixels = new Float32Array(n);
    for (let i = 0; i < n; i++) pixels[i] = rand() < 0.5 ? 1000 + 8 * rand() : 2000 + 100 * rand();
    check({ pixels, width: 600, height: 600 }, 'float32', 32768);
  });
});

/**
 * Exact numpy percentiles of a region without building its ordered multiset.
 *
 * A sample of the pixels says roughly where the wanted order statistics lie; around each,
 * a bracket of values wide enough to hold it with overwhelming probability is chosen from
 * the sample ranks' binomial spread. One pass over all pixels (./passes/percentile-bracket.ts)
 * then counts the pixels below, between and above the brackets and keeps only the few
 * inside them, which places every kept value at its exact rank. When a wanted rank is not
 * among the kept ones (the sample misled), the caller falls back to the multiset: the sample
 * decides the speed, never the result.
 */
import type { PixelView } from './types.js';
import type { PixelArray } from '../fits/types.js';
import { type CheckedRegion, regionSize } from './region.js';
import type { NumericKind } from './ordered.js';
import { percentileRanks, percentileLinear, type RankedValues } from './numpy-semantics.js';
import { regionRuns, stridedIndices } from './passes/runs.js';
import type { BracketParams, BracketResult } from './passes/percentile-bracket.js';

/** Pixels sampled by default (a region this small is sampled whole, which is exact). */
export const SAMPLE_SIZE = 65536;

/**
 * Bracket half-width in sample ranks: this many binomial standard deviations plus a few
 * ranks. Missing a rank at 8σ has a probability far below 1e-12 for a random sample.
 */
const SIGMAS = 8;
const EXTRA_RANKS = 16;

/**
 * Testing eight pixels at once before classifying them pays when most groups of eight lie
 * wholly between the brackets: from about this share of the pixels between them (0.92⁸ ≈ ½).
 */
const MOSTLY_BETWEEN = 0.92;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * The sampling stride: about `sampleSize` pixels of the region, with a stride sharing no
 * factor with the row width, so that the sample visits every column (a stride dividing
 * the width would see only a few columns: an overscan strip or a bad column could fill it).
 */
export function sampleStride(size: number, rowWidth: number, sampleSize: number): number {
  let stride = Math.max(1, Math.floor(size / Math.max(1, sampleSize)));
  while (stride > 1 && gcd(stride, rowWidth) !== 1) stride++;
  return stride;
}

/** The BLANK value as pixels of this kind hold it: NaN (matches nothing) when there is none. */
export function blankAsPixel(kind: NumericKind, blank: number | undefined): number {
  if (blank === undefined) return NaN;
  // The multiset rounds BLANK to float32 for float32 pixels (its key); an integer image compares it as is.
  return kind === 'float32' ? Math.fround(blank) : blank;
}

export interface PixelSample {
  /** Valid sampled values (−0 read as 0), in no particular order: read by rank with `rankReader`. */
  values: Float64Array;
  /** True when every pixel of the region was sampled: the sample is then the population. */
  whole: boolean;
}

/** Every `stride`-th pixel of the region's runs, NaN and BLANK left out. */
export function samplePixels(view: PixelView, r: CheckedRegion, blank: number, sampleSize = SAMPLE_SIZE): PixelSample {
  const px = view.pixels;
  const runs = regionRuns(view.width, r);
  const stride = sampleStride(regionSize(r), r.x1Px - r.x0Px, sampleSize);
  const out = new Float64Array(Math.ceil(regionSize(r) / stride));
  let n = 0;
  for (const i of stridedIndices(runs, stride)) {
    const v = px[i]!;
    if (v === v && v !== blank) out[n++] = v === 0 ? 0 : v;
  }
  return { values: out.subarray(0, n), whole: stride === 1 };
}

/** Sample indices [from, to] around the sample position of quantile q (clamped to the sample). */
function sampleWindow(m: number, q: number): { from: number; to: number } {
  const pos = q * (m - 1);
  const margin = SIGMAS * Math.sqrt(m * q * (1 - q)) + EXTRA_RANKS;
  return { from: Math.floor(pos - margin), to: Math.ceil(pos + margin) };
}

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/**
 * The 32-bit patterns of the values strictly between b and c, as [from, from + span) modulo
 * 2³², when they are exactly such a run: integers, and non-negative float32 (whose patterns
 * order as their values). Span 0 otherwise (float64, or a float32 middle reaching below 0).
 */
function middlePatterns(kind: NumericKind, b: number, c: number): { middleFrom: number; middleSpan: number } {
  const none = { middleFrom: 0, middleSpan: 0 };
  if (!(b < c) || b === Infinity) return none;
  let from: number;
  let to: number;
  if (kind === 'float32') {
    if (!(b >= 0)) return none;
    f32[0] = b;
    from = i32[0]! + 1;
    f32[0] = c; // +Inf: the largest finite float is the last one between
    to = i32[0]! - 1;
  } else if (kind === 'int32' || kind === 'uint32') {
    const [min, max] = kind === 'int32' ? [-(2 ** 31), 2 ** 31 - 1] : [0, 2 ** 32 - 1];
    from = Math.max(min, Math.floor(b) + 1);
    to = Math.min(max, Math.ceil(c) - 1);
  } else {
    return none;
  }
  if (to < from) return none;
  return { middleFrom: from | 0, middleSpan: to - from + 1 };
}

/**
 * Brackets around the `percents` (two, ascending) of the sampled values; overlapping
 * windows make one bracket. Ends outside the sample are ±Inf (everything that way is kept).
 */
export function planBrackets(kind: NumericKind, sample: PixelSample, percents: readonly [number, number], blank: number): BracketParams {
  const m = sample.values.length;
  const ranked = rankReader(sample.values);
  const valueAt = (i: number): number => (i < 0 ? -Infinity : i >= m ? Infinity : ranked(i));
  const share = (w: { from: number; to: number }): number => (m === 0 ? 1 : Math.min(1, (w.to - w.from + 1) / m));
  const lo = sampleWindow(m, percents[0] / 100);
  const hi = sampleWindow(m, percents[1] / 100);
  const one = m === 0 || lo.to >= hi.from; // overlapping windows: one bracket
  const a = valueAt(lo.from);
  const b = valueAt(one ? Math.max(lo.to, hi.to) : lo.to);
  const c = one ? Infinity : valueAt(hi.from);
  const d = one ? Infinity : valueAt(hi.to);
  const { middleFrom, middleSpan } = middlePatterns(kind, b, c);
  const lowShare = share({ from: lo.from, to: one ? Math.max(lo.to, hi.to) : lo.to });
  const highShare = one ? 0 : share(hi);
  // Share of the sample strictly between the brackets (above b for one bracket).
  const top = one ? Math.max(lo.to, hi.to) : lo.to;
  const between = m === 0 ? 0 : Math.max(0, (one ? m - 1 - top : hi.from - lo.to - 1) / m);
  return { a, b, c, d, blank, lowShare, highShare, middleFrom, middleSpan, mostlyBetween: between >= MOSTLY_BETWEEN };
}

/**
 * The value of rank k of `a` (0 ≤ k < a.length), rearranging `a`: Hoare's selection with a
 * median-of-three pivot, and a sort of what is left if that takes unusually many rounds.
 */
export function selectRank(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  let rounds = 2 * Math.ceil(Math.log2(a.length + 1)) + 8;
  while (hi - lo > 16) {
    if (rounds-- === 0) {
      a.subarray(lo, hi + 1).sort();
      return a[k]!;
    }
    const x = a[lo]!;
    const y = a[(lo + hi) >>> 1]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    // a[lo..j] ≤ pivot ≤ a[i..hi], and everything strictly between j and i equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return pivot;
  }
  a.subarray(lo, hi + 1).sort();
  return a[k]!;
}

/**
 * Values of `a` by rank, each found by selection (a few ranks of many values cost less than
 * a sort) and remembered. Rearranges `a` when it is a Float64Array (others are copied into
 * one: the selection then always sees one array type and stays optimized).
 */
export function rankReader(values: PixelArray): (rank: number) => number {
  const a = values instanceof Float64Array ? values : Float64Array.from(values);
  const found = new Map<number, number>();
  return (rank) => {
    let v = found.get(rank);
    if (v === undefined) {
      v = selectRank(a, rank);
      found.set(rank, v);
    }
    return v;
  };
}

/**
 * The valid values of the region as the bracket pass saw them, by rank: known inside the
 * brackets (and at their ends), unknown elsewhere.
 */
class BracketedValues implements RankedValues {
  /** First rank of each known stretch. */
  private readonly lowStart: number;
  private readonly highStart: number;
  private readonly lowRank: (rank: number) => number;
  private readonly highRank: (rank: number) => number;

  constructor(
    readonly kind: NumericKind,
    private readonly p: BracketParams,
    private readonly r: BracketResult,
    readonly count: number,
  ) {
    this.lowStart = r.below;
    this.highStart = count - r.above - r.eqD - r.high.length - r.eqC;
    this.lowRank = rankReader(r.low);
    this.highRank = rankReader(r.high);
  }

  /** Whether `rank`'s value was seen by the pass. */
  knows(rank: number): boolean {
    const r = this.r;
    const lowEnd = this.lowStart + r.eqA + r.low.length + r.eqB;
    const highEnd = this.count - r.above;
    return (rank >= this.lowStart && rank < lowEnd) || (rank >= this.highStart && rank < highEnd);
  }

  at(rank: number): number {
    return this.valueOf(rank) + 0; // −0 reads as 0, as in the multiset
  }

  private valueOf(rank: number): number {
    const { p, r } = this;
    const inLow = rank < this.highStart;
    const kept = inLow ? r.low : r.high;
    const i = inLow ? rank - this.lowStart - r.eqA : rank - this.highStart - r.eqC;
    if (i < 0) return inLow ? p.a : p.c;
    if (i < kept.length) return (inLow ? this.lowRank : this.highRank)(i);
    return inLow ? p.b : p.d;
  }
}

/**
 * np.percentile of the region's valid values at each of `percents` from the bracket pass,
 * or null when a rank they need was outside the brackets. `count` is the number of valid pixels (> 0).
 */
export function percentilesFromBrackets(
  kind: NumericKind,
  params: BracketParams,
  result: BracketResult,
  count: number,
  percents: readonly number[],
): number[] | null {
  const values = new BracketedValues(kind, params, result, count);
  for (const percent of percents) {
    const { prev, next } = percentileRanks(count, percent);
    if (!values.knows(prev) || !values.knows(next)) return null;
  }
  return percents.map((percent) => percentileLinear(values, percent));
}

/** np.percentile of a whole sample (non-empty) at `percent`. */
export function percentileOfSample(kind: NumericKind, sample: PixelSample, percent: number): number {
  return percentileLinear({ kind, count: sample.values.length, at: rankReader(sample.values) }, percent);
}

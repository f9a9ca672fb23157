/**
 * Image statistics as QuickAnalysis computes them with numpy/scipy, plus the
 * sky (astropy sigma_clipped_stats median) and noise, in O(n): everything is
 * read from one ordered multiset (count table or radix sort), never a sort.
 */
import { AnalysisError, type ImageStatistics, type PixelRegion, type PixelView } from './types.js';
import { checkRegion } from './region.js';
import { buildOrderedValues, buildOrderedValuesAsync, type NumericKind, type OrderedValues } from './ordered.js';
import type { RunPassOptions } from './passes/run-pass.js';
import { medianOfRanks, meanOfTwo } from './numpy-semantics.js';

/** Gaussian-equivalent scale of the MAD. */
export const MAD_TO_SIGMA = 1.4826;

/**
 * Statistics of the valid pixels (NaN and BLANK excluded and counted) of the
 * image or of `region` (end exclusive). BAD_REGION for an empty, inverted or
 * out-of-bounds region; EMPTY_DATA when no pixel of the region is valid.
 */
export function computeStatistics(view: PixelView, region?: PixelRegion): ImageStatistics {
  const r = checkRegion(view, region);
  const ov = buildOrderedValues(view, r);
  return statisticsOf(ov);
}

/** `computeStatistics`, sharing the pixel pass with helper threads for large images in shared memory. */
export async function computeStatisticsAsync(view: PixelView, region?: PixelRegion, options: RunPassOptions = {}): Promise<ImageStatistics> {
  const r = checkRegion(view, region);
  return statisticsOf(await buildOrderedValuesAsync(view, r, options));
}

/** The five numbers QuickAnalysis returns with its histogram (no MAD, no clipping: cheaper). */
export function basicStatisticsOf(ov: OrderedValues): Pick<ImageStatistics, 'median' | 'mean' | 'mode' | 'min' | 'max'> {
  const n = nonEmpty(ov);
  return { median: medianOfRanks(ov, 0, n), mean: ov.moments(0, n, 0).s1 / n, mode: ov.mode(), min: ov.at(0), max: ov.at(n - 1) };
}

function nonEmpty(ov: OrderedValues): number {
  if (ov.count === 0) throw new AnalysisError('EMPTY_DATA', `no valid pixels: all ${ov.nanCount} are NaN or BLANK`);
  return ov.count;
}

/** The statistics of an ordered multiset already built. */
export function statisticsOf(ov: OrderedValues): ImageStatistics {
  const n = nonEmpty(ov);
  const median = medianOfRanks(ov, 0, n);
  // One compensated pass of moments about the median (close to the mean, so no cancellation):
  // mean = median + Σ(x−m)/n, variance = Σ(x−m)²/n − (Σ(x−m)/n)² = np.std² to ~1e-15.
  const centred = ov.moments(0, n, median);
  const mean = median + centred.s1 / n;
  const variance = Math.max(0, centred.s2 / n - (centred.s1 / n) ** 2);
  const std = Math.sqrt(variance);
  const mad = medianAbsDeviation(ov, median);
  return {
    mean,
    median,
    mode: ov.mode(),
    min: ov.at(0),
    max: ov.at(n - 1),
    std,
    mad,
    count: n,
    nanCount: ov.nanCount,
    sky: sigmaClippedMedian(ov, median, centred),
    noise: MAD_TO_SIGMA * mad,
  };
}

/** |x − center| in the dtype numpy would use (float32 data subtracts in float32). */
function deviation(x: number, center: number, kind: NumericKind): number {
  const d = Math.abs(x - center);
  return kind === 'float32' ? Math.fround(d) : d;
}

/**
 * scipy.stats.median_abs_deviation (scale 1.0, about np.median) in O(log² n):
 * the deviations are two sorted runs (below and above the center), and the
 * k-th smallest of two sorted runs is found by binary search.
 */
export function medianAbsDeviation(ov: OrderedValues, center: number): number {
  const n = ov.count;
  const split = ov.lowerBound(center);
  const kind = ov.kind;
  const below = (t: number): number => deviation(ov.at(split - 1 - t), center, kind); // ascending in t
  const above = (t: number): number => deviation(ov.at(split + t), center, kind);
  const kth = (k: number): number => kthOfTwoSorted(below, split, above, n - split, k);
  if (n % 2 === 1) return kth(n >> 1);
  return meanOfTwo(kth(n / 2 - 1), kth(n / 2), kind);
}

/** The k-th (0-based) smallest element of the merge of two ascending sequences. */
function kthOfTwoSorted(
  a: (i: number) => number,
  aLen: number,
  b: (i: number) => number,
  bLen: number,
  k: number,
): number {
  // Take i elements from a and k+1-i from b; find the smallest i where a[i] is not below b's last taken.
  let lo = Math.max(0, k + 1 - bLen);
  let hi = Math.min(k + 1, aLen);
  while (lo < hi) {
    const i = (lo + hi) >>> 1;
    const j = k + 1 - i;
    if (j > 0 && b(j - 1) > a(i)) lo = i + 1;
    else hi = i;
  }
  const i = lo;
  const j = k + 1 - i;
  const fromA = i > 0 ? a(i - 1) : -Infinity;
  const fromB = j > 0 ? b(j - 1) : -Infinity;
  return fromA > fromB ? fromA : fromB;
}

/**
 * The median of astropy `sigma_clipped_stats(data, sigma=3, maxiters=5)`:
 * clip about the median with the population std until nothing changes (at
 * most 5 times). The kept values are always a contiguous rank range of the
 * ordered data, so each iteration only touches the values it removes.
 */
export function sigmaClippedMedian(
  ov: OrderedValues,
  shift: number,
  fullCentred: { s1: number; s2: number },
  sigma = 3,
  maxIters = 5,
): number {
  let lo = 0;
  let hi = ov.count;
  // Running moments about `shift` (the full median), updated by subtracting what each iteration clips.
  let s1 = fullCentred.s1;
  let s2 = fullCentred.s2;
  for (let iter = 0; iter < maxIters; iter++) {
    const n = hi - lo;
    const center = medianOfRanks(ov, lo, hi);
    let std = Math.sqrt(Math.max(0, s2 / n - (s1 / n) ** 2));
    let lower = center - std * sigma;
    let upper = center + std * sigma;
    if (ov.kind === 'float32') {
      // numpy computes this std in float32 and compares float32 data with the bounds cast to float32.
      std = Math.fround(std);
      lower = Math.fround(center - std * sigma);
      upper = Math.fround(center + std * sigma);
    }
    const newLo = Math.max(lo, ov.lowerBound(lower));
    const newHi = Math.min(hi, ov.upperBound(upper));
    if (newHi - newLo === n) break;
    if (newHi <= newLo) {
      lo = hi = newLo;
      break;
    }
    const removedLow = ov.moments(lo, newLo, shift);
    const removedHigh = ov.moments(newHi, hi, shift);
    s1 -= removedLow.s1 + removedHigh.s1;
    s2 -= removedLow.s2 + removedHigh.s2;
    lo = newLo;
    hi = newHi;
    if (removedLow.s2 + removedHigh.s2 > s2) {
      // Most of the spread was in the clipped tail: subtracting lost precision, so sum the rest afresh.
      const kept = ov.moments(lo, hi, shift);
      s1 = kept.s1;
      s2 = kept.s2;
    }
  }
  if (hi <= lo) return NaN;
  return medianOfRanks(ov, lo, hi);
}

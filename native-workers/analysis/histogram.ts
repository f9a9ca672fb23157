/**
 * Histograms: QuickAnalysis's clipped histogram reproduced number for number
 * (numpy percentile limits, integer bin sizes, np.arange edges, np.histogram
 * counts), and NightDeck's own N-bin histogram for the console.
 */
import { AnalysisError, type PixelRegion, type PixelView } from './types.js';
import { checkRegion } from './region.js';
import { buildOrderedValues, buildOrderedValuesAsync, kindOf } from './ordered.js';
import { basicStatisticsOf } from './statistics.js';
import type { RunPassOptions } from './passes/run-pass.js';
import {
  clippedCountsAsync,
  clippedCountsSync,
  clippedHistogramOf,
  hasFastCounts,
  type HistogramResult,
  type HistogramTuning,
} from './histogram-counts.js';

export { floorDivide, numpyArange } from './histogram-edges.js';
export type { HistogramResult } from './histogram-counts.js';

export interface ClippedHistogram extends HistogramResult {
  stats: { median: number; mean: number; mode: number; min: number; max: number };
}

function checkClip(clip: number | undefined): void {
  if (clip !== undefined && !(clip >= 0 && clip <= 0.5)) {
    throw new AnalysisError('BAD_ARGUMENT', `clip must be a fraction in [0, 0.5], got ${clip}`);
  }
}

/**
 * The QuickAnalysis `/histogram-clipped` histogram of the valid pixels of the
 * image or region: `clip` is a fraction (0.001 = 0.1 % cut at each end);
 * without it the range is min..max. NaN and BLANK pixels are left out.
 * With the median, mean, mode, min and max, read from the ordered multiset.
 */
export function clippedHistogram(view: PixelView, clip?: number, region?: PixelRegion): ClippedHistogram {
  checkClip(clip);
  const ov = buildOrderedValues(view, checkRegion(view, region));
  const stats = basicStatisticsOf(ov); // throws EMPTY_DATA when nothing is valid
  return { ...clippedHistogramOf(ov, clip), stats };
}

/** `clippedHistogram`, with the multiset's counting pass shared with helper threads (pixels in shared memory). */
export async function clippedHistogramAsync(
  view: PixelView,
  clip?: number,
  region?: PixelRegion,
  options: RunPassOptions = {},
): Promise<ClippedHistogram> {
  checkClip(clip);
  const ov = await buildOrderedValuesAsync(view, checkRegion(view, region), options);
  const stats = basicStatisticsOf(ov);
  return { ...clippedHistogramOf(ov, clip), stats };
}

/**
 * `clippedHistogram`'s counts and edges alone (the same numbers and errors), without the
 * multiset for 32-bit and float64 pixels: a sample, one counting pass and one binning pass.
 */
export function clippedHistogramCounts(view: PixelView, clip?: number, region?: PixelRegion, tuning?: HistogramTuning): HistogramResult {
  checkClip(clip);
  const r = checkRegion(view, region);
  const kind = kindOf(view.pixels);
  if (!hasFastCounts(kind)) return clippedHistogramOf(buildOrderedValues(view, r), clip);
  return clippedCountsSync(view, r, kind, clip, tuning);
}

/** `clippedHistogramCounts` with its pixel passes shared with helper threads when the pixels are in shared memory. */
export async function clippedHistogramCountsAsync(
  view: PixelView,
  clip?: number,
  region?: PixelRegion,
  options: RunPassOptions & HistogramTuning = {},
): Promise<HistogramResult> {
  checkClip(clip);
  const r = checkRegion(view, region);
  const kind = kindOf(view.pixels);
  if (!hasFastCounts(kind)) return clippedHistogramOf(await buildOrderedValuesAsync(view, r, options), clip);
  return clippedCountsAsync(view, r, kind, clip, options);
}

export interface HistogramOptions {
  /** Number of equal bins (1..1,000,000). */
  bins: number;
  /** Lower edge; the smallest finite valid pixel by default. */
  min?: number;
  /** Upper edge (closed); the largest finite valid pixel by default. */
  max?: number;
  /** Counts as log10(1 + count), for a display that shows faint tails. */
  log?: boolean;
  region?: PixelRegion;
}

/**
 * NightDeck's histogram for the console: `bins` equal bins over [min, max]
 * (last bin closed), NaN/BLANK and values outside left out. Equal min and max
 * are widened by 0.5 on each side, as numpy does.
 */
export function histogram(view: PixelView, opts: HistogramOptions): HistogramResult {
  const { bins } = opts;
  if (!Number.isInteger(bins) || bins < 1 || bins > 1_000_000) {
    throw new AnalysisError('BAD_ARGUMENT', `bins must be an integer in 1..1000000, got ${bins}`);
  }
  const r = checkRegion(view, opts.region);
  const px = view.pixels;
  const w = view.width;
  const blank = view.blank;
  let min = opts.min;
  let max = opts.max;
  if (min === undefined || max === undefined) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let y = r.y0Px; y < r.y1Px; y++) {
      for (let i = y * w + r.x0Px, end = y * w + r.x1Px; i < end; i++) {
        const v = px[i]!;
        if (v - v !== 0 || v === blank) continue;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    if (lo > hi) throw new AnalysisError('EMPTY_DATA', 'no finite valid pixels to histogram');
    min ??= lo;
    max ??= hi;
  }
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) {
    throw new AnalysisError('BAD_ARGUMENT', `histogram limits ${min}..${max} must be finite with min ≤ max`);
  }
  if (max === min) {
    min -= 0.5;
    max += 0.5;
  }
  const counts = new Float64Array(bins);
  const scale = bins / (max - min);
  for (let y = r.y0Px; y < r.y1Px; y++) {
    for (let i = y * w + r.x0Px, end = y * w + r.x1Px; i < end; i++) {
      const v = px[i]!;
      if (!(v >= min && v <= max) || v === blank) continue;
      let b = Math.floor((v - min) * scale);
      if (b >= bins) b = bins - 1;
      counts[b]!++;
    }
  }
  const edges = new Array<number>(bins + 1);
  for (let i = 0; i <= bins; i++) edges[i] = min + ((max - min) * i) / bins;
  edges[bins] = max;
  return {
    counts: Array.from(counts, (c) => (opts.log ? Math.log10(1 + c) : c)),
    edges,
  };
}

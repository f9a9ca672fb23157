/**
 * Histograms: QuickAnalysis's clipped histogram reproduced number for number
 * (numpy percentile limits, integer bin sizes, np.arange edges, np.histogram
 * counts), and NightDeck's own N-bin histogram for the console.
 */
import { AnalysisError, type PixelRegion, type PixelView } from './types.js';
import { checkRegion } from './region.js';
import { buildOrderedValues, type NumericKind, type OrderedValues } from './ordered.js';
import { percentileLinear } from './numpy-semantics.js';
import { basicStatisticsOf } from './statistics.js';

export interface HistogramResult {
  counts: number[];
  edges: number[];
}

export interface ClippedHistogram extends HistogramResult {
  stats: { median: number; mean: number; mode: number; min: number; max: number };
}

/** QuickAnalysis keeps the number of bins below this. */
const MAX_BINS = 5000;

/** Python/numpy floor division of doubles (npy_divmod), including its rounding correction. */
export function floorDivide(a: number, b: number): number {
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) div -= 1;
  if (div === 0) return 0;
  let floor = Math.floor(div);
  if (div - floor > 0.5) floor += 1;
  return floor;
}

/** np.arange(start, stop, step) for float64: length ceil((stop−start)/step), values start + i·((start+step)−start). */
export function numpyArange(start: number, stop: number, step: number): number[] {
  const length = Math.ceil((stop - start) / step);
  if (!(length > 0)) return [];
  const out = new Array<number>(length);
  out[0] = start;
  if (length > 1) out[1] = start + step;
  const delta = start + step - start;
  for (let i = 2; i < length; i++) out[i] = start + i * delta;
  return out;
}

/** max − min as numpy subtracts two scalars of the array's dtype (float32 rounds). */
function scalarRange(low: number, high: number, kind: NumericKind): number {
  return kind === 'float32' ? Math.fround(high - low) : high - low;
}

/** QuickAnalysis bin size: the first of 1..19 giving fewer than 5000 bins (larger sizes when none does). */
function chooseBinSize(range: number): { binSize: number; numBins: number } {
  const bins = (size: number): number => floorDivide(range, size) + 1;
  for (let size = 1; size < 20; size++) if (bins(size) < MAX_BINS) return { binSize: size, numBins: bins(size) };
  // QuickAnalysis fails here (no bin size found); NightDeck keeps going with the first integer size that fits.
  let size = Math.max(20, Math.floor(range / (MAX_BINS - 1)));
  while (bins(size) >= MAX_BINS) size++;
  return { binSize: size, numBins: bins(size) };
}

/** np.histogram(values, bins=edges): [e_i, e_i+1) with the last bin closed; values outside are left out. */
function countIntoEdges(ov: OrderedValues, edges: number[]): number[] {
  const counts = new Array<number>(Math.max(0, edges.length - 1));
  for (let i = 0; i < counts.length; i++) {
    const from = ov.lowerBound(edges[i]!);
    const to = i === counts.length - 1 ? ov.upperBound(edges[i + 1]!) : ov.lowerBound(edges[i + 1]!);
    counts[i] = Math.max(0, to - from);
  }
  return counts;
}

/**
 * The QuickAnalysis `/histogram-clipped` histogram of the valid pixels of the
 * image or region: `clip` is a fraction (0.001 = 0.1 % cut at each end);
 * without it the range is min..max. NaN and BLANK pixels are left out.
 */
export function clippedHistogram(view: PixelView, clip?: number, region?: PixelRegion): ClippedHistogram {
  if (clip !== undefined && !(clip >= 0 && clip <= 0.5)) {
    throw new AnalysisError('BAD_ARGUMENT', `clip must be a fraction in [0, 0.5], got ${clip}`);
  }
  const ov = buildOrderedValues(view, checkRegion(view, region));
  const stats = basicStatisticsOf(ov); // throws EMPTY_DATA when nothing is valid
  let low: number;
  let range: number;
  if (clip === undefined) {
    low = stats.min;
    range = scalarRange(stats.min, stats.max, ov.kind);
  } else {
    const percent = clip * 100;
    low = percentileLinear(ov, percent);
    const high = percentileLinear(ov, 100 - percent);
    range = high - low;
  }
  if (!Number.isFinite(range) || !Number.isFinite(low)) {
    throw new AnalysisError('BAD_ARGUMENT', `histogram range ${low}..${low + range} is not finite`);
  }
  const { binSize, numBins } = chooseBinSize(range);
  const edges = numpyArange(low, low + numBins * binSize + 1, binSize);
  return {
    counts: countIntoEdges(ov, edges),
    edges,
    stats,
  };
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

/**
 * QuickAnalysis's histogram bins, number for number: an integer bin size chosen from the
 * range (Python floor division), and edges from np.arange with float64 steps.
 */
import { AnalysisError } from './types.js';
import type { NumericKind } from './ordered.js';

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
export function scalarRange(low: number, high: number, kind: NumericKind): number {
  return kind === 'float32' ? Math.fround(high - low) : high - low;
}

/** QuickAnalysis bin size: the first of 1..19 giving fewer than 5000 bins (larger sizes when none does). */
function chooseBinSize(range: number): { binSize: number; numBins: number } {
  const bins = (size: number): number => floorDivide(range, size) + 1;
  for (let size = 1; size < 20; size++) if (bins(size) < MAX_BINS) return { binSize: size, numBins: bins(size) };
  // QuickAnalysis fails here (no bin size found); NightDeck keeps going with the first integer size that fits.
  let size = Math.max(20, Math.floor(range / (MAX_BINS - 1)));
  while (bins(size) >= MAX_BINS) size = nextInteger(size);
  return { binSize: size, numBins: bins(size) };
}

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** The next integer a double can hold: n + 1, or past 2⁵³ (where n + 1 === n) the next double. */
function nextInteger(n: number): number {
  if (n + 1 > n) return n + 1;
  f64[0] = n;
  i64[0] = i64[0]! + 1n;
  return f64[0]!;
}

/**
 * The edges of the histogram from `low` over `range` (high − low): BAD_ARGUMENT when either
 * is not finite. The edges never decrease (start + i·delta with delta ≥ 0), though at large
 * magnitudes neighbours can be equal; they can also be fewer than two (no bins at all).
 */
export function clippedEdges(low: number, range: number): { edges: number[]; binSize: number } {
  if (!Number.isFinite(range) || !Number.isFinite(low)) {
    throw new AnalysisError('BAD_ARGUMENT', `histogram range ${low}..${low + range} is not finite`);
  }
  const { binSize, numBins } = chooseBinSize(range);
  return { edges: numpyArange(low, low + numBins * binSize + 1, binSize), binSize };
}

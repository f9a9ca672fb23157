/**
 * numpy's arithmetic for order statistics, reproduced so results are equal, not
 * merely close: the mean of the two middle values is taken in the array's own
 * precision (float32 stays float32), and percentiles use numpy's `_lerp`
 * with the difference of neighbours computed in the array's dtype.
 */
import type { NumericKind, OrderedValues } from './ordered.js';

/** np.mean([a, b]) for two values of the given dtype (float32 rounds twice, like numpy). */
export function meanOfTwo(a: number, b: number, kind: NumericKind): number {
  if (kind === 'float32') return Math.fround(Math.fround(a + b) / 2);
  return (a + b) / 2;
}

/** np.median of the values with ranks [lo, hi) (hi > lo). */
export function medianOfRanks(ov: OrderedValues, lo: number, hi: number): number {
  const n = hi - lo;
  const half = lo + (n >> 1);
  if (n % 2 === 1) return ov.at(half);
  return meanOfTwo(ov.at(half - 1), ov.at(half), ov.kind);
}

/** b − a in the array's dtype: numpy computes the neighbour difference before promoting. */
function dtypeDifference(a: number, b: number, kind: NumericKind): number {
  switch (kind) {
    case 'float32':
      return Math.fround(b - a);
    case 'int16':
      return ((b - a) << 16) >> 16;
    case 'int32':
      return (b - a) | 0;
    default:
      return b - a;
  }
}

/** What a percentile reads: how many values there are and the value of a rank, in the array's dtype. */
export interface RankedValues {
  readonly kind: NumericKind;
  readonly count: number;
  /** The value of rank `rank` (0-based) in ascending order. */
  at(rank: number): number;
}

/**
 * The two ranks np.percentile (linear method) reads for `percent` of `n` values, and the
 * weight of the second: callers that hold only some ranks check these before reading.
 */
export function percentileRanks(n: number, percent: number): { prev: number; next: number; gamma: number } {
  const q = percent / 100;
  const virtual = (n - 1) * q;
  let prev = Math.floor(virtual);
  let next = prev + 1;
  let gammaBase = prev;
  if (virtual >= n - 1) {
    prev = next = n - 1;
    gammaBase = -1; // numpy marks "past the end" as index −1 and takes gamma against it
  } else if (virtual < 0) {
    prev = next = 0;
    gammaBase = 0;
  }
  return { prev, next, gamma: virtual - gammaBase };
}

/** np.percentile(values, percent) with the default linear method (numpy ≥ 1.22 `_quantile`). */
export function percentileLinear(values: RankedValues, percent: number): number {
  const { prev, next, gamma } = percentileRanks(values.count, percent);
  const a = values.at(prev);
  const b = values.at(next);
  const diff = dtypeDifference(a, b, values.kind);
  if (gamma >= 0.5) return b - diff * (1 - gamma);
  return a + diff * gamma;
}

/** Binary search over ascending tables (cumulative counts, prefix sums). */

/** The largest i in [0, last] with sorted[i] ≤ x (0 when there is none). `sorted` ascends. */
export function lastAtMost(sorted: ArrayLike<number>, last: number, x: number): number {
  let lo = 0;
  let hi = last;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (sorted[mid]! <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

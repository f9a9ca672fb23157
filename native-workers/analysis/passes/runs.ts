/** Pixel runs of a region, and their split into parts of equal pixel counts. */
import type { CheckedRegion } from '../region.js';
import type { PixelRuns } from './pixel-pass.js';

/** [start, end) index runs of the region's rows (one run when rows are full width). */
export function regionRuns(width: number, r: CheckedRegion): PixelRuns {
  if (r.x0Px === 0 && r.x1Px === width) return [r.y0Px * width, r.y1Px * width];
  const runs: PixelRuns = [];
  for (let y = r.y0Px; y < r.y1Px; y++) runs.push(y * width + r.x0Px, y * width + r.x1Px);
  return runs;
}

export function runsSize(runs: PixelRuns): number {
  let n = 0;
  for (let i = 0; i < runs.length; i += 2) n += runs[i + 1]! - runs[i]!;
  return n;
}

/**
 * `parts` consecutive pieces of the runs of about equal pixel counts (runs split where
 * needed). With `cuts` (ascending pixel offsets from the first pixel), pieces end only at
 * those offsets, the nearest to an equal split; a piece may then be empty.
 */
export function splitRuns(runs: PixelRuns, parts: number, cuts?: number[]): PixelRuns[] {
  const total = runsSize(runs);
  const ends: number[] = [];
  for (let p = 1; p < parts; p++) {
    const ideal = Math.floor((p * total) / parts);
    // No cut at all: the first part takes everything.
    const end = cuts ? (cuts.length > 0 ? nearest(cuts, ideal) : total) : ideal;
    ends.push(Math.max(ends[ends.length - 1] ?? 0, Math.min(total, end)));
  }
  ends.push(total);
  const out: PixelRuns[] = [];
  let i = 0;
  let at = runs.length > 0 ? runs[0]! : 0;
  let done = 0;
  for (const partEnd of ends) {
    let want = partEnd - done;
    done = partEnd;
    const part: PixelRuns = [];
    while (want > 0 && i < runs.length) {
      const end = runs[i + 1]!;
      const take = Math.min(want, end - at);
      part.push(at, at + take);
      want -= take;
      at += take;
      if (at === end) {
        i += 2;
        at = i < runs.length ? runs[i]! : at;
      }
    }
    out.push(part);
  }
  return out;
}

/** The value of the non-empty ascending list closest to x. */
function nearest(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  const above = sorted[lo]!;
  const below = lo > 0 ? sorted[lo - 1]! : above;
  return x - below <= above - x ? below : above;
}

/** The index of every `stride`-th pixel of the runs, counting across runs (samples spread over a region). */
export function stridedIndices(runs: PixelRuns, stride: number): number[] {
  const out: number[] = [];
  let skip = 0;
  for (let r = 0; r < runs.length; r += 2) {
    const end = runs[r + 1]!;
    let i = runs[r]! + skip;
    for (; i < end; i += stride) out.push(i);
    skip = i - end;
  }
  return out;
}

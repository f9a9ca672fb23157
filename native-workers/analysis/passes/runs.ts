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
 * `parts` consecutive pieces of the runs with pixel counts differing by at most one `unit`
 * (runs split where needed, only at multiples of `unit` pixels from the first).
 */
export function splitRuns(runs: PixelRuns, parts: number, unit = 1): PixelRuns[] {
  const units = Math.ceil(runsSize(runs) / unit);
  const out: PixelRuns[] = [];
  let i = 0;
  let at = runs.length > 0 ? runs[0]! : 0;
  for (let p = 0; p < parts; p++) {
    let want = (Math.floor(((p + 1) * units) / parts) - Math.floor((p * units) / parts)) * unit;
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

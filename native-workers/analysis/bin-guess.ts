/**
 * When arithmetic alone bins pixels exactly. The binning pass (./passes/edge-counts.ts)
 * guesses a pixel's bin as min(last, trunc((v − e₀) · perUnit)). That guess never decreases
 * as v grows, and neither does the true bin, so the two agree for every pixel as soon as
 * they agree, at every edge, for the nearest values a pixel of this type can hold on either
 * side of it: the largest one below the edge must guess the bin before, the smallest one at
 * or above it must guess the edge's own bin (or later, for equal edges).
 */
import type { NumericKind } from './ordered.js';
import type { EdgeCountsParams } from './passes/edge-counts.js';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** The float32 next to finite float32 `f`, upwards or downwards. */
function stepFloat32(f: number, up: boolean): number {
  if (f === 0) return up ? 2 ** -149 : -(2 ** -149);
  f32[0] = f;
  if (f > 0 === up) u32[0] = u32[0]! + 1;
  else u32[0] = u32[0]! - 1;
  return f32[0]!;
}

/** The double next to finite double `x`, downwards. */
function stepDownFloat64(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  f64[0] = x;
  i64[0] = x > 0 ? i64[0]! - 1n : i64[0]! + 1n;
  return f64[0]!;
}

/** The double next to finite positive double `x`, upwards. */
function stepUpFloat64(x: number): number {
  f64[0] = x;
  i64[0] = i64[0]! + 1n;
  return f64[0]!;
}

/** The largest value of `kind` below `e` and the smallest at or above it (±Inf where none is finite). */
export function neighbours(kind: NumericKind, e: number): { below: number; atOrAbove: number } {
  if (kind === 'float64') return { below: stepDownFloat64(e), atOrAbove: e };
  if (kind === 'float32') {
    const f = Math.fround(e);
    if (!Number.isFinite(f)) return f > 0 ? { below: 3.4028234663852886e38, atOrAbove: Infinity } : { below: -Infinity, atOrAbove: -3.4028234663852886e38 };
    return { below: f < e ? f : stepFloat32(f, false), atOrAbove: f >= e ? f : stepFloat32(f, true) };
  }
  const up = Math.ceil(e);
  return { below: up - 1, atOrAbove: up };
}

/** Whether the arithmetic guess bins every possible pixel of `kind` exactly (BLANK inside the edges: no, it must be tested). */
export function guessIsExact(edges: Float64Array, perUnit: number, kind: NumericKind, blank: number): boolean {
  const bins = edges.length - 1;
  const last = bins - 1;
  const first = edges[0]!;
  const end = edges[bins]!;
  if (blank >= first && blank <= end) return false;
  const guess = (v: number): number => Math.min(((v - first) * perUnit) | 0, last);
  for (let j = 1; j <= last; j++) {
    const { below, atOrAbove } = neighbours(kind, edges[j]!);
    if (atOrAbove <= end && guess(atOrAbove) < j) return false;
    if (below >= first && guess(below) > j - 1) return false;
  }
  return true;
}

/** Guesses beyond the last bin are given counters of their own: only when they are few. */
const MAX_EXTRA_GUESSES = 64;

/** The binning pass's parameters for these edges (at least two) and bin size. */
export function planEdgeCounts(edges: number[], binSize: number, kind: NumericKind, blank: number): EdgeCountsParams {
  const edgeArray = Float64Array.from(edges);
  const bins = edges.length - 1;
  // 1 / binSize is rounded (bin sizes 3, 7, …): its neighbouring doubles may guess right where it does not.
  const scale = 1 / binSize;
  for (const perUnit of [scale, stepDownFloat64(scale), stepUpFloat64(scale)]) {
    const maxGuess = ((edgeArray[bins]! - edgeArray[0]!) * perUnit) | 0;
    if (maxGuess >= 0 && maxGuess <= bins + MAX_EXTRA_GUESSES && guessIsExact(edgeArray, perUnit, kind, blank)) {
      return { edges: edgeArray, perUnit, blank, guessIsExact: true, maxGuess };
    }
  }
  return { edges: edgeArray, perUnit: scale, blank, guessIsExact: false, maxGuess: 0 };
}

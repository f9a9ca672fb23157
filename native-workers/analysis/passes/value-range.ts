/**
 * The smallest and largest valid pixel of a region (NaN and BLANK left out, ±Inf kept),
 * and how many pixels were not valid: the unclipped histogram's range.
 */
import type { PixelPass } from './pixel-pass.js';

export interface ValueRangeParams {
  /** The BLANK value as the pixels hold it (NaN when there is none). */
  blank: number;
}

export interface ValueRangeResult {
  /** +Inf / −Inf when no pixel was valid. */
  min: number;
  max: number;
  /** NaN and BLANK pixels. */
  invalid: number;
}

/** The pass. Self-contained: helper threads run its text. */
function visitValueRange(pixels: ArrayLike<number>, runs: number[], p: ValueRangeParams): ValueRangeResult {
  /**
   * Pixels [start, stop) into found = [min, max, invalid]. Numbers and typed arrays only, no
   * object created, called per chunk: optimized early and never thrown away by a later call.
   */
  const scan = (pixels: ArrayLike<number>, start: number, stop: number, blank: number, found: Float64Array): void => {
    let min = found[0]!;
    let max = found[1]!;
    let invalid = found[2]!;
    for (let i = start; i < stop; i += 4) {
      // Four pixels inside the range found so far (so not NaN) and not BLANK change nothing: one well-predicted branch.
      if (i + 3 < stop) {
        const v0 = pixels[i]!;
        const v1 = pixels[i + 1]!;
        const v2 = pixels[i + 2]!;
        const v3 = pixels[i + 3]!;
        if (
          v0 >= min && v0 <= max && v1 >= min && v1 <= max && v2 >= min && v2 <= max && v3 >= min && v3 <= max &&
          v0 !== blank && v1 !== blank && v2 !== blank && v3 !== blank
        ) {
          continue;
        }
      }
      for (let j = i, to = Math.min(stop, i + 4); j < to; j++) {
        const v = pixels[j]!;
        if (v !== v || v === blank) invalid++;
        else {
          if (v < min) min = v;
          if (v > max) max = v;
        }
      }
    }
    found[0] = min;
    found[1] = max;
    found[2] = invalid;
  };

  const CHUNK = 65536;
  const found = new Float64Array([Infinity, -Infinity, 0]);
  for (let r = 0; r < runs.length; r += 2) {
    for (let at = runs[r]!, stop = runs[r + 1]!; at < stop; at += CHUNK) scan(pixels, at, Math.min(stop, at + CHUNK), p.blank, found);
  }
  return { min: found[0]!, max: found[1]!, invalid: found[2]! };
}

function mergeValueRange(a: ValueRangeResult, b: ValueRangeResult): ValueRangeResult {
  return { min: Math.min(a.min, b.min), max: Math.max(a.max, b.max), invalid: a.invalid + b.invalid };
}

export const valueRangePass: PixelPass<ValueRangeParams, ValueRangeResult> = {
  name: 'valueRange',
  visit: visitValueRange,
  merge: mergeValueRange,
};

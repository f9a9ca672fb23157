/**
 * The counting pass of exact percentiles without a multiset (../percentile-brackets.ts):
 * every valid pixel is counted below, inside or above two value brackets [a, b] and [c, d]
 * that a sample says hold the wanted order statistics, and only the values strictly inside
 * a bracket are kept (values equal to an end are counted). Most pixels fall between the
 * brackets and are skipped eight at a time.
 */
import type { PixelArray } from '../../fits/types.js';
import type { PixelPass } from './pixel-pass.js';

export interface BracketParams {
  /** a ≤ b ≤ c ≤ d. One bracket only: c = d = +Inf (the pixels above b then count as "middle"). */
  a: number;
  b: number;
  c: number;
  d: number;
  /** The BLANK value as the pixels hold it (NaN when there is none). */
  blank: number;
  /** Expected share of the visited pixels strictly inside each bracket (sizes the first buffers). */
  lowShare: number;
  highShare: number;
  /**
   * For 32-bit pixels whose values strictly between b and c are exactly the 32-bit patterns
   * p with (p − middleFrom) mod 2³² < middleSpan (integers; non-negative floats), the pass
   * tests patterns, one integer compare a pixel. middleSpan 0: compare values.
   */
  middleFrom: number;
  middleSpan: number;
  /** Most pixels are expected between the brackets: worth testing eight at a time before classifying. */
  mostlyBetween: boolean;
}

export interface BracketCounts {
  /** Valid pixels < a, equal to a, equal to b, equal to c, equal to d, > d. */
  below: number;
  eqA: number;
  eqB: number;
  eqC: number;
  eqD: number;
  above: number;
  /** NaN and BLANK pixels. */
  invalid: number;
}

export interface BracketResult extends BracketCounts {
  /** Values in (a, b) and (c, d), in pixel order, in the pixels' own type (exact). */
  low: PixelArray;
  high: PixelArray;
}

/** The pass. Self-contained: helper threads run its text. */
function visitBracket(pixels: PixelArray, runs: number[], p: BracketParams): BracketResult {
  const { a, b, c, d, blank } = p;
  const Typed = pixels.constructor as new (n: number) => PixelArray;
  let size = 0;
  for (let r = 0; r < runs.length; r += 2) size += runs[r + 1]! - runs[r]!;
  const kept = {
    low: new Typed(Math.min(size, Math.ceil(size * p.lowShare * 1.25) + 256)),
    high: new Typed(Math.min(size, Math.ceil(size * p.highShare * 1.25) + 256)),
  };
  // below, eqA, eqB, eqC, eqD, above, NaN, BLANK, kept low, kept high.
  const tally = new Float64Array(10);
  const span = p.middleSpan;
  const patterns = span > 0 ? new Int32Array(pixels.buffer, pixels.byteOffset, pixels.length) : null;
  // Eight pixels between the brackets are skipped at once (when most pixels lie there), unless BLANK lies there too.
  const quickSkip = p.mostlyBetween && !(blank > b && blank < c);

  // The loops below take only numbers and typed arrays and create no object, so their
  // optimized code depends on nothing a later call could change.

  /** Tallies pixels [from, to) one by one and keeps those strictly inside a bracket. */
  const classify = (
    pixels: PixelArray,
    from: number,
    to: number,
    a: number,
    b: number,
    c: number,
    d: number,
    blank: number,
    tally: Float64Array,
    kept: { low: PixelArray; high: PixelArray },
  ): void => {
    let below = tally[0]!;
    let above = tally[5]!;
    let nans = tally[6]!;
    let blanks = tally[7]!;
    for (let j = from; j < to; j++) {
      const v = pixels[j]!;
      // Counted without branches (+(x < y) is 0 or 1): below and above are no better
      // predicted than a coin when the brackets sit in the bulk. BLANK is taken back out after the pass.
      below += +(v < a);
      above += +(v > d);
      if ((+(v >= a) & +(v <= b)) | (+(v >= c) & +(v <= d))) {
        if (v === blank) blanks++;
        else if (v === a) tally[1]++;
        else if (v === b) tally[2]++;
        else if (v === c) tally[3]++;
        else if (v === d) tally[4]++;
        else {
          const side = v < b ? 8 : 9;
          let into = side === 8 ? kept.low : kept.high;
          const n = tally[side]!;
          if (n === into.length) {
            const grown = new (into.constructor as new (n: number) => PixelArray)(into.length * 2);
            grown.set(into);
            into = grown;
            if (side === 8) kept.low = grown;
            else kept.high = grown;
          }
          into[n] = v;
          tally[side] = n + 1;
        }
      } else if (v !== v) nans++; // NaN fails every comparison
      else if (v === blank) blanks++;
    }
    tally[0] = below;
    tally[5] = above;
    tally[6] = nans;
    tally[7] = blanks;
  };

  /**
   * Pixels [start, end) when most lie between the brackets: groups of eight wholly between
   * them skipped with one well-predicted test (on bit patterns where they order as values),
   * the others classified.
   */
  const scan = (
    pixels: PixelArray,
    patterns: Int32Array | null,
    start: number,
    end: number,
    a: number,
    b: number,
    c: number,
    d: number,
    blank: number,
    from: number,
    span: number,
    tally: Float64Array,
    kept: { low: PixelArray; high: PixelArray },
  ): void => {
    for (let i = start; i < end; i += 8) {
      if (i + 7 < end) {
        if (patterns !== null) {
          if (
            (patterns[i]! - from) >>> 0 < span &&
            (patterns[i + 1]! - from) >>> 0 < span &&
            (patterns[i + 2]! - from) >>> 0 < span &&
            (patterns[i + 3]! - from) >>> 0 < span &&
            (patterns[i + 4]! - from) >>> 0 < span &&
            (patterns[i + 5]! - from) >>> 0 < span &&
            (patterns[i + 6]! - from) >>> 0 < span &&
            (patterns[i + 7]! - from) >>> 0 < span
          ) {
            continue;
          }
        } else {
          const v0 = pixels[i]!;
          const v1 = pixels[i + 1]!;
          const v2 = pixels[i + 2]!;
          const v3 = pixels[i + 3]!;
          const v4 = pixels[i + 4]!;
          const v5 = pixels[i + 5]!;
          const v6 = pixels[i + 6]!;
          const v7 = pixels[i + 7]!;
          if (
            v0 > b && v0 < c && v1 > b && v1 < c && v2 > b && v2 < c && v3 > b && v3 < c &&
            v4 > b && v4 < c && v5 > b && v5 < c && v6 > b && v6 < c && v7 > b && v7 < c
          ) {
            continue;
          }
        }
      }
      classify(pixels, i, Math.min(end, i + 8), a, b, c, d, blank, tally, kept);
    }
  };

  // Called per chunk of a run: often enough to be optimized as a whole function early.
  const CHUNK = 65536;
  for (let r = 0; r < runs.length; r += 2) {
    for (let at = runs[r]!, stop = runs[r + 1]!; at < stop; at += CHUNK) {
      const to = Math.min(stop, at + CHUNK);
      if (quickSkip) scan(pixels, patterns, at, to, a, b, c, d, blank, p.middleFrom, span, tally, kept);
      else classify(pixels, at, to, a, b, c, d, blank, tally, kept);
    }
  }
  const blanks = tally[7]!;
  return {
    below: tally[0]! - (blank < a ? blanks : 0),
    eqA: tally[1]!,
    eqB: tally[2]!,
    eqC: tally[3]!,
    eqD: tally[4]!,
    above: tally[5]! - (blank > d ? blanks : 0),
    invalid: tally[6]! + blanks,
    low: kept.low.slice(0, tally[8]!),
    high: kept.high.slice(0, tally[9]!),
  };
}

function concat(x: PixelArray, y: PixelArray): PixelArray {
  if (y.length === 0) return x;
  if (x.length === 0) return y;
  const out = new (x.constructor as new (n: number) => PixelArray)(x.length + y.length);
  out.set(x);
  out.set(y, x.length);
  return out;
}

function mergeBracket(x: BracketResult, y: BracketResult): BracketResult {
  return {
    below: x.below + y.below,
    eqA: x.eqA + y.eqA,
    eqB: x.eqB + y.eqB,
    eqC: x.eqC + y.eqC,
    eqD: x.eqD + y.eqD,
    above: x.above + y.above,
    invalid: x.invalid + y.invalid,
    low: concat(x.low, y.low),
    high: concat(x.high, y.high),
  };
}

export const percentileBracketPass: PixelPass<BracketParams, BracketResult> = {
  name: 'percentileBracket',
  visit: visitBracket,
  merge: mergeBracket,
};

/**
 * The valid pixels of a region as an ordered multiset, built in O(n):
 * a count table for ≤16-bit integers, bucketed counts for 32-bit types
 * (./bucket-counts.ts), a radix-sorted copy for float64.
 * Every rank-based statistic (median, percentiles, MAD, mode, clipping) reads
 * from this one structure, so the exact numpy semantics live in one place.
 */
import type { PixelArray } from '../fits/types.js';
import { AnalysisError, type PixelView } from './types.js';
import { type CheckedRegion, regionSize } from './region.js';
import { radixSortU64 } from './radix.js';
import { BucketCounts } from './bucket-counts.js';
import type { RunPassOptions } from './passes/run-pass.js';
import { CompensatedSum } from './compensated-sum.js';
import { lastAtMost } from './search.js';

/** The numpy dtype the pixels have; it decides how numpy rounds intermediate results. */
export type NumericKind = 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';

export function kindOf(pixels: PixelArray): NumericKind {
  if (pixels instanceof Uint8Array) return 'uint8';
  if (pixels instanceof Int16Array) return 'int16';
  if (pixels instanceof Uint16Array) return 'uint16';
  if (pixels instanceof Int32Array) return 'int32';
  if (pixels instanceof Uint32Array) return 'uint32';
  if (pixels instanceof Float32Array) return 'float32';
  if (pixels instanceof Float64Array) return 'float64';
  throw new AnalysisError('BAD_ARGUMENT', 'pixels must be a typed array of a FITS pixel type');
}

/** Σ(v − shift) and Σ(v − shift)² over a rank range. */
export interface Moments {
  n: number;
  s1: number;
  s2: number;
}

export interface OrderedValues {
  readonly kind: NumericKind;
  /** Valid (finite or infinite, not NaN, not BLANK) values. */
  readonly count: number;
  /** NaN and BLANK pixels left out. */
  readonly nanCount: number;
  /** The value of rank `rank` (0-based) in ascending order. */
  at(rank: number): number;
  /** First rank whose value is ≥ v (count when none). */
  lowerBound(v: number): number;
  /** First rank whose value is > v (count when none). */
  upperBound(v: number): number;
  /** Most frequent value, the smallest on ties. */
  mode(): number;
  /** Compensated Σ(v − shift), Σ(v − shift)² over ranks [lo, hi). */
  moments(lo: number, hi: number, shift: number): Moments;
}

export function buildOrderedValues(view: PixelView, region: CheckedRegion): OrderedValues {
  const kind = kindOf(view.pixels);
  if (kind === 'uint8' || kind === 'int16' || kind === 'uint16') return CountTable.build(view, region, kind);
  if (kind === 'float64') return SortedArray.buildFloat64(view, region);
  return BucketCounts.build(view, region, kind);
}

/**
 * `buildOrderedValues`, with the counting pass of 32-bit images shared with helper threads
 * when the pixels are in shared memory (8/16-bit tables and float64 stay on this thread).
 */
export async function buildOrderedValuesAsync(view: PixelView, region: CheckedRegion, options: RunPassOptions = {}): Promise<OrderedValues> {
  const kind = kindOf(view.pixels);
  if (kind === 'float32' || kind === 'int32' || kind === 'uint32') return BucketCounts.buildAsync(view, region, kind, options);
  return buildOrderedValues(view, region);
}

/** Counts per possible value of an 8/16-bit integer image: one pass, then everything from 65536 bins. */
class CountTable implements OrderedValues {
  /** cumulative[b] = number of values in bins < b. */
  private readonly cumulative: Float64Array;
  private constructor(
    readonly kind: NumericKind,
    private readonly counts: Uint32Array,
    private readonly offset: number,
    readonly count: number,
    readonly nanCount: number,
  ) {
    this.cumulative = new Float64Array(counts.length + 1);
    let c = 0;
    for (let b = 0; b < counts.length; b++) {
      this.cumulative[b] = c;
      c += counts[b]!;
    }
    this.cumulative[counts.length] = c;
  }

  static build(view: PixelView, r: CheckedRegion, kind: NumericKind): CountTable {
    const size = kind === 'uint8' ? 256 : 65536;
    const offset = kind === 'int16' ? 32768 : 0;
    const counts = new Uint32Array(size);
    // One loop per element type keeps each loop monomorphic (several times faster in V8).
    if (kind === 'uint8') countUint8(view.pixels as Uint8Array, view.width, r, counts);
    else count16(view.pixels as Uint16Array | Int16Array, view.width, r, counts, kind === 'int16' ? 0x8000 : 0);
    // BLANK is removed after counting so the hot loop has no branch.
    let nanCount = 0;
    const blank = view.blank;
    if (blank !== undefined && Number.isInteger(blank) && blank + offset >= 0 && blank + offset < size) {
      nanCount = counts[blank + offset]!;
      counts[blank + offset] = 0;
    }
    return new CountTable(kind, counts, offset, regionSize(r) - nanCount, nanCount);
  }

  /** The bin holding `rank`: the largest b with cumulative[b] ≤ rank, which is a non-empty bin. */
  private binOfRank(rank: number): number {
    return lastAtMost(this.cumulative, this.counts.length - 1, rank);
  }

  at(rank: number): number {
    return this.binOfRank(rank) - this.offset;
  }

  lowerBound(v: number): number {
    const b = Math.ceil(v) + this.offset;
    if (b <= 0) return 0;
    if (b >= this.counts.length) return this.count;
    return this.cumulative[b]!;
  }

  upperBound(v: number): number {
    const b = Math.floor(v) + 1 + this.offset;
    if (b <= 0) return 0;
    if (b >= this.counts.length) return this.count;
    return this.cumulative[b]!;
  }

  mode(): number {
    let best = 0;
    let bestCount = -1;
    for (let b = 0; b < this.counts.length; b++) {
      if (this.counts[b]! > bestCount) {
        bestCount = this.counts[b]!;
        best = b;
      }
    }
    return best - this.offset;
  }

  moments(lo: number, hi: number, shift: number): Moments {
    const s1 = new CompensatedSum();
    const s2 = new CompensatedSum();
    if (hi > lo) {
      const last = this.binOfRank(hi - 1);
      for (let b = this.binOfRank(lo); b <= last; b++) {
        const from = Math.max(lo, this.cumulative[b]!);
        const to = Math.min(hi, this.cumulative[b + 1]!);
        if (to <= from) continue;
        const d = b - this.offset - shift;
        s1.add((to - from) * d);
        s2.add((to - from) * d * d);
      }
    }
    return { n: Math.max(0, hi - lo), s1: s1.value, s2: s2.value };
  }
}

function countUint8(px: Uint8Array, w: number, r: CheckedRegion, counts: Uint32Array): void {
  for (let y = r.y0Px; y < r.y1Px; y++) {
    for (let i = y * w + r.x0Px, end = y * w + r.x1Px; i < end; i++) counts[px[i]!]!++;
  }
}

/** Tables interleaved in one array: four independent counters break the store-to-load chains of runs of equal pixels. */
const TABLES = 4;
const TABLE_SIZE = 65536;

/**
 * Counts 16-bit pixels (uint16, or int16 by bit pattern) into `counts`, bin = pattern ^ flip.
 * Reads two pixels per 32-bit load into four interleaved tables, then sums the tables:
 * about twice as fast as one counter per bin on sky-dominated frames.
 */
function count16(px: Uint16Array | Int16Array, w: number, r: CheckedRegion, counts: Uint32Array, flip: number): void {
  const bits = new Uint16Array(px.buffer, px.byteOffset, px.length);
  // Whole 32-bit words need a 4-byte-aligned start; otherwise count one pixel at a time (same result).
  const words = px.byteOffset % 4 === 0 ? new Uint32Array(px.buffer, px.byteOffset, px.length >>> 1) : null;
  const tables = new Uint32Array(TABLES * TABLE_SIZE);
  if (r.x0Px === 0 && r.x1Px === w) {
    countPatterns(bits, words, r.y0Px * w, r.y1Px * w, tables); // full-width rows are one contiguous run
  } else {
    for (let y = r.y0Px; y < r.y1Px; y++) countPatterns(bits, words, y * w + r.x0Px, y * w + r.x1Px, tables);
  }
  for (let b = 0; b < TABLE_SIZE; b++) {
    counts[b ^ flip] = tables[b]! + tables[b + TABLE_SIZE]! + tables[b + 2 * TABLE_SIZE]! + tables[b + 3 * TABLE_SIZE]!;
  }
}

/** Adds the bit patterns of bits[start, end) to the four interleaved tables. */
function countPatterns(bits: Uint16Array, words: Uint32Array | null, start: number, end: number, t: Uint32Array): void {
  let i = start;
  if (words !== null) {
    if (i & 1 && i < end) t[bits[i++]!]!++;
    const pairsEnd = i + ((end - i) & ~3); // four pixels (two words) per step
    for (let k = i >>> 1, kEnd = pairsEnd >>> 1; k < kEnd; k += 2) {
      const a = words[k]!;
      const b = words[k + 1]!;
      t[a & 0xffff]!++;
      t[65536 + (a >>> 16)]!++;
      t[131072 + (b & 0xffff)]!++;
      t[196608 + (b >>> 16)]!++;
    }
    i = pairsEnd;
  }
  for (; i < end; i++) t[bits[i]!]!++;
}

/** A radix-sorted copy of the valid float64 values (LSD radix, up to 6 passes). */
class SortedArray implements OrderedValues {
  readonly count: number;
  private constructor(
    readonly kind: NumericKind,
    private readonly sorted: Float64Array,
    readonly nanCount: number,
  ) {
    this.count = sorted.length;
  }

  static buildFloat64(view: PixelView, r: CheckedRegion): SortedArray {
    const f = view.pixels as Float64Array;
    const words = new Uint32Array(f.buffer, f.byteOffset, f.length * 2);
    const size = regionSize(r);
    const hi = new Uint32Array(size);
    const lo = new Uint32Array(size);
    const blank = view.blank;
    const w = view.width;
    let n = 0;
    for (let y = r.y0Px; y < r.y1Px; y++) {
      const end = y * w + r.x1Px;
      for (let i = y * w + r.x0Px; i < end; i++) {
        const v = f[i]!;
        if (v !== v || v === blank) continue;
        let h = words[2 * i + 1]!; // little-endian: high word second
        let l = words[2 * i]!;
        if (v === 0) h = l = 0; // -0 counts as 0
        if (h & 0x80000000) {
          hi[n] = ~h >>> 0;
          lo[n] = ~l >>> 0;
        } else {
          hi[n] = (h | 0x80000000) >>> 0;
          lo[n] = l;
        }
        n++;
      }
    }
    const sorted = radixSortU64(hi, lo, n);
    const out = new Float64Array(n);
    const outWords = new Uint32Array(out.buffer);
    for (let i = 0; i < n; i++) {
      const h = sorted.hi[i]!;
      const l = sorted.lo[i]!;
      if (h & 0x80000000) {
        outWords[2 * i + 1] = h ^ 0x80000000;
        outWords[2 * i] = l;
      } else {
        outWords[2 * i + 1] = ~h >>> 0;
        outWords[2 * i] = ~l >>> 0;
      }
    }
    return new SortedArray('float64', out, size - n);
  }

  at(rank: number): number {
    return this.sorted[rank]!;
  }

  lowerBound(v: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  upperBound(v: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]! <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  mode(): number {
    const s = this.sorted;
    let best = s[0]!;
    let bestRun = 0;
    let i = 0;
    while (i < s.length) {
      const v = s[i]!;
      let j = i + 1;
      while (j < s.length && s[j] === v) j++;
      if (j - i > bestRun) {
        bestRun = j - i;
        best = v;
      }
      i = j;
    }
    return best;
  }

  moments(lo: number, hi: number, shift: number): Moments {
    const s = this.sorted;
    // Plain float64 sums in blocks, compensated across blocks: accurate and fast.
    const s1 = new CompensatedSum();
    const s2 = new CompensatedSum();
    const BLOCK = 256;
    for (let b = lo; b < hi; b += BLOCK) {
      const e = Math.min(hi, b + BLOCK);
      let a1 = 0;
      let a2 = 0;
      for (let i = b; i < e; i++) {
        const d = s[i]! - shift;
        a1 += d;
        a2 += d * d;
      }
      s1.add(a1);
      s2.add(a2);
    }
    return { n: Math.max(0, hi - lo), s1: s1.value, s2: s2.value };
  }
}

/**
 * The valid values of a 32-bit image (float32, int32, uint32) as an ordered multiset,
 * built in two passes over the pixels and no sort of the bulk.
 *
 * Every value has an order-preserving 32-bit key. Keys are grouped by their top 16 bits;
 * image data crowds into a few of these buckets (sky and noise), so a bucket holding many
 * values keeps one counter per possible low 16 bits (a 64 KiB table: cheaper than sorting
 * those values, and the counts are exactly what the mode needs), while a sparse bucket
 * (stars, hot pixels, tails) keeps its keys, sorted. Per-bucket sums are taken once, so
 * moments over rank ranges, ranks of values and values of ranks only touch the buckets at
 * the ends of a range.
 */
import { type CheckedRegion, regionSize } from './region.js';
import type { PixelView } from './types.js';
import type { Moments, NumericKind, OrderedValues } from './ordered.js';
import { CompensatedSum } from './compensated-sum.js';
import { sortSmallBucket } from './radix.js';
import { lastAtMost } from './search.js';
import type { PixelRuns } from './passes/pixel-pass.js';
import { regionRuns, stridedIndices } from './passes/runs.js';
import { bucketFillPass, type BucketFillParams, type BucketFillResult } from './passes/bucket-fill.js';
import { runPass, runPassSync, type RunPassOptions } from './passes/run-pass.js';

export type KeyKind = 'float32' | 'int32' | 'uint32';

const BUCKETS = 65536;
const LOW = 65536;

/**
 * A bucket with at least this many values is counted rather than kept: its table
 * (64 KiB of byte counters) is then never larger than its keys would be.
 */
export const DENSE_MIN = 32768;

/** Pixels sampled to choose the buckets that get a table. */
const SAMPLES = 65536;

/** Key ↔ value for float32: negative floats reversed below the positive ones; −0 is 0. */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

function floatKey(v: number): number {
  f32[0] = v === 0 ? 0 : v;
  const u = u32[0]!;
  return u & 0x80000000 ? ~u >>> 0 : (u | 0x80000000) >>> 0;
}

function floatOfKey(k: number): number {
  u32[0] = k & 0x80000000 ? k ^ 0x80000000 : ~k;
  return f32[0]!;
}

function valueOfKey(kind: KeyKind, k: number): number {
  if (kind === 'float32') return floatOfKey(k);
  if (kind === 'int32') return (k ^ 0x80000000) | 0;
  return k;
}

/**
 * The values of a bucket's 65536 keys as first + j·step when they are evenly spaced (every
 * integer bucket; every float32 bucket within one binade, i.e. all but the Inf/NaN one),
 * so walking a table needs no bit conversion per entry. Exact: these are float64 sums of
 * float32 values with the same exponent.
 */
function valuesOfBucket(kind: KeyKind, b: number): { first: number; step: number } | null {
  const high = b * LOW;
  const first = valueOfKey(kind, high);
  const step = valueOfKey(kind, high + 1) - first;
  const last = valueOfKey(kind, high + LOW - 1);
  if (!Number.isFinite(first) || !Number.isFinite(last) || last !== first + (LOW - 1) * step) return null;
  return { first, step };
}

/** Key of the smallest representable value ≥ v (2^32 when there is none). */
function ceilKey(kind: KeyKind, v: number): number {
  if (kind === 'float32') {
    const f = Math.fround(v);
    if (f !== f) return 2 ** 32; // NaN bounds nothing
    return f >= v ? floatKey(f) : floatKey(f) + 1;
  }
  const c = Math.ceil(v);
  const [lo, hi] = kind === 'int32' ? [-(2 ** 31), 2 ** 31 - 1] : [0, 2 ** 32 - 1];
  if (c > hi) return 2 ** 32;
  const clamped = Math.max(lo, c);
  return kind === 'int32' ? (clamped ^ 0x80000000) >>> 0 : clamped;
}

/** Key of the largest representable value ≤ v (−1 when there is none). */
function floorKey(kind: KeyKind, v: number): number {
  if (kind === 'float32') {
    const f = Math.fround(v);
    if (f !== f) return -1;
    return f <= v ? floatKey(f) : floatKey(f) - 1;
  }
  const c = Math.floor(v);
  const [lo, hi] = kind === 'int32' ? [-(2 ** 31), 2 ** 31 - 1] : [0, 2 ** 32 - 1];
  if (c < lo) return -1;
  const clamped = Math.min(hi, c);
  return kind === 'int32' ? (clamped ^ 0x80000000) >>> 0 : clamped;
}

/** The key a BLANK value takes (null when no pixel of this kind can equal it). */
function blankKey(kind: KeyKind, blank: number | undefined): number | null {
  if (blank === undefined || Number.isNaN(blank)) return null;
  if (kind === 'float32') return floatKey(blank);
  if (!Number.isInteger(blank)) return null;
  if (kind === 'int32') return blank >= -(2 ** 31) && blank < 2 ** 31 ? (blank ^ 0x80000000) >>> 0 : null;
  return blank >= 0 && blank < 2 ** 32 ? blank : null;
}

export interface BucketCountsOptions {
  /** Override DENSE_MIN (tests use small values to exercise both bucket forms on small images). */
  denseMin?: number;
}

export class BucketCounts implements OrderedValues {
  /** Non-empty buckets in ascending order, and the number of values before each (one more entry at the end). */
  private readonly ids: Uint32Array;
  private readonly cum: Float64Array;
  /** Per non-empty bucket: its smallest value and Σ(v − ref), Σ(v − ref)². */
  private readonly ref: Float64Array;
  private readonly sum1: Float64Array;
  private readonly sum2: Float64Array;
  /** Prefix counts of dense tables, built when a rank inside that table is first needed. */
  private readonly prefixes: (Uint32Array | null)[];
  private readonly modeValue: number;

  private constructor(
    readonly kind: KeyKind,
    readonly count: number,
    readonly nanCount: number,
    /** Values per bucket id (65536). */
    private readonly hist: Uint32Array,
    /** Values in buckets before each bucket id (65537). */
    private readonly below: Float64Array,
    /** Dense table number per bucket id, −1 for a sparse bucket. */
    private readonly tableOf: Int32Array,
    private readonly low8: Uint8Array,
    /** Per dense table, how many times each byte counter wrapped past 255 (only tables where that happened). */
    private readonly carries: (Uint32Array | null)[],
    /** Sorted keys of sparse buckets; bucket b's keys start at sparseStart[b]. */
    private readonly sparseKeys: Uint32Array,
    private readonly sparseStart: Uint32Array,
  ) {
    let nonEmpty = 0;
    for (let b = 0; b < BUCKETS; b++) if (hist[b]! > 0) nonEmpty++;
    this.ids = new Uint32Array(nonEmpty);
    this.cum = new Float64Array(nonEmpty + 1);
    this.ref = new Float64Array(nonEmpty);
    this.sum1 = new Float64Array(nonEmpty);
    this.sum2 = new Float64Array(nonEmpty);
    this.prefixes = new Array(carries.length);
    let best = NaN;
    let bestCount = 0;
    let p = 0;
    let c = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const m = hist[b]!;
      if (m === 0) continue;
      this.ids[p] = b;
      this.cum[p] = c;
      c += m;
      const summary = this.summarize(b);
      this.ref[p] = summary.ref;
      this.sum1[p] = summary.s1;
      this.sum2[p] = summary.s2;
      // Buckets ascend, so a strictly larger count keeps the smallest value on ties.
      if (summary.modeCount > bestCount) {
        bestCount = summary.modeCount;
        best = summary.modeValue;
      }
      p++;
    }
    this.cum[nonEmpty] = c;
    this.modeValue = best;
  }

  /** Builds the multiset of the valid pixels of `r` (NaN and BLANK are counted, not kept) on this thread. */
  static build(view: PixelView, r: CheckedRegion, kind: KeyKind, options: BucketCountsOptions = {}): BucketCounts {
    const plan = planBuckets(view, r, kind, options);
    return BucketCounts.finish(view, r, kind, plan, runPassSync(bucketFillPass, view, r, plan.params));
  }

  /** `build`, with the counting pass shared with helper threads when the pixels are in shared memory. */
  static async buildAsync(
    view: PixelView,
    r: CheckedRegion,
    kind: KeyKind,
    options: BucketCountsOptions & RunPassOptions = {},
  ): Promise<BucketCounts> {
    const plan = planBuckets(view, r, kind, options);
    return BucketCounts.finish(view, r, kind, plan, await runPass(bucketFillPass, view, r, plan.params, options));
  }

  private static finish(view: PixelView, r: CheckedRegion, kind: KeyKind, plan: BucketPlan, filled: BucketFillResult): BucketCounts {
    const { tableOf } = plan;
    const { low8, carries } = filled;
    const spill: Spill = { keys: filled.spill, n: filled.spill.length };
    if (kind === 'float32') settleFloatSpecials(spill, tableOf, low8, carries);

    // Bucket sizes: dense ones from their tables, sparse ones from the spilled keys, which are
    // then grouped by bucket and sorted.
    const hist = new Uint32Array(BUCKETS);
    for (let b = 0; b < BUCKETS; b++) {
      const t = tableOf[b]!;
      if (t >= 0) hist[b] = tableTotal(low8, carries, t);
    }
    const sparseStart = new Uint32Array(BUCKETS);
    const sparseKeys = groupSpilled(spill, hist, sparseStart);

    removeKey(blankKey(kind, view.blank), hist, tableOf, low8, carries, sparseKeys, sparseStart);
    const below = new Float64Array(BUCKETS + 1);
    let total = 0;
    for (let b = 0; b < BUCKETS; b++) {
      below[b] = total;
      total += hist[b]!;
    }
    below[BUCKETS] = total;
    const nanCount = regionSize(r) - total;
    return new BucketCounts(kind, total, nanCount, hist, below, tableOf, low8, carries, sparseKeys, sparseStart);
  }

  /** Count of a dense table's entry. */
  private countAt(t: number, j: number): number {
    const carry = this.carries[t];
    return this.low8[t * LOW + j]! + (carry ? carry[j]! * 256 : 0);
  }

  /** One walk over a bucket: its reference value, sums about it, and its most frequent value. */
  private summarize(b: number): { ref: number; s1: number; s2: number; modeValue: number; modeCount: number } {
    const t = this.tableOf[b]!;
    const high = b * LOW;
    let ref = NaN;
    let s1 = 0;
    let s2 = 0;
    let modeValue = NaN;
    let modeCount = 0;
    if (t >= 0) {
      const counts = this.low8.subarray(t * LOW, t * LOW + LOW);
      const carry = this.carries[t];
      const line = valuesOfBucket(this.kind, b);
      for (let j = 0; j < LOW; j++) {
        const c = counts[j]! + (carry ? carry[j]! * 256 : 0);
        if (c === 0) continue;
        const v = line ? line.first + j * line.step : valueOfKey(this.kind, high + j);
        if (ref !== ref) ref = v;
        const d = v - ref;
        if (d !== 0 && d === d) {
          s1 += c * d;
          s2 += c * d * d;
        }
        if (c > modeCount) {
          modeCount = c;
          modeValue = v;
        }
      }
    } else {
      const start = this.sparseStart[b]!;
      const end = start + this.hist[b]!;
      const keys = this.sparseKeys;
      ref = valueOfKey(this.kind, keys[start]!);
      let i = start;
      while (i < end) {
        const k = keys[i]!;
        let j = i + 1;
        while (j < end && keys[j] === k) j++;
        const v = valueOfKey(this.kind, k);
        const d = v - ref;
        if (d !== 0 && d === d) {
          s1 += (j - i) * d;
          s2 += (j - i) * d * d;
        }
        if (j - i > modeCount) {
          modeCount = j - i;
          modeValue = v;
        }
        i = j;
      }
    }
    return { ref, s1, s2, modeValue, modeCount };
  }

  private prefixOf(t: number): Uint32Array {
    let p = this.prefixes[t];
    if (!p) {
      p = new Uint32Array(LOW + 1);
      const counts = this.low8.subarray(t * LOW, t * LOW + LOW);
      const carry = this.carries[t];
      let c = 0;
      for (let j = 0; j < LOW; j++) {
        p[j] = c;
        c += counts[j]! + (carry ? carry[j]! * 256 : 0);
      }
      p[LOW] = c;
      this.prefixes[t] = p;
    }
    return p;
  }

  /** Index into ids of the bucket holding `rank`. */
  private bucketOfRank(rank: number): number {
    return lastAtMost(this.cum, this.ids.length - 1, rank);
  }

  /** Key of the value with `local` rank inside bucket b. */
  private keyInBucket(b: number, local: number): number {
    const t = this.tableOf[b]!;
    if (t < 0) return this.sparseKeys[this.sparseStart[b]! + local]!;
    return b * LOW + lastAtMost(this.prefixOf(t), LOW - 1, local);
  }

  at(rank: number): number {
    const p = this.bucketOfRank(rank);
    const b = this.ids[p]!;
    return valueOfKey(this.kind, this.keyInBucket(b, rank - this.cum[p]!));
  }

  /** Number of values whose key is below `key` (0 ≤ key ≤ 2^32). */
  private rankBelowKey(key: number): number {
    if (key <= 0) return 0;
    if (key >= 2 ** 32) return this.count;
    const b = Math.floor(key / LOW);
    const j = key - b * LOW;
    const t = this.tableOf[b]!;
    let within: number;
    if (t >= 0) {
      within = this.prefixOf(t)[j]!;
    } else {
      const keys = this.sparseKeys;
      let lo = this.sparseStart[b]!;
      let hi = lo + this.hist[b]!;
      const start = lo;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (keys[mid]! < key) lo = mid + 1;
        else hi = mid;
      }
      within = lo - start;
    }
    return this.below[b]! + within;
  }

  lowerBound(v: number): number {
    return this.rankBelowKey(ceilKey(this.kind, v));
  }

  upperBound(v: number): number {
    const k = floorKey(this.kind, v);
    return k < 0 ? 0 : this.rankBelowKey(k + 1);
  }

  mode(): number {
    return this.modeValue;
  }

  moments(lo: number, hi: number, shift: number): Moments {
    const s1 = new CompensatedSum();
    const s2 = new CompensatedSum();
    if (hi > lo) {
      const last = this.bucketOfRank(hi - 1);
      for (let p = this.bucketOfRank(lo); p <= last; p++) {
        const start = this.cum[p]!;
        const end = this.cum[p + 1]!;
        const from = Math.max(lo, start);
        const to = Math.min(hi, end);
        if (to <= from) continue;
        if (from === start && to === end) {
          // Σ(v−s) = Σ(v−r) + m(r−s); Σ(v−s)² = Σ(v−r)² + 2(r−s)Σ(v−r) + m(r−s)².
          const m = end - start;
          const d = this.ref[p]! - shift;
          const b1 = this.sum1[p]!;
          s1.add(b1 + m * d);
          s2.add(this.sum2[p]! + (b1 !== 0 ? 2 * d * b1 : 0) + m * d * d);
        } else {
          const part = this.partialMoments(this.ids[p]!, from - start, to - start, shift);
          s1.add(part.s1);
          s2.add(part.s2);
        }
      }
    }
    return { n: Math.max(0, hi - lo), s1: s1.value, s2: s2.value };
  }

  /** Σ(v − shift), Σ(v − shift)² over local ranks [from, to) of bucket b. */
  private partialMoments(b: number, from: number, to: number, shift: number): { s1: number; s2: number } {
    let s1 = 0;
    let s2 = 0;
    const t = this.tableOf[b]!;
    if (t < 0) {
      const keys = this.sparseKeys;
      const start = this.sparseStart[b]!;
      for (let i = start + from; i < start + to; i++) {
        const d = valueOfKey(this.kind, keys[i]!) - shift;
        s1 += d;
        s2 += d * d;
      }
      return { s1, s2 };
    }
    let rank = 0;
    for (let j = 0; j < LOW && rank < to; j++) {
      const c = this.countAt(t, j);
      if (c === 0) continue;
      const take = Math.min(to, rank + c) - Math.max(from, rank);
      rank += c;
      if (take <= 0) continue;
      const d = valueOfKey(this.kind, b * LOW + j) - shift;
      s1 += take * d;
      s2 += take * d * d;
    }
    return { s1, s2 };
  }
}

/**
 * Keys from raw bits: key = bits ^ (((bits >> 31) & negMask) | flip). Integers flip the sign
 * bit (int32) or nothing (uint32); float32 also inverts negative values, so that keys order
 * as the values do. NaN then falls below −Inf and above +Inf, and −0 just below 0: those
 * few buckets never get a table, and their keys are settled after the pass.
 */
const KEY_CODES: Record<KeyKind, { negMask: number; flip: number }> = {
  float32: { negMask: -1, flip: 0x80000000 },
  int32: { negMask: 0, flip: 0x80000000 },
  uint32: { negMask: 0, flip: 0 },
};

const MINUS_INF_KEY = 0x007fffff;
const PLUS_INF_KEY = 0xff800000;
const MINUS_ZERO_KEY = 0x7fffffff;
const ZERO_KEY = 0x80000000;

function holdsNanOrNegativeZero(bucket: number): boolean {
  return bucket <= MINUS_INF_KEY >>> 16 || bucket >= PLUS_INF_KEY >>> 16 || bucket === MINUS_ZERO_KEY >>> 16;
}

/** Bucket counts of every `stride`-th pixel of the runs. */
function sampleBuckets(bits: Uint32Array, runs: PixelRuns, stride: number, negMask: number, flip: number): Uint32Array {
  const sampled = new Uint32Array(BUCKETS);
  for (const i of stridedIndices(runs, stride)) {
    const u = bits[i]!;
    sampled[(u ^ (((u >> 31) & negMask) | flip)) >>> 16]!++;
  }
  return sampled;
}

/**
 * Consecutive buckets share one table span (a compare per pixel instead of a lookup) when the
 * span holds no more than this many tables beyond the dense ones (tables are 64 KiB).
 */
const SPAN_SLACK_TABLES = 16;

interface BucketPlan {
  tableOf: Int32Array;
  params: BucketFillParams;
}

/**
 * Which buckets get a table, decided from a sample: a wrong guess costs speed, never
 * exactness. Usually the dense buckets are consecutive (the sky), and then every bucket
 * between the first and last dense one gets a table, so the pass tests a key against one range.
 */
function planBuckets(view: PixelView, r: CheckedRegion, kind: KeyKind, options: BucketCountsOptions): BucketPlan {
  const denseMin = Math.max(1, options.denseMin ?? DENSE_MIN);
  const px = view.pixels;
  const bits = new Uint32Array(px.buffer, px.byteOffset, px.length);
  const runs = regionRuns(view.width, r);
  const { negMask, flip } = KEY_CODES[kind];
  const stride = Math.max(1, Math.floor(regionSize(r) / SAMPLES));
  const sampled = sampleBuckets(bits, runs, stride, negMask, flip);
  const dense = (b: number): boolean => sampled[b]! * stride >= denseMin && !(kind === 'float32' && holdsNanOrNegativeZero(b));
  let first = -1;
  let last = -1;
  let denseCount = 0;
  let expectedSparse = 0;
  for (let b = 0; b < BUCKETS; b++) {
    if (dense(b)) {
      if (first < 0) first = b;
      last = b;
      denseCount++;
    } else {
      expectedSparse += sampled[b]! * stride;
    }
  }
  const tableOf = new Int32Array(BUCKETS).fill(-1);
  const spanTables = last - first + 1;
  let spanOk = first >= 0 && spanTables <= denseCount + SPAN_SLACK_TABLES;
  for (let b = first; spanOk && b <= last; b++) if (kind === 'float32' && holdsNanOrNegativeZero(b)) spanOk = false;
  const spillHint = Math.min(regionSize(r), Math.ceil(expectedSparse * 1.25) + 1024);
  if (spanOk) {
    for (let b = first; b <= last; b++) tableOf[b] = b - first;
    return { tableOf, params: { negMask, flip, tables: spanTables, base: (first * LOW) | 0, tableOf: null, spillHint } };
  }
  let tables = 0;
  for (let b = 0; b < BUCKETS; b++) if (dense(b)) tableOf[b] = tables++;
  return { tableOf, params: { negMask, flip, tables, base: 0, tableOf, spillHint } };
}

/** Keys of pixels whose bucket has no table. */
interface Spill {
  keys: Uint32Array;
  n: number;
}

function addToTable(low8: Uint8Array, carries: (Uint32Array | null)[], t: number, j: number): void {
  const c = low8[t * LOW + j]! + 1;
  low8[t * LOW + j] = c;
  if (c === 256) (carries[t] ??= new Uint32Array(LOW))[j]!++;
}

/** Float32 spill: NaN keys leave (they are counted as missing), −0 becomes 0 (numpy compares them equal). */
function settleFloatSpecials(spill: Spill, tableOf: Int32Array, low8: Uint8Array, carries: (Uint32Array | null)[]): void {
  const keys = spill.keys;
  const zeroTable = tableOf[ZERO_KEY >>> 16]!;
  let m = 0;
  for (let i = 0; i < spill.n; i++) {
    let k = keys[i]!;
    if (k < MINUS_INF_KEY || k > PLUS_INF_KEY) continue;
    if (k === MINUS_ZERO_KEY) {
      if (zeroTable >= 0) {
        addToTable(low8, carries, zeroTable, ZERO_KEY & 0xffff);
        continue;
      }
      k = ZERO_KEY;
    }
    keys[m++] = k;
  }
  spill.n = m;
}

function tableTotal(low8: Uint8Array, carries: (Uint32Array | null)[], t: number): number {
  let total = 0;
  const base = t * LOW;
  for (let j = 0; j < LOW; j++) total += low8[base + j]!;
  const c = carries[t];
  if (c) for (let j = 0; j < LOW; j++) total += c[j]! * 256;
  return total;
}

/**
 * Groups the spilled keys by bucket and sorts each bucket; their counts go into `hist`
 * (spilled keys never belong to a bucket with a table), their starts into `sparseStart`.
 */
function groupSpilled(spill: Spill, hist: Uint32Array, sparseStart: Uint32Array): Uint32Array {
  const { keys, n } = spill;
  const cursor = new Uint32Array(BUCKETS);
  for (let i = 0; i < n; i++) cursor[keys[i]! >>> 16]!++;
  let at = 0;
  let largest = 0;
  for (let b = 0; b < BUCKETS; b++) {
    const m = cursor[b]!;
    if (m > 0) hist[b] = m;
    if (m > largest) largest = m;
    sparseStart[b] = cursor[b] = at;
    at += m;
  }
  const grouped = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    grouped[cursor[k >>> 16]!++] = k;
  }
  const scratch = new Uint32Array(largest);
  for (let b = 0; b < BUCKETS; b++) sortSmallBucket(grouped, sparseStart[b]!, cursor[b]!, scratch);
  return grouped;
}

/** Drops every value with `key` (BLANK) from its bucket. */
function removeKey(
  key: number | null,
  hist: Uint32Array,
  tableOf: Int32Array,
  low8: Uint8Array,
  carries: (Uint32Array | null)[],
  sparseKeys: Uint32Array,
  sparseStart: Uint32Array,
): void {
  if (key === null) return;
  const b = key >>> 16;
  const j = key & 0xffff;
  const t = tableOf[b]!;
  let removed: number;
  if (t >= 0) {
    const carry = carries[t];
    removed = low8[t * LOW + j]! + (carry ? carry[j]! * 256 : 0);
    low8[t * LOW + j] = 0;
    if (carry) carry[j] = 0;
  } else {
    // The bucket is sorted: close the run of `key` by moving the larger keys down.
    const start = sparseStart[b]!;
    const end = start + hist[b]!;
    let first = start;
    while (first < end && sparseKeys[first]! < key) first++;
    let last = first;
    while (last < end && sparseKeys[last] === key) last++;
    removed = last - first;
    sparseKeys.copyWithin(first, last, end);
  }
  hist[b] = hist[b]! - removed;
}

export function isKeyKind(kind: NumericKind): kind is KeyKind {
  return kind === 'float32' || kind === 'int32' || kind === 'uint32';
}

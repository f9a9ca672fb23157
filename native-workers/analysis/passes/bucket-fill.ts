/**
 * The counting pass of BucketCounts (../bucket-counts.ts): every valid 32-bit pixel's
 * order-preserving key is counted in its bucket's table (a byte per key, carries past 255
 * kept apart) or, for a bucket without a table, spilled to be sorted later.
 */
import type { PixelPass } from './pixel-pass.js';

export interface BucketFillParams {
  /** key = bits ^ (((bits >> 31) & negMask) | flip): see KEY_CODES in ../bucket-counts.ts. */
  negMask: number;
  flip: number;
  /** Number of tables (64 Ki byte counters each). */
  tables: number;
  /**
   * Either the tables are the consecutive buckets from `base` (a key, a multiple of 65536,
   * as int32) on — the usual case, one compare per pixel — or `tableOf` maps every bucket
   * to its table (−1: none).
   */
  base: number;
  tableOf: Int32Array | null;
  /** Expected spilled keys (the spill grows when it is more). */
  spillHint: number;
}

export interface BucketFillResult {
  /** tables × 65536 byte counters (wrapped modulo 256). */
  low8: Uint8Array;
  /** Per table, how many times each counter wrapped (null where none did). */
  carries: (Uint32Array | null)[];
  /** Keys of pixels in buckets without a table, in pixel order. */
  spill: Uint32Array;
}

/**
 * The hot loop, counting into `into` when given (more pixels of the same pass), else into
 * new tables. Self-contained: helper threads run its text.
 */
function visitBucketFill(pixels: ArrayLike<number> & ArrayBufferView, runs: number[], p: BucketFillParams, into?: BucketFillResult): BucketFillResult {
  const bits = new Uint32Array(pixels.buffer, pixels.byteOffset, pixels.byteLength >>> 2);
  const LOW = 65536;
  const low8 = into ? into.low8 : new Uint8Array(p.tables * LOW);
  const carries: (Uint32Array | null)[] = into ? into.carries : new Array(p.tables).fill(null);
  const negMask = p.negMask | 0;
  const flip = p.flip | 0;
  // A spill always starts its buffer, so more keys go on after the ones it has.
  let keys = into ? new Uint32Array(into.spill.buffer) : new Uint32Array(Math.max(1024, p.spillHint));
  let n = into ? into.spill.length : 0;
  const spill = (k: number): void => {
    if (n === keys.length) {
      const bigger = new Uint32Array(keys.length * 2);
      bigger.set(keys);
      keys = bigger;
    }
    keys[n++] = k;
  };
  const wrapped = (j: number): void => {
    const t = j >>> 16;
    (carries[t] ??= new Uint32Array(LOW))[j & 0xffff]!++;
  };
  const tableOf = p.tableOf;
  for (let r = 0; r < runs.length; r += 2) {
    const end = runs[r + 1]!;
    if (tableOf === null) {
      const base = p.base | 0;
      const span = p.tables * LOW;
      for (let i = runs[r]!; i < end; i++) {
        const u = bits[i]!;
        const k = u ^ (((u >> 31) & negMask) | flip);
        const j = (k - base) >>> 0; // below base wraps to a large number: one compare tests both ends
        if (j < span) {
          const c = (low8[j]! + 1) & 255;
          low8[j] = c;
          if (c === 0) wrapped(j);
        } else {
          spill(k >>> 0);
        }
      }
    } else {
      for (let i = runs[r]!; i < end; i++) {
        const u = bits[i]!;
        const k = u ^ (((u >> 31) & negMask) | flip);
        const t = tableOf[k >>> 16]!;
        if (t >= 0) {
          const j = (t << 16) | (k & 0xffff);
          const c = (low8[j]! + 1) & 255;
          low8[j] = c;
          if (c === 0) wrapped(j);
        } else {
          spill(k >>> 0);
        }
      }
    }
  }
  return { low8, carries, spill: keys.subarray(0, n) };
}

/** Adds b's counts into a's (carrying byte overflows) and appends b's spill. */
function mergeBucketFill(a: BucketFillResult, b: BucketFillResult): BucketFillResult {
  const LOW = 65536;
  const x = a.low8;
  const y = b.low8;
  for (let j = 0; j < x.length; j++) {
    const c = x[j]! + y[j]!;
    if (c > 255) (a.carries[j >>> 16] ??= new Uint32Array(LOW))[j & 0xffff]!++;
    x[j] = c;
  }
  b.carries.forEach((cb, t) => {
    if (!cb) return;
    const ca = (a.carries[t] ??= new Uint32Array(LOW));
    for (let j = 0; j < LOW; j++) ca[j] = ca[j]! + cb[j]!;
  });
  const spill = new Uint32Array(a.spill.length + b.spill.length);
  spill.set(a.spill);
  spill.set(b.spill, a.spill.length);
  return { low8: x, carries: a.carries, spill };
}

export const bucketFillPass: PixelPass<BucketFillParams, BucketFillResult> = {
  name: 'bucketFill',
  visit: visitBucketFill as PixelPass<BucketFillParams, BucketFillResult>['visit'],
  merge: mergeBucketFill,
  accumulate: visitBucketFill as NonNullable<PixelPass<BucketFillParams, BucketFillResult>['accumulate']>,
};

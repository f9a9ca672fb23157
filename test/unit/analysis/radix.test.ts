import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { bucketSortU32, radixSortU64 } from '../../../native-workers/analysis/radix.js';
import { seeded } from './kernel-fixtures.js';

/** Keys shaped like image data: most in a few 16-bit buckets (dense), some spread over the whole range. */
function imageLikeKeys(n: number, seed: number): Uint32Array {
  const rand = seeded(seed);
  const keys = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rand();
    keys[i] = r < 0.8 ? (0xc4800000 + Math.floor(rand() * 300000)) >>> 0 : r < 0.85 ? Math.floor(rand() * 40) : Math.floor(rand() * 2 ** 32) >>> 0;
  }
  return keys;
}

describe('radix sorts order keys exactly as a comparison sort does', () => {
  for (const n of [0, 1, 31, 1000, 200_000]) {
    test(`bucketSortU32 on ${n} image-like keys equal TypedArray.prototype.sort`, () => {
      const keys = imageLikeKeys(n, n + 1);
      const want = keys.slice().sort();
      assert.deepEqual(bucketSortU32(keys.slice(), n), want);
    });
  }
  test('radixSortU64 orders (hi, lo) pairs by hi, then lo', () => {
    const rand = seeded(9);
    const n = 5000;
    const hi = Uint32Array.from({ length: n }, () => Math.floor(rand() * 8));
    const lo = Uint32Array.from({ length: n }, () => Math.floor(rand() * 2 ** 32) >>> 0);
    const want = Array.from({ length: n }, (_, i) => hi[i]! * 2 ** 32 + lo[i]!).sort((a, b) => a - b);
    const got = radixSortU64(hi, lo, n);
    assert.deepEqual(Array.from({ length: n }, (_, i) => got.hi[i]! * 2 ** 32 + got.lo[i]!), want);
  });
});

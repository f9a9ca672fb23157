import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { sortSmallBucket, radixSortU64 } from '../../../native-workers/analysis/radix.js';
import { seeded } from './kernel-fixtures.js';

/** Keys of one 16-bit bucket (same top bits), with repeats. */
function bucketKeys(n: number, seed: number): Uint32Array {
  const rand = seeded(seed);
  return Uint32Array.from({ length: n }, () => (0xc4810000 + Math.floor(rand() * (rand() < 0.5 ? 40 : 65536))) >>> 0);
}

describe('radix sorts order keys exactly as a comparison sort does', () => {
  for (const n of [0, 1, 2, 31, 33, 1000, 32767]) {
    test(`sortSmallBucket on ${n} keys of one bucket, inside a larger array, equals TypedArray.prototype.sort`, () => {
      const keys = bucketKeys(n, n + 1);
      const padded = new Uint32Array(n + 10).fill(7);
      padded.set(keys, 5);
      sortSmallBucket(padded, 5, 5 + n, new Uint32Array(n));
      assert.deepEqual(padded.subarray(5, 5 + n), keys.slice().sort());
      assert.deepEqual([...padded.subarray(0, 5), ...padded.subarray(5 + n)], new Array(10).fill(7), 'keys outside the range stay put');
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

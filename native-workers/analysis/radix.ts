/**
 * O(n) sorts on integer keys, so medians, percentiles and modes never need a
 * comparison sort: 64-bit keys by LSD radix on hi/lo pairs with 11-bit digits
 * (2048 scatter streams stay cache-friendly; passes with a constant digit are skipped),
 * and the small buckets of 32-bit keys that ./bucket-counts.ts keeps sorted.
 */
const DIGIT_BITS = 11;
const DIGIT_SIZE = 1 << DIGIT_BITS;
const DIGIT_MASK = DIGIT_SIZE - 1;

/**
 * Sorts 64-bit keys given as (hi, lo) unsigned halves, ascending by hi then lo.
 * Returns the pair of buffers holding the result.
 */
export function radixSortU64(hi: Uint32Array, lo: Uint32Array, n: number): { hi: Uint32Array; lo: Uint32Array } {
  const shifts = [0, 11, 22];
  const counts: Uint32Array[] = [];
  for (let p = 0; p < 6; p++) counts.push(new Uint32Array(DIGIT_SIZE));
  for (let i = 0; i < n; i++) {
    const l = lo[i]!;
    const h = hi[i]!;
    counts[0]![l & DIGIT_MASK]!++;
    counts[1]![(l >>> 11) & DIGIT_MASK]!++;
    counts[2]![l >>> 22]!++;
    counts[3]![h & DIGIT_MASK]!++;
    counts[4]![(h >>> 11) & DIGIT_MASK]!++;
    counts[5]![h >>> 22]!++;
  }
  let sHi = hi;
  let sLo = lo;
  let dHi: Uint32Array | null = null;
  let dLo: Uint32Array | null = null;
  for (let p = 0; p < 6; p++) {
    const shift = shifts[p % 3]!;
    const useHi = p >= 3;
    const c = counts[p]!;
    const first = useHi ? sHi[0]! : sLo[0]!;
    if (n === 0 || c[(first >>> shift) & DIGIT_MASK] === n) continue;
    dHi ??= new Uint32Array(n);
    dLo ??= new Uint32Array(n);
    toOffsets(c);
    const digitSrc = useHi ? sHi : sLo;
    for (let i = 0; i < n; i++) {
      const at = c[(digitSrc[i]! >>> shift) & DIGIT_MASK]!++;
      dHi[at] = sHi[i]!;
      dLo[at] = sLo[i]!;
    }
    [sHi, dHi] = [dHi, sHi];
    [sLo, dLo] = [dLo, sLo];
  }
  return { hi: sHi, lo: sLo };
}

/** Turns bucket counts into exclusive start offsets, in place. */
function toOffsets(counts: Uint32Array): void {
  let sum = 0;
  for (let d = 0; d < counts.length; d++) {
    const c = counts[d]!;
    counts[d] = sum;
    sum += c;
  }
}

/**
 * Sorts keys[start, end) in place, keys that share their top 16 bits (one bucket of
 * ./bucket-counts.ts): insertion sort for a handful, else two 8-bit counting passes
 * through `scratch` (at least end − start long).
 */
export function sortSmallBucket(keys: Uint32Array, start: number, end: number, scratch: Uint32Array): void {
  const m = end - start;
  if (m < 2) return;
  if (m <= 32) {
    insertionSort(keys, start, end);
    return;
  }
  const c0 = new Uint32Array(256);
  const c1 = new Uint32Array(256);
  for (let i = start; i < end; i++) {
    const k = keys[i]!;
    c0[k & 255]!++;
    c1[(k >>> 8) & 255]!++;
  }
  let s0 = 0;
  let s1 = start;
  for (let d = 0; d < 256; d++) {
    const a = c0[d]!;
    c0[d] = s0;
    s0 += a;
    const b = c1[d]!;
    c1[d] = s1;
    s1 += b;
  }
  for (let i = start; i < end; i++) {
    const k = keys[i]!;
    scratch[c0[k & 255]!++] = k;
  }
  for (let i = 0; i < m; i++) {
    const k = scratch[i]!;
    keys[c1[(k >>> 8) & 255]!++] = k;
  }
}

function insertionSort(a: Uint32Array, start: number, end: number): void {
  for (let i = start + 1; i < end; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= start && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

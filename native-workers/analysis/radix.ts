/**
 * LSD radix sorts on integer keys: O(n) ordering for 32-bit pixel types (and
 * 64-bit ones as hi/lo pairs), so medians, percentiles and modes never need a
 * comparison sort. 11-bit digits keep the 2048 scatter streams cache-friendly;
 * a pass whose digit is the same for every key (typical for exponent bits) is skipped.
 */
const DIGIT_BITS = 11;
const DIGIT_SIZE = 1 << DIGIT_BITS;
const DIGIT_MASK = DIGIT_SIZE - 1;

/** Sorts `keys[0..n)` ascending as unsigned 32-bit integers; returns the buffer holding the result (`keys` or a new one). */
export function radixSortU32(keys: Uint32Array, n: number): Uint32Array {
  const c0 = new Uint32Array(DIGIT_SIZE);
  const c1 = new Uint32Array(DIGIT_SIZE);
  const c2 = new Uint32Array(DIGIT_SIZE);
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    c0[k & DIGIT_MASK]!++;
    c1[(k >>> 11) & DIGIT_MASK]!++;
    c2[k >>> 22]!++;
  }
  let src = keys;
  let dst: Uint32Array | null = null;
  const passes: [Uint32Array, number][] = [
    [c0, 0],
    [c1, 11],
    [c2, 22],
  ];
  for (const [counts, shift] of passes) {
    if (n === 0 || counts[(src[0]! >>> shift) & DIGIT_MASK] === n) continue;
    dst ??= new Uint32Array(n);
    toOffsets(counts);
    for (let i = 0; i < n; i++) {
      const k = src[i]!;
      dst[counts[(k >>> shift) & DIGIT_MASK]!++] = k;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}

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

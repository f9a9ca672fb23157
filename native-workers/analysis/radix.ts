/**
 * O(n) sorts on integer keys, so medians, percentiles and modes never need a
 * comparison sort: 32-bit keys bucketed by their top 16 bits (image data is
 * dense there), 64-bit keys by LSD radix on hi/lo pairs with 11-bit digits
 * (2048 scatter streams stay cache-friendly; passes with a constant digit are skipped).
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
 * Sorts `keys[0..n)` ascending, most significant 16 bits first: one histogram
 * pass, one scatter into buckets (image data fills few buckets, so the
 * scatter streams stay in cache), then each bucket by its low 16 bits with two
 * 8-bit passes inside the bucket. Returns the buffer holding the result; `keys` is used as scratch.
 */
export function bucketSortU32(keys: Uint32Array, n: number): Uint32Array {
  const hist = new Uint32Array(65536);
  for (let i = 0; i < n; i++) hist[keys[i]! >>> 16]!++;
  return bucketSortWithHistogram(keys, n, hist);
}

/** `bucketSortU32` when the caller already counted `hist[key >>> 16]` while building the keys. */
export function bucketSortWithHistogram(keys: Uint32Array, n: number, hist: Uint32Array): Uint32Array {
  const next = new Uint32Array(65536);
  let sum = 0;
  for (let b = 0; b < 65536; b++) {
    next[b] = sum;
    sum += hist[b]!;
  }
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    out[next[k >>> 16]!++] = k;
  }
  const scratch = keys;
  const c0 = new Uint32Array(256);
  const c1 = new Uint32Array(256);
  const low = new Uint32Array(65536);
  for (let b = 0; b < 65536; b++) {
    const m = hist[b]!;
    if (m < 2) continue;
    const end = next[b]!;
    const start = end - m;
    if (m <= 32) {
      insertionSort(out, start, end);
      continue;
    }
    if (m >= 16384) {
      // Dense bucket: count the low 16 bits and write the keys back in order — no scatter at all.
      low.fill(0);
      for (let i = start; i < end; i++) low[out[i]! & 0xffff]!++;
      const high = b << 16;
      let at = start;
      for (let v = 0; v < 65536; v++) {
        const c = low[v]!;
        if (c === 0) continue;
        const k = (high | v) >>> 0;
        for (let j = 0; j < c; j++) out[at++] = k;
      }
      continue;
    }
    c0.fill(0);
    c1.fill(0);
    for (let i = start; i < end; i++) {
      const k = out[i]!;
      c0[k & 255]!++;
      c1[(k >>> 8) & 255]!++;
    }
    let s0 = start;
    let s1 = start;
    for (let d = 0; d < 256; d++) {
      const a = c0[d]!;
      c0[d] = s0;
      s0 += a;
      const b1 = c1[d]!;
      c1[d] = s1;
      s1 += b1;
    }
    for (let i = start; i < end; i++) {
      const k = out[i]!;
      scratch[c0[k & 255]!++] = k;
    }
    for (let i = start; i < end; i++) {
      const k = scratch[i]!;
      out[c1[(k >>> 8) & 255]!++] = k;
    }
  }
  return out;
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

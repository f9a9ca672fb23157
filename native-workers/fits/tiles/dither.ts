/**
 * Restoring quantized floating-point tiles: value = (i − r + 0.5) · ZSCALE + ZZERO with r
 * from cfitsio's fixed sequence of 10,000 uniform random numbers (Park–Miller minimal
 * standard generator, stored as float32), so that files dithered by any writer decode
 * identically. Or value = i · ZSCALE + ZZERO without dithering.
 */
const N_RANDOM = 10_000;
/** Integer written for an exact 0.0 under SUBTRACTIVE_DITHER_2. */
export const ZERO_VALUE = -2147483646;

let randoms: Float32Array | null = null;

export function ditherSequence(): Float32Array {
  if (randoms) return randoms;
  const out = new Float32Array(N_RANDOM);
  const a = 16807;
  const m = 2147483647;
  let seed = 1;
  for (let i = 0; i < N_RANDOM; i++) {
    const temp = a * seed; // < 2^46: exact in a double
    seed = temp - m * Math.trunc(temp / m);
    out[i] = seed / m;
  }
  // The published check: the 10,000th seed of a correct implementation.
  if (seed !== 1043618065) throw new Error('dither sequence generator is wrong');
  randoms = out;
  return out;
}

export type DitherMethod = 'NO_DITHER' | 'SUBTRACTIVE_DITHER_1' | 'SUBTRACTIVE_DITHER_2';

export interface UnquantizeParams {
  method: DitherMethod;
  scale: number;
  zero: number;
  /** Integer marking a null pixel (→ NaN), or null when the tile has none. */
  nullValue: number | null;
  /** 1-based tile number + ZDITHER0 − 1, as cfitsio counts it. */
  ditherRow: number;
}

/** Dequantizes n integers of `input` into `out` (float32 or float64 rounding by the array type). */
export function unquantize(input: Int32Array, n: number, out: Float32Array | Float64Array, p: UnquantizeParams): void {
  const { scale, zero } = p;
  const nullValue = p.nullValue ?? NaN; // NaN never equals an integer
  if (p.method === 'NO_DITHER') {
    for (let i = 0; i < n; i++) {
      const v = input[i]!;
      out[i] = v === nullValue ? NaN : v * scale + zero;
    }
    return;
  }
  const r = ditherSequence();
  const keepZero = p.method === 'SUBTRACTIVE_DITHER_2';
  let iseed = (p.ditherRow - 1) % N_RANDOM;
  if (iseed < 0) iseed += N_RANDOM;
  let next = Math.trunc(r[iseed]! * 500);
  for (let i = 0; i < n; i++) {
    const v = input[i]!;
    if (v === nullValue) out[i] = NaN;
    else if (keepZero && v === ZERO_VALUE) out[i] = 0;
    else out[i] = (v - r[next]! + 0.5) * scale + zero;
    if (++next === N_RANDOM) {
      if (++iseed === N_RANDOM) iseed = 0;
      next = Math.trunc(r[iseed]! * 500);
    }
  }
}

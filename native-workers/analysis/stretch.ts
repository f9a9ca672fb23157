/**
 * Display stretches: limits (min/max, percentile, zscale, manual) as astropy's
 * intervals compute them, transfer functions as astropy's stretches, and an
 * 8-bit renderer that costs one multiply and one table lookup per pixel
 * (a LUT of ~16k entries is rebuilt only when the stretch changes, as DS9/JS9 do).
 */
import { AnalysisError, type PixelView } from './types.js';
import { checkRegion } from './region.js';
import { buildOrderedValues, type OrderedValues } from './ordered.js';
import { percentileLinear } from './numpy-semantics.js';
import { zscaleLimits, type ZScaleOptions } from './zscale.js';

export interface StretchLimits {
  min: number;
  max: number;
}

export type StretchMethod =
  | { kind: 'minmax' }
  /** Central `percent` % of the finite pixels, e.g. 99.5 (astropy PercentileInterval). */
  | { kind: 'percentile'; percent: number }
  | ({ kind: 'zscale' } & ZScaleOptions)
  | { kind: 'manual'; min: number; max: number };

export type Transfer = 'linear' | 'log' | 'sqrt' | 'asinh' | 'power';

export const TRANSFERS: readonly Transfer[] = ['linear', 'log', 'sqrt', 'asinh', 'power'];

/** astropy's default parameter `a` of each stretch (PowerStretch has none; 2 here). */
export const DEFAULT_TRANSFER_PARAMETER: Record<Transfer, number | undefined> = {
  linear: undefined,
  log: 1000,
  sqrt: undefined,
  asinh: 0.1,
  power: 2,
};

export const DEFAULT_LUT_SIZE = 16384;

/** The finite, non-BLANK pixels of the whole image, ordered (astropy drops non-finite values first). */
function finiteOrdered(view: PixelView): OrderedValues {
  const ov = buildOrderedValues(view, checkRegion(view));
  let lo = 0;
  let hi = ov.count;
  while (lo < hi && ov.at(lo) === -Infinity) lo = ov.upperBound(-Infinity);
  if (hi > lo && ov.at(hi - 1) === Infinity) hi = ov.lowerBound(Infinity);
  if (hi <= lo) throw new AnalysisError('EMPTY_DATA', 'no finite pixels to take stretch limits from');
  if (lo === 0 && hi === ov.count) return ov;
  return finiteSlice(ov, lo, hi);
}

/** min and max of the finite, non-BLANK pixels in one pass (astropy MinMaxInterval). */
function finiteMinMax(view: PixelView): StretchLimits {
  checkRegion(view);
  const px = view.pixels;
  const n = view.width * view.height;
  const blank = view.blank;
  let min = Infinity;
  let max = -Infinity;
  let seen = false;
  for (let i = 0; i < n; i++) {
    const v = px[i]!;
    if (v - v !== 0 || v === blank) continue; // NaN and ±Inf
    seen = true;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!seen) throw new AnalysisError('EMPTY_DATA', 'no finite pixels to take stretch limits from');
  return { min, max };
}

/** A view of ranks [lo, hi) of an ordered multiset. */
function finiteSlice(ov: OrderedValues, lo: number, hi: number): OrderedValues {
  return {
    kind: ov.kind,
    count: hi - lo,
    nanCount: ov.nanCount,
    at: (rank) => ov.at(lo + rank),
    lowerBound: (v) => Math.min(hi, Math.max(lo, ov.lowerBound(v))) - lo,
    upperBound: (v) => Math.min(hi, Math.max(lo, ov.upperBound(v))) - lo,
    mode: () => ov.mode(),
    moments: (a, b, shift) => ov.moments(lo + a, lo + b, shift),
  };
}

/** Display limits of the image by the chosen method. */
export function stretchLimits(view: PixelView, method: StretchMethod): StretchLimits {
  switch (method.kind) {
    case 'manual': {
      if (!Number.isFinite(method.min) || !Number.isFinite(method.max)) {
        throw new AnalysisError('BAD_ARGUMENT', 'manual stretch limits must be finite numbers');
      }
      return { min: method.min, max: method.max };
    }
    case 'minmax':
      return finiteMinMax(view);
    case 'percentile': {
      const p = method.percent;
      if (!(p > 0 && p <= 100)) throw new AnalysisError('BAD_ARGUMENT', `percentile must be in (0, 100], got ${p}`);
      const ov = finiteOrdered(view);
      // astropy PercentileInterval: lower = (100 − p)·0.5, upper = 100 − lower.
      const lower = (100 - p) * 0.5;
      return { min: percentileLinear(ov, lower), max: percentileLinear(ov, 100 - lower) };
    }
    case 'zscale': {
      const { kind: _kind, ...options } = method;
      return zscaleLimits(view, options);
    }
    default:
      throw new AnalysisError('BAD_ARGUMENT', `unknown stretch method ${JSON.stringify(method)}`);
  }
}

/** The transfer function on normalized input x ∈ [0, 1] (clipped first, like astropy's stretches). */
export function transferFunction(transfer: Transfer, a?: number): (x: number) => number {
  const param = a ?? DEFAULT_TRANSFER_PARAMETER[transfer];
  const clip = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);
  switch (transfer) {
    case 'linear':
      return clip;
    case 'sqrt':
      return (x) => Math.sqrt(clip(x));
    case 'log': {
      const exp = checkParameter(transfer, param, (v) => v > 0);
      const norm = Math.log(exp + 1);
      return (x) => Math.log(clip(x) * exp + 1) / norm;
    }
    case 'asinh': {
      const s = checkParameter(transfer, param, (v) => v > 0 && v <= 1);
      const norm = Math.asinh(1 / s);
      return (x) => Math.asinh(clip(x) / s) / norm;
    }
    case 'power': {
      const power = checkParameter(transfer, param, (v) => v > 0);
      return (x) => clip(x) ** power;
    }
    default:
      throw new AnalysisError('BAD_ARGUMENT', `unknown transfer function '${String(transfer)}'`);
  }
}

function checkParameter(transfer: Transfer, a: number | undefined, ok: (v: number) => boolean): number {
  if (a === undefined || !Number.isFinite(a) || !ok(a)) {
    throw new AnalysisError('BAD_ARGUMENT', `parameter a=${a} is out of range for the ${transfer} stretch`);
  }
  return a;
}

/**
 * A lookup table: entry i is the transfer of x = i/(size−1), so normalized
 * input (0..1 over `limits`) maps to 0..1 output. `limits` are checked here so
 * a bad pair is refused when the stretch is chosen, not per pixel.
 */
export function buildStretchLut(
  limits: StretchLimits,
  transfer: Transfer,
  size: number = DEFAULT_LUT_SIZE,
  opts: { a?: number } = {},
): Float32Array {
  if (!Number.isFinite(limits.min) || !Number.isFinite(limits.max)) {
    throw new AnalysisError('BAD_ARGUMENT', `stretch limits must be finite, got ${JSON.stringify(limits)}`);
  }
  if (!Number.isInteger(size) || size < 2 || size > 1 << 24) {
    throw new AnalysisError('BAD_ARGUMENT', `LUT size must be an integer in 2..2^24, got ${size}`);
  }
  const f = transferFunction(transfer, opts.a);
  const lut = new Float32Array(size);
  for (let i = 0; i < size; i++) lut[i] = f(i / (size - 1));
  return lut;
}

/** The LUT as bytes (0..255, rounded): what `renderToBytes` indexes. */
export function lutToBytes(lut: Float32Array): Uint8Array {
  const bytes = new Uint8Array(lut.length);
  for (let i = 0; i < lut.length; i++) bytes[i] = Math.round(Math.min(1, Math.max(0, lut[i]!)) * 255);
  return bytes;
}

/**
 * One byte per pixel (row-major, same order as `view.pixels`): value → index
 * (value − min)·(size−1)/(max − min), clamped and rounded → LUT byte. NaN and
 * BLANK pixels give 0. Limits with max ≤ min put every pixel at the LUT's
 * first entry (≤ min) or last (> min).
 */
export function renderToBytes(
  view: PixelView,
  limits: StretchLimits,
  lut: Float32Array | Uint8Array,
  out?: Uint8Array,
): Uint8Array {
  const n = view.width * view.height;
  const px = view.pixels;
  const target = out ?? new Uint8Array(n);
  if (target.length < n) throw new AnalysisError('BAD_ARGUMENT', `output buffer of ${target.length} bytes is smaller than ${n} pixels`);
  const bytes = lut instanceof Uint8Array ? lut : lutToBytes(lut);
  const last = bytes.length - 1;
  const min = limits.min;
  const range = limits.max - limits.min;
  // A degenerate range becomes a step at `min`.
  const scale = range > 0 ? last / range : Infinity;
  const offset = 0.5 - min * (range > 0 ? scale : 0);
  const blank = view.blank;
  for (let i = 0; i < n; i++) {
    const v = px[i]!;
    if (v !== v || v === blank) {
      target[i] = 0;
      continue;
    }
    let t = range > 0 ? v * scale + offset : v > min ? last : 0;
    t = t < 0 ? 0 : t > last ? last : t;
    target[i] = bytes[t | 0]!;
  }
  return target;
}

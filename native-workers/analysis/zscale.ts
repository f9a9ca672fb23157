/**
 * IRAF zscale limits exactly as astropy.visualization.ZScaleInterval computes
 * them: stride-sample the finite pixels, sort, fit a line with iterative
 * k-sigma rejection (rejected samples grown by a box of 1% of the samples),
 * and widen the fitted slope by 1/contrast around the sample median.
 */
import { AnalysisError, type PixelView } from './types.js';
import { checkView } from './region.js';
import { kindOf } from './ordered.js';
import { meanOfTwo } from './numpy-semantics.js';

export interface ZScaleOptions {
  nsamples?: number;
  contrast?: number;
  maxReject?: number;
  minNpixels?: number;
  krej?: number;
  maxIterations?: number;
}

export const ZSCALE_DEFAULTS: Required<ZScaleOptions> = {
  nsamples: 1000,
  contrast: 0.25,
  maxReject: 0.5,
  minNpixels: 5,
  krej: 2.5,
  maxIterations: 5,
};

/** Number of finite, non-BLANK pixels (v − v is 0 only for finite v). */
function countUsable(px: ArrayLike<number>, n: number, blank: number | undefined): number {
  let finite = 0;
  if (blank === undefined) {
    for (let i = 0; i < n; i++) if (px[i]! - px[i]! === 0) finite++;
  } else {
    for (let i = 0; i < n; i++) if (px[i]! - px[i]! === 0 && px[i] !== blank) finite++;
  }
  return finite;
}

/** `values[isfinite(values)][::stride][:nsamples]` over the image in row-major order, sorted. */
export function zscaleSamples(view: PixelView, nsamples: number): Float64Array {
  checkView(view);
  const px = view.pixels;
  const n = view.width * view.height;
  const blank = view.blank;
  const isInteger = !(px instanceof Float32Array || px instanceof Float64Array);
  // Integer data without BLANK is all finite: no need to look at every pixel.
  const finite = isInteger && blank === undefined ? n : countUsable(px, n, blank);
  if (finite === 0) throw new AnalysisError('EMPTY_DATA', 'zscale: no finite pixels');
  const stride = Math.trunc(Math.max(1, finite / nsamples));
  const take = Math.min(nsamples, Math.ceil(finite / stride));
  const samples = new Float64Array(take);
  if (finite === n) {
    for (let k = 0; k < take; k++) samples[k] = px[k * stride]!;
  } else {
    let f = 0;
    let k = 0;
    for (let i = 0; i < n && k < take; i++) {
      const v = px[i]!;
      if (v - v !== 0 || v === blank) continue;
      if (f % stride === 0) samples[k++] = v;
      f++;
    }
  }
  return samples.sort();
}

/** Least-squares line through (x, samples[x]) for the samples not rejected: [slope, intercept]. */
function fitLine(samples: Float64Array, bad: Uint8Array): [number, number] {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < samples.length; i++) {
    if (bad[i]) continue;
    n++;
    sx += i;
    sy += samples[i]!;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < samples.length; i++) {
    if (bad[i]) continue;
    const dx = i - mx;
    sxx += dx * dx;
    sxy += dx * (samples[i]! - my);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return [slope, my - slope * mx];
}

/** Population std of the values not rejected (numpy two-pass). */
function goodStd(values: Float64Array, bad: Uint8Array): number {
  let n = 0;
  let s = 0;
  for (let i = 0; i < values.length; i++) if (!bad[i]) { n++; s += values[i]!; }
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < values.length; i++) if (!bad[i]) { const d = values[i]! - mean; ss += d * d; }
  return Math.sqrt(ss / n);
}

/** np.convolve(bad, ones(width), mode='same') on booleans: each rejected sample rejects its box neighbours. */
function grow(bad: Uint8Array, width: number): Uint8Array {
  const out = new Uint8Array(bad.length);
  const before = (width - 1) >> 1;
  const after = width >> 1;
  for (let p = 0; p < bad.length; p++) {
    if (!bad[p]) continue;
    const from = Math.max(0, p - before);
    const to = Math.min(bad.length - 1, p + after);
    for (let k = from; k <= to; k++) out[k] = 1;
  }
  return out;
}

/** zscale limits of the finite, non-BLANK pixels. */
export function zscaleLimits(view: PixelView, options: ZScaleOptions = {}): { min: number; max: number } {
  const o = { ...ZSCALE_DEFAULTS, ...options };
  if (!(o.nsamples >= 1) || !(o.contrast >= 0) || !(o.krej > 0) || !(o.maxIterations >= 0)) {
    throw new AnalysisError('BAD_ARGUMENT', `zscale options out of range: ${JSON.stringify(options)}`);
  }
  const samples = zscaleSamples(view, Math.trunc(o.nsamples));
  const npix = samples.length;
  let vmin = samples[0]!;
  let vmax = samples[npix - 1]!;
  const minpix = Math.max(o.minNpixels, Math.trunc(npix * o.maxReject));
  let ngood = npix;
  let lastNgood = npix + 1;
  let bad: Uint8Array = new Uint8Array(npix);
  const ngrow = Math.max(1, Math.trunc(npix * 0.01));
  let fit: [number, number] | null = null;
  const flat = new Float64Array(npix);
  for (let iter = 0; iter < o.maxIterations; iter++) {
    if (ngood >= lastNgood || ngood < minpix) break;
    fit = fitLine(samples, bad);
    for (let i = 0; i < npix; i++) flat[i] = samples[i]! - (fit[0] * i + fit[1]);
    const threshold = o.krej * goodStd(flat, bad);
    for (let i = 0; i < npix; i++) if (flat[i]! < -threshold || flat[i]! > threshold) bad[i] = 1;
    bad = grow(bad, ngrow);
    lastNgood = ngood;
    ngood = 0;
    for (let i = 0; i < npix; i++) if (!bad[i]) ngood++;
  }
  if (fit && ngood >= minpix) {
    let slope = fit[0];
    if (o.contrast > 0) slope /= o.contrast;
    const center = (npix - 1) >> 1;
    const kind = kindOf(view.pixels);
    const median =
      npix % 2 === 1 ? samples[npix >> 1]! : meanOfTwo(samples[npix / 2 - 1]!, samples[npix / 2]!, kind);
    vmin = Math.max(vmin, median - (center - 1) * slope);
    vmax = Math.min(vmax, median + (npix - center) * slope);
  }
  return { min: vmin, max: vmax };
}

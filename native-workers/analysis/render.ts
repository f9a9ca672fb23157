/**
 * Display rendering: area-averaged binning to any size, stretch to 8 bits and
 * FITS orientation (row 0 at the bottom of the picture, as DS9 shows it).
 * Binning is NaN-aware: NaN and BLANK pixels are left out of each average, and
 * an output pixel with no valid input is NaN (rendered black).
 */
import type { PixelRegion, PixelView } from './types.js';
import type { PixelArray } from '../fits/types.js';
import { AnalysisError } from './types.js';
import { checkRegion } from './region.js';
import { buildStretchLut, lutToBytes, renderToBytes, type StretchLimits, type Transfer } from './stretch.js';

export type { Transfer } from './stretch.js';

/** Data values mapped to black (`min`) and white (`max`) (the analysis engine's StretchLimits). */
export type DisplayLimits = StretchLimits;

export interface BinnedImage {
  /** Row 0 first (FITS order, not flipped). */
  pixels: Float32Array;
  width: number;
  height: number;
}

export interface RenderOptions {
  /** Output size; the region is fitted inside keeping its aspect. Default: the region's size. */
  width?: number;
  height?: number;
  limits: DisplayLimits;
  transfer: Transfer;
  region?: PixelRegion;
}

export interface RenderedImage {
  /** 8-bit grey levels, top row of the picture first (that is, the last FITS row first). */
  bytes: Uint8Array;
  width: number;
  height: number;
}

/** The region, or the whole image; a typed BAD_REGION error when it is empty or leaves the image. */
export function resolveRegion(view: PixelView, region?: PixelRegion): PixelRegion {
  return checkRegion(view, region);
}

/** Largest output size with the source's aspect that fits inside maxWidth × maxHeight (each ≥ 1). */
export function fitInside(srcWidth: number, srcHeight: number, maxWidth?: number, maxHeight?: number): { width: number; height: number } {
  if (maxWidth === undefined && maxHeight === undefined) return { width: srcWidth, height: srcHeight };
  for (const v of [maxWidth, maxHeight]) {
    if (v !== undefined && !(Number.isInteger(v) && v >= 1)) {
      throw new AnalysisError('BAD_ARGUMENT', `output width and height must be positive integers, got ${v}`);
    }
  }
  const scale = Math.min((maxWidth ?? Infinity) / srcWidth, (maxHeight ?? Infinity) / srcHeight);
  return {
    width: Math.max(1, Math.min(maxWidth ?? Infinity, Math.round(srcWidth * scale))),
    height: Math.max(1, Math.min(maxHeight ?? Infinity, Math.round(srcHeight * scale))),
  };
}

/** Smallest integer bin factor that makes the region fit inside maxWidth × maxHeight. */
export function previewBinFactor(regionWidth: number, regionHeight: number, maxWidth: number, maxHeight: number): number {
  return Math.max(1, Math.ceil(regionWidth / maxWidth), Math.ceil(regionHeight / maxHeight));
}

/**
 * Averages factor × factor blocks (the last row/column of blocks may be partial;
 * it averages the pixels it has). Equals numpy's reshape(h/f, f, w/f, f).mean((1, 3))
 * when the sizes divide, and nanmean when there are NaNs.
 */
export function binImage(view: PixelView, factor: number, region?: PixelRegion): BinnedImage {
  if (!Number.isInteger(factor) || factor < 1) {
    throw new AnalysisError('BAD_ARGUMENT', `bin factor must be a positive integer, got ${factor}`);
  }
  const r = resolveRegion(view, region);
  const w = r.x1Px - r.x0Px;
  const h = r.y1Px - r.y0Px;
  const outW = Math.ceil(w / factor);
  const outH = Math.ceil(h / factor);
  const colOut = new Int32Array(w);
  for (let c = 0; c < w; c++) colOut[c] = Math.floor(c / factor);
  const rowOut = new Int32Array(h);
  for (let y = 0; y < h; y++) rowOut[y] = Math.floor(y / factor);
  return { pixels: averageInto(view, r, colOut, outW, rowOut, outH), width: outW, height: outH };
}

/**
 * Area-average resampling of a region to outWidth × outHeight (row 0 first).
 * Shrinking averages every source pixel into exactly one output pixel;
 * enlarging repeats pixels (nearest), so nothing is invented.
 */
export function resampleArea(view: PixelView, outWidth: number, outHeight: number, region?: PixelRegion): BinnedImage {
  const r = resolveRegion(view, region);
  const w = r.x1Px - r.x0Px;
  const h = r.y1Px - r.y0Px;
  const shrunkW = Math.min(outWidth, w);
  const shrunkH = Math.min(outHeight, h);
  const colOut = new Int32Array(w);
  for (let c = 0; c < w; c++) colOut[c] = Math.floor((c * shrunkW) / w);
  const rowOut = new Int32Array(h);
  for (let y = 0; y < h; y++) rowOut[y] = Math.floor((y * shrunkH) / h);
  const shrunk = averageInto(view, r, colOut, shrunkW, rowOut, shrunkH);
  if (shrunkW === outWidth && shrunkH === outHeight) return { pixels: shrunk, width: outWidth, height: outHeight };
  const out = new Float32Array(outWidth * outHeight);
  for (let oy = 0; oy < outHeight; oy++) {
    const sy = Math.floor((oy * shrunkH) / outHeight);
    for (let ox = 0; ox < outWidth; ox++) out[oy * outWidth + ox] = shrunk[sy * shrunkW + Math.floor((ox * shrunkW) / outWidth)]!;
  }
  return { pixels: out, width: outWidth, height: outHeight };
}

/**
 * Sums each source pixel of the region into its output cell (both maps are monotone),
 * then divides by the number of valid pixels. Each source row is summed block by block,
 * four pixels at a time (about 2× faster in V8 than one at a time); a group of four that
 * holds a NaN is redone pixel by pixel.
 */
function averageInto(
  view: PixelView,
  r: PixelRegion,
  colOut: Int32Array,
  outW: number,
  rowOut: Int32Array,
  outH: number,
): Float32Array {
  const { pixels, width } = view;
  const blank = view.blank ?? NaN; // NaN never equals anything: "no BLANK"
  const w = r.x1Px - r.x0Px;
  const h = r.y1Px - r.y0Px;
  const colStart = new Int32Array(outW + 1);
  for (let c = w - 1; c >= 0; c--) colStart[colOut[c]!] = c;
  colStart[outW] = w;
  const out = new Float32Array(outW * outH);
  const sums = new Float64Array(outW);
  const counts = new Float64Array(outW);
  let y = 0;
  while (y < h) {
    const oy = rowOut[y]!;
    sums.fill(0);
    counts.fill(0);
    for (; y < h && rowOut[y] === oy; y++) {
      const base = (r.y0Px + y) * width + r.x0Px;
      if (view.blank === undefined) sumRowNoBlank(pixels, base, colStart, outW, sums, counts);
      else sumRowWithBlank(pixels, base, colStart, outW, sums, counts, blank);
    }
    const row = oy * outW;
    for (let o = 0; o < outW; o++) out[row + o] = counts[o]! > 0 ? sums[o]! / counts[o]! : NaN;
  }
  return out;
}

/** One source row into the block sums, for data whose only missing value is NaN. */
function sumRowNoBlank(pixels: PixelArray, base: number, colStart: Int32Array, outW: number, sums: Float64Array, counts: Float64Array): void {
  for (let o = 0; o < outW; o++) {
    const end = base + colStart[o + 1]!;
    let k = base + colStart[o]!;
    let s = 0;
    let n = 0;
    for (; k + 3 < end; k += 4) {
      const s4 = pixels[k]! + pixels[k + 1]! + pixels[k + 2]! + pixels[k + 3]!;
      if (s4 === s4) {
        s += s4;
        n += 4;
      } else {
        for (let j = k; j < k + 4; j++) {
          const v = pixels[j]!;
          if (v === v) (s += v), n++;
        }
      }
    }
    for (; k < end; k++) {
      const v = pixels[k]!;
      if (v === v) (s += v), n++;
    }
    sums[o] += s;
    counts[o] += n;
  }
}

/** The same with a BLANK value to skip as well. */
function sumRowWithBlank(
  pixels: PixelArray,
  base: number,
  colStart: Int32Array,
  outW: number,
  sums: Float64Array,
  counts: Float64Array,
  blank: number,
): void {
  for (let o = 0; o < outW; o++) {
    const end = base + colStart[o + 1]!;
    let s = 0;
    let n = 0;
    for (let k = base + colStart[o]!; k < end; k++) {
      const v = pixels[k]!;
      if (v === v && v !== blank) (s += v), n++;
    }
    sums[o] += s;
    counts[o] += n;
  }
}


/**
 * Maps values (row 0 first) to 8-bit levels through limits and a transfer function
 * (the analysis engine's LUT renderer); with `flip`, the last row comes first so the
 * picture shows row 0 at the bottom. NaN → 0; values outside the limits clip.
 */
export function valuesToBytes(
  values: Float32Array,
  width: number,
  height: number,
  limits: DisplayLimits,
  transfer: Transfer,
  flip = true,
): Uint8Array {
  const lut = lutToBytes(buildStretchLut(limits, transfer));
  const rows = renderToBytes({ pixels: values, width, height }, limits, lut);
  if (!flip) return rows;
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) out.set(rows.subarray(y * width, (y + 1) * width), (height - 1 - y) * width);
  return out;
}

/** An 8-bit preview of (a region of) the image, area-averaged to the requested size, row 0 at the bottom. */
export function renderPreview(view: PixelView, opts: RenderOptions): RenderedImage {
  const r = resolveRegion(view, opts.region);
  const { width, height } = fitInside(r.x1Px - r.x0Px, r.y1Px - r.y0Px, opts.width, opts.height);
  const binned = resampleArea(view, width, height, r);
  return { bytes: valuesToBytes(binned.pixels, width, height, opts.limits, opts.transfer, true), width, height };
}

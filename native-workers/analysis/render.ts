/**
 * Display rendering: area-averaged binning to any size, stretch to 8 bits and
 * FITS orientation (row 0 at the bottom of the picture, as DS9 shows it).
 * Binning is NaN-aware: NaN and BLANK pixels are left out of each average, and
 * an output pixel with no valid input is NaN (rendered black).
 */
import type { PixelRegion, PixelView } from './types.js';
import { AnalysisError } from './types.js';
import { checkRegion, type CheckedRegion } from './region.js';
import { binRowsPass, type BinRowsParams, type BinRowsResult } from './passes/bin-rows.js';
import { runPass, runPassSync, type RunPassOptions } from './passes/run-pass.js';
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

/** How a region is averaged into cells, and what to make of the summed cells. */
interface AreaPlan {
  region: PixelRegion;
  params: BinRowsParams;
  outH: number;
  finish: (averages: Float32Array) => BinnedImage;
}

/**
 * Sums each source pixel of the region into its output cell (both maps are monotone),
 * then divides by the number of valid pixels (NaN where there is none).
 */
function areaPlan(view: PixelView, region: PixelRegion, colOut: Int32Array, outW: number, rowOut: Int32Array, outH: number): Omit<AreaPlan, 'finish'> {
  const w = region.x1Px - region.x0Px;
  const colStart = new Int32Array(outW + 1);
  for (let c = w - 1; c >= 0; c--) colStart[colOut[c]!] = c;
  colStart[outW] = w;
  const params: BinRowsParams = { width: view.width, rowLength: w, y0: region.y0Px, colStart, outW, rowOut, blank: view.blank ?? null };
  return { region, params, outH };
}

/** The whole output image from the pass's rows (rows no source row reached stay NaN). */
function averagesOf(binned: BinRowsResult, outH: number): Float32Array {
  if (binned.firstOutRow === 0 && binned.averages.length === binned.outW * outH) return binned.averages;
  const out = new Float32Array(binned.outW * outH).fill(NaN);
  out.set(binned.averages, binned.firstOutRow * binned.outW);
  return out;
}

function runAreaPlan(view: PixelView, plan: AreaPlan): BinnedImage {
  return plan.finish(averagesOf(runPassSync(binRowsPass, view, plan.region as CheckedRegion, plan.params), plan.outH));
}

async function runAreaPlanAsync(view: PixelView, plan: AreaPlan, options?: RunPassOptions): Promise<BinnedImage> {
  return plan.finish(averagesOf(await runPass(binRowsPass, view, plan.region as CheckedRegion, plan.params, options), plan.outH));
}

function binPlan(view: PixelView, factor: number, region?: PixelRegion): AreaPlan {
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
  return { ...areaPlan(view, r, colOut, outW, rowOut, outH), finish: (pixels) => ({ pixels, width: outW, height: outH }) };
}

/**
 * Averages factor × factor blocks (the last row/column of blocks may be partial;
 * it averages the pixels it has). Equals numpy's reshape(h/f, f, w/f, f).mean((1, 3))
 * when the sizes divide, and nanmean when there are NaNs.
 */
export function binImage(view: PixelView, factor: number, region?: PixelRegion): BinnedImage {
  return runAreaPlan(view, binPlan(view, factor, region));
}

/** `binImage`, sharing the summing pass with helper threads for large frames in shared memory. */
export function binImageAsync(view: PixelView, factor: number, region?: PixelRegion, options?: RunPassOptions): Promise<BinnedImage> {
  return runAreaPlanAsync(view, binPlan(view, factor, region), options);
}

function resamplePlan(view: PixelView, outWidth: number, outHeight: number, region?: PixelRegion): AreaPlan {
  const r = resolveRegion(view, region);
  const w = r.x1Px - r.x0Px;
  const h = r.y1Px - r.y0Px;
  const shrunkW = Math.min(outWidth, w);
  const shrunkH = Math.min(outHeight, h);
  const colOut = new Int32Array(w);
  for (let c = 0; c < w; c++) colOut[c] = Math.floor((c * shrunkW) / w);
  const rowOut = new Int32Array(h);
  for (let y = 0; y < h; y++) rowOut[y] = Math.floor((y * shrunkH) / h);
  const finish = (shrunk: Float32Array): BinnedImage => {
    if (shrunkW === outWidth && shrunkH === outHeight) return { pixels: shrunk, width: outWidth, height: outHeight };
    const out = new Float32Array(outWidth * outHeight);
    for (let oy = 0; oy < outHeight; oy++) {
      const sy = Math.floor((oy * shrunkH) / outHeight);
      for (let ox = 0; ox < outWidth; ox++) out[oy * outWidth + ox] = shrunk[sy * shrunkW + Math.floor((ox * shrunkW) / outWidth)]!;
    }
    return { pixels: out, width: outWidth, height: outHeight };
  };
  return { ...areaPlan(view, r, colOut, shrunkW, rowOut, shrunkH), finish };
}

/**
 * Area-average resampling of a region to outWidth × outHeight (row 0 first).
 * Shrinking averages every source pixel into exactly one output pixel;
 * enlarging repeats pixels (nearest), so nothing is invented.
 */
export function resampleArea(view: PixelView, outWidth: number, outHeight: number, region?: PixelRegion): BinnedImage {
  return runAreaPlan(view, resamplePlan(view, outWidth, outHeight, region));
}

/** `resampleArea`, sharing the summing pass with helper threads for large frames in shared memory. */
export function resampleAreaAsync(
  view: PixelView,
  outWidth: number,
  outHeight: number,
  region?: PixelRegion,
  options?: RunPassOptions,
): Promise<BinnedImage> {
  return runAreaPlanAsync(view, resamplePlan(view, outWidth, outHeight, region), options);
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

/**
 * The display lookup table: 16,384 packed RGBA colours built once per stretch/colormap change,
 * so painting costs one multiply and one lookup per pixel (as DS9/JS9 do).
 */
import { colormapRgb, type ColormapName } from './colormaps';

export const LUT_SIZE = 16384;
export const STRETCHES = ['linear', 'log', 'sqrt', 'asinh'] as const;
export type StretchName = (typeof STRETCHES)[number];

/** Colour for NaN / blank pixels: a muted dark blue, distinct from black sky. */
export const NAN_RGBA = packRgba(24, 28, 48);

/** Packs bytes for a little-endian Uint32 view of ImageData (R in the lowest byte). */
export function packRgba(r: number, g: number, b: number, a = 255): number {
  return ((a << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

const LOG_A = 1000;
const ASINH_A = 0.1;

/** Stretch transfer functions on normalised t ∈ [0, 1] → [0, 1] (astropy.visualization's defaults). */
export function applyStretch(name: StretchName, t: number): number {
  switch (name) {
    case 'linear':
      return t;
    case 'log':
      return Math.log(LOG_A * t + 1) / Math.log(LOG_A + 1);
    case 'sqrt':
      return Math.sqrt(t);
    case 'asinh':
      return Math.asinh(t / ASINH_A) / Math.asinh(1 / ASINH_A);
  }
}

/**
 * `redOnly` (night vision): the colormap's luminance on the red channel alone, dimmed,
 * so the image keeps the observer's dark adaptation like the rest of the red theme.
 */
export function buildLut(stretch: StretchName, colormap: ColormapName, redOnly = false): Uint32Array {
  const lut = new Uint32Array(LUT_SIZE);
  for (let i = 0; i < LUT_SIZE; i++) {
    const [r, g, b] = colormapRgb(colormap, applyStretch(stretch, i / (LUT_SIZE - 1)));
    lut[i] = redOnly ? packRgba(Math.round((0.299 * r + 0.587 * g + 0.114 * b) * 0.85), 0, 0) : packRgba(r, g, b);
  }
  return lut;
}

/**
 * Maps float pixels through the LUT into packed RGBA, flipping rows so image row 0 ends at
 * the bottom (DS9's orientation). `out` has width × height entries.
 */
export function paintPixels(
  pixels: Float32Array,
  width: number,
  height: number,
  low: number,
  high: number,
  lut: Uint32Array,
  out: Uint32Array,
): void {
  const span = high - low;
  const scale = span > 0 ? (LUT_SIZE - 1) / span : 0;
  const last = LUT_SIZE - 1;
  for (let row = 0; row < height; row++) {
    const src = row * width;
    const dst = (height - 1 - row) * width;
    for (let col = 0; col < width; col++) {
      const v = pixels[src + col]!;
      if (v !== v) {
        out[dst + col] = NAN_RGBA;
        continue;
      }
      // Compare before converting: `| 0` would wrap values far outside the limits.
      out[dst + col] = v <= low ? lut[0]! : v >= high ? lut[last]! : lut[((v - low) * scale) | 0]!;
    }
  }
}

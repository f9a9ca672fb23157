/**
 * Line profiles exactly as skimage.measure.profile_line(image, src, dst,
 * order=1, mode='constant', cval=-1, reduce_func=np.mean) computes them:
 * ceil(length + 1) samples with both ends included, bilinear interpolation as
 * scipy.ndimage.map_coordinates (grid-constant: the image is padded with cval),
 * each sample stored in the image's dtype before averaging across the width.
 */
import { AnalysisError, type PixelView } from './types.js';
import { checkView } from './region.js';
import { kindOf, type NumericKind } from './ordered.js';

export interface ProfilePoint {
  /** Column (NAXIS1), 0-based, may be fractional. */
  x: number;
  /** Row (NAXIS2), 0-based, may be fractional. */
  y: number;
}

export interface ProfileOptions {
  /** Width of the scan perpendicular to the line, in pixels (default 1). */
  linewidth?: number;
  /** Value outside the image (default −1, as QuickAnalysis). */
  cval?: number;
}

/** Longest profile we compute, so a wild coordinate cannot allocate without bound. */
const MAX_SAMPLES = 1 << 22;

/** np.linspace(start, stop, num) with endpoint: i·step + start, the last exactly stop. */
export function numpyLinspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  const div = num - 1;
  const delta = stop - start;
  if (div > 0) {
    const step = delta / div;
    for (let i = 0; i < num; i++) out[i] = (step === 0 ? (i / div) * delta : i * step) + start;
    out[num - 1] = stop;
  } else if (num === 1) {
    out[0] = 0 * delta + start;
  }
  return out;
}

/** How scipy stores an interpolated double into an output array of the image's dtype. */
function storeAs(kind: NumericKind): (t: number) => number {
  const clampRound = (lo: number, hi: number) => (t: number) => {
    t = t > 0 ? t + 0.5 : t - 0.5;
    t = t > hi ? hi : t < lo ? lo : t;
    return Math.trunc(t);
  };
  const unsigned = (hi: number) => (t: number) => {
    t = t > 0 ? t + 0.5 : 0;
    return Math.trunc(t > hi ? hi : t);
  };
  switch (kind) {
    case 'float32':
      return Math.fround;
    case 'float64':
      return (t) => t;
    case 'uint8':
      return unsigned(255);
    case 'uint16':
      return unsigned(65535);
    case 'uint32':
      return unsigned(4294967295);
    case 'int16':
      return clampRound(-32768, 32767);
    case 'int32':
      return clampRound(-2147483648, 2147483647);
  }
}

/** Bilinear sample at (row, col) of map_coordinates(order=1, mode='grid-constant'), in double. */
function sampleBilinear(view: PixelView, row: number, col: number, cval: number): number {
  // scipy takes cval outright only below −1 (or for a NaN coordinate); beyond the far edge it interpolates padding.
  if (!(row > -1) || !(col > -1)) return cval;
  const { width, height, pixels } = view;
  const r0 = Math.floor(row);
  const c0 = Math.floor(col);
  // scipy's order-1 weights: w0 = 1 − f, w1 = 1 − w0.
  const wr0 = 1 - (row - r0);
  const wr1 = 1 - wr0;
  const wc0 = 1 - (col - c0);
  const wc1 = 1 - wc0;
  const r1 = r0 + 1;
  const c1 = c0 + 1;
  const row0In = r0 >= 0 && r0 < height;
  const row1In = r1 < height;
  const col0In = c0 >= 0 && c0 < width;
  const col1In = c1 < width;
  // Taps in scipy's order and arithmetic: value · row weight · column weight, summed from 0.
  let t = 0;
  t += (row0In && col0In ? pixels[r0 * width + c0]! : cval) * wr0 * wc0;
  t += (row0In && col1In ? pixels[r0 * width + c1]! : cval) * wr0 * wc1;
  t += (row1In && col0In ? pixels[r1 * width + c0]! : cval) * wr1 * wc0;
  t += (row1In && col1In ? pixels[r1 * width + c1]! : cval) * wr1 * wc1;
  return t;
}

/**
 * Intensities along the line from `from` to `to` (pixel coordinates, x =
 * column, y = row). Samples outside the image read cval (−1); NaN pixels
 * propagate; BLANK values are used as stored (as skimage does). For integer
 * images each interpolated sample is rounded to the image's type first, as
 * skimage returns it.
 */
export function lineProfile(view: PixelView, from: ProfilePoint, to: ProfilePoint, opts: ProfileOptions = {}): number[] {
  checkView(view);
  const linewidth = opts.linewidth ?? 1;
  const cval = opts.cval ?? -1;
  if (!Number.isInteger(linewidth) || linewidth < 1 || linewidth > 1001) {
    throw new AnalysisError('BAD_ARGUMENT', `linewidth must be an integer in 1..1001, got ${linewidth}`);
  }
  for (const p of [from, to]) {
    if (!Number.isFinite(p?.x) || !Number.isFinite(p?.y)) {
      throw new AnalysisError('BAD_ARGUMENT', `profile end points need finite x and y, got ${JSON.stringify(p)}`);
    }
  }
  const dRow = to.y - from.y;
  const dCol = to.x - from.x;
  const length = Math.ceil(Math.hypot(dRow, dCol) + 1);
  if (length * linewidth > MAX_SAMPLES) {
    throw new AnalysisError('BAD_ARGUMENT', `a profile of ${length} × ${linewidth} samples is too long`);
  }
  const theta = Math.atan2(dRow, dCol);
  const lineCol = numpyLinspace(from.x, to.x, length);
  const lineRow = numpyLinspace(from.y, to.y, length);
  const colWidth = ((linewidth - 1) * Math.sin(-theta)) / 2;
  const rowWidth = ((linewidth - 1) * Math.cos(theta)) / 2;
  const kind = kindOf(view.pixels);
  const store = storeAs(kind);
  const out = new Array<number>(length);
  const across = new Float64Array(linewidth);
  for (let i = 0; i < length; i++) {
    if (linewidth === 1) {
      // linspace(p − 0, p + 0, 1) is p − 0: the line point itself.
      out[i] = store(sampleBilinear(view, lineRow[i]! - rowWidth, lineCol[i]! - colWidth, cval));
      continue;
    }
    const rows = numpyLinspace(lineRow[i]! - rowWidth, lineRow[i]! + rowWidth, linewidth);
    const cols = numpyLinspace(lineCol[i]! - colWidth, lineCol[i]! + colWidth, linewidth);
    for (let k = 0; k < linewidth; k++) across[k] = store(sampleBilinear(view, rows[k]!, cols[k]!, cval));
    out[i] = meanAcross(across, kind);
  }
  return out;
}

/** np.mean over the (flipped) perpendicular samples: float32 images average in float32. */
function meanAcross(values: Float64Array, kind: NumericKind): number {
  const n = values.length;
  if (n === 1) return values[0]!;
  let sum = values[n - 1]!;
  if (kind === 'float32') {
    for (let k = n - 2; k >= 0; k--) sum = Math.fround(sum + values[k]!);
    return Math.fround(sum / n);
  }
  for (let k = n - 2; k >= 0; k--) sum += values[k]!;
  return sum / n;
}

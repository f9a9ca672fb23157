/**
 * Seeded test frames for the analysis kernels and their hand-off to Python:
 * arrays travel as base64 little-endian bytes plus a numpy dtype, so numpy,
 * scipy, skimage and astropy compute their reference on exactly our pixels.
 */
import type { PixelArray } from '../../../native-workers/fits/types.js';
import { seeded } from '../../helpers/seeded.js';

export { seeded };

export type Dtype = 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';


export function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

export function makeArray(dtype: Dtype, n: number): PixelArray {
  switch (dtype) {
    case 'uint8': return new Uint8Array(n);
    case 'int16': return new Int16Array(n);
    case 'uint16': return new Uint16Array(n);
    case 'int32': return new Int32Array(n);
    case 'uint32': return new Uint32Array(n);
    case 'float32': return new Float32Array(n);
    case 'float64': return new Float64Array(n);
  }
}

const RANGE: Record<Dtype, [number, number]> = {
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  float32: [-3.4e38, 3.4e38],
  float64: [-1.7e308, 1.7e308],
};

export interface FrameOptions {
  sky?: number;
  noise?: number;
  /** Fraction of pixels set to NaN (float) — or to `blank` (integers). */
  missing?: number;
  blank?: number;
  /** Number of stars (Gaussian blobs) and hot pixels. */
  stars?: number;
  hot?: number;
}

/** A sky + noise + stars + hot-pixel frame in the given dtype, values clamped to the dtype's range. */
export function makeFrame(dtype: Dtype, width: number, height: number, seed: number, o: FrameOptions = {}): PixelArray {
  const rand = seeded(seed);
  const n = width * height;
  const values = new Float64Array(n);
  const sky = o.sky ?? 1000;
  const noise = o.noise ?? 20;
  for (let i = 0; i < n; i++) values[i] = sky + noise * gaussian(rand);
  for (let s = 0; s < (o.stars ?? 3); s++) {
    const cx = rand() * width;
    const cy = rand() * height;
    const peak = sky * (2 + 20 * rand());
    for (let y = Math.max(0, Math.floor(cy - 6)); y < Math.min(height, cy + 6); y++) {
      for (let x = Math.max(0, Math.floor(cx - 6)); x < Math.min(width, cx + 6); x++) {
        values[y * width + x]! += peak * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / 4);
      }
    }
  }
  const [lo, hi] = RANGE[dtype];
  for (let h = 0; h < (o.hot ?? 2); h++) values[Math.floor(rand() * n)] = Math.min(hi, 60000);
  const out = makeArray(dtype, n);
  const isFloat = dtype.startsWith('float');
  for (let i = 0; i < n; i++) {
    let v = values[i]!;
    if (!isFloat) v = Math.round(v);
    out[i] = Math.min(hi, Math.max(lo, v));
  }
  if (o.missing) {
    for (let i = 0; i < n; i++) {
      if (rand() < o.missing) out[i] = isFloat ? NaN : (o.blank ?? 0);
    }
  }
  return out;
}

export interface PyArray {
  dtype: Dtype;
  width: number;
  height: number;
  b64: string;
}

export function toPy(pixels: PixelArray, width: number, height: number): PyArray {
  const dtype = (
    {
      Uint8Array: 'uint8',
      Int16Array: 'int16',
      Uint16Array: 'uint16',
      Int32Array: 'int32',
      Uint32Array: 'uint32',
      Float32Array: 'float32',
      Float64Array: 'float64',
    } as Record<string, Dtype>
  )[pixels.constructor.name]!;
  const b64 = Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength).toString('base64');
  return { dtype, width, height, b64 };
}

/** Python prelude: `arr(d)` rebuilds a 2-D array (rows = height) from a PyArray. */
/**
 * QuickAnalysis's clipped histogram written out in numpy (percentile limits, integer bin
 * size, arange edges, np.histogram); without a clip the range is min..max.
 */
export const PY_HISTOGRAM_RECIPE = `
def quickanalysis_histogram(v, clip):
    low, high = np.min(v), np.max(v)
    if clip is not None:
        p = clip * 100
        low, high = np.percentile(v, p), np.percentile(v, 100 - p)
    for size in range(1, 20):
        q, _ = divmod(high - low, size)
        if q + 1 < 5000:
            break
    counts, edges = np.histogram(v, bins=np.arange(low, low + (q + 1) * size + 1, size))
    return dict(counts=counts.tolist(), edges=[float(e) for e in edges])
`;

/** Python (after PY_PRELUDE) printing the QuickAnalysis histogram of the valid pixels of each case read from stdin. */
export const PY_HISTOGRAM_CASES = `
out = []
for c in json.load(sys.stdin):
    v = region_array(c).ravel()
    v = v[valid_mask(v, c.get('blank'))]
    out.append(quickanalysis_histogram(v, c.get('clip')))
print(json.dumps(out))
`;

export const PY_PRELUDE = `
import base64, json, sys, warnings
import numpy as np
warnings.simplefilter('ignore')
def arr(d):
    return np.frombuffer(base64.b64decode(d['b64']), dtype=np.dtype(d['dtype']).newbyteorder('<')).astype(d['dtype']).reshape(d['height'], d['width'])
def num(x):
    x = float(x)
    return None if x != x else x
def region_array(c):
    a = arr(c['data'])
    r = c.get('region')
    return a[r['y0Px']:r['y1Px'], r['x0Px']:r['x1Px']] if r else a
def valid_mask(flat, blank):
    valid = np.ones(flat.shape, bool)
    if flat.dtype.kind == 'f':
        valid &= ~np.isnan(flat)
    if blank is not None:
        valid &= flat != blank
    return valid
${PY_HISTOGRAM_RECIPE}`;

/** Relative closeness for sums (|a−b| ≤ tol·max(|a|,|b|), with exact equality for zero). */
export function relClose(actual: number, expected: number, tol: number): boolean {
  if (actual === expected) return true;
  return Math.abs(actual - expected) <= tol * Math.max(Math.abs(actual), Math.abs(expected));
}

/**
 * Blink registration: frame B's preview resampled onto frame A's preview grid, through their
 * world coordinates when both have a celestial WCS (A pixel → sky → B pixel), else pixel for
 * pixel. The exact mapping is computed on a coarse grid and interpolated between its nodes
 * (smooth for every projection), and B is sampled bilinearly. Pure: arrays in, arrays out.
 */
import type { CelestialWcs } from '../../../native-workers/wcs/index.js';

export interface PreviewGrid {
  pixels: Float32Array;
  width: number;
  height: number;
  binFactor: number;
  /** The full-resolution pixel rectangle the preview covers (end exclusive). */
  region: { x0Px: number; y0Px: number; x1Px: number; y1Px: number };
}

/** Full-resolution 0-based pixel (centre at integers) of A → the same sky in B, or null. */
export type PixelMap = (x: number, y: number) => [number, number] | null;

export function wcsPixelMap(a: CelestialWcs, b: CelestialWcs): PixelMap {
  return (x, y) => {
    const sky = a.pixelToWorld(x, y);
    return sky ? b.worldToPixel(sky[0], sky[1]) : null;
  };
}

export const identityMap: PixelMap = (x, y) => [x, y];

const NODE_STEP = 16;

/** B's values on A's preview grid (NaN where B has no data). */
export function resampleOnto(a: PreviewGrid, b: PreviewGrid, map: PixelMap): Float32Array {
  const out = new Float32Array(a.width * a.height).fill(Number.NaN);
  // Preview pixel (c, r) of A is centred on full-resolution x = x0 + (c + 0.5)·bin − 0.5.
  const fullX = (c: number) => a.region.x0Px + (c + 0.5) * a.binFactor - 0.5;
  const fullY = (r: number) => a.region.y0Px + (r + 0.5) * a.binFactor - 0.5;
  const nodesX = Math.ceil((a.width - 1) / NODE_STEP) + 1;
  const nodesY = Math.ceil((a.height - 1) / NODE_STEP) + 1;
  const nodeCol = (i: number) => Math.min(i * NODE_STEP, a.width - 1);
  const nodeRow = (j: number) => Math.min(j * NODE_STEP, a.height - 1);
  // The mapping at the grid nodes, in B preview coordinates (continuous, centres at integers).
  const mx = new Float64Array(nodesX * nodesY).fill(Number.NaN);
  const my = new Float64Array(nodesX * nodesY).fill(Number.NaN);
  for (let j = 0; j < nodesY; j++) {
    for (let i = 0; i < nodesX; i++) {
      const p = map(fullX(nodeCol(i)), fullY(nodeRow(j)));
      if (!p) continue;
      mx[j * nodesX + i] = (p[0] + 0.5 - b.region.x0Px) / b.binFactor - 0.5;
      my[j * nodesX + i] = (p[1] + 0.5 - b.region.y0Px) / b.binFactor - 0.5;
    }
  }
  for (let r = 0; r < a.height; r++) {
    const j = Math.min(Math.floor(r / NODE_STEP), nodesY - 2 < 0 ? 0 : nodesY - 2);
    const r0 = nodeRow(j);
    const r1 = nodeRow(Math.min(j + 1, nodesY - 1));
    const fy = r1 > r0 ? (r - r0) / (r1 - r0) : 0;
    for (let c = 0; c < a.width; c++) {
      const i = Math.min(Math.floor(c / NODE_STEP), nodesX - 2 < 0 ? 0 : nodesX - 2);
      const c0 = nodeCol(i);
      const c1 = nodeCol(Math.min(i + 1, nodesX - 1));
      const fx = c1 > c0 ? (c - c0) / (c1 - c0) : 0;
      const i1 = Math.min(i + 1, nodesX - 1);
      const j1 = Math.min(j + 1, nodesY - 1);
      const k00 = j * nodesX + i;
      const k10 = j * nodesX + i1;
      const k01 = j1 * nodesX + i;
      const k11 = j1 * nodesX + i1;
      const bx = (mx[k00]! * (1 - fx) + mx[k10]! * fx) * (1 - fy) + (mx[k01]! * (1 - fx) + mx[k11]! * fx) * fy;
      const by = (my[k00]! * (1 - fx) + my[k10]! * fx) * (1 - fy) + (my[k01]! * (1 - fx) + my[k11]! * fx) * fy;
      out[r * a.width + c] = bilinear(b, bx, by);
    }
  }
  return out;
}

/** B's preview at continuous preview coordinates (centres at integers); NaN outside. */
function bilinear(b: PreviewGrid, x: number, y: number): number {
  if (!(x >= -0.5 && y >= -0.5 && x <= b.width - 0.5 && y <= b.height - 0.5)) return Number.NaN;
  const cx = Math.min(Math.max(x, 0), b.width - 1);
  const cy = Math.min(Math.max(y, 0), b.height - 1);
  const x0 = Math.min(Math.floor(cx), b.width - 2 < 0 ? 0 : b.width - 2);
  const y0 = Math.min(Math.floor(cy), b.height - 2 < 0 ? 0 : b.height - 2);
  const x1 = Math.min(x0 + 1, b.width - 1);
  const y1 = Math.min(y0 + 1, b.height - 1);
  const fx = cx - x0;
  const fy = cy - y0;
  const p = b.pixels;
  const w = b.width;
  return (p[y0 * w + x0]! * (1 - fx) + p[y0 * w + x1]! * fx) * (1 - fy) + (p[y1 * w + x0]! * (1 - fx) + p[y1 * w + x1]! * fx) * fy;
}

/**
 * A − B and its symmetric limit ±m: ten robust sigmas of the difference, so the noise stays
 * mid-grey and what changed (a moving object, a variable star, a seeing change) stands out;
 * the 99.5th percentile of |A − B| when the noise is nil.
 */
export function difference(a: Float32Array, b: Float32Array): { pixels: Float32Array; limit: number } {
  const pixels = new Float32Array(a.length);
  const sample: number[] = [];
  const stride = Math.max(1, Math.floor(a.length / 200_000));
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    pixels[i] = d;
    if (i % stride === 0 && Number.isFinite(d)) sample.push(Math.abs(d));
  }
  sample.sort((p, q) => p - q);
  if (sample.length === 0) return { pixels, limit: 1 };
  const sigma = 1.4826 * sample[Math.floor(sample.length / 2)]!;
  const m = sigma > 0 ? 10 * sigma : sample[Math.min(sample.length - 1, Math.floor(0.995 * sample.length))]!;
  return { pixels, limit: m > 0 ? m : 1 };
}

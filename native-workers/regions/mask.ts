/**
 * Which pixels a region holds: a pixel belongs to a shape when its centre is strictly inside,
 * as DS9 counts and as astropy `regions` does with `to_mask(mode='center')` (the same
 * inequalities as its `*_overlap_single_subpixel` with one subpixel). Exclude regions remove
 * their pixels from the include regions listed before them. Pure: no Node, no DOM.
 */
import type { PixelRegion, PixelShape } from './types.js';

const RAD = Math.PI / 180;

/** A test for one shape, prepared once (trigonometry out of the pixel loop). */
export type PixelTest = (x: number, y: number) => boolean;

export function hasArea(shape: PixelShape): boolean {
  return shape.kind === 'circle' || shape.kind === 'ellipse' || shape.kind === 'box' || shape.kind === 'polygon' || shape.kind === 'annulus';
}

export function shapeTest(shape: PixelShape): PixelTest {
  switch (shape.kind) {
    case 'circle': {
      const { x: cx, y: cy, r } = shape;
      return (x, y) => (x - cx) * (x - cx) + (y - cy) * (y - cy) < r * r;
    }
    case 'annulus': {
      const { x: cx, y: cy, inner, outer } = shape;
      return (x, y) => {
        const d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
        return d2 < outer * outer && !(d2 < inner * inner);
      };
    }
    case 'ellipse': {
      const { x: cx, y: cy, rx, ry } = shape;
      const c = Math.cos(shape.angleDeg * RAD);
      const s = Math.sin(shape.angleDeg * RAD);
      const cxx = (c * c) / (rx * rx) + (s * s) / (ry * ry);
      const cyy = (s * s) / (rx * rx) + (c * c) / (ry * ry);
      const cxy = 2 * c * s * (1 / (rx * rx) - 1 / (ry * ry));
      return (x, y) => {
        const dx = x - cx;
        const dy = y - cy;
        return cxx * dx * dx + cxy * dx * dy + cyy * dy * dy < 1;
      };
    }
    case 'box': {
      const { x: cx, y: cy } = shape;
      const c = Math.cos(shape.angleDeg * RAD);
      const s = Math.sin(shape.angleDeg * RAD);
      const hw = shape.width / 2;
      const hh = shape.height / 2;
      return (x, y) => {
        const dx = x - cx;
        const dy = y - cy;
        return Math.abs(dy * s + dx * c) < hw && Math.abs(dy * c - dx * s) < hh;
      };
    }
    case 'polygon': {
      // Crossing number (pnpoly), as astropy regions' point_in_polygon.
      const n = shape.points.length;
      const vx = Float64Array.from(shape.points, (p) => p[0]);
      const vy = Float64Array.from(shape.points, (p) => p[1]);
      return (x, y) => {
        let inside = false;
        for (let i = 0, j = n - 1; i < n; j = i++) {
          if (vy[i]! > y !== vy[j]! > y && x < ((vx[j]! - vx[i]!) * (y - vy[i]!)) / (vy[j]! - vy[i]!) + vx[i]!) inside = !inside;
        }
        return inside;
      };
    }
    default:
      return () => false;
  }
}

/** Float bounds that contain every pixel centre inside the shape. */
export function shapeBounds(shape: PixelShape): { x0: number; y0: number; x1: number; y1: number } {
  switch (shape.kind) {
    case 'circle':
      return { x0: shape.x - shape.r, y0: shape.y - shape.r, x1: shape.x + shape.r, y1: shape.y + shape.r };
    case 'annulus':
      return { x0: shape.x - shape.outer, y0: shape.y - shape.outer, x1: shape.x + shape.outer, y1: shape.y + shape.outer };
    case 'ellipse': {
      const c = Math.cos(shape.angleDeg * RAD);
      const s = Math.sin(shape.angleDeg * RAD);
      const ex = Math.hypot(shape.rx * c, shape.ry * s);
      const ey = Math.hypot(shape.rx * s, shape.ry * c);
      return { x0: shape.x - ex, y0: shape.y - ey, x1: shape.x + ex, y1: shape.y + ey };
    }
    case 'box': {
      const c = Math.abs(Math.cos(shape.angleDeg * RAD));
      const s = Math.abs(Math.sin(shape.angleDeg * RAD));
      const ex = (shape.width * c + shape.height * s) / 2;
      const ey = (shape.width * s + shape.height * c) / 2;
      return { x0: shape.x - ex, y0: shape.y - ey, x1: shape.x + ex, y1: shape.y + ey };
    }
    case 'polygon': {
      const xs = shape.points.map((p) => p[0]);
      const ys = shape.points.map((p) => p[1]);
      return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
    }
    case 'line':
      return { x0: Math.min(shape.x1, shape.x2), y0: Math.min(shape.y1, shape.y2), x1: Math.max(shape.x1, shape.x2), y1: Math.max(shape.y1, shape.y2) };
    default:
      return { x0: shape.x, y0: shape.y, x1: shape.x, y1: shape.y };
  }
}

/** The pixel index range (inclusive) of the image that the bounds may touch; empty when x1 < x0. */
function pixelRange(b: { x0: number; y0: number; x1: number; y1: number }, width: number, height: number) {
  const clamp = (v: number, hi: number): number => Math.min(hi, Math.max(0, v));
  return {
    ix0: clamp(Math.floor(b.x0), width - 1),
    ix1: Math.ceil(b.x1) < 0 ? -1 : clamp(Math.ceil(b.x1), width - 1),
    iy0: clamp(Math.floor(b.y0), height - 1),
    iy1: Math.ceil(b.y1) < 0 ? -1 : clamp(Math.ceil(b.y1), height - 1),
    outside: b.x1 < -0.5 || b.y1 < -0.5 || b.x0 > width - 0.5 || b.y0 > height - 0.5 || !(b.x1 >= b.x0) || !(b.y1 >= b.y0),
  };
}

export interface RegionPixels {
  /** Position of the include region in the input list. */
  regionIndex: number;
  /** Row-major pixel indices (y · width + x), ascending. */
  indices: Uint32Array;
}

/**
 * The pixels of every include region with an area, in list order, after removing the pixels of
 * the exclude regions listed after it. Points, lines and texts hold no pixels.
 */
export function regionPixels(regions: readonly PixelRegion[], width: number, height: number): RegionPixels[] {
  const tests = regions.map((r) => (hasArea(r.shape) ? shapeTest(r.shape) : null));
  const bounds = regions.map((r) => shapeBounds(r.shape));
  const out: RegionPixels[] = [];
  regions.forEach((region, i) => {
    const test = tests[i];
    if (!region.include || !test) return;
    const excludes = regions
      .map((r, j) => ({ r, j }))
      .filter(({ r, j }) => j > i && !r.include && tests[j])
      .map(({ j }) => ({ test: tests[j]!, b: bounds[j]! }));
    const range = pixelRange(bounds[i]!, width, height);
    let buf = new Uint32Array(1024);
    let n = 0;
    if (!range.outside) {
      for (let y = range.iy0; y <= range.iy1; y++) {
        const liveExcludes = excludes.filter((e) => y >= e.b.y0 - 1 && y <= e.b.y1 + 1);
        for (let x = range.ix0; x <= range.ix1; x++) {
          if (!test(x, y)) continue;
          if (liveExcludes.some((e) => e.test(x, y))) continue;
          if (n === buf.length) {
            const grown = new Uint32Array(buf.length * 2);
            grown.set(buf);
            buf = grown;
          }
          buf[n++] = y * width + x;
        }
      }
    }
    out.push({ regionIndex: i, indices: buf.slice(0, n) });
  });
  return out;
}

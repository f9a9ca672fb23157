/**
 * Drawing and picking of the star overlay in screen space. Each redraw strokes every visible
 * source as one path (one canvas call for thousands of circles), so panning over 2,000 stars
 * costs a millisecond or two, not a DOM relayout.
 */
import { imageToScreen, type Size, type ViewTransform } from './view-transform.js';

export interface OverlayStar {
  x: number;
  y: number;
  fwhmPx: number;
}

export interface OverlaySaturatedStar {
  x: number;
  y: number;
  areaPx: number;
}

/** Screen radius of a source's circle: 1.5 FWHM (the circle rings the star's core), at least 5 screen pixels. */
export function circleRadius(fwhmPx: number, scale: number): number {
  return Math.max(5, 1.5 * fwhmPx * scale);
}

/** Half side of a saturated star's square: the radius of its above-threshold area, plus a margin. */
export function squareHalf(areaPx: number, scale: number): number {
  return Math.max(6, (Math.sqrt(areaPx / Math.PI) + 2) * scale);
}

/** Source pixel centres are at integer coordinates (pixel i spans [i, i + 1)): +0.5 to the drawn grid. */
export function screenOf(t: ViewTransform, image: Size, x: number, y: number): { sx: number; sy: number } {
  return imageToScreen(t, image, x + 0.5, y + 0.5);
}


/** The source under a screen point: the nearest whose mark contains it (within 6 px at least). */
export function pickStar(
  t: ViewTransform,
  image: Size,
  stars: readonly OverlayStar[],
  saturated: readonly OverlaySaturatedStar[],
  sx: number,
  sy: number,
): { kind: 'star' | 'saturated'; index: number } | null {
  let best: { kind: 'star' | 'saturated'; index: number } | null = null;
  let bestD = Infinity;
  stars.forEach((s, index) => {
    const p = screenOf(t, image, s.x, s.y);
    const d = Math.hypot(p.sx - sx, p.sy - sy);
    if (d <= Math.max(6, circleRadius(s.fwhmPx, t.scale)) && d < bestD) {
      bestD = d;
      best = { kind: 'star', index };
    }
  });
  saturated.forEach((s, index) => {
    const p = screenOf(t, image, s.x, s.y);
    const h = squareHalf(s.areaPx, t.scale);
    const d = Math.hypot(p.sx - sx, p.sy - sy);
    if (Math.abs(p.sx - sx) <= h && Math.abs(p.sy - sy) <= h && d < bestD) {
      bestD = d;
      best = { kind: 'saturated', index };
    }
  });
  return best;
}

/**
 * Drawing and picking of the star overlay in screen space. Each redraw strokes every visible
 * source as one path (one canvas call for thousands of circles), so panning over 2,000 stars
 * costs a millisecond or two, not a DOM relayout.
 */
import { imageToScreen, type Size, type ViewTransform } from './view-transform';

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
function screenOf(t: ViewTransform, image: Size, x: number, y: number): { sx: number; sy: number } {
  return imageToScreen(t, image, x + 0.5, y + 0.5);
}

export function drawStars(
  ctx: CanvasRenderingContext2D,
  t: ViewTransform,
  image: Size,
  viewport: Size,
  stars: readonly OverlayStar[],
  saturated: readonly OverlaySaturatedStar[],
  colors: { star: string; saturated: string; hover: string },
  hover: { kind: 'star' | 'saturated'; index: number } | null,
): number {
  let drawn = 0;
  const path = new Path2D();
  for (const s of stars) {
    const { sx, sy } = screenOf(t, image, s.x, s.y);
    const r = circleRadius(s.fwhmPx, t.scale);
    if (sx < -r || sy < -r || sx > viewport.width + r || sy > viewport.height + r) continue;
    path.moveTo(sx + r, sy);
    path.arc(sx, sy, r, 0, Math.PI * 2);
    drawn++;
  }
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = colors.star;
  ctx.setLineDash([]);
  ctx.stroke(path);

  const squares = new Path2D();
  for (const s of saturated) {
    const { sx, sy } = screenOf(t, image, s.x, s.y);
    const h = squareHalf(s.areaPx, t.scale);
    if (sx < -h || sy < -h || sx > viewport.width + h || sy > viewport.height + h) continue;
    squares.rect(sx - h, sy - h, 2 * h, 2 * h);
    drawn++;
  }
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = colors.saturated;
  ctx.setLineDash([4, 3]);
  ctx.stroke(squares);
  ctx.setLineDash([]);

  if (hover) {
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = colors.hover;
    if (hover.kind === 'star' && stars[hover.index]) {
      const s = stars[hover.index]!;
      const { sx, sy } = screenOf(t, image, s.x, s.y);
      ctx.beginPath();
      ctx.arc(sx, sy, circleRadius(s.fwhmPx, t.scale) + 2, 0, Math.PI * 2);
      ctx.stroke();
    } else if (hover.kind === 'saturated' && saturated[hover.index]) {
      const s = saturated[hover.index]!;
      const { sx, sy } = screenOf(t, image, s.x, s.y);
      const h = squareHalf(s.areaPx, t.scale) + 2;
      ctx.strokeRect(sx - h, sy - h, 2 * h, 2 * h);
    }
  }
  return drawn;
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

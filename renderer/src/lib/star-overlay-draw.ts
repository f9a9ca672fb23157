/**
 * Strokes the star overlay on a canvas (kept apart from the geometry in star-overlay.ts, which
 * the Node tests import without the DOM's canvas types).
 */
import type { Size, ViewTransform } from './view-transform';
import { circleRadius, screenOf, squareHalf, type OverlaySaturatedStar, type OverlayStar } from './star-overlay';

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

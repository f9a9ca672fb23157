/**
 * Region records (as written) → regions in 0-based image pixels of one frame. Every record is
 * resolved before anything is returned, so a bad one leaves nothing half-applied.
 */
import {
  localSkyFrame,
  physicalScale,
  physicalToPixel,
  pixelToSky,
  skySystemOf,
  skyToPixel,
  wcsSystem,
  type FrameGeometry,
} from './geometry.js';
import type { Length, PixelRegion, PixelShape, Position, RegionRecord } from './types.js';

function positionToPixel(p: Position, rec: RegionRecord, g: FrameGeometry): [number, number] {
  if (p.unit === 'image') return [p.a - 1, p.b - 1];
  if (p.unit === 'physical') return physicalToPixel(g, p.a, p.b);
  return skyToPixel(g, skySystemOf(rec.system, g, rec.line), p.a, p.b, rec.line);
}

/** The region's local sky frame at its first position (computed only when a size or angle needs it). */
function skyFrameAt(rec: RegionRecord, g: FrameGeometry, centre: [number, number]): { scaleDegPerPx: number; northDeg: number } {
  const p = rec.positions[0]!;
  if (p.unit === 'sky') return localSkyFrame(g, skySystemOf(rec.system, g, rec.line), p.a, p.b, rec.line);
  const own = wcsSystem(g, rec.line);
  const [lon, lat] = pixelToSky(g, own, centre[0], centre[1]);
  return localSkyFrame(g, own, lon, lat, rec.line);
}

export function resolveRecord(rec: RegionRecord, g: FrameGeometry): PixelRegion {
  const pts = rec.positions.map((p) => positionToPixel(p, rec, g));
  const centre = pts[0]!;
  let local: { scaleDegPerPx: number; northDeg: number } | undefined;
  const sky = (): { scaleDegPerPx: number; northDeg: number } => (local ??= skyFrameAt(rec, g, centre));
  const px = (l: Length): number =>
    l.unit === 'image' ? l.value : l.unit === 'physical' ? l.value * physicalScale(g) : l.value / sky().scaleDegPerPx;
  // Sky angles are measured from the longitude axis (astropy `regions`): turn them by north − 90°.
  const angle = (): number => (rec.positions[0]!.unit === 'sky' ? rec.angleDeg + sky().northDeg - 90 : rec.angleDeg);
  const [x, y] = centre;
  let shape: PixelShape;
  switch (rec.shape) {
    case 'circle':
      shape = { kind: 'circle', x, y, r: px(rec.lengths[0]!) };
      break;
    case 'ellipse':
      shape = { kind: 'ellipse', x, y, rx: px(rec.lengths[0]!), ry: px(rec.lengths[1]!), angleDeg: angle() };
      break;
    case 'box':
      shape = { kind: 'box', x, y, width: px(rec.lengths[0]!), height: px(rec.lengths[1]!), angleDeg: angle() };
      break;
    case 'polygon':
      shape = { kind: 'polygon', points: pts };
      break;
    case 'annulus':
      shape = { kind: 'annulus', x, y, inner: px(rec.lengths[0]!), outer: px(rec.lengths[1]!) };
      break;
    case 'point':
      shape = { kind: 'point', x, y };
      break;
    case 'line':
      shape = { kind: 'line', x1: x, y1: y, x2: pts[1]![0], y2: pts[1]![1] };
      break;
    case 'text':
      shape = { kind: 'text', x, y };
      break;
  }
  const out: PixelRegion = { shape, include: rec.include, props: rec.props, line: rec.line };
  if (rec.text !== undefined) out.text = rec.text;
  return out;
}

/** All records on the frame, or the first failure (nothing half-applied). */
export function resolveRegions(records: readonly RegionRecord[], g: FrameGeometry): PixelRegion[] {
  return records.map((r) => resolveRecord(r, g));
}

/**
 * Sky positions ↔ the viewer, through the shared WCS module (native-workers/wcs): the pixel
 * of an RA/Dec (to centre the view on a coord.pointAt.sky), the RA/Dec of a clicked pixel
 * (to send one), and the transform that centres a pixel without changing the zoom. Pure.
 */
import { lookupFromRecord, readCelestialWcs, type CelestialWcs } from '../../../native-workers/wcs/index.js';
import type { ViewTransform, Size } from './view-transform.js';

/** The celestial WCS of header cards, or null (none, or unusable). */
export function celestialWcsOf(cards: readonly { key: string; value: unknown }[]): CelestialWcs | null {
  const record: Record<string, unknown> = {};
  for (const c of cards) if (!(c.key in record)) record[c.key] = c.value;
  try {
    return readCelestialWcs(lookupFromRecord(record));
  } catch {
    return null;
  }
}

/** 0-based pixel (x, y) of a sky position, or null when it is not on the image. */
export function pixelOfSky(wcs: CelestialWcs, image: Size, raDeg: number, decDeg: number): { x: number; y: number } | null {
  const p = wcs.worldToPixel(raDeg, decDeg);
  if (!p || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return null;
  const [x, y] = p;
  if (x < -0.5 || y < -0.5 || x > image.width - 0.5 || y > image.height - 0.5) return null;
  return { x, y };
}

/** RA/Dec (degrees) of a 0-based pixel position, or null. */
export function skyOfPixel(wcs: CelestialWcs, x: number, y: number): { ra: number; dec: number } | null {
  const w = wcs.pixelToWorld(x, y);
  if (!w || !Number.isFinite(w[0]) || !Number.isFinite(w[1])) return null;
  return { ra: ((w[0] % 360) + 360) % 360, dec: w[1] };
}

/**
 * The same zoom, panned so the 0-based pixel (x, y) sits at the viewport's centre. The viewer
 * draws pixel i over [i, i + 1), so its centre is at i + 0.5.
 */
export function centreOnPixel(t: ViewTransform, image: Size, viewport: Size, x: number, y: number): ViewTransform {
  return {
    scale: t.scale,
    panX: viewport.width / 2 - (x + 0.5) * t.scale,
    panY: viewport.height / 2 - (image.height - (y + 0.5)) * t.scale,
  };
}

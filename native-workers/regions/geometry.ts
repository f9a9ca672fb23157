/**
 * Puts regions on a frame and takes them off again: image/physical/sky positions ↔ 0-based image
 * pixels, sky sizes ↔ pixels and sky angles ↔ pixel angles. Sizes and angles use the local scale
 * and north direction at the region's centre, found by stepping 1″ north, exactly as astropy
 * `regions` does in `to_pixel` (`pixel_scale_angle_at_skycoord`). Pure: no Node, no DOM.
 */
import { convertSky, isSkySystem } from './sky-frames.js';
import { RegionFileError, type RegionSystem, type SkySystem } from './types.js';

/** What regions need of a celestial WCS (structurally the shared `CelestialWcs` of native-workers/wcs). */
export interface SkyProjection {
  readonly system: string;
  pixelToWorld(xPx: number, yPx: number): [number, number] | null;
  worldToPixel(lonDeg: number, latDeg: number): [number, number] | null;
}

/** IRAF physical coordinates: image = LTM · physical + LTV (both 1-based). */
export interface PhysicalTransform {
  ltm: [number, number, number, number];
  ltv: [number, number];
}

export interface FrameGeometry {
  wcs: SkyProjection | null;
  /** null when the header has no LTM/LTV: physical = image. */
  physical: PhysicalTransform | null;
  /** Why `wcs` is null when the header has a WCS that could not be read. */
  wcsProblem?: string;
}

/** LTM/LTV from a header lookup, or null when none of them is present. */
export function physicalFromHeader(lookup: (keyword: string) => unknown): PhysicalTransform | null {
  const keys = ['LTM1_1', 'LTM1_2', 'LTM2_1', 'LTM2_2', 'LTV1', 'LTV2'];
  const values = keys.map((k) => {
    const v = lookup(k);
    return typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined;
  });
  if (values.every((v) => v === undefined)) return null;
  const [m11 = 1, m12 = 0, m21 = 0, m22 = 1, v1 = 0, v2 = 0] = values;
  if (m11 * m22 - m12 * m21 === 0) throw new RegionFileError('BAD_REGION_FILE', 'the frame\'s LTM matrix is singular: physical coordinates cannot be used');
  return { ltm: [m11, m12, m21, m22], ltv: [v1, v2] };
}

const ONE_ARCSEC = 1 / 3600;

/** The frame's sky system, or NO_WCS explaining why sky coordinates cannot be used. */
export function wcsSystem(geometry: FrameGeometry, line?: number): SkySystem {
  const wcs = geometry.wcs;
  if (!wcs) {
    const why = geometry.wcsProblem ? `its WCS cannot be used (${geometry.wcsProblem})` : 'it has no celestial WCS';
    throw new RegionFileError('NO_WCS', `sky coordinates cannot be placed on this frame: ${why}`, line);
  }
  if (!isSkySystem(wcs.system)) {
    throw new RegionFileError('NO_WCS', `the frame's WCS is in '${wcs.system}', which NightDeck cannot relate to icrs/fk5/galactic/ecliptic`, line);
  }
  return wcs.system;
}

export function skySystemOf(system: RegionSystem, geometry: FrameGeometry, line?: number): SkySystem {
  return system === 'wcs' ? wcsSystem(geometry, line) : (system as SkySystem);
}

/** [lon, lat] degrees in `system` → 0-based pixel. */
export function skyToPixel(geometry: FrameGeometry, system: SkySystem, lon: number, lat: number, line?: number): [number, number] {
  const own = wcsSystem(geometry, line);
  const [l, b] = convertSky(lon, lat, system, own);
  const p = geometry.wcs!.worldToPixel(l, b);
  if (!p || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
    throw new RegionFileError('BAD_REGION_FILE', `${system} position ${lon.toFixed(6)}, ${lat.toFixed(6)} cannot be projected on this frame`, line);
  }
  return p;
}

/** 0-based pixel → [lon, lat] degrees in `system`. */
export function pixelToSky(geometry: FrameGeometry, system: SkySystem, x: number, y: number): [number, number] {
  const own = wcsSystem(geometry);
  const w = geometry.wcs!.pixelToWorld(x, y);
  if (!w) throw new RegionFileError('BAD_REGION_FILE', `pixel ${x}, ${y} has no sky position on this frame`);
  return convertSky(w[0], w[1], own, system);
}

/** Pixel scale (degrees per pixel) and the direction of north (degrees CCW from +x) at a sky position. */
export function localSkyFrame(geometry: FrameGeometry, system: SkySystem, lon: number, lat: number, line?: number): { scaleDegPerPx: number; northDeg: number } {
  const [x0, y0] = skyToPixel(geometry, system, lon, lat, line);
  // Near the pole step south and turn the direction round.
  const south = lat + ONE_ARCSEC > 90;
  const [x1, y1] = skyToPixel(geometry, system, lon, south ? lat - ONE_ARCSEC : lat + ONE_ARCSEC, line);
  const dx = south ? x0 - x1 : x1 - x0;
  const dy = south ? y0 - y1 : y1 - y0;
  return { scaleDegPerPx: ONE_ARCSEC / Math.hypot(dx, dy), northDeg: (Math.atan2(dy, dx) * 180) / Math.PI };
}

/** 1-based physical → 0-based image pixel. */
export function physicalToPixel(geometry: FrameGeometry, a: number, b: number): [number, number] {
  const t = geometry.physical;
  if (!t) return [a - 1, b - 1];
  const [m11, m12, m21, m22] = t.ltm;
  return [m11 * a + m12 * b + t.ltv[0] - 1, m21 * a + m22 * b + t.ltv[1] - 1];
}

/** 0-based image pixel → 1-based physical. */
export function pixelToPhysical(geometry: FrameGeometry, x: number, y: number): [number, number] {
  const t = geometry.physical;
  if (!t) return [x + 1, y + 1];
  const [m11, m12, m21, m22] = t.ltm;
  const det = m11 * m22 - m12 * m21;
  const u = x + 1 - t.ltv[0];
  const v = y + 1 - t.ltv[1];
  return [(m22 * u - m12 * v) / det, (-m21 * u + m11 * v) / det];
}

/** Image pixels per physical pixel. */
export function physicalScale(geometry: FrameGeometry): number {
  const t = geometry.physical;
  if (!t) return 1;
  return Math.sqrt(Math.abs(t.ltm[0] * t.ltm[3] - t.ltm[1] * t.ltm[2]));
}

/**
 * Coordinate-grid lines of a frame: lines of constant longitude and latitude at "nice" spacings, traced
 * through the WCS into 0-based pixel polylines, with a label anchor for each. Pure; the console draws it.
 */
import type { CelestialWcs } from './celestial.js';
import { formatDecDms, formatRaHms } from './sexagesimal.js';

export interface GridLine {
  kind: 'lon' | 'lat';
  /** The line's longitude or latitude, degrees. */
  value: number;
  label: string;
  /** Polylines in 0-based pixel coordinates; a line breaks where the projection does. */
  segments: Array<Array<[number, number]>>;
  /** Where to write the label (a point of the line inside the image, near its edge), or null. */
  labelAt: [number, number] | null;
}

export interface Grid {
  lonStep: number;
  latStep: number;
  lines: GridLine[];
}

const ARCSEC = 1 / 3600;
/** Latitude (and degree-longitude) spacings, degrees. */
const DEG_STEPS = [90, 45, 30, 20, 15, 10, 5, 2, 1, 0.5, 20 / 60, 15 / 60, 10 / 60, 5 / 60, 2 / 60, 1 / 60, 30 * ARCSEC, 20 * ARCSEC, 15 * ARCSEC, 10 * ARCSEC, 5 * ARCSEC, 2 * ARCSEC, ARCSEC];
/** Right-ascension spacings: whole hours, minutes and seconds of time, in degrees. */
const HOUR_STEPS = [6, 3, 2, 1, 0.5, 20 / 60, 15 / 60, 10 / 60, 5 / 60, 2 / 60, 1 / 60, 30 / 3600, 20 / 3600, 15 / 3600, 10 / 3600, 5 / 3600, 2 / 3600, 1 / 3600].map((h) => h * 15);

function niceStep(span: number, steps: readonly number[], target = 5): number {
  for (const s of steps) if (span / s >= target - 1) return s;
  return steps[steps.length - 1]!;
}

function isEquatorial(wcs: CelestialWcs): boolean {
  return wcs.system === 'icrs' || wcs.system === 'fk5' || wcs.system === 'fk4';
}

/** Unwraps a longitude into (ref − 180, ref + 180]. */
function near(lon: number, ref: number): number {
  let d = ((lon - ref) % 360 + 540) % 360 - 180;
  if (d === -180) d = 180;
  return ref + d;
}

function formatLon(wcs: CelestialWcs, lon: number, step: number): string {
  const l = ((lon % 360) + 360) % 360;
  if (isEquatorial(wcs)) {
    const hms = formatRaHms(l, step < 15 / 3600 ? 1 : 0);
    // Drop trailing zero fields the spacing does not need: 10:00:00 → 10h, 10:20:00 → 10:20.
    if (step >= 15 - 1e-9) return `${hms.slice(0, 2)}h`;
    if (step >= 0.25 - 1e-9) return hms.slice(0, 5);
    return hms;
  }
  return `${trimDeg(l, step)}°`;
}

function formatLat(wcs: CelestialWcs, lat: number, step: number): string {
  if (isEquatorial(wcs)) {
    const dms = formatDecDms(lat, step < ARCSEC * 5 ? 1 : 0).replace(/\.0$/, '');
    if (step >= 1 - 1e-9) return `${dms.slice(0, 3)}°`;
    if (step >= 1 / 60 - 1e-9) return dms.slice(0, 6);
    return dms;
  }
  return `${lat >= 0 ? '+' : ''}${trimDeg(lat, step)}°`;
}

function trimDeg(v: number, step: number): string {
  const digits = step >= 1 ? 0 : step >= 0.1 ? 1 : step >= 0.01 ? 2 : step >= 0.001 ? 3 : 4;
  return v.toFixed(digits);
}

/**
 * The grid of a `width` × `height` frame. `density` is the number of lines aimed at per axis.
 */
export function coordinateGrid(wcs: CelestialWcs, width: number, height: number, density = 5): Grid | null {
  if (!(width > 0 && height > 0)) return null;
  // Sample the frame to find the world range it covers.
  const n = 24;
  let ref: number | null = null;
  let lonMin = Infinity;
  let lonMax = -Infinity;
  let latMin = Infinity;
  let latMax = -Infinity;
  const centre = wcs.pixelToWorld((width - 1) / 2, (height - 1) / 2);
  for (let j = 0; j <= n; j++) {
    for (let i = 0; i <= n; i++) {
      const w = wcs.pixelToWorld(-0.5 + (width * i) / n, -0.5 + (height * j) / n);
      if (w === null) continue;
      ref ??= centre?.[0] ?? w[0];
      const lon = near(w[0], ref);
      lonMin = Math.min(lonMin, lon);
      lonMax = Math.max(lonMax, lon);
      latMin = Math.min(latMin, w[1]);
      latMax = Math.max(latMax, w[1]);
    }
  }
  if (ref === null) return null;
  const inside = (p: [number, number] | null): boolean =>
    p !== null && p[0] >= -0.5 && p[0] <= width - 0.5 && p[1] >= -0.5 && p[1] <= height - 0.5;
  // A pole inside the frame: every longitude meets it.
  if (inside(wcs.worldToPixel(0, 90))) {
    latMax = 90;
    lonMin = ref - 180;
    lonMax = ref + 180;
  }
  if (inside(wcs.worldToPixel(0, -90))) {
    latMin = -90;
    lonMin = ref - 180;
    lonMax = ref + 180;
  }
  // Samples miss a little at the edges: widen by a sample's worth.
  const latPad = (latMax - latMin) / n;
  latMin = Math.max(-90, latMin - latPad);
  latMax = Math.min(90, latMax + latPad);
  const lonPad = (lonMax - lonMin) / n;
  lonMin -= lonPad;
  lonMax += lonPad;
  if (lonMax - lonMin > 360) {
    lonMin = ref - 180;
    lonMax = ref + 180;
  }

  const latStep = niceStep(latMax - latMin, DEG_STEPS, density);
  const lonStep = niceStep(lonMax - lonMin, isEquatorial(wcs) ? HOUR_STEPS : DEG_STEPS, density);
  const lines: GridLine[] = [];
  const samples = 160;
  const pixelJump = Math.max(width, height) / 4;

  const trace = (kind: 'lon' | 'lat', value: number, from: number, to: number): GridLine => {
    const segments: Array<Array<[number, number]>> = [];
    let current: Array<[number, number]> = [];
    for (let k = 0; k <= samples; k++) {
      const t = from + ((to - from) * k) / samples;
      const p = kind === 'lon' ? wcs.worldToPixel(value, t) : wcs.worldToPixel(t, value);
      const last = current[current.length - 1];
      if (p === null || (last && Math.hypot(p[0] - last[0], p[1] - last[1]) > pixelJump)) {
        if (current.length > 1) segments.push(current);
        current = p === null ? [] : [p];
        continue;
      }
      current.push(p);
    }
    if (current.length > 1) segments.push(current);
    // Label where the line is inside the frame and nearest its bottom (longitudes) or left (latitudes) edge.
    let labelAt: [number, number] | null = null;
    for (const seg of segments) {
      for (const p of seg) {
        if (!inside(p)) continue;
        if (labelAt === null || (kind === 'lon' ? p[1] < labelAt[1] : p[0] < labelAt[0])) labelAt = p;
      }
    }
    const label = kind === 'lon' ? formatLon(wcs, value, lonStep) : formatLat(wcs, value, latStep);
    return { kind, value, label, segments, labelAt };
  };

  const latLo = Math.max(-90, latMin);
  const latHi = Math.min(90, latMax);
  for (let lon = Math.ceil(lonMin / lonStep) * lonStep; lon <= lonMax + 1e-9; lon += lonStep) {
    if (lonMax - lonMin >= 360 && lon > lonMin + 360 - 1e-9) break;
    lines.push(trace('lon', lon, latLo, latHi));
  }
  for (let lat = Math.ceil(latMin / latStep) * latStep; lat <= latMax + 1e-9; lat += latStep) {
    if (Math.abs(lat) >= 90 - 1e-9) continue;
    lines.push(trace('lat', lat, lonMin, lonMax));
  }
  return { lonStep, latStep, lines: lines.filter((l) => l.segments.length > 0) };
}

/**
 * Reads the celestial WCS of a header and assembles the pixel ↔ world pipeline:
 * pixel → (SIP) → linear → (TPV) → projection → spherical rotation → (lon, lat), and back.
 */
import { cosd, normalizeLon, sind } from './angles.js';
import type { Distortion } from './distortion.js';
import { WcsError } from './errors.js';
import { WcsKeywords, type HeaderLookup } from './header.js';
import { invert2 } from './invert.js';
import { countAxes, readLinear } from './linear.js';
import { PROJECTIONS, sinProjection, type Projection, type ProjectionParameters } from './projections/index.js';
import { celestialToNative, nativeToCelestial, nativeVectorToCelestial, solveRotation, type Rotation } from './sphere.js';
import { readSip } from './sip.js';
import { celestialSystem, type CelestialSystem } from './systems.js';
import { readTpv } from './tpv.js';

export interface CelestialWcs {
  readonly system: CelestialSystem;
  /** Longitude axis first. */
  readonly ctype: readonly [string, string];
  readonly projection: string;
  readonly distortion: 'none' | 'sip' | 'tpv';
  /** 0-based pixel (x along NAXIS1, y along NAXIS2) → [lon, lat] degrees in `system`, or null outside the domain. */
  pixelToWorld(xPx: number, yPx: number): [number, number] | null;
  /** [lon, lat] degrees → 0-based pixel, or null when not representable. */
  worldToPixel(lonDeg: number, latDeg: number): [number, number] | null;
}

interface AxisType {
  /** 'RA', 'DEC', 'GLON', ... */
  stem: string;
  kind: 'lon' | 'lat';
  /** Three-letter projection code. */
  code: string;
  /** '' or the distortion suffix such as 'SIP'. */
  suffix: string;
}

/** Parses a celestial CTYPE ('RA---TAN-SIP', 'GLAT-CAR', 'DEC--TPV'); null for a non-celestial axis. */
export function parseCelestialCtype(ctype: string): AxisType | null {
  const c = ctype.trim().toUpperCase();
  const head = c.slice(0, 4);
  const stem = head.replace(/-+$/, '');
  let kind: 'lon' | 'lat' | null = null;
  if (stem === 'RA' || /^[A-Z]LON$/.test(stem) || /^[A-Z]{2}LN$/.test(stem)) kind = 'lon';
  else if (stem === 'DEC' || /^[A-Z]LAT$/.test(stem) || /^[A-Z]{2}LT$/.test(stem)) kind = 'lat';
  if (kind === null) return null;
  if (c.length < 8 || c[4] !== '-') return { stem, kind, code: '', suffix: '' };
  return { stem, kind, code: c.slice(5, 8), suffix: c.slice(8).replace(/^-+/, '') };
}

/** The celestial WCS of a header, or null when it has none; WcsError('BAD_WCS') when present but unusable. */
export function readCelestialWcs(lookup: HeaderLookup, options: { alt?: string } = {}): CelestialWcs | null {
  const alt = (options.alt ?? '').trim().toUpperCase();
  if (alt !== '' && !/^[A-Z]$/.test(alt)) throw new WcsError('BAD_WCS', `alternate WCS '${alt}' is not a letter A–Z`);
  const kw = new WcsKeywords(lookup, alt);
  const naxis = countAxes(kw);
  let lon = -1;
  let lat = -1;
  const types: (AxisType | null)[] = [];
  for (let i = 0; i < naxis; i++) {
    const t = parseCelestialCtype(kw.str(`CTYPE${i + 1}`));
    types.push(t);
    if (t?.kind === 'lon' && lon < 0) lon = i;
    if (t?.kind === 'lat' && lat < 0) lat = i;
  }
  if (lon < 0 && lat < 0) return null;
  if (lon < 0 || lat < 0) throw new WcsError('BAD_WCS', 'a celestial axis has no partner (longitude and latitude)');
  const lonType = types[lon]!;
  const latType = types[lat]!;
  if (lonType.code === '' || latType.code === '') {
    throw new WcsError('BAD_WCS', `CTYPE${lon + 1}/CTYPE${lat + 1} name no projection`);
  }
  if (lonType.code !== latType.code) {
    throw new WcsError('BAD_WCS', `CTYPE${lon + 1} and CTYPE${lat + 1} name different projections`);
  }
  if (naxis < 2) throw new WcsError('BAD_WCS', 'a celestial WCS needs two axes');

  const linear = readLinear(kw, naxis, lon, lat);
  const crval: [number, number] = [kw.num(`CRVAL${lon + 1}`) ?? 0, kw.num(`CRVAL${lat + 1}`) ?? 0];
  // TPV is TAN whose PV cards are the distortion polynomial, not projection parameters.
  const isTpv = lonType.code === 'TPV';
  const code = isTpv ? 'TAN' : lonType.code;
  const projection = makeProjection(code, isTpv ? () => undefined : (m) => kw.num(`PV${lat + 1}_${m}`), crval[1]);
  const sip = readSip(kw);
  if (isTpv && sip !== null) throw new WcsError('BAD_WCS', 'a header cannot carry both TPV and SIP distortions');
  const distortion: Distortion | null = isTpv ? readTpv(kw, lon, lat) : sip;

  // Fiducial point: the projection's default unless PVi_1/PVi_2 of the longitude axis override it.
  const lonPv = (m: number): number | undefined => (isTpv ? undefined : kw.num(`PV${lon + 1}_${m}`));
  const phi0 = lonPv(1) ?? projection.phi0;
  const theta0 = lonPv(2) ?? projection.theta0;
  let offset: [number, number] = [0, 0];
  if ((lonPv(0) ?? 0) !== 0 && (phi0 !== projection.phi0 || theta0 !== projection.theta0)) {
    const o = projection.toPlane(phi0, theta0);
    if (o === null) throw new WcsError('BAD_WCS', 'the fiducial point PV1_1/PV1_2 is outside the projection');
    offset = o;
  }
  const rotation: Rotation = solveRotation(
    crval,
    phi0,
    theta0,
    kw.num('LONPOLE') ?? lonPv(3),
    kw.num('LATPOLE') ?? lonPv(4),
  );

  return buildPipeline({
    system: celestialSystem(lonType.stem, kw),
    ctype: [kw.str(`CTYPE${lon + 1}`), kw.str(`CTYPE${lat + 1}`)],
    lon,
    lat,
    crpix: linear.crpix,
    matrix: linear.matrix,
    projection,
    offset,
    rotation,
    distortion,
  });
}

function makeProjection(code: string, pv: ProjectionParameters, lat0: number): Projection {
  if (code === 'NCP') {
    // AIPS' north-celestial-pole projection is SIN with ξ = 0, η = cot δ0 (Paper II §6.1.2).
    if (lat0 === 0) throw new WcsError('BAD_WCS', 'NCP is undefined at CRVAL δ = 0');
    return sinProjection(0, cosd(lat0) / sind(lat0), 'NCP');
  }
  const factory = PROJECTIONS[code];
  if (factory === undefined) throw new WcsError('BAD_WCS', `projection ${code} is not supported`);
  return factory(pv);
}

interface PipelineParts {
  system: CelestialSystem;
  ctype: [string, string];
  lon: number;
  lat: number;
  crpix: readonly number[];
  matrix: readonly (readonly number[])[];
  projection: Projection;
  offset: [number, number];
  rotation: Rotation;
  distortion: Distortion | null;
}

function buildPipeline(p: PipelineParts): CelestialWcs {
  const { lon, lat, crpix, matrix, projection, offset, rotation, distortion } = p;
  // Pixel axes above the second sit at their first pixel (0-based 0); they add a constant.
  let cLon = 0;
  let cLat = 0;
  for (let k = 2; k < crpix.length; k++) {
    const d = 1 - crpix[k]!;
    cLon += matrix[lon]![k]! * d;
    cLat += matrix[lat]![k]! * d;
  }
  const m11 = matrix[lon]![0] ?? 0;
  const m12 = matrix[lon]![1] ?? 0;
  const m21 = matrix[lat]![0] ?? 0;
  const m22 = matrix[lat]![1] ?? 0;
  const det = m11 * m22 - m12 * m21;
  if (det === 0 || !Number.isFinite(det)) {
    throw new WcsError('BAD_WCS', 'the celestial axes do not depend on the image plane (singular matrix)');
  }
  const crpix1 = crpix[0]!;
  const crpix2 = crpix[1]!;
  const toNativeVector = projection.toNativeVector?.bind(projection) ?? null;
  const pixelStage = distortion?.stage === 'pixel' ? distortion : null;
  const planeStage = distortion?.stage === 'plane' ? distortion : null;

  const linearForward = (u: number, v: number): [number, number] => [m11 * u + m12 * v + cLon, m21 * u + m22 * v + cLat];
  const linearInverse = (x: number, y: number): [number, number] => {
    const a = x - cLon;
    const b = y - cLat;
    return [(m22 * a - m12 * b) / det, (-m21 * a + m11 * b) / det];
  };

  const pixelToPlane = (xPx: number, yPx: number): [number, number] => {
    let u = xPx + 1 - crpix1;
    let v = yPx + 1 - crpix2;
    if (pixelStage) [u, v] = pixelStage.forward(u, v);
    let [x, y] = linearForward(u, v);
    if (planeStage) [x, y] = planeStage.forward(x, y);
    return [x, y];
  };

  const planeToPixel = (x: number, y: number): [number, number] | null => {
    let px = x;
    let py = y;
    if (planeStage) {
      const r = invert2(planeStage.forward, px, py, planeStage.inverseGuess(px, py), planeStage.step, planeStage.tolerance);
      if (r === null) return null;
      [px, py] = r;
    }
    let [u, v] = linearInverse(px, py);
    if (pixelStage) {
      const r = invert2(pixelStage.forward, u, v, pixelStage.inverseGuess(u, v), pixelStage.step, pixelStage.tolerance);
      if (r === null) return null;
      [u, v] = r;
    }
    return [u + crpix1 - 1, v + crpix2 - 1];
  };

  return {
    system: p.system,
    ctype: p.ctype,
    projection: projection.code,
    distortion: distortion?.kind ?? 'none',
    pixelToWorld(xPx, yPx) {
      if (!Number.isFinite(xPx) || !Number.isFinite(yPx)) return null;
      const [x, y] = pixelToPlane(xPx, yPx);
      if (toNativeVector) {
        const v = toNativeVector(x + offset[0], y + offset[1]);
        if (v === null) return null;
        const [a, d] = nativeVectorToCelestial(rotation, v[0], v[1], v[2]);
        return Number.isFinite(a) && Number.isFinite(d) ? [normalizeLon(a), d] : null;
      }
      const native = projection.toNative(x + offset[0], y + offset[1]);
      // Like wcslib, a native longitude beyond ±180° is off the map (cylinders and cones do not wrap).
      if (native === null || !(Math.abs(native[0]) <= 180 + 1e-10)) return null;
      const [a, d] = nativeToCelestial(rotation, native[0], native[1]);
      if (!Number.isFinite(a) || !Number.isFinite(d)) return null;
      return [normalizeLon(a), d];
    },
    worldToPixel(lonDeg, latDeg) {
      if (!Number.isFinite(lonDeg) || !Number.isFinite(latDeg) || Math.abs(latDeg) > 90) return null;
      const [phi, theta] = celestialToNative(rotation, lonDeg, latDeg);
      const plane = projection.toPlane(phi, theta);
      if (plane === null) return null;
      const px = planeToPixel(plane[0] - offset[0], plane[1] - offset[1]);
      if (px === null || !Number.isFinite(px[0]) || !Number.isFinite(px[1])) return null;
      return px;
    },
  };
}

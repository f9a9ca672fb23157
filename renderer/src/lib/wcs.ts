/**
 * Pixel → sky coordinates for the gnomonic (TAN) projection of a FITS header
 * (WCS Paper II, LONPOLE = 180°). Distortion terms (SIP, TPV) are ignored.
 * Pure and dependency-free: the viewer's readout uses it, and a Node test
 * compares it with astropy.wcs.
 */

/** Keyword lookup over a header: a record of keyword → value. */
export type HeaderValues = Readonly<Record<string, unknown>>;

export interface TanWcs {
  crpix: [number, number];
  crval: [number, number];
  /** Linear transform (degrees per pixel), row-major [[cd11, cd12], [cd21, cd22]]. */
  cd: [number, number, number, number];
}

export interface SkyPosition {
  /** Right ascension in degrees, 0 ≤ ra < 360. */
  ra: number;
  /** Declination in degrees. */
  dec: number;
}

const DEG = Math.PI / 180;

function num(h: HeaderValues, key: string): number | undefined {
  const v = h[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function str(h: HeaderValues, key: string): string {
  const v = h[key];
  return typeof v === 'string' ? v.trim().toUpperCase() : '';
}

/** Reads a TAN WCS from header values, or null when the header has none. */
export function parseTanWcs(h: HeaderValues): TanWcs | null {
  const ctype1 = str(h, 'CTYPE1');
  const ctype2 = str(h, 'CTYPE2');
  if (!ctype1.startsWith('RA---TAN') || !ctype2.startsWith('DEC--TAN')) return null;
  const crpix1 = num(h, 'CRPIX1');
  const crpix2 = num(h, 'CRPIX2');
  const crval1 = num(h, 'CRVAL1');
  const crval2 = num(h, 'CRVAL2');
  if (crpix1 === undefined || crpix2 === undefined || crval1 === undefined || crval2 === undefined) return null;
  let cd: [number, number, number, number] | null = null;
  const cd11 = num(h, 'CD1_1');
  const cd22 = num(h, 'CD2_2');
  if (cd11 !== undefined || cd22 !== undefined || num(h, 'CD1_2') !== undefined || num(h, 'CD2_1') !== undefined) {
    cd = [cd11 ?? 0, num(h, 'CD1_2') ?? 0, num(h, 'CD2_1') ?? 0, cd22 ?? 0];
  } else {
    const cdelt1 = num(h, 'CDELT1');
    const cdelt2 = num(h, 'CDELT2');
    if (cdelt1 === undefined || cdelt2 === undefined) return null;
    const hasPc = ['PC1_1', 'PC1_2', 'PC2_1', 'PC2_2'].some((k) => num(h, k) !== undefined);
    if (hasPc) {
      const pc = [num(h, 'PC1_1') ?? 1, num(h, 'PC1_2') ?? 0, num(h, 'PC2_1') ?? 0, num(h, 'PC2_2') ?? 1];
      cd = [cdelt1 * pc[0]!, cdelt1 * pc[1]!, cdelt2 * pc[2]!, cdelt2 * pc[3]!];
    } else {
      // Old AIPS convention: rotation CROTA2 of the y axis.
      const rot = (num(h, 'CROTA2') ?? 0) * DEG;
      const c = Math.cos(rot);
      const s = Math.sin(rot);
      cd = [cdelt1 * c, -cdelt2 * s, cdelt1 * s, cdelt2 * c];
    }
  }
  if (cd.every((v) => v === 0)) return null;
  return { crpix: [crpix1, crpix2], crval: [crval1, crval2], cd };
}

/**
 * Sky position of a 0-based pixel position (x = column, y = row; pixel centres at integers,
 * as numpy/astropy's `origin=0`).
 */
export function pixelToSky(wcs: TanWcs, x: number, y: number): SkyPosition {
  const dx = x + 1 - wcs.crpix[0];
  const dy = y + 1 - wcs.crpix[1];
  const [a, b, c, d] = wcs.cd;
  // Intermediate world coordinates (projection plane), radians.
  const xi = (a * dx + b * dy) * DEG;
  const eta = (c * dx + d * dy) * DEG;
  const ra0 = wcs.crval[0] * DEG;
  const dec0 = wcs.crval[1] * DEG;
  const cosDec0 = Math.cos(dec0);
  const sinDec0 = Math.sin(dec0);
  const denom = cosDec0 - eta * sinDec0;
  const ra = ra0 + Math.atan2(xi, denom);
  const dec = Math.atan2(sinDec0 + eta * cosDec0, Math.hypot(xi, denom));
  let raDeg = (ra / DEG) % 360;
  if (raDeg < 0) raDeg += 360;
  return { ra: raDeg, dec: dec / DEG };
}

function pad(n: number, width: number, digits: number): string {
  const s = n.toFixed(digits);
  const intLen = s.indexOf('.') < 0 ? s.length : s.indexOf('.');
  return '0'.repeat(Math.max(0, width - intLen)) + s;
}

/** RA as HH:MM:SS.ss */
export function formatRa(raDeg: number): string {
  let totalSec = Math.round((raDeg / 15) * 3600 * 100) / 100;
  totalSec = ((totalSec % 86400) + 86400) % 86400;
  const h = Math.floor(totalSec / 3600);
  const m = Math.floor((totalSec - h * 3600) / 60);
  const s = totalSec - h * 3600 - m * 60;
  return `${pad(h, 2, 0)}:${pad(m, 2, 0)}:${pad(s, 2, 2)}`;
}

/** Dec as ±DD:MM:SS.s */
export function formatDec(decDeg: number): string {
  const sign = decDeg < 0 ? '-' : '+';
  const totalSec = Math.round(Math.abs(decDeg) * 3600 * 10) / 10;
  const d = Math.floor(totalSec / 3600);
  const m = Math.floor((totalSec - d * 3600) / 60);
  const s = totalSec - d * 3600 - m * 60;
  return `${sign}${pad(d, 2, 0)}:${pad(m, 2, 0)}:${pad(s, 2, 1)}`;
}

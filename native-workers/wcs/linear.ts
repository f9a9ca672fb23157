/**
 * The linear part of a WCS (Paper I): pixel offsets from CRPIX through CDi_j, or PCi_j with
 * CDELTi, or the old CROTA2 rotation, to intermediate world coordinates in degrees.
 */
import { cosd, sind } from './angles.js';
import { WcsError } from './errors.js';
import type { WcsKeywords } from './header.js';

export interface LinearTransform {
  /** Number of WCS axes. */
  readonly naxis: number;
  /** Reference pixel per axis (1-based, FITS convention). */
  readonly crpix: readonly number[];
  /** Row-major naxis×naxis: intermediate world (deg) = matrix · (p − crpix). */
  readonly matrix: readonly (readonly number[])[];
}

/** Number of WCS axes: WCSAXES, else the larger of NAXIS and the highest indexed CTYPE/CRPIX/CRVAL seen. */
export function countAxes(kw: WcsKeywords): number {
  const declared = kw.num('WCSAXES');
  if (declared !== undefined) return Math.max(0, Math.floor(declared));
  let n = Math.max(0, Math.floor(kw.plainNum('NAXIS') ?? 0));
  for (let i = 1; i <= 9; i++) {
    if (kw.str(`CTYPE${i}`) !== '' || kw.num(`CRPIX${i}`) !== undefined || kw.num(`CRVAL${i}`) !== undefined) {
      n = Math.max(n, i);
    }
  }
  return n;
}

/**
 * Reads CRPIX and the matrix. Precedence follows wcslib: PCi_j (with CDELTi), else CDi_j, else CROTA on the
 * latitude axis. `lon`/`lat` are the 0-based celestial axes, needed by CROTA.
 */
export function readLinear(kw: WcsKeywords, naxis: number, lon: number, lat: number): LinearTransform {
  const crpix: number[] = [];
  const cdelt: number[] = [];
  for (let i = 1; i <= naxis; i++) {
    crpix.push(kw.num(`CRPIX${i}`) ?? 0);
    cdelt.push(kw.num(`CDELT${i}`) ?? 1);
  }
  const identity = (): number[][] =>
    Array.from({ length: naxis }, (_, i) => Array.from({ length: naxis }, (_, j) => (i === j ? 1 : 0)));
  let hasPc = false;
  let hasCd = false;
  const pc = identity();
  const cd = identity().map((row) => row.map(() => 0));
  for (let i = 1; i <= naxis; i++) {
    for (let j = 1; j <= naxis; j++) {
      const p = kw.num(`PC${i}_${j}`) ?? kw.num(`PC${pad3(i)}${pad3(j)}`);
      if (p !== undefined) {
        pc[i - 1]![j - 1] = p;
        hasPc = true;
      }
      const c = kw.num(`CD${i}_${j}`);
      if (c !== undefined) {
        cd[i - 1]![j - 1] = c;
        hasCd = true;
      }
    }
  }
  let matrix: number[][];
  if (hasPc || !hasCd) {
    matrix = pc.map((row, i) => row.map((v) => v * cdelt[i]!));
    if (!hasPc) applyCrota(kw, matrix, cdelt, lon, lat);
  } else {
    // An axis with no CD entries at all (row and column) gets a unit diagonal, as wcslib's cdfix does.
    for (let i = 0; i < naxis; i++) {
      const rowZero = cd[i]!.every((v) => v === 0);
      const colZero = cd.every((row) => row[i] === 0);
      if (rowZero && colZero) cd[i]![i] = 1;
    }
    matrix = cd;
  }
  for (const v of crpix) if (!Number.isFinite(v)) throw new WcsError('BAD_WCS', 'CRPIX is not finite');
  return { naxis, crpix, matrix };
}

function pad3(i: number): string {
  return String(i).padStart(3, '0');
}

/** CROTA (on the latitude axis, else the longitude axis) rotates the celestial pair, scaled by CDELT. */
function applyCrota(kw: WcsKeywords, m: number[][], cdelt: number[], lon: number, lat: number): void {
  const rho = kw.num(`CROTA${lat + 1}`) ?? kw.num(`CROTA${lon + 1}`);
  if (rho === undefined || rho === 0) return;
  const c = cosd(rho);
  const s = sind(rho);
  m[lon]![lon] = cdelt[lon]! * c;
  m[lon]![lat] = -cdelt[lat]! * s;
  m[lat]![lon] = cdelt[lon]! * s;
  m[lat]![lat] = cdelt[lat]! * c;
}

/**
 * TPV distortion (the registered FITS convention used by SCAMP, DECam, ZTF): intermediate world
 * coordinates (ξ, η) in degrees become polynomials of ξ, η and r = √(ξ² + η²) up to degree 7, with
 * PVi_0..PVi_39 of the longitude axis for ξ' and of the latitude axis (ξ, η swapped) for η'.
 * Missing coefficients are 0, as wcslib takes them.
 */
import type { Distortion } from './distortion.js';
import type { WcsKeywords } from './header.js';

/**
 * The monomials in the convention's order: for each degree, ξ^d, ξ^(d-1) η, …, η^d, and after the odd
 * degrees an r^d term. Index m of the list is coefficient PVi_m.
 */
const TERMS: ReadonlyArray<{ px: number; py: number; pr: number }> = (() => {
  const terms: Array<{ px: number; py: number; pr: number }> = [];
  for (let d = 0; d <= 7; d++) {
    for (let k = 0; k <= d; k++) terms.push({ px: d - k, py: k, pr: 0 });
    if (d % 2 === 1) terms.push({ px: 0, py: 0, pr: d });
  }
  return terms;
})();

function polynomial(coeff: readonly number[]): (a: number, b: number) => number {
  const used = TERMS.map((t, m) => ({ ...t, c: coeff[m] ?? 0 })).filter((t) => t.c !== 0);
  return (a, b) => {
    const r = Math.hypot(a, b);
    let s = 0;
    for (const t of used) s += t.c * a ** t.px * b ** t.py * (t.pr === 0 ? 1 : r ** t.pr);
    return s;
  };
}

/** The TPV distortion for the celestial axes `lon`, `lat` (0-based). */
export function readTpv(kw: WcsKeywords, lon: number, lat: number): Distortion {
  const read = (axis: number): number[] => TERMS.map((_, m) => kw.num(`PV${axis + 1}_${m}`) ?? 0);
  const fx = polynomial(read(lon));
  const fy = polynomial(read(lat));
  return {
    kind: 'tpv',
    stage: 'plane',
    forward: (x, y) => [fx(x, y), fy(y, x)],
    inverseGuess: (x, y) => [x, y],
    step: 1e-7,
    tolerance: 1e-13,
  };
}

export const TPV_TERM_COUNT = TERMS.length;

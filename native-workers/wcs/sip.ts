/**
 * Simple Imaging Polynomial distortion (Shupe et al. 2005): pixel offsets (u, v) from CRPIX become
 * (u + f(u, v), v + g(u, v)) before the linear transform, f = Σ A_p_q u^p v^q, g = Σ B_p_q u^p v^q.
 * AP_p_q/BP_p_q, when present, give the first guess of the inverse; Newton then solves the forward
 * polynomial exactly, as astropy's all_world2pix does.
 */
import type { Distortion } from './distortion.js';
import { WcsError } from './errors.js';
import type { WcsKeywords } from './header.js';

/** Dense coefficients c[p][q] of Σ c_pq u^p v^q with p + q ≤ order. */
interface Polynomial {
  order: number;
  c: number[][];
}

function readPolynomial(kw: WcsKeywords, name: 'A' | 'B' | 'AP' | 'BP'): Polynomial | null {
  const orderValue = kw.num(`${name}_ORDER`);
  if (orderValue === undefined) return null;
  const order = Math.floor(orderValue);
  if (!(order >= 0 && order <= 20)) throw new WcsError('BAD_WCS', `${name}_ORDER = ${orderValue} is out of range`);
  const c: number[][] = [];
  for (let p = 0; p <= order; p++) {
    const row: number[] = [];
    for (let q = 0; q <= order - p; q++) row.push(kw.num(`${name}_${p}_${q}`) ?? 0);
    c.push(row);
  }
  return { order, c };
}

/** Horner in v inside Horner in u. */
function evaluate(poly: Polynomial, u: number, v: number): number {
  let sum = 0;
  for (let p = poly.order; p >= 0; p--) {
    const row = poly.c[p]!;
    let inner = 0;
    for (let q = row.length - 1; q >= 0; q--) inner = inner * v + row[q]!;
    sum = sum * u + inner;
  }
  return sum;
}

/** The SIP distortion of a header, or null when it has none (SIP keywords carry no alternate letter). */
export function readSip(kw: WcsKeywords): Distortion | null {
  const a = readPolynomial(kw, 'A');
  const b = readPolynomial(kw, 'B');
  if (a === null && b === null) return null;
  if (a === null || b === null) throw new WcsError('BAD_WCS', 'SIP needs both A_ORDER and B_ORDER');
  if (a.order < 2 && b.order < 2) return null;
  const ap = readPolynomial(kw, 'AP');
  const bp = readPolynomial(kw, 'BP');
  return {
    kind: 'sip',
    stage: 'pixel',
    forward: (u, v) => [u + evaluate(a, u, v), v + evaluate(b, u, v)],
    inverseGuess: (u, v) =>
      ap !== null && bp !== null ? [u + evaluate(ap, u, v), v + evaluate(bp, u, v)] : [u, v],
    step: 1e-3,
    tolerance: 1e-9,
  };
}

/**
 * Conic projections, Paper II §5.5: θa = PV2_1 (required), η = PV2_2 (default 0); (φ0, θ0) = (0, θa).
 * The plane is a fan of opening C·360° around the apex at (0, Y0).
 */
import { asind, atan2d, atand, cosd, D2R, sind, tand } from '../angles.js';
import { WcsError } from '../errors.js';
import { R0, type Projection, type ProjectionFactory, type ProjectionParameters } from './types.js';

interface ConicLaw {
  /** The cone constant. */
  c: number;
  radius(theta: number): number | null;
  theta(r: number): number | null;
}

function conic(code: string, thetaA: number, law: ConicLaw): Projection {
  const { c } = law;
  if (c === 0 || !Number.isFinite(c)) throw new WcsError('BAD_WCS', `${code}: the cone constant is zero`);
  const y0 = law.radius(thetaA);
  if (y0 === null || !Number.isFinite(y0)) throw new WcsError('BAD_WCS', `${code}: θa is outside the projection`);
  const sign = c < 0 ? -1 : 1;
  return {
    code,
    phi0: 0,
    theta0: thetaA,
    toNative(x, y) {
      const dy = y0 - y;
      const r = sign * Math.hypot(x, dy);
      const alpha = r === 0 ? 0 : atan2d(x / r, dy / r);
      const phi = alpha / c;
      if (Math.abs(phi) > 180 + 1e-9) return null;
      const th = law.theta(r);
      if (th === null || !Number.isFinite(th) || Math.abs(th) > 90 + 1e-9) return null;
      return [phi, Math.max(-90, Math.min(90, th))];
    },
    toPlane(phi, th) {
      const r = law.radius(th);
      if (r === null || !Number.isFinite(r)) return null;
      const a = c * phi;
      return [r * sind(a), y0 - r * cosd(a)];
    },
  };
}

function conicParameters(code: string, pv: ProjectionParameters): { thetaA: number; eta: number } {
  const thetaA = pv(1);
  if (thetaA === undefined) throw new WcsError('BAD_WCS', `${code} needs PV2_1 (θa)`);
  const eta = pv(2) ?? 0;
  return { thetaA, eta };
}

/** COP, conic perspective. */
export const cop: ProjectionFactory = (pv) => {
  const { thetaA, eta } = conicParameters('COP', pv);
  const c = sind(thetaA);
  const k = R0 * cosd(eta);
  const cot = cosd(thetaA) / sind(thetaA);
  return conic('COP', thetaA, {
    c,
    radius: (th) => {
      const t = th - thetaA;
      const s = cosd(t);
      if (s <= 0) return null;
      const r = k * (cot - sind(t) / s);
      return r * c < 0 ? null : r;
    },
    theta: (r) => thetaA + atand(cot - r / k),
  });
};

/** COE, conic equal area. */
export const coe: ProjectionFactory = (pv) => {
  const { thetaA, eta } = conicParameters('COE', pv);
  const s1 = sind(thetaA - eta);
  const s2 = sind(thetaA + eta);
  const c = (s1 + s2) / 2;
  const k = 1 + s1 * s2;
  return conic('COE', thetaA, {
    c,
    radius: (th) => {
      const v = k - 2 * c * sind(th);
      return v < 0 ? null : (R0 / c) * Math.sqrt(v);
    },
    theta: (r) => {
      const w = r * c / R0;
      const s = (k - w * w) / (2 * c);
      if (Math.abs(s) > 1 + 1e-12) return null;
      return asind(s);
    },
  });
};

/** COD, conic equidistant. */
export const cod: ProjectionFactory = (pv) => {
  const { thetaA, eta } = conicParameters('COD', pv);
  const etaRad = eta * D2R;
  const c = eta === 0 ? sind(thetaA) : (sind(thetaA) * sind(eta)) / etaRad;
  const cotA = cosd(thetaA) / sind(thetaA);
  const y0 = eta === 0 ? R0 * cotA : R0 * etaRad * (cosd(eta) / sind(eta)) * cotA;
  return conic('COD', thetaA, {
    c,
    radius: (th) => y0 + thetaA - th,
    theta: (r) => y0 + thetaA - r,
  });
};

/** COO, conic orthomorphic (Lambert conformal). */
export const coo: ProjectionFactory = (pv) => {
  const { thetaA, eta } = conicParameters('COO', pv);
  const t1 = thetaA - eta;
  const t2 = thetaA + eta;
  const tanHalf = (th: number): number => tand((90 - th) / 2);
  const c = t1 === t2 ? sind(t1) : Math.log(cosd(t2) / cosd(t1)) / Math.log(tanHalf(t2) / tanHalf(t1));
  const psi = (R0 * cosd(t1)) / (c * Math.pow(tanHalf(t1), c));
  return conic('COO', thetaA, {
    c,
    radius: (th) => {
      const t = tanHalf(th);
      if (t <= 0 && c < 0) return null;
      if (th === -90 && c > 0) return null;
      return psi * Math.pow(t, c);
    },
    theta: (r) => {
      const q = r / psi;
      if (q < 0) return null;
      if (q === 0) return c > 0 ? 90 : -90;
      return 90 - 2 * atand(Math.pow(q, 1 / c));
    },
  });
};


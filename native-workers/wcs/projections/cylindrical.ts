/** Cylindrical projections, Paper II §5.2: x is proportional to φ, y depends on θ only; (φ0, θ0) = (0, 0). */
import { asind, atan2d, atand, cosd, sind, tand } from '../angles.js';
import { WcsError } from '../errors.js';
import { R0, type Projection, type ProjectionFactory } from './types.js';

function cylinder(
  code: string,
  xScale: number,
  yOfTheta: (theta: number) => number | null,
  thetaOfY: (y: number) => number | null,
): Projection {
  return {
    code,
    phi0: 0,
    theta0: 0,
    toNative(x, y) {
      const th = thetaOfY(y);
      if (th === null || !Number.isFinite(th)) return null;
      return [x / xScale, th];
    },
    toPlane(phi, th) {
      const y = yOfTheta(th);
      if (y === null || !Number.isFinite(y)) return null;
      return [xScale * phi, y];
    },
  };
}

/** CAR, plate carrée: x = φ, y = θ. */
export const car: ProjectionFactory = () =>
  cylinder(
    'CAR',
    1,
    (th) => th,
    (y) => (Math.abs(y) > 90 + 1e-12 ? null : Math.max(-90, Math.min(90, y))),
  );

/** MER, Mercator: y = R0 ln tan((90° + θ)/2); the poles are at infinity. */
export const mer: ProjectionFactory = () =>
  cylinder(
    'MER',
    1,
    (th) => (Math.abs(th) >= 90 ? null : R0 * Math.log(tand((90 + th) / 2))),
    (y) => 2 * atand(Math.exp(y / R0)) - 90,
  );

/** CEA, cylindrical equal area with λ = PV2_1 (default 1): y = R0 sin θ / λ. */
export const cea: ProjectionFactory = (pv) => {
  const lambda = pv(1) ?? 1;
  if (!(lambda > 0 && lambda <= 1)) throw new WcsError('BAD_WCS', `CEA needs 0 < PV2_1 ≤ 1 (got ${lambda})`);
  return cylinder(
    'CEA',
    1,
    (th) => (R0 * sind(th)) / lambda,
    (y) => {
      const s = (lambda * y) / R0;
      if (Math.abs(s) > 1 + 1e-12) return null;
      return asind(s);
    },
  );
};

/** CYP, cylindrical perspective from distance μ (PV2_1, default 1) with radius λ (PV2_2, default 1). */
export const cyp: ProjectionFactory = (pv) => {
  const mu = pv(1) ?? 1;
  const lambda = pv(2) ?? 1;
  if (lambda === 0 || mu + lambda === 0) throw new WcsError('BAD_WCS', 'CYP needs λ ≠ 0 and μ + λ ≠ 0');
  return cylinder(
    'CYP',
    lambda,
    (th) => {
      const d = mu + cosd(th);
      if (d <= 0) return null;
      return (R0 * (mu + lambda) * sind(th)) / d;
    },
    (y) => {
      const eta = y / (R0 * (mu + lambda));
      const w = (eta * mu) / Math.sqrt(eta * eta + 1);
      if (Math.abs(w) > 1 + 1e-12) return null;
      const th = atan2d(eta, 1) + asind(w);
      if (Math.abs(th) > 90 + 1e-9) return null;
      return Math.max(-90, Math.min(90, th));
    },
  );
};


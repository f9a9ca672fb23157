/** Zenithal (azimuthal) projections, Paper II §5.1: θ0 = 90°, the plane polar angle is φ. */
import { atan2d, cosd, sind } from '../angles.js';
import { R0, type Projection, type ProjectionFactory } from './types.js';

/** Builds a zenithal projection from its radial law R(θ) and its inverse θ(R). */
function zenithal(
  code: string,
  radius: (theta: number) => number | null,
  theta: (r: number) => number | null,
): Projection {
  return {
    code,
    phi0: 0,
    theta0: 90,
    toNative(x, y) {
      const r = Math.hypot(x, y);
      const th = theta(r);
      if (th === null || !Number.isFinite(th)) return null;
      const phi = r === 0 ? 0 : atan2d(x, -y);
      return [phi, th];
    },
    toPlane(phi, th) {
      const r = radius(th);
      if (r === null || !Number.isFinite(r)) return null;
      return [r * sind(phi), -r * cosd(phi)];
    },
  };
}

/** TAN, gnomonic: R = R0 cot θ; only the hemisphere θ > 0 projects. */
export const tan: ProjectionFactory = () =>
  zenithal(
    'TAN',
    (th) => (th <= 0 ? null : (R0 * cosd(th)) / sind(th)),
    (r) => atan2d(R0, r),
  );

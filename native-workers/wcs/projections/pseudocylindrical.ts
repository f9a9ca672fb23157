/** Pseudo-cylindrical projections, Paper II §5.3: SFL, PAR, MOL and the all-sky AIT; (φ0, θ0) = (0, 0). */
import { asind, atan2d, cosd, D2R, sind } from '../angles.js';
import { R0, type ProjectionFactory } from './types.js';

const TOL = 1e-12;

/** SFL, Sanson–Flamsteed: x = φ cos θ, y = θ. */
export const sfl: ProjectionFactory = () => ({
  code: 'SFL',
  phi0: 0,
  theta0: 0,
  toNative(x, y) {
    if (Math.abs(y) > 90 + TOL) return null;
    const c = cosd(y);
    if (c === 0 || Math.abs(y) >= 90) return x === 0 ? [0, Math.sign(y) * 90] : null;
    const phi = x / c;
    if (Math.abs(phi) > 180 + 1e-9) return null;
    return [phi, y];
  },
  toPlane(phi, th) {
    return [phi * cosd(th), th];
  },
});

/** PAR, parabolic: x = φ (2 cos(2θ/3) − 1), y = 180° sin(θ/3). */
export const par: ProjectionFactory = () => ({
  code: 'PAR',
  phi0: 0,
  theta0: 0,
  toNative(x, y) {
    const s = y / 180;
    if (Math.abs(s) > 1 + TOL) return null;
    const denom = 1 - 4 * s * s;
    const th = 3 * asind(s);
    if (denom <= 0) return x === 0 ? [0, th] : null;
    const phi = x / denom;
    if (Math.abs(phi) > 180 + 1e-9) return null;
    return [phi, th];
  },
  toPlane(phi, th) {
    return [phi * (2 * cosd((2 * th) / 3) - 1), 180 * sind(th / 3)];
  },
});

/** MOL, Mollweide: equal area with the auxiliary angle γ solving π sin θ = 2γ + sin 2γ. */
export const mol: ProjectionFactory = () => ({
  code: 'MOL',
  phi0: 0,
  theta0: 0,
  toNative(x, y) {
    const Y = y / (Math.SQRT2 * R0);
    if (Math.abs(Y) > 1 + TOL) return null;
    const g = Math.asin(Math.max(-1, Math.min(1, Y)));
    const cg = Math.cos(g);
    const s = (2 * g + Math.sin(2 * g)) / Math.PI;
    const th = asind(s);
    if (cg < 1e-15) return Math.abs(x) < 1e-9 ? [0, th] : null;
    const phi = (Math.PI * x) / (2 * Math.SQRT2 * cg);
    if (Math.abs(phi) > 180 + 1e-9) return null;
    return [phi, th];
  },
  toPlane(phi, th) {
    const target = Math.PI * sind(th);
    // Newton on f(γ) = 2γ + sin 2γ − π sin θ; starts near the answer and converges in a few steps.
    let g = th * D2R;
    if (Math.abs(th) >= 90) g = Math.sign(th) * (Math.PI / 2);
    else {
      for (let i = 0; i < 100; i++) {
        const f = 2 * g + Math.sin(2 * g) - target;
        const d = 2 + 2 * Math.cos(2 * g);
        if (d < 1e-14) break;
        const step = f / d;
        g -= step;
        if (Math.abs(step) < 1e-15) break;
      }
      // Near the poles Newton's derivative vanishes: finish by bisection on the monotonic f.
      let lo = -Math.PI / 2;
      let hi = Math.PI / 2;
      if (!(Math.abs(2 * g + Math.sin(2 * g) - target) < 1e-14)) {
        for (let i = 0; i < 200; i++) {
          const mid = (lo + hi) / 2;
          if (2 * mid + Math.sin(2 * mid) < target) lo = mid;
          else hi = mid;
        }
        g = (lo + hi) / 2;
      }
    }
    return [((2 * Math.SQRT2) / Math.PI) * phi * Math.cos(g), Math.SQRT2 * R0 * Math.sin(g)];
  },
});

/** AIT, Hammer–Aitoff: equal-area ellipse; points outside it are off the sky. */
export const ait: ProjectionFactory = () => ({
  code: 'AIT',
  phi0: 0,
  theta0: 0,
  toNative(x, y) {
    const X = x / R0;
    const Y = y / R0;
    const z2 = 1 - (X / 4) * (X / 4) - (Y / 2) * (Y / 2);
    if (z2 < 0.5 - 1e-13) return null;
    const z = Math.sqrt(Math.max(0.5, z2));
    const phi = 2 * atan2d((z * X) / 2, 2 * z * z - 1);
    const th = asind(Y * z);
    return [phi, th];
  },
  toPlane(phi, th) {
    const ct = cosd(th);
    const g = Math.sqrt(2 / (1 + ct * cosd(phi / 2)));
    return [2 * R0 * g * ct * sind(phi / 2), R0 * g * sind(th)];
  },
});


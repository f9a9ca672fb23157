/** Polyconic and pseudoconic projections, Paper II §5.6: BON (Bonne) and PCO (polyconic); (φ0, θ0) = (0, 0). */
import { atan2d, cosd, D2R, R2D, sind } from '../angles.js';
import { sfl } from './pseudocylindrical.js';
import { R0, type ProjectionFactory } from './types.js';

/** BON, Bonne's equal area with standard parallel θ1 = PV2_1; θ1 = 0 is Sanson–Flamsteed. */
export const bon: ProjectionFactory = (pv) => {
  const theta1 = pv(1) ?? 0;
  if (theta1 === 0) return { ...sfl(pv), code: 'BON' };
  const y0 = (R0 * cosd(theta1)) / sind(theta1) + theta1;
  const sign = theta1 < 0 ? -1 : 1;
  return {
    code: 'BON',
    phi0: 0,
    theta0: 0,
    toNative(x, y) {
      const dy = y0 - y;
      const r = sign * Math.hypot(x, dy);
      const th = y0 - r;
      if (Math.abs(th) > 90 + 1e-9) return null;
      const ct = cosd(th);
      let phi = 0;
      if (r !== 0 && ct !== 0) {
        const aRad = Math.atan2(x / r, dy / r);
        phi = (aRad * r) / ct;
      }
      if (Math.abs(phi) > 180 + 1e-9) return null;
      return [phi, Math.max(-90, Math.min(90, th))];
    },
    toPlane(phi, th) {
      const r = y0 - th;
      const aDeg = r === 0 ? 0 : ((phi * cosd(th)) / r) * R2D;
      return [r * sind(aDeg), y0 - r * cosd(aDeg)];
    },
  };
};

/** PCO, the American polyconic: every parallel is a true-scale circle; inverted by bracketed root finding. */
export const pco: ProjectionFactory = () => {
  const project = (phi: number, th: number): [number, number] => {
    if (th === 0) return [phi, 0];
    const st = sind(th);
    const cot = cosd(th) / st;
    const e = phi * st; // degrees
    return [R0 * cot * sind(e), th + R0 * cot * (1 - cosd(e))];
  };
  return {
    code: 'PCO',
    phi0: 0,
    theta0: 0,
    toNative(x, y) {
      const X = x * D2R;
      const Y = y * D2R;
      if (Math.abs(Y) < 1e-14) {
        if (Math.abs(x) > 180 + 1e-9) return null;
        return [x, 0];
      }
      // θ solves tan θ (X² + (Y − θ)²) − 2 (Y − θ) = 0, between 0 and the sign of Y's quarter turn.
      const f = (t: number): number => Math.tan(t) * (X * X + (Y - t) * (Y - t)) - 2 * (Y - t);
      const s = Math.sign(Y);
      let lo = 0;
      let hi = s * Math.min(Math.abs(Y), Math.PI / 2);
      let flo = f(lo);
      let fhi = f(hi);
      if (Math.abs(hi) >= Math.PI / 2) fhi = s * Infinity;
      if (flo * s > 0 || fhi * s < 0) return null;
      for (let i = 0; i < 200; i++) {
        const mid = (lo + hi) / 2;
        const fm = f(mid);
        if (fm * s < 0) {
          lo = mid;
          flo = fm;
        } else {
          hi = mid;
          fhi = fm;
        }
        if (Math.abs(hi - lo) < 1e-16) break;
      }
      const t = (lo + hi) / 2;
      const thDeg = t * R2D;
      if (Math.abs(thDeg) >= 90 - 1e-12) return Math.abs(X) < 1e-9 ? [0, s * 90] : null;
      const tt = Math.tan(t);
      const e = atan2d(X * tt, 1 - (Y - t) * tt);
      const phi = e / Math.sin(t);
      if (Math.abs(phi) > 180 + 1e-9) return null;
      return [phi, thDeg];
    },
    toPlane(phi, th) {
      return project(phi, th);
    },
  };
};

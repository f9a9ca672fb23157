/**
 * Zenithal (azimuthal) projections, Paper II §5.1: θ0 = 90°, the plane's polar angle is the native
 * longitude φ and its radius R depends on θ only (AZP and SZP, which are tilted, have their own forms).
 */
import { acosd, asind, atan2d, atand, cosd, D2R, R2D, sind, tand } from '../angles.js';
import { WcsError } from '../errors.js';
import { R0, type Projection, type ProjectionFactory, type ProjectionParameters } from './types.js';

/** A zenithal projection from its radial law R(θ) and inverse θ(R); null marks outside the domain. */
function radial(code: string, radius: (theta: number) => number | null, theta: (r: number) => number | null): Projection {
  return {
    code,
    phi0: 0,
    theta0: 90,
    toNative(x, y) {
      const r = Math.hypot(x, y);
      const th = theta(r);
      if (th === null || !Number.isFinite(th)) return null;
      return [r === 0 ? 0 : atan2d(x, -y), th];
    },
    toPlane(phi, th) {
      const r = radius(th);
      if (r === null || !Number.isFinite(r)) return null;
      return [r * sind(phi), -r * cosd(phi)];
    },
  };
}

/** TAN, gnomonic: R = R0 cot θ, only θ > 0 projects. */
export const tan: ProjectionFactory = () => ({
  ...radial(
    'TAN',
    (th) => (th <= 0 ? null : (R0 * cosd(th)) / sind(th)),
    (r) => atan2d(R0, r),
  ),
  // The plane point (x, y, R0 below the tangent point) is itself along the native direction.
  toNativeVector(x, y) {
    const rho = Math.sqrt(x * x + y * y + R0 * R0);
    return [-y / rho, x / rho, R0 / rho];
  },
});

/** STG, stereographic: R = 2R0 tan((90° − θ)/2). */
export const stg: ProjectionFactory = () =>
  radial(
    'STG',
    (th) => (th <= -90 ? null : 2 * R0 * tand((90 - th) / 2)),
    (r) => 90 - 2 * atand(r / (2 * R0)),
  );

/** ARC, zenithal equidistant: R = 90° − θ. */
export const arc: ProjectionFactory = () =>
  radial(
    'ARC',
    (th) => 90 - th,
    (r) => (r > 180 ? null : 90 - r),
  );

/** ZEA, zenithal equal area: R = 2R0 sin((90° − θ)/2). */
export const zea: ProjectionFactory = () =>
  radial(
    'ZEA',
    (th) => 2 * R0 * sind((90 - th) / 2),
    (r) => {
      const s = r / (2 * R0);
      if (s > 1 + 1e-12) return null;
      return 90 - 2 * asind(s);
    },
  );

/** ZPN, zenithal polynomial: R = R0 Σ PV2_m (90° − θ)^m in radians, inverted on its first monotonic branch. */
export const zpn: ProjectionFactory = (pv) => {
  const coeff: number[] = [];
  for (let m = 0; m <= 20; m++) coeff.push(pv(m) ?? 0);
  let degree = 20;
  while (degree > 0 && coeff[degree] === 0) degree--;
  const poly = (zd: number): number => {
    let s = 0;
    for (let m = degree; m >= 0; m--) s = s * zd + coeff[m]!;
    return s;
  };
  const slope = (zd: number): number => {
    let s = 0;
    for (let m = degree; m >= 1; m--) s = s * zd + m * coeff[m]!;
    return s;
  };
  if (degree < 1) throw new WcsError('BAD_WCS', 'ZPN needs a non-constant polynomial');
  // The usable range of zenith distance ends at the polynomial's first turning point (or π).
  let zdMax = Math.PI;
  const steps = 1800;
  for (let i = 1; i <= steps; i++) {
    const zd = (Math.PI * i) / steps;
    if (slope(zd) <= 0) {
      let lo = (Math.PI * (i - 1)) / steps;
      let hi = zd;
      for (let k = 0; k < 60; k++) {
        const mid = (lo + hi) / 2;
        if (slope(mid) > 0) lo = mid;
        else hi = mid;
      }
      zdMax = lo;
      break;
    }
  }
  const rMax = poly(zdMax);
  return radial(
    'ZPN',
    (th) => {
      const zd = (90 - th) * D2R;
      if (zd > zdMax + 1e-12) return null;
      return R0 * poly(zd);
    },
    (r) => {
      const target = r / R0;
      const r0 = coeff[0]!;
      if (target < r0 - 1e-12 || target > rMax + 1e-12) return null;
      if (target <= r0) return 90;
      if (target >= rMax) return 90 - zdMax * R2D;
      // Bracketed Newton: the polynomial rises monotonically on [0, zdMax].
      let lo = 0;
      let hi = zdMax;
      let zd = degree === 1 ? (target - r0) / coeff[1]! : (lo + hi) / 2;
      for (let k = 0; k < 100; k++) {
        const f = poly(zd) - target;
        if (Math.abs(f) < 1e-15) break;
        if (f > 0) hi = zd;
        else lo = zd;
        const d = slope(zd);
        let next = d > 0 ? zd - f / d : (lo + hi) / 2;
        if (!(next > lo && next < hi)) next = (lo + hi) / 2;
        if (Math.abs(next - zd) < 1e-16) {
          zd = next;
          break;
        }
        zd = next;
      }
      return 90 - zd * R2D;
    },
  );
};

/** AIR, Airy: minimum-error projection with θb = PV2_1 (default 90°); inverted numerically. */
export const air: ProjectionFactory = (pv) => {
  const thetaB = pv(1) ?? 90;
  const xiB = ((90 - thetaB) / 2) * D2R;
  const cb = xiB === 0 ? -0.5 : Math.log(Math.cos(xiB)) / (Math.tan(xiB) * Math.tan(xiB));
  const radiusOfXi = (xi: number): number =>
    xi === 0 ? 0 : -2 * R0 * (Math.log(Math.cos(xi)) / Math.tan(xi) + cb * Math.tan(xi));
  return radial(
    'AIR',
    (th) => (th <= -90 ? null : radiusOfXi(((90 - th) / 2) * D2R)),
    (r) => {
      if (r === 0) return 90;
      // R rises monotonically from 0 at ξ = 0 to infinity at ξ = π/2: bisect, then polish.
      let lo = 0;
      let hi = Math.PI / 2;
      for (let k = 0; k < 200; k++) {
        const mid = (lo + hi) / 2;
        if (radiusOfXi(mid) < r) lo = mid;
        else hi = mid;
        if (hi - lo < 1e-16) break;
      }
      return 90 - (lo + hi) * R2D;
    },
  );
};

/** AZP, zenithal perspective from distance μ (PV2_1), tilted by γ (PV2_2). */
export const azp: ProjectionFactory = (pv) => {
  const mu = pv(1) ?? 0;
  const gamma = pv(2) ?? 0;
  const tg = tand(gamma);
  const cg = cosd(gamma);
  const sg = sind(gamma);
  if (mu === -1) throw new WcsError('BAD_WCS', 'AZP with μ = −1 is degenerate');
  const toNative = (x: number, y: number): [number, number] | null => {
    const yc = y * cg;
    const r = Math.hypot(x, yc);
    if (r === 0) return [0, 90];
    const phi = atan2d(x, -yc);
    const rho = r / (R0 * (mu + 1) + y * sg);
    const psi = atan2d(1, rho);
    const w = (rho * mu) / Math.sqrt(rho * rho + 1);
    if (Math.abs(w) > 1) return null;
    const omega = asind(w);
    const t1 = psi - omega;
    let t2 = psi + omega + 180;
    if (t2 > 90) t2 -= 360;
    // Of the two solutions, the one nearer the native pole is the visible one.
    const candidates = [t1, t2].filter((t) => t >= -90 - 1e-9 && t <= 90 + 1e-9);
    if (candidates.length === 0) return null;
    const th = candidates.reduce((a, b) => (Math.abs(90 - a) <= Math.abs(90 - b) ? a : b));
    return [phi, Math.max(-90, Math.min(90, th))];
  };
  return {
    code: 'AZP',
    phi0: 0,
    theta0: 90,
    toNative,
    toPlane(phi, th) {
      const denom = mu + sind(th) + cosd(th) * cosd(phi) * tg;
      if (denom === 0) return null;
      const r = (R0 * (mu + 1) * cosd(th)) / denom;
      const xy: [number, number] = [r * sind(phi), (-r * cosd(phi)) / cg];
      return sameNative(toNative(xy[0], xy[1]), phi, th) ? xy : null;
    },
  };
};

/** SZP, slant zenithal perspective: point of projection at distance μ (PV2_1) towards (φc, θc) (PV2_2, PV2_3). */
export const szp: ProjectionFactory = (pv) => {
  const mu = pv(1) ?? 0;
  const phiC = pv(2) ?? 0;
  const thetaC = pv(3) ?? 90;
  const xp = -mu * cosd(thetaC) * sind(phiC);
  const yp = mu * cosd(thetaC) * cosd(phiC);
  const zp = mu * sind(thetaC) + 1;
  if (zp === 0) throw new WcsError('BAD_WCS', 'SZP with μ sinθc = −1 is degenerate');
  const outside = Math.abs(mu) > 1;
  const thetaDiverge = Math.abs(zp - 1) < 1 ? asind(1 - zp) : -90;
  const toNative = (x: number, y: number): [number, number] | null => {
    const X = x / R0;
    const Y = y / R0;
    const X1 = (X - xp) / zp;
    const Y1 = (Y - yp) / zp;
    // cos²θ = 2s − s² with s = 1 − sinθ gives a quadratic in s; the smaller root is the visible side.
    const a = X1 * X1 + Y1 * Y1 + 1;
    const b = X * X1 + Y * Y1 + 1;
    const c = X * X + Y * Y;
    const disc = b * b - a * c;
    if (disc < 0) return null;
    const sq = Math.sqrt(disc);
    const roots = [(b - sq) / a, (b + sq) / a].filter((s) => s >= -1e-12 && s <= 2 + 1e-12);
    if (roots.length === 0) return null;
    const s = Math.max(0, Math.min(2, roots[0]!));
    const th = asind(1 - s);
    const cx = X - s * X1;
    const cy = s * Y1 - Y;
    const phi = cx === 0 && cy === 0 ? 0 : atan2d(cx, cy);
    return [phi, th];
  };
  return {
    code: 'SZP',
    phi0: 0,
    theta0: 90,
    toNative,
    toPlane(phi, th) {
      const s = 1 - sind(th);
      const d = zp - s;
      if (d === 0) return null;
      // Below the divergence latitude the ray never reaches the plane.
      if (th < thetaDiverge) return null;
      // Seen from a point outside the sphere, the far hemisphere overlaps the near one: the horizon
      // latitude along this azimuth is where wcslib draws the line, and so do we.
      if (outside) {
        const h = xp * sind(phi) - yp * cosd(phi);
        const q = (zp - 1) * zp - 1 + h * h;
        if (q > 0 && 1 / Math.sqrt(q) <= 1) {
          const az = atan2d(h, zp - 1);
          const half = asind(1 / Math.sqrt(q));
          let a = az - half;
          let b = az + half + 180;
          if (a > 90) a -= 360;
          if (b > 90) b -= 360;
          if (th < Math.max(a, b)) return null;
        }
      }
      const ct = cosd(th);
      return [(R0 * (zp * ct * sind(phi) - xp * s)) / d, (-R0 * (zp * ct * cosd(phi) + yp * s)) / d];
    },
  };
};

/** SIN, slant orthographic with (ξ, η) = (PV2_1, PV2_2); NCP is SIN with ξ = 0, η = cot δ0. */
export function sinProjection(xi: number, eta: number, code = 'SIN'): Projection {
  const toNative = (x: number, y: number): [number, number] | null => {
    const X = x / R0;
    const Y = y / R0;
    if (xi === 0 && eta === 0) {
      const r2 = X * X + Y * Y;
      if (r2 > 1 + 1e-13) return null;
      const th = r2 < 0.5 ? acosd(Math.sqrt(r2)) : asind(Math.sqrt(Math.max(0, 1 - r2)));
      return [r2 === 0 ? 0 : atan2d(X, -Y), th];
    }
    const a = xi * xi + eta * eta + 1;
    const b = xi * X + eta * Y + 1;
    const c = X * X + Y * Y;
    const disc = b * b - a * c;
    if (disc < 0) return null;
    const sq = Math.sqrt(disc);
    const roots = [(b - sq) / a, (b + sq) / a].filter((s) => s >= -1e-12 && s <= 2 + 1e-12);
    if (roots.length === 0) return null;
    const s = Math.max(0, Math.min(2, roots[0]!));
    const cx = X - xi * s;
    const cy = eta * s - Y;
    return [cx === 0 && cy === 0 ? 0 : atan2d(cx, cy), asind(1 - s)];
  };
  return {
    code,
    phi0: 0,
    theta0: 90,
    toNative,
    toPlane(phi, th) {
      const s = 1 - sind(th);
      const ct = cosd(th);
      const xy: [number, number] = [R0 * (ct * sind(phi) + xi * s), -R0 * (ct * cosd(phi) - eta * s)];
      if (xi === 0 && eta === 0) return th < 0 ? null : xy;
      return sameNative(toNative(xy[0], xy[1]), phi, th) ? xy : null;
    },
  };
}

export const sin: ProjectionFactory = (pv: ProjectionParameters) => sinProjection(pv(1) ?? 0, pv(2) ?? 0);

/** True when a round trip through the plane lands on the same native point (so the point is on the visible sheet). */
export function sameNative(back: [number, number] | null, phi: number, theta: number): boolean {
  if (back === null) return false;
  if (Math.abs(back[1] - theta) > 1e-7) return false;
  if (Math.abs(theta) > 90 - 1e-7) return true;
  const d = Math.abs((((back[0] - phi) % 360) + 540) % 360 - 180);
  return d < 1e-7;
}

/**
 * The spherical rotation between native (φ, θ) and celestial (α, δ) coordinates of WCS Paper II §2:
 * the celestial pole's native longitude φp (LONPOLE) and the native pole's celestial position (αp, δp)
 * derived from the fiducial point (CRVAL) and LATPOLE (Paper II eqs. 8–10).
 */
import { acosd, asind, atan2d, cosd, sincosd, sind, wrap180 } from './angles.js';
import { WcsError } from './errors.js';

export interface Rotation {
  /** Celestial coordinates of the native pole, and the native longitude of the celestial pole (degrees). */
  readonly alphaP: number;
  readonly deltaP: number;
  readonly phiP: number;
  /** Their sines and cosines, for the vector form of the rotation. */
  readonly sinDeltaP: number;
  readonly cosDeltaP: number;
  readonly sinPhiP: number;
  readonly cosPhiP: number;
}

function rotation(alphaP: number, deltaP: number, phiP: number): Rotation {
  const [sinDeltaP, cosDeltaP] = sincosd(deltaP);
  const [sinPhiP, cosPhiP] = sincosd(phiP);
  return { alphaP, deltaP, phiP, sinDeltaP, cosDeltaP, sinPhiP, cosPhiP };
}

const TOL = 1e-10;

/**
 * Places the native pole given the fiducial point. `lonpole`/`latpole` are the header values or undefined;
 * their defaults are Paper II's: φp = φ0 + (δ0 < θ0 ? 180° : 0), θp = +90°.
 */
export function solveRotation(
  crval: readonly [number, number],
  phi0: number,
  theta0: number,
  lonpole: number | undefined,
  latpole: number | undefined,
): Rotation {
  const [lng0, lat0] = crval;
  const phiP = lonpole ?? phi0 + (lat0 < theta0 ? 180 : 0);
  const latRef = latpole ?? 90;
  if (theta0 === 90) return rotation(lng0, lat0, phiP);

  const [slat0, clat0] = sincosd(lat0);
  const [sthe0, cthe0] = sincosd(theta0);
  const [sphip, cphip] = phiP === phi0 ? [0, 1] : sincosd(phiP - phi0);

  // δp from eq. 8: two solutions, LATPOLE chooses.
  let latp: number;
  const x = cthe0 * cphip;
  const y = sthe0;
  const z = Math.hypot(x, y);
  if (z === 0) {
    if (slat0 !== 0) throw new WcsError('BAD_WCS', 'the fiducial point and LONPOLE are inconsistent');
    latp = latRef;
  } else {
    if (Math.abs(slat0 / z) > 1 + TOL) throw new WcsError('BAD_WCS', 'no celestial pole fits CRVAL and LONPOLE');
    const u = atan2d(y, x);
    const v = acosd(slat0 / z);
    const wrap = (a: number): number => (a > 180 ? a - 360 : a < -180 ? a + 360 : a);
    const latp1 = wrap(u + v);
    const latp2 = wrap(u - v);
    if (Math.abs(latRef - latp1) < Math.abs(latRef - latp2)) latp = Math.abs(latp1) < 90 + TOL ? latp1 : latp2;
    else latp = Math.abs(latp2) < 90 + TOL ? latp2 : latp1;
    if (Math.abs(latp) > 90 + TOL) throw new WcsError('BAD_WCS', 'no celestial pole fits CRVAL, LONPOLE and LATPOLE');
    if (latp > 90) latp = 90;
    if (latp < -90) latp = -90;
  }

  // αp from eqs. 9–10.
  let lngp: number;
  const zz = cosd(latp) * clat0;
  if (Math.abs(zz) < TOL) {
    if (Math.abs(clat0) < TOL) lngp = lng0;
    else if (latp > 0) lngp = lng0 + phiP - phi0 - 180;
    else lngp = lng0 - phiP + phi0;
  } else {
    const xx = (sthe0 - sind(latp) * slat0) / zz;
    const yy = (sphip * cthe0) / clat0;
    if (xx === 0 && yy === 0) throw new WcsError('BAD_WCS', 'the celestial pole is undetermined');
    lngp = lng0 - atan2d(yy, xx);
  }
  return rotation(lngp, latp, phiP);
}

/** Native (φ, θ) → celestial (α, δ), Paper II eq. 2. */
export function nativeToCelestial(r: Rotation, phi: number, theta: number): [number, number] {
  const [st, ct] = sincosd(theta);
  const [sdp, cdp] = sincosd(r.deltaP);
  const [sdphi, cdphi] = sincosd(phi - r.phiP);
  const x = st * cdp - ct * sdp * cdphi;
  const y = -ct * sdphi;
  const alpha = r.alphaP + atan2d(y, x);
  const sinDelta = st * sdp + ct * cdp * cdphi;
  // Near the poles asin loses digits; the cosine from (x, y) keeps them.
  const delta = Math.abs(sinDelta) > 0.99 ? Math.sign(sinDelta) * acosd(Math.hypot(x, y)) : asind(sinDelta);
  return [alpha, delta];
}

/**
 * The same rotation for a native direction given as a unit vector (cos θ cos φ, cos θ sin φ, sin θ): lets
 * projections that know the direction without angles (TAN) skip four trigonometric calls per point.
 */
export function nativeVectorToCelestial(r: Rotation, a: number, b: number, w: number): [number, number] {
  const u = a * r.cosPhiP + b * r.sinPhiP;
  const v = b * r.cosPhiP - a * r.sinPhiP;
  const x = w * r.cosDeltaP - u * r.sinDeltaP;
  const z = w * r.sinDeltaP + u * r.cosDeltaP;
  return [r.alphaP + atan2d(-v, x), atan2d(z, Math.hypot(x, v))];
}

/** Celestial (α, δ) → native (φ, θ), Paper II eq. 5. */
export function celestialToNative(r: Rotation, alpha: number, delta: number): [number, number] {
  const [sd, cd] = sincosd(delta);
  const [sdp, cdp] = sincosd(r.deltaP);
  const [sda, cda] = sincosd(alpha - r.alphaP);
  const x = sd * cdp - cd * sdp * cda;
  const y = -cd * sda;
  // Native longitude in [−180°, 180°], where the projections expect it.
  const phi = wrap180(r.phiP + atan2d(y, x));
  const sinTheta = sd * sdp + cd * cdp * cda;
  const theta = Math.abs(sinTheta) > 0.99 ? Math.sign(sinTheta) * acosd(Math.hypot(x, y)) : asind(sinTheta);
  return [phi, theta];
}

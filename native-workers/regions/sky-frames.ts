/**
 * Rotations between the celestial systems a region file may use, as astropy defines them:
 * ICRS → FK5 (J2000) by the frame-bias matrix of USNO circular 179; FK5 → Galactic by the
 * J2000 north galactic pole and longitude of the ascending node; ICRS → ecliptic as astropy's
 * `BarycentricMeanEcliptic` (the frame astropy `regions` maps DS9's `ecliptic` to), i.e. ERFA
 * `ecm06` at J2000 (IAU 2006 precession-bias angles, no nutation). Pure: no Node, no DOM.
 */
import type { SkySystem } from './types.js';

type Mat3 = readonly [number, number, number, number, number, number, number, number, number];

const DEG = Math.PI / 180;
const ARCSEC = DEG / 3600;

/** astropy's `rotation_matrix(angle, axis)`: rotates the coordinate frame by `angle` (radians). */
function rot(axis: 'x' | 'y' | 'z', angle: number): Mat3 {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  if (axis === 'x') return [1, 0, 0, 0, c, s, 0, -s, c];
  if (axis === 'y') return [c, 0, -s, 0, 1, 0, s, 0, c];
  return [c, s, 0, -s, c, 0, 0, 0, 1];
}

function mul(a: Mat3, b: Mat3): Mat3 {
  const r = new Array<number>(9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) r[i * 3 + j] = a[i * 3]! * b[j]! + a[i * 3 + 1]! * b[3 + j]! + a[i * 3 + 2]! * b[6 + j]!;
  return r as unknown as Mat3;
}

function transpose(a: Mat3): Mat3 {
  return [a[0], a[3], a[6], a[1], a[4], a[7], a[2], a[5], a[8]];
}

const ICRS_TO_FK5: Mat3 = mul(mul(rot('x', (19.9 / 3_600_000) * DEG), rot('y', (9.1 / 3_600_000) * DEG)), rot('z', (-22.9 / 3_600_000) * DEG));
const FK5_TO_GALACTIC: Mat3 = mul(
  mul(rot('z', (180 - 122.9319185680026) * DEG), rot('y', (90 - 27.12825118085622) * DEG)),
  rot('z', 192.8594812065348 * DEG),
);
// ERFA pfw06 at J2000 (t = 0): gamma_bar, phi_bar, psi_bar; ecm06 = Rx(eps_A) · fw2m(γ, φ, ψ, ε_A) = Rz(−ψ) Rx(φ) Rz(γ).
const ICRS_TO_ECLIPTIC: Mat3 = mul(mul(rot('z', 0.041775 * ARCSEC), rot('x', 84381.412819 * ARCSEC)), rot('z', -0.052928 * ARCSEC));

/** The rotation taking ICRS unit vectors into `system`. */
const FROM_ICRS: Record<SkySystem, Mat3> = {
  icrs: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  fk5: ICRS_TO_FK5,
  galactic: mul(FK5_TO_GALACTIC, ICRS_TO_FK5),
  ecliptic: ICRS_TO_ECLIPTIC,
};

function apply(m: Mat3, v: [number, number, number]): [number, number, number] {
  return [m[0] * v[0] + m[1] * v[1] + m[2] * v[2], m[3] * v[0] + m[4] * v[1] + m[5] * v[2], m[6] * v[0] + m[7] * v[1] + m[8] * v[2]];
}

/** [lon, lat] degrees in `from` → [lon, lat] degrees in `to` (lon in [0, 360)). */
export function convertSky(lonDeg: number, latDeg: number, from: SkySystem, to: SkySystem): [number, number] {
  if (from === to) return [lonDeg, latDeg];
  const lon = lonDeg * DEG;
  const lat = latDeg * DEG;
  const v: [number, number, number] = [Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat)];
  const icrs = apply(transpose(FROM_ICRS[from]), v);
  const [x, y, z] = apply(FROM_ICRS[to], icrs);
  let outLon = Math.atan2(y, x) / DEG;
  if (outLon < 0) outLon += 360;
  if (outLon >= 360) outLon -= 360;
  return [outLon, Math.atan2(z, Math.hypot(x, y)) / DEG];
}

export function isSkySystem(s: string): s is SkySystem {
  return s === 'icrs' || s === 'fk5' || s === 'galactic' || s === 'ecliptic';
}

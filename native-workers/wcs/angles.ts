/** Degree-based trigonometry shared by the projections and the spherical rotation. */
export const D2R = Math.PI / 180;
export const R2D = 180 / Math.PI;

export const sind = (a: number): number => Math.sin(a * D2R);
export const cosd = (a: number): number => Math.cos(a * D2R);
export const tand = (a: number): number => Math.tan(a * D2R);
export const atan2d = (y: number, x: number): number => Math.atan2(y, x) * R2D;
export const atand = (v: number): number => Math.atan(v) * R2D;

/** asin/acos in degrees that tolerate rounding just outside [-1, 1]. */
export function asind(v: number): number {
  if (v > 1) v = 1;
  else if (v < -1) v = -1;
  return Math.asin(v) * R2D;
}
export function acosd(v: number): number {
  if (v > 1) v = 1;
  else if (v < -1) v = -1;
  return Math.acos(v) * R2D;
}

/** Sine and cosine of exact multiples of 90° come out exact, so poles stay poles. */
export function sincosd(a: number): [number, number] {
  const r = ((a % 360) + 360) % 360;
  if (r === 0) return [0, 1];
  if (r === 90) return [1, 0];
  if (r === 180) return [0, -1];
  if (r === 270) return [-1, 0];
  return [Math.sin(a * D2R), Math.cos(a * D2R)];
}

/** Longitude into [0, 360). */
export function normalizeLon(lon: number): number {
  let l = lon % 360;
  if (l < 0) l += 360;
  if (l >= 360) l -= 360;
  return l;
}

/** Longitude into [-180, 180). */
export function wrap180(lon: number): number {
  let l = ((lon + 180) % 360 + 360) % 360 - 180;
  if (l >= 180) l -= 360;
  return l;
}

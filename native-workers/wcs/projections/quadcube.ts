/**
 * Quad-cube projections, Paper II §5.6: the sphere is projected onto the six faces of a cube, laid out as
 * a cross in the plane (faces 1–4 along the equator at x = 0°, 90°, 180°, 270°; face 0 above and face 5
 * below face 1). TSC is gnomonic on each face, QSC equal-area, CSC the COBE polynomial approximation.
 */
import { asind, atan2d, atand, cosd, sind } from '../angles.js';
import type { Projection, ProjectionFactory } from './types.js';

type Vec3 = readonly [number, number, number];

interface Face {
  /** Face normal (ζ axis), and the in-face ξ and η axes, in native direction cosines (l, m, n). */
  z: Vec3;
  x: Vec3;
  y: Vec3;
  /** Face centre in the plane, in units of 45°. */
  cx: number;
  cy: number;
}

const FACES: readonly Face[] = [
  { z: [0, 0, 1], x: [0, 1, 0], y: [-1, 0, 0], cx: 0, cy: 2 },
  { z: [1, 0, 0], x: [0, 1, 0], y: [0, 0, 1], cx: 0, cy: 0 },
  { z: [0, 1, 0], x: [-1, 0, 0], y: [0, 0, 1], cx: 2, cy: 0 },
  { z: [-1, 0, 0], x: [0, -1, 0], y: [0, 0, 1], cx: 4, cy: 0 },
  { z: [0, -1, 0], x: [1, 0, 0], y: [0, 0, 1], cx: 6, cy: 0 },
  { z: [0, 0, -1], x: [0, 1, 0], y: [1, 0, 0], cx: 0, cy: -2 },
];

const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** A native direction in face coordinates: the face whose normal is nearest (ties to the lower index). */
function toFace(phi: number, theta: number): { face: Face; zeta: number; xi: number; eta: number } {
  const ct = cosd(theta);
  const s: Vec3 = [ct * cosd(phi), ct * sind(phi), sind(theta)];
  let best = FACES[0]!;
  let zeta = dot(s, best.z);
  for (const order of [1, 2, 3, 4, 5]) {
    const f = FACES[order]!;
    const z = dot(s, f.z);
    if (z > zeta) {
      best = f;
      zeta = z;
    }
  }
  return { face: best, zeta, xi: dot(s, best.x), eta: dot(s, best.y) };
}

/** Plane (x, y) in units of 45° → its face and the offsets (−1..1) from the face centre; null off the cross. */
function planeFace(x: number, y: number): { face: Face; u: number; v: number } | null {
  let xf = x / 45;
  const yf = y / 45;
  if (Math.abs(xf) <= 1) {
    if (Math.abs(yf) > 3) return null;
  } else if (Math.abs(xf) > 7 || Math.abs(yf) > 1) return null;
  if (xf < -1) xf += 8;
  let index: number;
  if (xf > 5) index = 4;
  else if (xf > 3) index = 3;
  else if (xf > 1) index = 2;
  else if (yf > 1) index = 0;
  else if (yf < -1) index = 5;
  else index = 1;
  const face = FACES[index]!;
  return { face, u: xf - face.cx, v: yf - face.cy };
}

/** Native (φ, θ) of face-local components. */
function fromFace(face: Face, zeta: number, xi: number, eta: number): [number, number] {
  const l = zeta * face.z[0] + xi * face.x[0] + eta * face.y[0];
  const m = zeta * face.z[1] + xi * face.x[1] + eta * face.y[1];
  const n = zeta * face.z[2] + xi * face.x[2] + eta * face.y[2];
  return [l === 0 && m === 0 ? 0 : atan2d(m, l), asind(n)];
}

/** Clamps a face offset that rounding pushed just past the edge; null when it is really beyond. */
function clampEdge(v: number, tol: number): number | null {
  if (Math.abs(v) <= 1) return v;
  return Math.abs(v) > 1 + tol ? null : Math.sign(v);
}

function quadCube(
  code: string,
  faceToPlane: (zeta: number, xi: number, eta: number) => [number, number],
  planeToFace: (u: number, v: number) => [number, number, number] | null,
  tol: number,
): Projection {
  return {
    code,
    phi0: 0,
    theta0: 0,
    toNative(x, y) {
      const p = planeFace(x, y);
      if (p === null) return null;
      const local = planeToFace(p.u, p.v);
      if (local === null) return null;
      return fromFace(p.face, local[0], local[1], local[2]);
    },
    toPlane(phi, theta) {
      const { face, zeta, xi, eta } = toFace(phi, theta);
      const [u0, v0] = faceToPlane(zeta, xi, eta);
      const u = clampEdge(u0, tol);
      const v = clampEdge(v0, tol);
      if (u === null || v === null) return null;
      return [45 * (u + face.cx), 45 * (v + face.cy)];
    },
  };
}

/** TSC, tangential spherical cube: gnomonic on each face. */
export const tsc: ProjectionFactory = () =>
  quadCube(
    'TSC',
    (zeta, xi, eta) => [xi / zeta, eta / zeta],
    (u, v) => {
      const t = 1 / Math.sqrt(1 + u * u + v * v);
      return [t, u * t, v * t];
    },
    1e-12,
  );

/** QSC, quadrilateralized spherical cube: equal area on each face. */
export const qsc: ProjectionFactory = () =>
  quadCube(
    'QSC',
    (zeta, xi, eta) => {
      if (xi === 0 && eta === 0) return [0, 0];
      // 1 − ζ from the in-face components keeps its digits near the face centre.
      const zeco = (xi * xi + eta * eta) / (1 + zeta);
      const along = (major: number, minor: number): [number, number] => {
        const omega = minor / major;
        const tau = 1 + omega * omega;
        const a = Math.sign(major) * Math.sqrt(zeco / (1 - 1 / Math.sqrt(1 + tau)));
        const b = (a / 15) * (atand(omega) - asind(omega / Math.sqrt(tau + tau)));
        return [a, b];
      };
      if (Math.abs(xi) > Math.abs(eta)) return along(xi, eta);
      const [b, a] = along(eta, xi);
      return [a, b];
    },
    (u, v) => {
      const direct = Math.abs(u) > Math.abs(v);
      const major = direct ? u : v;
      const minor = direct ? v : u;
      if (major === 0) return [1, 0, 0];
      const w = (15 * minor) / major;
      const omega = sind(w) / (cosd(w) - Math.SQRT1_2);
      const tau = 1 + omega * omega;
      let zeco = major * major * (1 - 1 / Math.sqrt(1 + tau));
      let zeta = 1 - zeco;
      if (zeta < -1) {
        if (zeta < -1 - 1e-12) return null;
        zeta = -1;
        zeco = 2;
      }
      const along = Math.sign(major) * Math.sqrt((zeco * (2 - zeco)) / tau);
      const across = along * omega;
      return direct ? [zeta, along, across] : [zeta, across, along];
    },
    1e-12,
  );

// COBE's CSC: fitted polynomials for each direction (Paper II eqs. 175–177 and Table 9). They are
// approximate inverses of each other, so a round trip moves a point by up to about 1″.
const G_STAR = 1.37484847732;
const M = 0.004869491981;
const GAMMA = -0.13161671474;
const OMEGA1 = -0.159596235474;
const D0 = 0.0759196200467;
const D1 = -0.0217762490699;
const C00 = 0.141189631152;
const C10 = 0.0809701286525;
const C01 = -0.281528535557;
const C11 = 0.15384112876;
const C20 = -0.178251207466;
const C02 = 0.106959469314;

/** P[i][j] multiplies X^2i Y^2j in the inverse polynomial (i + j ≤ 6). */
const P: readonly (readonly number[])[] = [
  [-0.27292696, -0.02819452, 0.2705816, -0.6044156, 0.93412077, -0.63915306, 0.14381585],
  [-0.07629969, -0.01471565, -0.56800938, 1.50880086, -1.4160192, 0.52032238],
  [-0.22797056, 0.48051509, 0.30803317, -0.93678576, 0.33887446],
  [0.54852384, -1.74114454, 0.98938102, 0.08693841],
  [-0.62930065, 1.71547508, -0.83180469],
  [0.25795794, -0.53022337],
  [0.02584375],
];

/** Sphere → face offset along one axis, for tangent-plane coordinates (a along, b across). */
function cscForward(a: number, b: number): number {
  const a2 = a * a;
  const b2 = b * b;
  const a2c = 1 - a2;
  const b2c = 1 - b2;
  const inner = C00 + C10 * a2 + C01 * b2 + C11 * a2 * b2 + C20 * a2 * a2 + C02 * b2 * b2;
  return a * (a2 + a2c * (G_STAR + b2 * (GAMMA * a2c + M * a2 + b2c * inner) + a2 * (OMEGA1 - a2c * (D0 + D1 * a2))));
}

/** Face offset → tangent-plane coordinate along one axis. */
function cscInverse(u: number, v: number): number {
  const uu = u * u;
  const vv = v * v;
  let sum = 0;
  let ui = 1;
  for (let i = 0; i < P.length; i++) {
    let vj = 1;
    for (let j = 0; j < P[i]!.length; j++) {
      sum += P[i]![j]! * ui * vj;
      vj *= vv;
    }
    ui *= uu;
  }
  return u + u * (1 - uu) * sum;
}

export const csc: ProjectionFactory = () =>
  quadCube(
    'CSC',
    (zeta, xi, eta) => {
      const chi = xi / zeta;
      const psi = eta / zeta;
      return [cscForward(chi, psi), cscForward(psi, chi)];
    },
    (u, v) => {
      const chi = cscInverse(u, v);
      const psi = cscInverse(v, u);
      const t = 1 / Math.sqrt(1 + chi * chi + psi * psi);
      return [t, chi * t, psi * t];
    },
    1e-7,
  );

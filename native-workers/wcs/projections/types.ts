/** The shape every Paper II projection takes: plane (x, y) ↔ native spherical (φ, θ), all in degrees. */
export interface Projection {
  readonly code: string;
  /** Native coordinates of the projection's default fiducial point. */
  readonly phi0: number;
  readonly theta0: number;
  /** Intermediate world (x, y) → native (φ, θ); null outside the projection's domain. */
  toNative(x: number, y: number): [number, number] | null;
  /** Optional fast form of toNative: the native direction as a unit vector (cos θ cos φ, cos θ sin φ, sin θ). */
  toNativeVector?(x: number, y: number): [number, number, number] | null;
  /** Native (φ, θ) → (x, y); null where the projection cannot represent the point. */
  toPlane(phi: number, theta: number): [number, number] | null;
}

/** PVi_m of the latitude axis (the projection parameters); undefined when absent. */
export type ProjectionParameters = (m: number) => number | undefined;

export type ProjectionFactory = (pv: ProjectionParameters) => Projection;

/** Radius of the generating sphere in plane units (degrees), Paper II's R0 = 180°/π. */
export const R0 = 180 / Math.PI;

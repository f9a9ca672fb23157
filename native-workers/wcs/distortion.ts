/** The two places a distortion can act, so SIP and TPV plug into one pipeline. */
export interface Distortion {
  readonly kind: 'sip' | 'tpv';
  /** SIP acts on pixel offsets from CRPIX; TPV on intermediate world coordinates (degrees). */
  readonly stage: 'pixel' | 'plane';
  /** Undistorted → distorted is the direction of the header's polynomial. */
  forward(a: number, b: number): [number, number];
  /** A first guess for the inverse (SIP's AP/BP when present); identity otherwise. */
  inverseGuess(a: number, b: number): [number, number];
  /** Finite-difference step and convergence tolerance for inverting `forward`, in its units. */
  readonly step: number;
  readonly tolerance: number;
}

/** Inverts a smooth 2-D map by Newton's method with a finite-difference Jacobian. */
export type Map2 = (a: number, b: number) => [number, number];

/**
 * Finds (a, b) with f(a, b) = (ta, tb), starting from a guess. `step` is the finite-difference step and
 * `tol` the target residual, both in f's units; null when it does not converge.
 */
export function invert2(
  f: Map2,
  ta: number,
  tb: number,
  guess: [number, number],
  step: number,
  tol: number,
  maxIter = 50,
): [number, number] | null {
  let [a, b] = guess;
  for (let it = 0; it < maxIter; it++) {
    const [fa, fb] = f(a, b);
    const ra = ta - fa;
    const rb = tb - fb;
    if (!Number.isFinite(ra) || !Number.isFinite(rb)) return null;
    if (Math.abs(ra) <= tol && Math.abs(rb) <= tol) return [a, b];
    const [fa1, fb1] = f(a + step, b);
    const [fa2, fb2] = f(a, b + step);
    const j11 = (fa1 - fa) / step;
    const j21 = (fb1 - fb) / step;
    const j12 = (fa2 - fa) / step;
    const j22 = (fb2 - fb) / step;
    const det = j11 * j22 - j12 * j21;
    if (!Number.isFinite(det) || det === 0) return null;
    a += (j22 * ra - j12 * rb) / det;
    b += (-j21 * ra + j11 * rb) / det;
  }
  const [fa, fb] = f(a, b);
  return Math.abs(ta - fa) <= tol * 10 && Math.abs(tb - fb) <= tol * 10 ? [a, b] : null;
}

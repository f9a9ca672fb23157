/**
 * The focus V-curve: FWHM(f) = sqrt(a² + (b·(f − f₀))²), a hyperbola whose vertex a is the
 * seeing-limited FWHM at best focus f₀ and whose asymptotes (slope ±b) are the geometric
 * defocus blur, which grows linearly with |f − f₀|. Near focus it is a parabola, far out
 * it is a V; a parabola fit of FWHM alone is biased by the wings, a V fit by the bottom.
 *
 * Fit: a linear least-squares parabola of FWHM² (exact for a hyperbola: FWHM² = a² + b²(f − f₀)²)
 * gives the start; Levenberg–Marquardt on the hyperbola itself refines it in FWHM units;
 * the worst point beyond 3 robust sigmas (or 3 % of the median FWHM, whichever is larger) is
 * dropped and the fit repeated, while at least `minPoints` remain. The uncertainty of f₀
 * is the square root of its diagonal element of s²·(JᵀJ)⁻¹ at the solution.
 *
 * Pure: numbers in, numbers out; shared by the CLI, the host and the console.
 */

export interface HyperbolaParams {
  /** FWHM at best focus (pixels). */
  a: number;
  /** Slope of the asymptotes (pixels of FWHM per focuser unit). */
  b: number;
  /** Best focus (focuser units). */
  f0: number;
}

export interface FocusPoint {
  focus: number;
  fwhmPx: number;
}

export interface FocusFit {
  fit: HyperbolaParams;
  bestFocus: number;
  /** One-sigma uncertainty of f₀ from the fit's covariance. */
  bestFocusError: number;
  /** The fitted FWHM at best focus (= a). */
  minFwhmPx: number;
  /** Per input point: kept in the final fit (false = rejected as an outlier). */
  used: boolean[];
  /** RMS residual of the used points (pixels). */
  rmsPx: number;
}

export type FocusFitErrorCode = 'TOO_FEW_POINTS' | 'NO_MINIMUM' | 'BAD_ARGUMENT';

export class FocusFitError extends Error {
  readonly code: FocusFitErrorCode;
  constructor(code: FocusFitErrorCode, message: string) {
    super(message);
    this.name = 'FocusFitError';
    this.code = code;
  }
}

export interface FocusFitOptions {
  /** Fewest points a fit needs, also after rejection (default 5). */
  minPoints?: number;
  /** Rejection threshold in robust sigmas (default 3). */
  rejectSigma?: number;
}

export function hyperbolaFwhm(focus: number, p: HyperbolaParams): number {
  const d = p.b * (focus - p.f0);
  return Math.sqrt(p.a * p.a + d * d);
}

/** Fits the V-curve; throws FocusFitError TOO_FEW_POINTS or NO_MINIMUM with a sentence saying which. */
export function fitFocusCurve(points: readonly FocusPoint[], opts: FocusFitOptions = {}): FocusFit {
  const minPoints = Math.max(3, Math.floor(opts.minPoints ?? 5));
  const rejectSigma = opts.rejectSigma ?? 3;
  const valid = points.map((p) => Number.isFinite(p.focus) && Number.isFinite(p.fwhmPx) && p.fwhmPx > 0);
  const usable = valid.filter(Boolean).length;
  if (usable < minPoints) {
    throw new FocusFitError('TOO_FEW_POINTS', `a focus curve needs at least ${minPoints} frames with a focus value and a measured FWHM, got ${usable}`);
  }
  const distinct = new Set(points.filter((_, i) => valid[i]).map((p) => p.focus)).size;
  if (distinct < 3) {
    throw new FocusFitError('TOO_FEW_POINTS', `a focus curve needs at least 3 different focus values, got ${distinct}`);
  }

  // Work in centred, scaled focus units so JᵀJ stays well conditioned for focuser counts like 12000.
  const fs = points.filter((_, i) => valid[i]).map((p) => p.focus);
  const lo = Math.min(...fs);
  const hi = Math.max(...fs);
  const centre = (lo + hi) / 2;
  const scale = (hi - lo) / 2;
  const u = points.map((p) => (p.focus - centre) / scale);
  const y = points.map((p) => p.fwhmPx);
  const used = valid.slice();

  let params = levenbergMarquardt(u, y, used, parabolaStart(u, y, used));
  for (;;) {
    const res = u.map((ui, i) => (used[i] ? model(ui, params) - y[i]! : 0));
    const absRes = res.filter((_, i) => used[i]).map(Math.abs);
    const sigma = 1.4826 * medianOf(absRes);
    const floor = 0.03 * medianOf(y.filter((_, i) => used[i]));
    const limit = Math.max(rejectSigma * sigma, floor);
    let worst = -1;
    for (let i = 0; i < u.length; i++) if (used[i] && Math.abs(res[i]!) > limit && (worst < 0 || Math.abs(res[i]!) > Math.abs(res[worst]!))) worst = i;
    if (worst < 0 || used.filter(Boolean).length <= minPoints) break;
    used[worst] = false;
    params = levenbergMarquardt(u, y, used, params);
  }

  const a = Math.abs(params[0]);
  const bScaled = Math.abs(params[1]);
  if (!(bScaled > 1e-9)) throw new FocusFitError('NO_MINIMUM', 'the FWHM does not change with focus: the curve has no minimum');
  const usedFocus = points.filter((_, i) => used[i]).map((p) => p.focus);
  const uLo = Math.min(...usedFocus);
  const uHi = Math.max(...usedFocus);
  const f0 = centre + params[2] * scale;
  if (!(f0 >= uLo && f0 <= uHi)) {
    throw new FocusFitError(
      'NO_MINIMUM',
      `the curve has no minimum inside the measured focus range ${fmt(uLo)}…${fmt(uHi)} (the fit puts it at ${fmt(f0)}): extend the focus run past the best focus`,
    );
  }

  const n = used.filter(Boolean).length;
  let ss = 0;
  for (let i = 0; i < u.length; i++) if (used[i]) ss += (model(u[i]!, params) - y[i]!) ** 2;
  const cov = covariance(u, used, params);
  const s2 = ss / Math.max(1, n - 3);
  const f0Var = cov ? s2 * cov[2][2] : NaN;
  return {
    fit: { a, b: bScaled / scale, f0 },
    bestFocus: f0,
    bestFocusError: Number.isFinite(f0Var) && f0Var >= 0 ? Math.sqrt(f0Var) * scale : NaN,
    minFwhmPx: a,
    used,
    rmsPx: Math.sqrt(ss / n),
  };
}

type Params = [number, number, number];

function model(u: number, p: Params): number {
  const d = p[1] * (u - p[2]);
  return Math.sqrt(p[0] * p[0] + d * d);
}

/** FWHM² = c0 + c1·u + c2·u² by linear least squares, turned into (a, b, u0). */
function parabolaStart(u: number[], y: number[], used: boolean[]): Params {
  const m = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const v = [0, 0, 0];
  for (let i = 0; i < u.length; i++) {
    if (!used[i]) continue;
    const row = [1, u[i]!, u[i]! * u[i]!];
    const t = y[i]! * y[i]!;
    for (let r = 0; r < 3; r++) {
      v[r]! += row[r]! * t;
      for (let c = 0; c < 3; c++) m[r]![c]! += row[r]! * row[c]!;
    }
  }
  const c = solve3(m, v);
  const minY = Math.min(...y.filter((_, i) => used[i]));
  if (!c || !(c[2] > 0)) {
    throw new FocusFitError('NO_MINIMUM', 'the FWHM does not fall and rise again over the focus run: the curve has no minimum');
  }
  const u0 = -c[1] / (2 * c[2]);
  const a2 = c[0] - c[2] * u0 * u0;
  return [a2 > 0 ? Math.sqrt(a2) : 0.5 * minY, Math.sqrt(c[2]), u0];
}

function levenbergMarquardt(u: number[], y: number[], used: boolean[], start: Params): Params {
  let p: Params = [...start];
  let lambda = 1e-3;
  let cost = costOf(u, y, used, p);
  for (let iter = 0; iter < 200; iter++) {
    const { jtj, jtr } = normalEquations(u, y, used, p);
    let improved = false;
    for (let tries = 0; tries < 20; tries++) {
      const damped = jtj.map((row, r) => row.map((x, c) => (r === c ? x * (1 + lambda) + 1e-12 : x)));
      const step = solve3(damped, jtr.map((x) => -x));
      if (!step) {
        lambda *= 10;
        continue;
      }
      const next: Params = [p[0] + step[0], p[1] + step[1], p[2] + step[2]];
      const nextCost = costOf(u, y, used, next);
      if (nextCost < cost) {
        const relative = (cost - nextCost) / Math.max(cost, 1e-300);
        p = next;
        cost = nextCost;
        lambda = Math.max(lambda / 10, 1e-12);
        improved = true;
        if (relative < 1e-12) return p;
        break;
      }
      lambda *= 10;
    }
    if (!improved) break;
  }
  return p;
}

function costOf(u: number[], y: number[], used: boolean[], p: Params): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) if (used[i]) s += (model(u[i]!, p) - y[i]!) ** 2;
  return s;
}

function jacobianRow(u: number, p: Params): [number, number, number] {
  const h = Math.max(model(u, p), 1e-12);
  const d = u - p[2];
  return [p[0] / h, (p[1] * d * d) / h, (-p[1] * p[1] * d) / h];
}

function normalEquations(u: number[], y: number[], used: boolean[], p: Params): { jtj: number[][]; jtr: number[] } {
  const jtj = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const jtr = [0, 0, 0];
  for (let i = 0; i < u.length; i++) {
    if (!used[i]) continue;
    const j = jacobianRow(u[i]!, p);
    const r = model(u[i]!, p) - y[i]!;
    for (let a = 0; a < 3; a++) {
      jtr[a]! += j[a]! * r;
      for (let b = 0; b < 3; b++) jtj[a]![b]! += j[a]! * j[b]!;
    }
  }
  return { jtj, jtr };
}

/** (JᵀJ)⁻¹ at p, or null when singular. */
function covariance(u: number[], used: boolean[], p: Params): number[][] | null {
  const { jtj } = normalEquations(u, u.map(() => 0), used, p);
  const inv: number[][] = [];
  for (let c = 0; c < 3; c++) {
    const e = [0, 0, 0];
    e[c] = 1;
    const col = solve3(jtj, e);
    if (!col) return null;
    inv.push(col);
  }
  // inv holds columns; the matrix is symmetric, so columns = rows.
  return inv;
}

/** Solves a 3×3 system by Gaussian elimination with partial pivoting; null when singular. */
function solve3(m: number[][], v: number[]): [number, number, number] | null {
  const a = m.map((row, i) => [...row, v[i]!]);
  for (let col = 0; col < 3; col++) {
    let pivot = col;
    for (let r = col + 1; r < 3; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (!(Math.abs(a[pivot]![col]!) > 1e-300)) return null;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let r = 0; r < 3; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / a[col]![col]!;
      for (let c = col; c < 4; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  const x: [number, number, number] = [a[0]![3]! / a[0]![0]!, a[1]![3]! / a[1]![1]!, a[2]![3]! / a[2]![2]!];
  return x.every(Number.isFinite) ? x : null;
}

function medianOf(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((p, q) => p - q);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(6);
}

// ---------------------------------------------------------------------------------------------
// Focus runs in a night
// ---------------------------------------------------------------------------------------------

/** The header keywords a focuser position is read from, in order. */
export const FOCUS_KEYWORDS = ['FOCUS', 'FOCPOS', 'FOCUSPOS', 'FOC-POS'] as const;

/**
 * The frames of the latest focus run in time order: the longest-ending, most recent stretch of
 * consecutive frames whose focus changes at every frame in one direction (a sweep; observers
 * sweep one way to keep the focuser's backlash out). Returns indices into `focus`, or [] when
 * no run of at least `minLength` frames exists.
 */
export function latestFocusRun(focus: readonly (number | null)[], minLength = 5): number[] {
  let best: number[] = [];
  let run: number[] = [];
  let direction = 0;
  const close = () => {
    if (run.length >= minLength) best = run;
  };
  for (let i = 0; i < focus.length; i++) {
    const f = focus[i];
    if (f === null || f === undefined || !Number.isFinite(f)) {
      close();
      run = [];
      direction = 0;
      continue;
    }
    const prevIndex = run[run.length - 1];
    const prev = prevIndex === undefined ? null : focus[prevIndex]!;
    const step = prev === null ? 0 : Math.sign(f - prev);
    if (prev === null) run = [i];
    else if (step !== 0 && (direction === 0 || step === direction)) {
      run.push(i);
      direction = step;
    } else {
      close();
      // A changed direction starts a new sweep from the previous frame; an unchanged focus, from this one.
      run = step === 0 ? [i] : [prevIndex!, i];
      direction = step;
    }
  }
  close();
  return best;
}

/**
 * The focuser position of a frame: the value of `key` when given, else of the first of
 * FOCUS_KEYWORDS present. Numeric strings count (some controllers write '12345').
 */
export function readFocusValue(get: (keyword: string) => unknown, key?: string): { key: string; value: number } | null {
  for (const k of key ? [key.toUpperCase()] : FOCUS_KEYWORDS) {
    const raw = get(k);
    const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw.trim()) : NaN;
    if (Number.isFinite(value)) return { key: k, value };
  }
  return null;
}

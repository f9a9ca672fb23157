/**
 * Frame grading: each frame of a night judged against the observer's criteria (FWHM,
 * elongation, star count, sky level, sky relative to the night's median), with the reasons
 * it fails, and the observer's own approve/reject overriding the automatic verdict.
 * Pure: shared by the host (getGrading), the CLI (nightdeck grade) and the console.
 */

export interface GradingCriteria {
  /** Largest acceptable median FWHM (pixels); null = not checked. */
  maxFwhmPx: number | null;
  /** Largest acceptable median elongation (major/minor axis). */
  maxElongation: number | null;
  /** Fewest stars a good frame shows (clouds, a closed dome, a lost pointing show few). */
  minStars: number | null;
  /** Highest acceptable sky background (ADU). */
  maxSkyAdu: number | null;
  /** Highest acceptable sky as a multiple of the night's median sky (moon, clouds lit by a town, dawn). */
  maxSkyOverMedian: number | null;
}

export const DEFAULT_GRADING_CRITERIA: Readonly<GradingCriteria> = {
  maxFwhmPx: 5,
  maxElongation: 1.5,
  minStars: 10,
  maxSkyAdu: null,
  maxSkyOverMedian: 2,
};

export type AutoVerdict = 'good' | 'bad' | 'pending';
export type ManualVerdict = 'good' | 'bad';

/** What grading needs of a frame (nulls when not measured yet). */
export interface GradableFrame {
  id: number;
  fwhmPx: number | null;
  elongation: number | null;
  starCount: number | null;
  sky: number | null;
}

export interface FrameGrade {
  id: number;
  /** The verdict that counts: the override when there is one, else the automatic one. */
  verdict: AutoVerdict;
  auto: AutoVerdict;
  override: ManualVerdict | null;
  /** Why the automatic verdict is bad (or pending); empty when good. */
  reasons: string[];
}

function finite(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Median of the measured skies of the night, or null when none is measured. */
export function medianSky(frames: readonly GradableFrame[]): number | null {
  const skies = frames.map((f) => f.sky).filter(finite).sort((a, b) => a - b);
  if (skies.length === 0) return null;
  const mid = skies.length >> 1;
  return skies.length % 2 ? skies[mid]! : (skies[mid - 1]! + skies[mid]!) / 2;
}

const fmt = (v: number, digits: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(digits));

/** The automatic verdict of one frame with its reasons. */
export function gradeFrame(f: GradableFrame, c: GradingCriteria, nightMedianSky: number | null): { auto: AutoVerdict; reasons: string[] } {
  if (!finite(f.starCount) && !finite(f.sky)) return { auto: 'pending', reasons: ['not measured yet'] };
  const reasons: string[] = [];
  if (finite(c.maxFwhmPx)) {
    if (finite(f.fwhmPx) && f.fwhmPx > c.maxFwhmPx) reasons.push(`FWHM ${fmt(f.fwhmPx, 2)} px > ${fmt(c.maxFwhmPx, 2)}`);
    else if (!finite(f.fwhmPx) && finite(f.starCount)) reasons.push('no FWHM: no star measured');
  }
  if (finite(c.maxElongation) && finite(f.elongation) && f.elongation > c.maxElongation) {
    reasons.push(`elongation ${fmt(f.elongation, 2)} > ${fmt(c.maxElongation, 2)}`);
  }
  if (finite(c.minStars) && finite(f.starCount) && f.starCount < c.minStars) reasons.push(`${f.starCount} stars < ${c.minStars}`);
  if (finite(c.maxSkyAdu) && finite(f.sky) && f.sky > c.maxSkyAdu) reasons.push(`sky ${fmt(f.sky, 0)} ADU > ${fmt(c.maxSkyAdu, 0)}`);
  if (finite(c.maxSkyOverMedian) && finite(f.sky) && finite(nightMedianSky) && nightMedianSky > 0 && f.sky > c.maxSkyOverMedian * nightMedianSky) {
    reasons.push(`sky ${(f.sky / nightMedianSky).toFixed(1)}× the night's median > ${fmt(c.maxSkyOverMedian, 1)}×`);
  }
  return { auto: reasons.length ? 'bad' : 'good', reasons };
}

/** Grades a night: automatic verdicts against the night's median sky, then the overrides. */
export function gradeNight(
  frames: readonly GradableFrame[],
  criteria: GradingCriteria,
  overrides: ReadonlyMap<number, ManualVerdict>,
): { medianSky: number | null; grades: FrameGrade[] } {
  const nightMedianSky = medianSky(frames);
  const grades = frames.map((f) => {
    const { auto, reasons } = gradeFrame(f, criteria, nightMedianSky);
    const override = overrides.get(f.id) ?? null;
    return { id: f.id, verdict: override ?? auto, auto, override, reasons };
  });
  return { medianSky: nightMedianSky, grades };
}

/** Problems of a criteria object (negative or non-finite limits), each naming its field. */
export function criteriaProblems(c: Partial<Record<keyof GradingCriteria, unknown>>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(DEFAULT_GRADING_CRITERIA) as (keyof GradingCriteria)[]) {
    const v = c[key];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) problems.push(`${key} must be a positive number or null, got ${JSON.stringify(v)}`);
    else if (key === 'maxElongation' && v < 1) problems.push(`maxElongation must be at least 1 (a round star), got ${v}`);
  }
  return problems;
}

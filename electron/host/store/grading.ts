/**
 * Grading in the catalogue: each night's criteria and the observer's verdicts on single
 * frames (schema version 7), and the grading report of a night built from the catalogue's
 * measurements. Shared by the host's operations and `nightdeck grade`.
 */
import type { Db } from './db.js';
import { StoreError } from './errors.js';
import { isNightName } from './night.js';
import { MAX_PAGE_SIZE } from './catalogue.js';
import type { FrameRecord } from './catalogue-types.js';
import {
  DEFAULT_GRADING_CRITERIA,
  criteriaProblems,
  gradeNight,
  type AutoVerdict,
  type GradableFrame,
  type GradingCriteria,
  type ManualVerdict,
} from '../../../native-workers/analysis/grading.js';

export interface GradedFrame {
  id: number;
  name: string;
  dateObs: string | null;
  object: string | null;
  filter: string | null;
  fwhmPx: number | null;
  elongation: number | null;
  starCount: number | null;
  sky: number | null;
  verdict: AutoVerdict;
  auto: AutoVerdict;
  override: ManualVerdict | null;
  reasons: string[];
}

export interface NightGrading {
  night: string;
  criteria: GradingCriteria;
  /** True when the night has no stored criteria and the defaults apply. */
  defaults: boolean;
  medianSky: number | null;
  frames: GradedFrame[];
  counts: Record<AutoVerdict, number>;
}

/** The one catalogue read grading needs (the Catalogue, or the host's port onto it). */
export interface FrameLister {
  listFrames(q: { night: string; sort: 'time'; order: 'asc'; offset: number; limit: number }): { frames: FrameRecord[] };
}

function requireNight(night: string): void {
  if (!isNightName(night)) throw new StoreError('BAD_ARGUMENT', `not a night name (YYYYMMDD): '${night}'`);
}

export class GradingStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The night's criteria, or the defaults when none were set. */
  criteria(night: string): { criteria: GradingCriteria; defaults: boolean } {
    requireNight(night);
    const row = this.db.prepare('SELECT criteria FROM grading_criteria WHERE night = ?').get(night) as { criteria: string } | undefined;
    if (!row) return { criteria: { ...DEFAULT_GRADING_CRITERIA }, defaults: true };
    return { criteria: { ...DEFAULT_GRADING_CRITERIA, ...(JSON.parse(row.criteria) as Partial<GradingCriteria>) }, defaults: false };
  }

  /** Stores the night's criteria: given fields replace the current ones, null switches a check off. */
  setCriteria(night: string, patch: Partial<GradingCriteria>): GradingCriteria {
    requireNight(night);
    const problems = criteriaProblems(patch);
    if (problems.length) throw new StoreError('BAD_ARGUMENT', `invalid grading criteria: ${problems.join('; ')}`);
    return this.db
      .transaction(() => {
        const next = { ...this.criteria(night).criteria };
        for (const key of Object.keys(DEFAULT_GRADING_CRITERIA) as (keyof GradingCriteria)[]) {
          if (patch[key] !== undefined) next[key] = patch[key];
        }
        this.db
          .prepare('INSERT INTO grading_criteria (night, criteria, updated_at) VALUES (?, ?, ?) ON CONFLICT (night) DO UPDATE SET criteria = excluded.criteria, updated_at = excluded.updated_at')
          .run(night, JSON.stringify(next), this.now().toISOString());
        return next;
      })
      .immediate();
  }

  /** Approves ('good') or rejects ('bad') a frame by hand; null returns it to the automatic verdict. */
  setVerdict(frameId: number, verdict: ManualVerdict | null): void {
    this.db
      .transaction(() => {
        if (!this.db.prepare('SELECT 1 FROM frames WHERE id = ?').get(frameId)) throw new StoreError('NOT_FOUND', `no frame with id ${frameId}`);
        if (verdict === null) this.db.prepare('DELETE FROM frame_verdicts WHERE frame_id = ?').run(frameId);
        else {
          this.db
            .prepare('INSERT INTO frame_verdicts (frame_id, verdict, set_at) VALUES (?, ?, ?) ON CONFLICT (frame_id) DO UPDATE SET verdict = excluded.verdict, set_at = excluded.set_at')
            .run(frameId, verdict, this.now().toISOString());
        }
      })
      .immediate();
  }

  /** The manual verdicts of a night's frames. */
  overrides(night: string): Map<number, ManualVerdict> {
    const rows = this.db
      .prepare('SELECT v.frame_id AS id, v.verdict AS verdict FROM frame_verdicts v JOIN frames f ON f.id = v.frame_id WHERE f.night = ?')
      .all(night) as { id: number; verdict: ManualVerdict }[];
    return new Map(rows.map((r) => [r.id, r.verdict]));
  }

  /** The night's frames in time order, each graded with its reasons. */
  gradeNight(catalogue: FrameLister, night: string, adjust: Partial<GradingCriteria> = {}): NightGrading {
    const problems = criteriaProblems(adjust);
    if (problems.length) throw new StoreError('BAD_ARGUMENT', `invalid grading criteria: ${problems.join('; ')}`);
    const stored = this.criteria(night);
    const criteria = { ...stored.criteria };
    for (const key of Object.keys(DEFAULT_GRADING_CRITERIA) as (keyof GradingCriteria)[]) if (adjust[key] !== undefined) criteria[key] = adjust[key];
    const defaults = stored.defaults && Object.values(adjust).every((v) => v === undefined);
    const records: FrameRecord[] = [];
    for (let offset = 0; ; offset += MAX_PAGE_SIZE) {
      const page = catalogue.listFrames({ night, sort: 'time', order: 'asc', offset, limit: MAX_PAGE_SIZE });
      records.push(...page.frames);
      if (page.frames.length < MAX_PAGE_SIZE) break;
    }
    const measured = records.map(gradable);
    const { medianSky, grades } = gradeNight(measured, criteria, this.overrides(night));
    const counts: Record<AutoVerdict, number> = { good: 0, bad: 0, pending: 0 };
    const frames = records.map((r, i): GradedFrame => {
      const g = grades[i]!;
      const m = measured[i]!;
      counts[g.verdict]++;
      return {
        id: r.id,
        name: r.name,
        dateObs: r.summary?.dateObs ?? null,
        object: r.summary?.object ?? null,
        filter: r.summary?.filter ?? null,
        fwhmPx: m.fwhmPx,
        elongation: m.elongation,
        starCount: m.starCount,
        sky: m.sky,
        verdict: g.verdict,
        auto: g.auto,
        override: g.override,
        reasons: g.reasons,
      };
    });
    return { night, criteria, defaults, medianSky, frames, counts };
  }
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** A frame's measurements from the catalogue: quality's background as the sky, else the statistics' sky. */
function gradable(r: FrameRecord): GradableFrame {
  const q = r.quality ?? {};
  return {
    id: r.id,
    fwhmPx: num(q.fwhmMedianPx),
    elongation: num(q.elongationMedian),
    starCount: num(q.starCount),
    sky: num(q.background) ?? num(r.stats?.sky),
  };
}

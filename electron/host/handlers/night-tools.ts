/** The observer's night tools: the focus curve of a run and the grading of a night's frames. */
import type { HostServices } from '../services.js';
import type { FrameRecord } from '../store/catalogue-types.js';
import { HostError } from '../errors.js';
import { MAX_PAGE_SIZE } from '../store/catalogue.js';
import { analysis, frameRef, imageHdu } from './frame-access.js';
import { storeAnalysis } from './persist.js';
import type { HandlerGroup } from './types.js';
import type { FocusCurve } from '../api.js';
import { FocusFitError, fitFocusCurve, latestFocusRun, readFocusValue } from '../../../native-workers/analysis/focus-curve.js';

type NightToolOps = 'getFocusCurve' | 'getGrading' | 'setGradingCriteria' | 'setFrameVerdict';

/** A header lookup over every HDU of a frame, primary first. */
function headerLookup(r: FrameRecord): (keyword: string) => unknown {
  const hdus = r.summary?.headers ?? [];
  return (keyword) => {
    for (const cards of hdus) {
      const card = cards.find((c) => c.key === keyword);
      if (card) return card.value;
    }
    return undefined;
  };
}

function nightFrames(s: HostServices, night: string): FrameRecord[] {
  const out: FrameRecord[] = [];
  for (let offset = 0; ; offset += MAX_PAGE_SIZE) {
    const page = s.catalogue.listFrames({ night, sort: 'time', order: 'asc', offset, limit: MAX_PAGE_SIZE });
    out.push(...page.frames);
    if (page.frames.length < MAX_PAGE_SIZE) return out;
  }
}

/** The frame's median FWHM and star count: from the catalogue, else measured now (and remembered). */
async function measured(s: HostServices, r: FrameRecord, signal?: AbortSignal): Promise<{ fwhmPx: number | null; starCount: number | null }> {
  const fromQuality = (q: Record<string, unknown> | null) => ({
    fwhmPx: typeof q?.fwhmMedianPx === 'number' ? q.fwhmMedianPx : null,
    starCount: typeof q?.starCount === 'number' ? q.starCount : null,
  });
  if (r.quality) return fromQuality(r.quality);
  if (r.status === 'error') return { fwhmPx: null, starCount: null };
  try {
    const fileRef = await frameRef(s, r, undefined, signal);
    const hdu = imageHdu(await analysis.info(s, fileRef, signal), undefined);
    const q = (await analysis.quality(s, { ...fileRef, hdu: hdu.index }, signal)) as unknown as Record<string, unknown>;
    storeAnalysis(s, r.id, 'quality', q);
    return fromQuality(q);
  } catch (err) {
    s.logger.debug({ id: r.id, err: (err as Error).message }, 'focus curve: frame not measured');
    return { fwhmPx: null, starCount: null };
  }
}

export function nightToolHandlers(s: HostServices): HandlerGroup<NightToolOps> {
  const grading = () => s.grading;

  return {
    async getFocusCurve(req, ctx) {
      const empty = (basis: FocusCurve['basis'], code: string, message: string): FocusCurve => ({
        basis, key: null, points: [], fit: null, bestFocus: null, bestFocusError: null, minFwhmPx: null, problem: { code, message },
      });
      let records: FrameRecord[];
      let basis: FocusCurve['basis'];
      if (req.ids) {
        basis = 'selection';
        records = req.ids.map((id) => {
          const r = s.catalogue.getById(id);
          if (!r) throw new HostError('NOT_FOUND', `no frame with id ${id}`);
          return r;
        });
      } else {
        basis = 'run';
        const night = req.night ?? s.catalogue.listNights()[0]?.night;
        if (!night) return empty(basis, 'NO_RUN', 'no night has frames yet');
        const all = nightFrames(s, night).map((r) => s.catalogue.getById(r.id) ?? r);
        const run = latestFocusRun(all.map((r) => readFocusValue(headerLookup(r), req.key)?.value ?? null));
        if (run.length === 0) {
          return empty(basis, 'NO_RUN', `night ${night} has no focus run: no 5 consecutive frames whose ${req.key ?? 'FOCUS'} value changes one way`);
        }
        records = run.map((i) => all[i]!);
      }
      const focusOf = records.map((r) => readFocusValue(headerLookup(r), req.key));
      const key = focusOf.find((f) => f !== null)?.key ?? null;
      const points: FocusCurve['points'] = [];
      for (const [i, r] of records.entries()) {
        const m = await measured(s, r, ctx.signal);
        points.push({ id: r.id, name: r.name, dateObs: r.summary?.dateObs ?? null, focus: focusOf[i]?.value ?? null, fwhmPx: m.fwhmPx, starCount: m.starCount, used: false });
      }
      const fittable = points.filter((p) => p.focus !== null && p.fwhmPx !== null);
      const base = { basis, key, points, fit: null, bestFocus: null, bestFocusError: null, minFwhmPx: null, problem: null };
      if (points.filter((p) => p.focus !== null).length < 5) {
        const keys = req.key ?? 'FOCUS, FOCPOS, FOCUSPOS or FOC-POS';
        return { ...base, problem: { code: 'TOO_FEW_POINTS', message: `a focus curve needs at least 5 frames with a focus value (${keys}), got ${points.filter((p) => p.focus !== null).length}` } };
      }
      try {
        const fit = fitFocusCurve(fittable.map((p) => ({ focus: p.focus!, fwhmPx: p.fwhmPx! })));
        fittable.forEach((p, i) => (p.used = fit.used[i]!));
        return {
          ...base,
          fit: fit.fit,
          bestFocus: fit.bestFocus,
          bestFocusError: Number.isFinite(fit.bestFocusError) ? fit.bestFocusError : null,
          minFwhmPx: fit.minFwhmPx,
        };
      } catch (err) {
        if (err instanceof FocusFitError) return { ...base, problem: { code: err.code, message: err.message } };
        throw err;
      }
    },

    async getGrading(req) {
      return grading().gradeNight(s.catalogue, req.night);
    },

    async setGradingCriteria(req) {
      grading().setCriteria(req.night, req.criteria);
      s.emit('gradingChanged', { night: req.night });
      return grading().gradeNight(s.catalogue, req.night);
    },

    async setFrameVerdict(req) {
      const record = s.catalogue.getById(req.id);
      if (!record) throw new HostError('NOT_FOUND', `no frame with id ${req.id}`);
      grading().setVerdict(req.id, req.verdict);
      s.emit('gradingChanged', { night: record.night });
      const frame = grading().gradeNight(s.catalogue, record.night).frames.find((f) => f.id === req.id);
      if (!frame) throw new HostError('NOT_FOUND', `frame ${req.id} left night ${record.night}`);
      return frame;
    },
  };
}

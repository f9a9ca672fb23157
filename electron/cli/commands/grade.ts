/**
 * `nightdeck grade --night YYYYMMDD [...]`: each frame of a night in the catalogue with its
 * verdict (good, bad, pending) and the reasons, against the night's criteria (as set in the
 * console) adjusted by the options; `--list good|bad` prints only file names for scripts.
 */
import type { CliCommand } from '../command.js';
import { UsageError, parseCommandArgs } from '../command.js';
import { siteLongitudeDeg, withDatabase } from './store-access.js';
import { Catalogue } from '../../host/store/catalogue.js';
import { GradingStore, type NightGrading } from '../../host/store/grading.js';
import type { GradingCriteria } from '../../../native-workers/analysis/grading.js';

const usage = `Usage: nightdeck grade --night YYYYMMDD [--max-fwhm PX] [--max-elongation E] [--min-stars N]
                       [--max-sky ADU] [--max-sky-ratio R] [--save] [--json | --list good|bad]
Grades every frame of a night in the catalogue (frames the host has measured) against the
night's criteria, as set in the console's frame list (defaults: FWHM ≤ 5 px, elongation ≤ 1.5,
at least 10 stars, sky ≤ 2× the night's median). Manual approve/reject from the console wins.
  --max-fwhm PX        largest median FWHM in pixels        (0 = do not check)
  --max-elongation E   largest median elongation (≥ 1)      (0 = do not check)
  --min-stars N        fewest stars                          (0 = do not check)
  --max-sky ADU        highest sky background                (0 = do not check)
  --max-sky-ratio R    highest sky over the night's median   (0 = do not check)
  --save               store these criteria as the night's (the console sees them)
  --json               {"night", "criteria", "defaults", "medianSky", "counts", "frames": [{"id", "name",
                        "verdict", "auto", "override", "reasons", "fwhmPx", "elongation", "starCount", "sky", ...}]}
  --list good|bad      only the names of the good (or bad) frames, one per line`;

function limit(text: string | undefined, option: string, integer = false): number | null | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v < 0 || (integer && !Number.isInteger(v))) {
    throw new UsageError(`${option} must be a ${integer ? 'whole' : ''} number ≥ 0 (0 = do not check), got '${text}'`);
  }
  return v === 0 ? null : v;
}

function describeCriteria(c: GradingCriteria, medianSky: number | null): string {
  const parts: string[] = [];
  if (c.maxFwhmPx !== null) parts.push(`FWHM ≤ ${c.maxFwhmPx} px`);
  if (c.maxElongation !== null) parts.push(`elongation ≤ ${c.maxElongation}`);
  if (c.minStars !== null) parts.push(`stars ≥ ${c.minStars}`);
  if (c.maxSkyAdu !== null) parts.push(`sky ≤ ${c.maxSkyAdu} ADU`);
  if (c.maxSkyOverMedian !== null) parts.push(`sky ≤ ${c.maxSkyOverMedian}× median${medianSky === null ? '' : ` (${medianSky.toFixed(0)})`}`);
  return parts.length ? parts.join(', ') : 'no checks';
}

export function formatGrading(g: NightGrading): string {
  const lines = [
    `night ${g.night}: ${g.counts.good} good, ${g.counts.bad} bad, ${g.counts.pending} pending — ${describeCriteria(g.criteria, g.medianSky)}${g.defaults ? ' (defaults)' : ''}`,
  ];
  for (const f of g.frames) {
    const mark = f.override ? `${f.verdict} (by hand)` : f.verdict;
    lines.push(`${mark.padEnd(14)} ${f.name}${f.reasons.length && f.auto !== 'good' ? `  ${f.reasons.join('; ')}` : ''}`);
  }
  return lines.join('\n');
}

const command: CliCommand = {
  summary: 'grade the frames of a night: good / bad with reasons, or the list of good frames for scripts',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: {
        night: { type: 'string' },
        'max-fwhm': { type: 'string' },
        'max-elongation': { type: 'string' },
        'min-stars': { type: 'string' },
        'max-sky': { type: 'string' },
        'max-sky-ratio': { type: 'string' },
        save: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        list: { type: 'string' },
      },
    });
    void positionals;
    if (!values.night || !/^\d{8}$/.test(values.night)) throw new UsageError(`--night YYYYMMDD is required${values.night ? `, got '${values.night}'` : ''}`);
    if (values.list !== undefined && values.list !== 'good' && values.list !== 'bad') throw new UsageError(`--list takes good or bad, got '${values.list}'`);
    if (values.list !== undefined && values.json) throw new UsageError('--list and --json exclude each other');
    const adjust: Partial<GradingCriteria> = {};
    const set = (key: keyof GradingCriteria, v: number | null | undefined) => {
      if (v !== undefined) adjust[key] = v;
    };
    set('maxFwhmPx', limit(values['max-fwhm'], '--max-fwhm'));
    const elong = limit(values['max-elongation'], '--max-elongation');
    if (typeof elong === 'number' && elong < 1) throw new UsageError(`--max-elongation must be at least 1 (a round star), got '${values['max-elongation']}'`);
    set('maxElongation', elong);
    set('minStars', limit(values['min-stars'], '--min-stars', true));
    set('maxSkyAdu', limit(values['max-sky'], '--max-sky'));
    set('maxSkyOverMedian', limit(values['max-sky-ratio'], '--max-sky-ratio'));
    const night = values.night;

    const grading = await withDatabase((db) => {
      const store = new GradingStore(db);
      if (values.save) store.setCriteria(night, adjust);
      return store.gradeNight(new Catalogue(db, { siteLongitudeDeg: siteLongitudeDeg() }), night, values.save ? {} : adjust);
    });
    if (values.list) {
      const names = grading.frames.filter((f) => f.verdict === values.list).map((f) => f.name);
      if (names.length) io.stdout(names.join('\n'));
    } else if (values.json) io.stdout(JSON.stringify(grading));
    else io.stdout(formatGrading(grading));
    return 0;
  },
};

export default command;

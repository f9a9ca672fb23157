/** `nightdeck focus FILE... [--key FOCUS] [--json]`: the V-curve of a focus run and its best focus. */
import type { CliCommand } from '../command.js';
import { UsageError, parseCommandArgs } from '../command.js';
import { readFitsFile } from '../../../native-workers/fits/file.js';
import { readImage, selectImageHdu } from '../../../native-workers/fits/image.js';
import { measureQuality } from '../../../native-workers/analysis/quality.js';
import { FocusFitError, fitFocusCurve, readFocusValue, type FocusFit } from '../../../native-workers/analysis/focus-curve.js';
import { basename } from 'node:path';
import { jsonNumber } from './analysis-args.js';

const usage = `Usage: nightdeck focus FILE... [--key KEYWORD] [--json]
Measures each frame's median FWHM (as nightdeck quality does) and fits the focus V-curve
FWHM(f) = sqrt(a² + (b·(f − f0))²) by least squares, rejecting outliers; prints the best
focus f0 with its 1-sigma uncertainty. Needs at least 5 frames with a focus value, and
a curve whose minimum lies inside the focus range covered.
  --key KEYWORD  header keyword of the focuser position (default: the first of FOCUS,
                 FOCPOS, FOCUSPOS, FOC-POS present)
  --json         {"bestFocus", "bestFocusError", "minFwhmPx", "fit": {"a", "b", "f0"},
                  "points": [{"file", "focus", "fwhmPx", "starCount", "used"}]}`;

export interface FocusPointReport {
  file: string;
  focus: number | null;
  fwhmPx: number | null;
  starCount: number;
  used: boolean;
}

/** Measures one file: its focus value (image HDU, else primary header) and quality. */
async function measureFile(file: string, key: string | undefined): Promise<FocusPointReport> {
  const fits = await readFitsFile(file);
  const hdu = selectImageHdu(fits);
  const primary = fits.hdus[0]!;
  const focus = readFocusValue((k) => hdu.header.get(k) ?? primary.header.get(k), key);
  const saturate = hdu.header.get('SATURATE');
  const image = readImage(fits, hdu.index, { inPlace: true });
  const q = measureQuality(image, typeof saturate === 'number' && saturate > 0 ? { saturation: saturate } : {});
  return { file, focus: focus?.value ?? null, fwhmPx: q.fwhmMedianPx, starCount: q.starCount, used: false };
}

function formatText(fit: FocusFit, points: FocusPointReport[]): string {
  const lines = [
    `best focus   ${fit.bestFocus.toFixed(2)} ± ${fit.bestFocusError.toFixed(2)}`,
    `min FWHM     ${fit.minFwhmPx.toFixed(3)} px`,
    `fit          a = ${fit.fit.a.toFixed(4)} px, b = ${fit.fit.b.toPrecision(4)} px/step, f0 = ${fit.fit.f0.toFixed(3)}, rms ${fit.rmsPx.toFixed(3)} px`,
    '',
    'focus        FWHM px  stars  used  file',
  ];
  for (const p of points) {
    lines.push(
      `${(p.focus === null ? 'n/a' : String(p.focus)).padEnd(12)} ${(p.fwhmPx === null ? 'n/a' : p.fwhmPx.toFixed(3)).padStart(7)}  ${String(p.starCount).padStart(5)}  ${p.used ? 'yes ' : 'no  '}  ${basename(p.file)}`,
    );
  }
  return lines.join('\n');
}

const command: CliCommand = {
  summary: 'focus curve: fit FWHM against the focuser position over a focus run, print the best focus',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { key: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
    if (positionals.length === 0) throw new UsageError('focus needs the FILEs of a focus run');
    if (values.key !== undefined && !/^[A-Za-z0-9_-]{1,8}$/.test(values.key)) throw new UsageError(`--key must be a FITS keyword, got '${values.key}'`);
    const points: FocusPointReport[] = [];
    for (const file of positionals) points.push(await measureFile(file, values.key));
    const withFocus = points.filter((p) => p.focus !== null);
    if (withFocus.length < 5) {
      const keys = values.key ? values.key.toUpperCase() : 'FOCUS, FOCPOS, FOCUSPOS or FOC-POS';
      throw new FocusFitError('TOO_FEW_POINTS', `a focus curve needs at least 5 frames with a focus value (${keys}), got ${withFocus.length} of ${points.length}`);
    }
    const fittable = points.filter((p) => p.focus !== null && p.fwhmPx !== null);
    const fit = fitFocusCurve(fittable.map((p) => ({ focus: p.focus!, fwhmPx: p.fwhmPx! })));
    fittable.forEach((p, i) => (p.used = fit.used[i]!));
    if (values.json) {
      io.stdout(
        JSON.stringify({
          bestFocus: fit.bestFocus,
          bestFocusError: jsonNumber(fit.bestFocusError),
          minFwhmPx: fit.minFwhmPx,
          fit: fit.fit,
          points,
        }),
      );
    } else io.stdout(formatText(fit, points));
    return 0;
  },
};

export default command;

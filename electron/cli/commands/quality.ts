/** `nightdeck quality FILE [--json] [--hdu N]`: sky, noise, stars, FWHM, elongation, saturation. */
import type { CliCommand } from '../command.js';
import { readFitsFile } from '../../../native-workers/fits/file.js';
import { readImage, selectImageHdu } from '../../../native-workers/fits/image.js';
import { measureQuality, type FrameQuality } from '../../../native-workers/analysis/quality.js';
import { UsageError } from '../command.js';
import { PLANE_USAGE, parseFileArgs, parseHdu, parsePlane } from './analysis-args.js';

const usage = `Usage: nightdeck quality FILE [--json] [--hdu N] [--plane K] [--k SIGMA] [--saturation ADU]
Frame quality: background and noise (3-sigma clipped), stars detected k sigma above the sky
(local maxima, not saturated, away from the edges), their median FWHM (adaptive second
moments) and elongation, and the number of saturated pixels.
  --json          one JSON object: background, noise, starCount, fwhmMedianPx, elongationMedian,
                  saturatedPixels and sources [{x, y, peak, flux, fwhmPx, elongation}] (0-based pixels)
  --k SIGMA       detection threshold (default 5)
  --saturation V  saturation level (default SATURATE from the header, else the integer type's maximum)
  --hdu N         0-based HDU (default: the first image HDU with data)
${PLANE_USAGE}`;

function positiveNumber(text: unknown, option: string): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!Number.isFinite(v) || v <= 0) throw new UsageError(`${option} must be a positive number, got '${String(text)}'`);
  return v;
}

export function formatQuality(q: FrameQuality): string {
  const px = (v: number | null): string => (v === null ? 'n/a' : `${v.toFixed(2)} px`);
  return [
    `background        ${q.background}`,
    `noise             ${q.noise}`,
    `stars             ${q.starCount}`,
    `fwhm (median)     ${px(q.fwhmMedianPx)}`,
    `elongation        ${q.elongationMedian === null ? 'n/a' : q.elongationMedian.toFixed(3)}`,
    `saturated pixels  ${q.saturatedPixels}`,
  ].join('\n');
}

const command: CliCommand = {
  summary: 'frame quality: sky, noise, star count, median FWHM, elongation, saturated pixels',
  usage,
  async run(argv, io) {
    const { file, values } = parseFileArgs(
      argv,
      { json: { type: 'boolean', default: false }, hdu: { type: 'string' }, plane: { type: 'string' }, k: { type: 'string' }, saturation: { type: 'string' } },
      'quality',
    );
    const k = positiveNumber(values.k, '--k');
    const fits = await readFitsFile(file);
    const hdu = selectImageHdu(fits, parseHdu(values.hdu));
    const saturate = hdu.header.get('SATURATE');
    const saturation = positiveNumber(values.saturation, '--saturation') ?? (typeof saturate === 'number' ? saturate : undefined);
    const plane = parsePlane(values.plane);
    const image = readImage(fits, hdu.index, { inPlace: true, plane });
    const q = measureQuality(image, { ...(k !== undefined ? { k } : {}), ...(saturation !== undefined ? { saturation } : {}) });
    io.stdout(values.json ? JSON.stringify({ ...q, plane }) : `${formatQuality(q)}\nplane             ${plane}`);
    return 0;
  },
};

export default command;

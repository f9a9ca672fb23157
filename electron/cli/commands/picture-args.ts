/**
 * Options shared by the picture commands (thumb, color): size, label, quality,
 * median, stretch and the output file whose extension picks JPEG or PNG.
 */
import { UsageError } from '../command.js';
import type { ThumbnailOptions, PictureFormat } from '../../../native-workers/analysis/thumbnail.js';

export const pictureOptions = {
  out: { type: 'string' },
  width: { type: 'string' },
  height: { type: 'string' },
  label: { type: 'string' },
  quality: { type: 'string' },
  median: { type: 'boolean', default: false },
  stretch: { type: 'string' },
  format: { type: 'string' },
} as const;

function positiveInt(text: unknown, option: string, max: number): number | undefined {
  if (text === undefined) return undefined;
  const s = String(text);
  if (!/^\d+$/.test(s) || Number(s) < 1 || Number(s) > max) throw new UsageError(`${option} must be an integer 1..${max}, got '${s}'`);
  return Number(s);
}

export interface PictureArgs {
  out: string;
  options: ThumbnailOptions;
}

export function parsePictureArgs(values: Record<string, unknown>): PictureArgs {
  if (typeof values.out !== 'string' || values.out === '') throw new UsageError('--out FILE is required (.jpg, .jpeg or .png)');
  const out = values.out;
  const format = parseFormat(values.format, out);
  const stretch = values.stretch === undefined ? 'zscale' : String(values.stretch);
  if (stretch !== 'zscale' && stretch !== 'minmax' && stretch !== 'percentile') {
    throw new UsageError(`--stretch must be zscale, minmax or percentile, got '${stretch}'`);
  }
  const width = positiveInt(values.width, '--width', 16384);
  const height = positiveInt(values.height, '--height', 16384);
  const quality = positiveInt(values.quality, '--quality', 100);
  return {
    out,
    options: {
      ...(width !== undefined ? { width } : {}),
      ...(height !== undefined ? { height } : {}),
      ...(typeof values.label === 'string' && values.label !== '' ? { label: values.label } : {}),
      ...(quality !== undefined ? { quality } : {}),
      median: values.median === true,
      stretch,
      format,
    },
  };
}

function parseFormat(text: unknown, out: string): PictureFormat {
  if (text !== undefined) {
    if (text === 'jpeg' || text === 'jpg') return 'jpeg';
    if (text === 'png') return 'png';
    throw new UsageError(`--format must be jpeg or png, got '${String(text)}'`);
  }
  return /\.png$/i.test(out) ? 'png' : 'jpeg';
}

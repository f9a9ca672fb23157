/**
 * Writes small synthetic night frames for the console's browser tests: a FITS primary image
 * (BITPIX 16 with BZERO 32768, or -32) of sky + noise + Gaussian stars, with DATE-OBS, EXPTIME,
 * FILTER, OBJECT and a TAN WCS. Written here (not by the project's writer) so the fixtures do
 * not depend on the code under test.
 */
import { writeFileSync, renameSync } from 'node:fs';
import { seeded } from '../../helpers/seeded.js';

export interface FrameSpec {
  width: number;
  height: number;
  seed: number;
  dateObs: string;
  object?: string;
  filter?: string;
  exptime?: number;
  sky?: number;
  stars?: number;
  bitpix?: 16 | -32;
}

function card(key: string, value: string | number | boolean, comment = ''): string {
  let v: string;
  if (typeof value === 'string') v = `'${value.replace(/'/g, "''").padEnd(8)}'`.padEnd(20);
  else if (typeof value === 'boolean') v = (value ? 'T' : 'F').padStart(20);
  else v = (Number.isInteger(value) ? String(value) : value.toExponential(10).toUpperCase()).padStart(20);
  const text = `${key.padEnd(8)}= ${v}${comment ? ` / ${comment}` : ''}`;
  return text.slice(0, 80).padEnd(80);
}

function pad2880(buf: Buffer, fill: number): Buffer {
  const rem = buf.length % 2880;
  return rem === 0 ? buf : Buffer.concat([buf, Buffer.alloc(2880 - rem, fill)]);
}

export function synthesize(spec: FrameSpec): Float64Array {
  const { width, height } = spec;
  const rand = seeded(spec.seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const sky = spec.sky ?? 1000;
  const img = new Float64Array(width * height);
  for (let i = 0; i < img.length; i++) img[i] = sky + 12 * gauss();
  const stars = spec.stars ?? 40;
  const sigma = 1.8;
  for (let s = 0; s < stars; s++) {
    const cx = 10 + rand() * (width - 20);
    const cy = 10 + rand() * (height - 20);
    const peak = 300 + rand() * 8000;
    const r = Math.ceil(sigma * 5);
    for (let y = Math.max(0, Math.floor(cy - r)); y < Math.min(height, Math.ceil(cy + r)); y++) {
      for (let x = Math.max(0, Math.floor(cx - r)); x < Math.min(width, Math.ceil(cx + r)); x++) {
        img[y * width + x]! += peak * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * sigma * sigma));
      }
    }
  }
  return img;
}

export function writeFrame(path: string, spec: FrameSpec): void {
  const { width, height } = spec;
  const bitpix = spec.bitpix ?? 16;
  const img = synthesize(spec);
  const cards = [
    card('SIMPLE', true),
    card('BITPIX', bitpix),
    card('NAXIS', 2),
    card('NAXIS1', width),
    card('NAXIS2', height),
    ...(bitpix === 16 ? [card('BZERO', 32768), card('BSCALE', 1)] : []),
    card('DATE-OBS', spec.dateObs, 'UTC start of exposure'),
    card('EXPTIME', spec.exptime ?? 30, 's'),
    card('FILTER', spec.filter ?? 'r'),
    card('OBJECT', spec.object ?? 'M 31'),
    card('CTYPE1', 'RA---TAN'),
    card('CTYPE2', 'DEC--TAN'),
    card('CRPIX1', width / 2 + 0.5),
    card('CRPIX2', height / 2 + 0.5),
    card('CRVAL1', 10.6847),
    card('CRVAL2', 41.2690),
    card('CD1_1', -1.5e-4),
    card('CD1_2', 0.0),
    card('CD2_1', 0.0),
    card('CD2_2', 1.5e-4),
    'END'.padEnd(80),
  ];
  const header = pad2880(Buffer.from(cards.join(''), 'ascii'), 0x20);
  const data = Buffer.alloc(width * height * (bitpix === 16 ? 2 : 4));
  for (let i = 0; i < img.length; i++) {
    if (bitpix === 16) data.writeInt16BE(Math.max(-32768, Math.min(32767, Math.round(img[i]!) - 32768)), i * 2);
    else data.writeFloatBE(img[i]!, i * 4);
  }
  // Temporary name + rename: a watcher never sees half a file.
  const tmp = `${path}.part`;
  writeFileSync(tmp, Buffer.concat([header, pad2880(data, 0)]));
  renameSync(tmp, path);
}

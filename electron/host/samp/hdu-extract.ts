/**
 * One HDU of a multi-extension frame as a file of its own, for image.load.fits: receivers open
 * a file at its first image, so an extension other than that one is written as the primary
 * HDU of a new file (its keywords kept, the structure rewritten by the FITS writer). Files go to
 * `<cache>/samp-out/` and are reused while the frame is unchanged.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadImage } from '../../../native-workers/fits/file.js';
import { writeFitsFile } from '../../../native-workers/fits/writer.js';
import type { Card } from '../../../native-workers/fits/types.js';

/** Keywords that describe a BINTABLE or tile compression, not the image (dropped from a compressed HDU's cards). */
const TABLE_OR_TILE = /^(Z[A-Z0-9_]*|T(FORM|TTYPE|TUNIT|TDIM|TNULL|TSCAL|TZERO|TYPE|UNIT|DIM|NULL|SCAL|ZERO)\d+|THEAP|TFIELDS)$/;

export async function extractHdu(opts: { cacheDir: string; path: string; version: string; hdu: number; compressed: boolean; cards: readonly Card[]; name: string }): Promise<string> {
  const dir = join(opts.cacheDir, 'samp-out');
  mkdirSync(dir, { recursive: true });
  const hash = createHash('sha256').update(`${opts.path}\n${opts.version}\n${opts.hdu}`).digest('hex').slice(0, 16);
  const stem = opts.name.replace(/\.(fits|fit|fts|fz)(\.(gz|bz2|fz))?$/i, '').replace(/[^A-Za-z0-9._+-]/g, '_').slice(0, 100);
  const out = join(dir, `${hash}-${stem}-hdu${opts.hdu}.fits`);
  if (existsSync(out)) return out;
  const image = await loadImage(opts.path, opts.hdu);
  const cards = opts.compressed ? opts.cards.filter((c) => !TABLE_OR_TILE.test(c.key)) : [...opts.cards];
  await writeFitsFile(out, [{ image: { pixels: image.pixels, shape: image.shape, bitpix: image.bitpix }, cards }]);
  return out;
}

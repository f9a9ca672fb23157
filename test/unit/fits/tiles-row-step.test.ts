/**
 * The quick look's decoder: with rowStep, only the tiles holding every rowStep-th row are
 * decoded (fpack's row tiles: one in rowStep; taller tiles: each one that holds such a row),
 * and those rows equal the full decode's.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openFits } from '../../../native-workers/fits/hdu.js';
import { decodeCompressedImage } from '../../../native-workers/fits/tiles/decode.js';
import { DEFAULT_FITS_LIMITS } from '../../../native-workers/fits/types.js';
import { writeFitsFile } from '../../../native-workers/fits/index.js';
import { generateSyntheticFrame } from '../../../native-workers/analysis/synthetic.js';
import { requireTool } from '../../helpers/python.js';
import { makeTempDir } from '../../helpers/tmp.js';

let tmp: ReturnType<typeof makeTempDir>;
const W = 50;
const H = 23;

before(async () => {
  requireTool('/usr/bin/fpack', 'libcfitsio-bin');
  tmp = makeTempDir('nightdeck-rowstep-');
  const f = generateSyntheticFrame({ width: W, height: H, seed: 9, stars: 4 });
  await writeFitsFile(join(tmp.dir, 'a.fits'), [{ image: { pixels: f.pixels, shape: [W, H], bitpix: 16 }, cards: f.cards }]);
  execFileSync('/usr/bin/fpack', ['-O', join(tmp.dir, 'rows.fits.fz'), join(tmp.dir, 'a.fits')]);
  execFileSync('/usr/bin/fpack', ['-t', `${W},5`, '-O', join(tmp.dir, 'tall.fits.fz'), join(tmp.dir, 'a.fits')]);
});
after(() => tmp?.cleanup());

function decode(name: string, rowStep?: number) {
  const file = openFits(new Uint8Array(readFileSync(join(tmp.dir, name))));
  const hdu = file.hdus[1]!;
  const data = file.bytes.subarray(hdu.dataOffset, hdu.dataOffset + hdu.dataLength);
  const tiles: number[] = [];
  const image = decodeCompressedImage(hdu.header, data, 1, DEFAULT_FITS_LIMITS, { ...(rowStep ? { rowStep } : {}), onTile: (t) => tiles.push(t) });
  return { pixels: Array.from(image.pixels as ArrayLike<number>), tiles };
}

test('row tiles: one tile in rowStep is decoded, and the sampled rows equal the full decode', () => {
  const full = decode('rows.fits.fz');
  const quick = decode('rows.fits.fz', 4);
  assert.deepEqual(quick.tiles, [0, 4, 8, 12, 16, 20]);
  for (let y = 0; y < H; y += 4) assert.deepEqual(quick.pixels.slice(y * W, (y + 1) * W), full.pixels.slice(y * W, (y + 1) * W), `row ${y}`);
  assert.ok(quick.pixels.slice(W, 2 * W).every((v) => v === 0), 'a skipped row is left at 0');
});

test('taller tiles: every tile holding a sampled row is decoded', () => {
  // Tiles of 5 rows: rows 0-4, 5-9, 10-14, 15-19, 20-22. Step 7 samples rows 0, 7, 14, 21.
  const quick = decode('tall.fits.fz', 7);
  assert.deepEqual(quick.tiles, [0, 1, 2, 4]);
  const full = decode('tall.fits.fz');
  for (const y of [0, 7, 14, 21]) assert.deepEqual(quick.pixels.slice(y * W, (y + 1) * W), full.pixels.slice(y * W, (y + 1) * W), `row ${y}`);
});

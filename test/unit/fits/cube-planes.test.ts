/**
 * Planes of data cubes, read one at a time: each plane of a plain, .gz, .bz2 and fpack-ed
 * (ZNAXIS3) cube equals numpy's slice of the same cube written by astropy, 4-D cubes are
 * indexed NAXIS3 fastest, a plane out of range is BAD_ARGUMENT naming the plane count, and
 * a compressed cube decodes only the tiles of the plane asked for.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadImage, readFitsFile } from '../../../native-workers/fits/file.js';
import { openFits } from '../../../native-workers/fits/hdu.js';
import { decodeCompressedImage } from '../../../native-workers/fits/tiles/decode.js';
import { FitsError } from '../../../native-workers/fits/errors.js';
import { DEFAULT_FITS_LIMITS } from '../../../native-workers/fits/types.js';
import { planeAxisFromHeader, planeAxisValue, planeCoordinates, planeCount } from '../../../native-workers/fits/planes.js';
import { computeStatistics } from '../../../native-workers/analysis/statistics.js';
import { requirePython, requireTool, runPython } from '../../helpers/python.js';
import { makeTempDir } from '../../helpers/tmp.js';

/** Cubes written by astropy, compressed by gzip, bzip2 and fpack; numpy's planes and statistics per plane. */
const MAKE = `
import sys, json, gzip, bz2, subprocess, numpy as np
from astropy.io import fits
d = json.load(sys.stdin)['dir']
rng = np.random.default_rng(15)
f32 = rng.normal(100, 10, (7, 10, 11)).astype('>f4'); f32[2, 3, 4] = np.nan; f32[5, :, 0] = np.nan
i16 = (rng.poisson(900, (7, 10, 11)) + np.arange(7)[:, None, None] * 50).astype('>i2')
hyper = rng.normal(0, 1, (2, 3, 10, 11)).astype('>f4') + np.arange(6).reshape(2, 3)[:, :, None, None] * 100
h = fits.PrimaryHDU(f32); h.header['CTYPE3'] = 'WAVE'; h.header['CUNIT3'] = 'Angstrom'
h.header['CRVAL3'] = 6500.0; h.header['CRPIX3'] = 2.0; h.header['CDELT3'] = 1.25
h.writeto(f'{d}/f32.fits')
fits.PrimaryHDU(i16).writeto(f'{d}/i16.fits')
fits.PrimaryHDU(hyper).writeto(f'{d}/hyper.fits')
for name in ['f32', 'i16']:
    raw = open(f'{d}/{name}.fits', 'rb').read()
    open(f'{d}/{name}.fits.gz', 'wb').write(gzip.compress(raw))
    open(f'{d}/{name}.fits.bz2', 'wb').write(bz2.compress(raw))
# fpack's default tiles (one row each) and tiles three planes deep (a tile spans planes 3..5)
subprocess.run(['fpack', '-O', f'{d}/i16.fits.fz', f'{d}/i16.fits'], check=True)
subprocess.run(['fpack', '-t', '11,10,3', '-O', f'{d}/i16-deep.fits.fz', f'{d}/i16.fits'], check=True)
subprocess.run(['fpack', '-g', '-q', '0', '-O', f'{d}/f32.fits.fz', f'{d}/f32.fits'], check=True)
def stats(a):
    n = a[~np.isnan(a)]
    v = n.astype(np.float64)
    # the median in the pixels' own type, as numpy gives it for the array
    return {'median': float(np.median(n)), 'mean': float(v.mean()), 'min': float(v.min()), 'max': float(v.max()),
            'std': float(v.std()), 'count': int(v.size), 'nanCount': int(a.size - v.size)}
def planes(a):
    flat = a.reshape((-1,) + a.shape[-2:])
    return [{'pixels': [None if np.isnan(x) else float(x) for x in p.astype(np.float64).ravel()], 'stats': stats(p)} for p in flat]
out = {'f32': planes(f32), 'i16': planes(i16), 'hyper': planes(hyper)}
# astropy's own reading of the fpack-ed (lossless GZIP) float cube
with fits.open(f'{d}/f32.fits.fz') as f:
    out['f32fz'] = planes(np.asarray(f[1].data))
# and numpy's hyper-cube index of plane p: [p // 3, p % 3]
out['hyperIndex'] = [[p // 3, p % 3] for p in range(6)]
print(json.dumps(out))
`;

interface RefPlane {
  pixels: (number | null)[];
  stats: { median: number; mean: number; min: number; max: number; std: number; count: number; nanCount: number };
}
interface Refs {
  f32: RefPlane[];
  i16: RefPlane[];
  hyper: RefPlane[];
  f32fz: RefPlane[];
}

function valuesOf(pixels: ArrayLike<number>): (number | null)[] {
  return Array.from(pixels, (v) => (Number.isNaN(v) ? null : v));
}

describe('cubes, one plane at a time', () => {
  const tmp = makeTempDir('nightdeck-cube-');
  let refs: Refs;
  before(() => {
    requirePython('astropy', 'numpy');
    requireTool('fpack', 'libcfitsio-bin');
    refs = runPython<Refs>(MAKE, { dir: tmp.dir });
  });
  after(() => tmp.cleanup());

  const cases: { file: string; ref: keyof Refs }[] = [
    { file: 'f32.fits', ref: 'f32' },
    { file: 'f32.fits.gz', ref: 'f32' },
    { file: 'f32.fits.bz2', ref: 'f32' },
    { file: 'f32.fits.fz', ref: 'f32fz' },
    { file: 'i16.fits', ref: 'i16' },
    { file: 'i16.fits.gz', ref: 'i16' },
    { file: 'i16.fits.bz2', ref: 'i16' },
    { file: 'i16.fits.fz', ref: 'i16' },
    { file: 'i16-deep.fits.fz', ref: 'i16' },
  ];
  for (const c of cases) {
    test(`${c.file}: every plane's pixels and statistics equal numpy's`, async () => {
      const want = refs[c.ref];
      assert.equal(want.length, 7);
      for (let k = 0; k < want.length; k++) {
        const image = await loadImage(join(tmp.dir, c.file), undefined, { plane: k });
        assert.equal(image.plane, k);
        assert.deepEqual(image.hduShape, [11, 10, 7]);
        assert.deepEqual([image.width, image.height, image.depth, image.pixels.length], [11, 10, 1, 110]);
        assert.deepEqual(valuesOf(image.pixels), want[k]!.pixels, `plane ${k}`);
        const s = computeStatistics(image);
        const r = want[k]!.stats;
        assert.equal(s.median, r.median, `median of plane ${k}`);
        assert.equal(s.min, r.min);
        assert.equal(s.max, r.max);
        assert.equal(s.count, r.count);
        assert.equal(s.nanCount, r.nanCount);
        assert.ok(Math.abs(s.mean - r.mean) <= 1e-12 * Math.abs(r.mean), `mean of plane ${k}: ${s.mean} vs ${r.mean}`);
        assert.ok(Math.abs(s.std - r.std) <= 1e-9 * r.std, `std of plane ${k}`);
      }
    });
  }

  test('a 4-D image (NAXIS4 = 2, NAXIS3 = 3) has 6 planes, NAXIS3 fastest: plane p is numpy [p // 3, p % 3]', async () => {
    const file = await readFitsFile(join(tmp.dir, 'hyper.fits'));
    assert.deepEqual(file.hdus[0]!.info.shape, [11, 10, 3, 2]);
    assert.equal(planeCount([11, 10, 3, 2]), 6);
    assert.deepEqual(planeCoordinates([11, 10, 3, 2], 4), [1, 1]);
    for (let p = 0; p < 6; p++) {
      const image = await loadImage(join(tmp.dir, 'hyper.fits'), undefined, { plane: p });
      assert.deepEqual(valuesOf(image.pixels), refs.hyper[p]!.pixels, `plane ${p}`);
    }
  });

  test('a plane out of range is BAD_ARGUMENT naming how many planes the HDU has', async () => {
    for (const name of ['f32.fits', 'f32.fits.gz', 'i16.fits.fz', 'hyper.fits']) {
      const planes = name === 'hyper.fits' ? 6 : 7;
      await assert.rejects(
        loadImage(join(tmp.dir, name), undefined, { plane: planes }),
        (e: unknown) => e instanceof FitsError && e.code === 'BAD_ARGUMENT' && e.message.includes(`has ${planes} planes`),
        name,
      );
    }
    await assert.rejects(loadImage(join(tmp.dir, 'f32.fits'), undefined, { plane: -1 }), (e: unknown) => (e as FitsError).code === 'BAD_ARGUMENT');
  });

  /** The .fz file's compressed HDU: its header and data unit. */
  function compressedHdu(name: string) {
    const file = openFits(new Uint8Array(readFileSync(join(tmp.dir, name))));
    const hdu = file.hdus[1]!;
    return { file, hdu, data: file.bytes.subarray(hdu.dataOffset, hdu.dataOffset + hdu.dataLength) };
  }

  test('a compressed cube decodes only the tiles of the requested plane', () => {
    // fpack's default: one tile per row, so 10 rows × 7 planes = 70 tiles, plane k = tiles 10k..10k+9.
    const rows = compressedHdu('i16.fits.fz');
    assert.equal(rows.hdu.header.get('NAXIS2'), 70);
    const decoded: number[] = [];
    const image = decodeCompressedImage(rows.hdu.header, rows.data, 1, DEFAULT_FITS_LIMITS, { plane: 4, onTile: (t) => decoded.push(t) });
    assert.deepEqual(decoded, [40, 41, 42, 43, 44, 45, 46, 47, 48, 49]);
    assert.deepEqual(valuesOf(image.pixels), refs.i16[4]!.pixels);
    // Tiles three planes deep: plane 4 lives in the second tile (planes 3..5) alone.
    const deep = compressedHdu('i16-deep.fits.fz');
    const deepTiles: number[] = [];
    decodeCompressedImage(deep.hdu.header, deep.data, 1, DEFAULT_FITS_LIMITS, { plane: 4, onTile: (t) => deepTiles.push(t) });
    assert.deepEqual(deepTiles, [1]);
  });

  test('a damaged tile of another plane does not stop the requested plane from decoding', () => {
    const { hdu, data } = compressedHdu('i16.fits.fz');
    // Point tile 0's heap descriptor (plane 0, row 0) far outside the heap.
    const damaged = new Uint8Array(data);
    new DataView(damaged.buffer).setUint32(4, 0x7fffffff);
    assert.throws(
      () => decodeCompressedImage(hdu.header, damaged, 1, DEFAULT_FITS_LIMITS, { plane: 0 }),
      (e: unknown) => e instanceof FitsError && e.code === 'CORRUPT_DATA',
    );
    const plane5 = decodeCompressedImage(hdu.header, damaged, 1, DEFAULT_FITS_LIMITS, { plane: 5 });
    assert.deepEqual(valuesOf(plane5.pixels), refs.i16[5]!.pixels);
  });

  test('the third axis value follows CRVAL3 + (k + 1 − CRPIX3) · CDELT3, with CTYPE3 and CUNIT3', async () => {
    const file = await readFitsFile(join(tmp.dir, 'f32.fits'));
    const axis = planeAxisFromHeader((k) => file.hdus[0]!.header.get(k));
    assert.deepEqual(axis, { ctype: 'WAVE', cunit: 'Angstrom', crval: 6500, crpix: 2, cdelt: 1.25 });
    assert.equal(planeAxisValue(axis!, 0), 6498.75);
    assert.equal(planeAxisValue(axis!, 6), 6506.25);
    assert.equal(planeAxisFromHeader((k) => ({ CD3_3: 2, CRVAL3: 10 } as Record<string, number>)[k])?.cdelt, 2);
    assert.equal(planeAxisFromHeader(() => undefined), null);
  });
});

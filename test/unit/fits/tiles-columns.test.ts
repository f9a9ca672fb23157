import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { decodeCompressedImage } from '../../../native-workers/fits/tiles/index.js';
import { DEFAULT_FITS_LIMITS, type FitsImage } from '../../../native-workers/fits/types.js';
import { requirePython, requireTool, runPython } from '../../helpers/python.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { PY_DUMP, readHdu, refPixels, type RefArray } from './tiles-fixture.js';

/**
 * Rarer layouts of the convention, made from fpack output by rewriting the table with
 * astropy: Q (64-bit) descriptors, ZSCALE/ZZERO as keywords, ZBLANK as a column,
 * UNCOMPRESSED_DATA tiles, and fpack's own GZIP_COMPRESSED_DATA fallback for tiles that
 * cannot be quantized.
 */
const MAKE = `
import sys, json, subprocess, numpy as np
from astropy.io import fits
${PY_DUMP}
d = json.load(sys.stdin)['dir']
rng = np.random.default_rng(7)
i16 = rng.normal(1000, 30, (40, 50)).astype('>i2')
fits.PrimaryHDU(i16).writeto(f'{d}/i16.fits')
f32 = rng.normal(100, 5, (40, 50)).astype('>f4')
f32[10:14, :] = 42.0          # constant rows: no noise, cannot be quantized -> gzip fallback
f32[20, 7] = np.nan
fits.PrimaryHDU(f32).writeto(f'{d}/f32.fits')
subprocess.run(['fpack', '-r', '-t', '16,16', '-O', f'{d}/i16.fz', f'{d}/i16.fits'], check=True)
subprocess.run(['fpack', '-q', '4', '-O', f'{d}/f32.fz', f'{d}/f32.fits'], check=True)
subprocess.run(['fpack', '-q', '4', '-w', '-O', f'{d}/f32w.fz', f'{d}/f32.fits'], check=True)
out = {}
class Table:
    def __init__(self, data):
        self.columns = [(c.name, c.format) for c in data.columns]
        self.values = {c.name: [np.array(v) for v in data[c.name]] if 'P' in c.format or 'Q' in c.format else np.array(data[c.name]) for c in data.columns}
    def __getitem__(self, name): return self.values[name]
    def __len__(self): return len(next(iter(self.values.values())))
def table(path):
    with fits.open(path, disable_image_compression=True) as h:
        return h[1].header.copy(), Table(h[1].data)
def write(path, header, cols):
    t = fits.BinTableHDU.from_columns(cols)
    for card in header.cards:
        k = card.keyword
        if k in ('XTENSION', 'BITPIX', 'NAXIS', 'NAXIS1', 'NAXIS2', 'PCOUNT', 'GCOUNT', 'TFIELDS', 'CHECKSUM', 'DATASUM', 'THEAP') or k.startswith(('TTYPE', 'TFORM')) or k in ('COMMENT', 'HISTORY', ''):
            continue
        t.header[k] = (card.value, card.comment)
    fits.HDUList([fits.PrimaryHDU(), t]).writeto(path, overwrite=True)
def cols_of(t, skip=()):
    return [fits.Column(name=n, format=f, array=t[n]) for n, f in t.columns if n not in skip]

# (a) Q descriptors
h, t = table(f'{d}/i16.fz')
write(f'{d}/q.fz', h, [fits.Column(name='COMPRESSED_DATA', format='QB', array=[np.asarray(r, dtype=np.uint8) for r in t['COMPRESSED_DATA']])])
with fits.open(f'{d}/i16.fz') as x: out['q'] = dump(x[1].data)
# (b) one tile: ZSCALE/ZZERO columns turned into keywords
h, t = table(f'{d}/f32w.fz')
h['ZSCALE'] = float(t['ZSCALE'][0]); h['ZZERO'] = float(t['ZZERO'][0])
write(f'{d}/kw.fz', h, cols_of(t, ('ZSCALE', 'ZZERO')))
with fits.open(f'{d}/f32w.fz') as x: out['kw'] = dump(x[1].data)
# (c) ZBLANK keyword turned into a column
h, t = table(f'{d}/f32.fz')
out['columns'] = [n for n, f in t.columns]
zblank = h.pop('ZBLANK')
write(f'{d}/zblankcol.fz', h, cols_of(t) + [fits.Column(name='ZBLANK', format='J', array=np.full(len(t), zblank, dtype=np.int32))])
# (d) every tile stored raw in UNCOMPRESSED_DATA (the pre-2011 fallback)
h, t = table(f'{d}/f32.fz')
rows = [f32[i, :].astype(np.float32) for i in range(f32.shape[0])]
write(f'{d}/uncompressed.fz', h, [
    fits.Column(name='COMPRESSED_DATA', format='PB', array=[np.zeros(0, dtype=np.uint8)] * len(rows)),
    fits.Column(name='UNCOMPRESSED_DATA', format='PE', array=rows),
    fits.Column(name='ZSCALE', format='D', array=np.ones(len(rows))),
    fits.Column(name='ZZERO', format='D', array=np.zeros(len(rows))),
])
out['f32'] = dump(f32)
with fits.open(f'{d}/f32.fz') as x: out['f32fz'] = dump(x[1].data)
print(json.dumps(out))
`;

function decode(path: string): FitsImage {
  const { header, data } = readHdu(path, 1);
  return decodeCompressedImage(header, data, 1, DEFAULT_FITS_LIMITS);
}

function sameBits(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)))) assert.fail(`${what}: pixel ${i} is ${a}, expected ${e}`);
  }
}

describe('rarer compressed-image layouts decode like their plain counterparts', () => {
  const { dir, cleanup } = makeTempDir('nightdeck-tilecols-');
  let ref: Record<string, RefArray> & { columns: string[] };
  before(() => {
    requirePython('astropy', 'numpy');
    requireTool('fpack', 'libcfitsio-bin');
    ref = runPython(MAKE, { dir });
  });
  after(cleanup);

  test('Q (64-bit) heap descriptors', () => {
    const { header } = readHdu(join(dir, 'q.fz'), 1);
    assert.match(String(header.get('TFORM1')), /^1?QB/);
    sameBits(decode(join(dir, 'q.fz')).pixels, refPixels(ref.q), 'Q descriptors');
  });

  test('ZSCALE and ZZERO given as keywords instead of columns', () => {
    // A header card holds ~16 significant digits of ZSCALE, the column all 17: equal to 1e-6.
    const got = decode(join(dir, 'kw.fz')).pixels;
    const expected = refPixels(ref.kw);
    const original = refPixels(ref.f32);
    assert.equal(got.length, expected.length);
    for (let i = 0; i < got.length; i++) {
      const e = expected[i]!;
      // NaNs are restored from ZBLANK, which astropy 5.2 does not do.
      if (Number.isNaN(original[i]!)) assert.ok(Number.isNaN(got[i]!), `NaN at ${i}`);
      else assert.ok(Math.abs(got[i]! - e) <= 1e-6 * Math.abs(e), `pixel ${i}: ${got[i]} vs ${e}`);
    }
  });

  test("fpack's GZIP_COMPRESSED_DATA fallback for tiles that cannot be quantized is lossless", () => {
    assert.ok(ref.columns.includes('GZIP_COMPRESSED_DATA'), `fpack wrote ${ref.columns.join(', ')}`);
    const image = decode(join(dir, 'f32.fz'));
    const original = refPixels(ref.f32);
    const astropy = refPixels(ref.f32fz);
    for (let i = 10 * 50; i < 14 * 50; i++) assert.equal(image.pixels[i], 42, `constant row pixel ${i} kept exactly`);
    for (let i = 0; i < original.length; i++) {
      if (Number.isNaN(original[i]!)) assert.ok(Number.isNaN(image.pixels[i]!), `NaN kept at ${i}`);
      else assert.ok(Object.is(image.pixels[i], astropy[i]), `pixel ${i}: ${image.pixels[i]} vs astropy ${astropy[i]}`);
    }
  });

  test('ZBLANK as a column marks the same NaNs as the ZBLANK keyword', () => {
    sameBits(decode(join(dir, 'zblankcol.fz')).pixels, decode(join(dir, 'f32.fz')).pixels, 'ZBLANK column');
  });

  test('UNCOMPRESSED_DATA tiles hold the raw pixels', () => {
    sameBits(decode(join(dir, 'uncompressed.fz')).pixels, refPixels(ref.f32), 'UNCOMPRESSED_DATA');
  });
});

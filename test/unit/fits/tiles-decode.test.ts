import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { compressedImageInfo, decodeCompressedImage, isCompressedImage } from '../../../native-workers/fits/tiles/index.js';
import { FitsError } from '../../../native-workers/fits/errors.js';
import { DEFAULT_FITS_LIMITS, type FitsImage, type PixelArray } from '../../../native-workers/fits/types.js';
import { requirePython, requireTool, runPython } from '../../helpers/python.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { PY_DUMP, PY_SKY, readHdu, refPixels, SimpleHeader, type RefArray } from './tiles-fixture.js';

/** Input images written by numpy/astropy (shapes are numpy's: slowest axis first). */
const MAKE_INPUTS = `
import sys, json, numpy as np
from astropy.io import fits
d = json.load(sys.stdin)['dir']
rng = np.random.default_rng(20261123)
${PY_SKY}
w = lambda name, a, **kw: fits.PrimaryHDU(a, **kw).writeto(f'{d}/{name}.fits', overwrite=True)
i16 = sky((77, 100), 1000, 30).astype('>i2'); i16[3, 4] = -32768; i16[5, 6] = 32767; i16[10, :] = 0
w('int16', i16)
w('uint16', sky((77, 100), 40000, 3000).clip(0, 65535).astype(np.uint16))
w('uint8', rng.integers(0, 256, (50, 64)).astype(np.uint8))
w('int8', rng.integers(-128, 128, (33, 40)).astype(np.int8))
i32 = sky((60, 70), 0, 1e5).astype('>i4'); i32[0, :10] = np.iinfo(np.int32).min; i32[1, :10] = np.iinfo(np.int32).max
w('int32', i32)
u32 = (sky((60, 70), 2**31, 1e5) + 0.0).clip(0, 2**32 - 1).astype(np.uint32); u32[0, :5] = 0; u32[1, :5] = 2**32 - 1
w('uint32', u32)
f32 = sky((90, 120), 100, 5).astype('>f4'); f32[20:30, 40:60] = 0.0
w('float32', f32)
fnan = f32.copy(); fnan[7, 9] = np.nan; fnan[50:52, :] = np.nan
w('float32nan', fnan)
w('float64', sky((40, 50), -3, 2).astype('>f8'))
w('cube', sky((5, 30, 40), 500, 20).astype('>i2'))
w('plane1', sky((1, 30, 40), 500, 20).astype('>i2'))
w('line', (rng.normal(100, 9, 1000)).astype('>i4'))
scaled = fits.PrimaryHDU(rng.integers(-30000, 30000, (40, 50)).astype('>i2')); scaled.header['BSCALE'] = 0.37; scaled.header['BZERO'] = 12.3
scaled.writeto(f'{d}/scaled16.fits')
scaled32 = fits.PrimaryHDU(rng.integers(-2**31, 2**31 - 1, (40, 50)).astype('>i4')); scaled32.header['BSCALE'] = 1.5e-3; scaled32.header['BZERO'] = -7.25
scaled32.writeto(f'{d}/scaled32.fits')
mask = np.zeros((64, 80), dtype='>i2'); mask[10:20, 5:70] = 3; mask[30:60, 30:35] = 1; mask[40, 40] = 4000
w('mask', mask)
# Written by astropy's own compressor: NO_DITHER quantization, PLIO, HCOMPRESS
fits.HDUList([fits.PrimaryHDU(), fits.CompImageHDU(f32, compression_type='RICE_1', quantize_method=-1, tile_size=(25, 32))]).writeto(f'{d}/nodither.fz')
fits.HDUList([fits.PrimaryHDU(), fits.CompImageHDU(np.asarray(mask, dtype=np.int16), compression_type='PLIO_1')]).writeto(f'{d}/astropy-plio.fz')
fits.HDUList([fits.PrimaryHDU(), fits.CompImageHDU(np.asarray(f32, dtype=np.float32), compression_type='HCOMPRESS_1', hcomp_scale=2, hcomp_smooth=1, quantize_method=1, tile_size=(45, 60))]).writeto(f'{d}/astropy-hcompress-float-smooth.fz')
fits.HDUList([fits.PrimaryHDU(), fits.CompImageHDU(np.asarray(i16, dtype=np.int16), compression_type='HCOMPRESS_1', hcomp_scale=2.5, hcomp_smooth=1, tile_size=(77, 100))]).writeto(f'{d}/astropy-hcompress-smooth.fz')
fits.HDUList([fits.PrimaryHDU(), fits.CompImageHDU(np.asarray(f32, dtype=np.float32), compression_type='GZIP_2', quantize_level=0.0)]).writeto(f'{d}/astropy-gzip2-float.fz')
print('{}')
`;

/** Every .fz named: astropy's decompressed pixels and funpack's output read as plain FITS. */
const READ_REFERENCES = `
import sys, json, subprocess
from astropy.io import fits
${PY_DUMP}
req = json.load(sys.stdin)
out = {}
for name in req['names']:
    f = f"{req['dir']}/{name}.fz"
    try:
        with fits.open(f) as h:
            a = dump(h[1].data)
    except ValueError:
        a = None  # astropy 5.2 cannot read NOCOMPRESS
    subprocess.run(['funpack', '-O', f"{req['dir']}/{name}.unpacked.fits", f], check=True)
    with fits.open(f"{req['dir']}/{name}.unpacked.fits") as h:
        u = h[0].data if h[0].data is not None else h[1].data
    o = None
    if name in req['originals']:
        with fits.open(f"{req['dir']}/{req['originals'][name]}.fits") as h:
            o = dump(h[0].data)
    out[name] = {'astropy': a, 'funpack': dump(u), 'original': o}
print(json.dumps(out))
`;

interface Case {
  name: string;
  input: string;
  /** fpack flags; null when the .fz was written by astropy. */
  fpack: string[] | null;
  zcmptype: string;
  zquantiz?: string;
  /** astropy 5.2 refuses this algorithm: funpack is the reference. */
  astropyCannot?: boolean;
  /**
   * The image has NaNs, stored as ZBLANK. Neither reference restores them: astropy 5.2
   * dequantizes the ZBLANK integer like any other, and funpack 1.7.0 (cfitsio 4.0.2)
   * mis-decodes such files altogether. So: NaN exactly where the original had NaN,
   * every other pixel bit for bit as astropy's.
   */
  nulls?: boolean;
}

const CASES: Case[] = [
  { name: 'rice-int16-rows', input: 'int16', fpack: ['-r'], zcmptype: 'RICE_1' },
  { name: 'rice-int16-tiles32', input: 'int16', fpack: ['-r', '-t', '32,32'], zcmptype: 'RICE_1' },
  { name: 'rice-int16-tiles7x5', input: 'int16', fpack: ['-r', '-t', '7,5'], zcmptype: 'RICE_1' },
  { name: 'rice-uint16', input: 'uint16', fpack: ['-r', '-t', '32,32'], zcmptype: 'RICE_1' },
  { name: 'rice-uint16-rows', input: 'uint16', fpack: ['-r'], zcmptype: 'RICE_1' },
  { name: 'rice-uint8', input: 'uint8', fpack: ['-r'], zcmptype: 'RICE_1' },
  { name: 'rice-uint8-tiles', input: 'uint8', fpack: ['-r', '-t', '16,16'], zcmptype: 'RICE_1' },
  { name: 'rice-int8', input: 'int8', fpack: ['-r'], zcmptype: 'RICE_1' },
  { name: 'rice-int32', input: 'int32', fpack: ['-r', '-t', '16,16'], zcmptype: 'RICE_1' },
  { name: 'rice-int32-rows', input: 'int32', fpack: ['-r'], zcmptype: 'RICE_1' },
  { name: 'rice-uint32-rows', input: 'uint32', fpack: ['-r'], zcmptype: 'RICE_1' },
  { name: 'rice-uint32-tiles', input: 'uint32', fpack: ['-r', '-t', '16,16'], zcmptype: 'RICE_1' },
  { name: 'gzip1-int16', input: 'int16', fpack: ['-g1', '-t', '32,32'], zcmptype: 'GZIP_1' },
  { name: 'gzip2-int32', input: 'int32', fpack: ['-g2'], zcmptype: 'GZIP_2' },
  { name: 'gzip2-uint16', input: 'uint16', fpack: ['-g2', '-t', '30,20'], zcmptype: 'GZIP_2' },
  { name: 'hcompress-int16', input: 'int16', fpack: ['-h'], zcmptype: 'HCOMPRESS_1' },
  { name: 'hcompress-int16-tiles', input: 'int16', fpack: ['-h', '-t', '33,20'], zcmptype: 'HCOMPRESS_1' },
  { name: 'hcompress-lossy', input: 'int16', fpack: ['-h', '-s', '4', '-t', '64,64'], zcmptype: 'HCOMPRESS_1' },
  { name: 'hcompress-uint8', input: 'uint8', fpack: ['-h', '-t', '64,50'], zcmptype: 'HCOMPRESS_1' },
  { name: 'astropy-hcompress-smooth', input: '', fpack: null, zcmptype: 'HCOMPRESS_1' },
  { name: 'hcompress-int32', input: 'int32', fpack: ['-h', '-t', '30,20'], zcmptype: 'HCOMPRESS_1' },
  { name: 'hcompress-float-q4', input: 'float32', fpack: ['-h', '-q', '4'], zcmptype: 'HCOMPRESS_1', zquantiz: 'SUBTRACTIVE_DITHER_1' },
  { name: 'hcompress-float-lossy', input: 'float32', fpack: ['-h', '-s', '2', '-q', '4', '-t', '40,30'], zcmptype: 'HCOMPRESS_1', zquantiz: 'SUBTRACTIVE_DITHER_1' },
  { name: 'astropy-hcompress-float-smooth', input: '', fpack: null, zcmptype: 'HCOMPRESS_1' },
  { name: 'nocompress-int16', input: 'int16', fpack: ['-d'], zcmptype: 'NOCOMPRESS', astropyCannot: true },
  { name: 'plio-mask', input: 'mask', fpack: ['-p'], zcmptype: 'PLIO_1' },
  { name: 'q4-dither1', input: 'float32', fpack: ['-q', '4', '-t', '32,32'], zcmptype: 'RICE_1', zquantiz: 'SUBTRACTIVE_DITHER_1' },
  { name: 'qz4-dither2', input: 'float32', fpack: ['-qz', '4'], zcmptype: 'RICE_ONE', zquantiz: 'SUBTRACTIVE_DITHER_2' },
  { name: 'q0-nodither', input: 'float32', fpack: ['-q0', '4'], zcmptype: 'RICE_1', zquantiz: 'NO_DITHER' },
  { name: 'q4-seed-gzip2', input: 'float32', fpack: ['-g2', '-q9999', '8'], zcmptype: 'GZIP_2', zquantiz: 'SUBTRACTIVE_DITHER_1' },
  { name: 'q4-nan', input: 'float32nan', fpack: ['-q', '4', '-t', '50,40'], zcmptype: 'RICE_1', zquantiz: 'SUBTRACTIVE_DITHER_1', nulls: true },
  { name: 'q-absolute-float64', input: 'float64', fpack: ['-q', '-0.01'], zcmptype: 'RICE_1', zquantiz: 'SUBTRACTIVE_DITHER_1' },
  { name: 'gzip-lossless-float', input: 'float32nan', fpack: ['-g', '-q', '0'], zcmptype: 'GZIP_1', zquantiz: 'NONE' },
  { name: 'rice-cube', input: 'cube', fpack: ['-r', '-t', '16,16,2'], zcmptype: 'RICE_1' },
  { name: 'rice-naxis3-is-1', input: 'plane1', fpack: ['-r'], zcmptype: 'RICE_1' },
  { name: 'rice-1d', input: 'line', fpack: ['-r'], zcmptype: 'RICE_1' },
  { name: 'rice-scaled-int16', input: 'scaled16', fpack: ['-r'], zcmptype: 'RICE_1' },
  { name: 'gzip2-scaled-int32', input: 'scaled32', fpack: ['-g2'], zcmptype: 'GZIP_2' },
  { name: 'nodither', input: '', fpack: null, zcmptype: 'RICE_1', zquantiz: 'NO_DITHER' },
  { name: 'astropy-plio', input: '', fpack: null, zcmptype: 'PLIO_1' },
  { name: 'astropy-gzip2-float', input: '', fpack: null, zcmptype: 'GZIP_2' },
];

function decodeFile(path: string): { image: FitsImage; header: ReturnType<typeof readHdu>['header'] } {
  const { header, data } = readHdu(path, 1);
  return { image: decodeCompressedImage(header, data, 1, DEFAULT_FITS_LIMITS), header };
}

/** Same values, bit for bit for floats (NaN = NaN); the array type must match where our types can. */
function assertSamePixels(actual: PixelArray, expected: PixelArray | Int8Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: pixel count`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)) || (a === 0 && e === 0))) {
      assert.fail(`${what}: pixel ${i} is ${a}, expected ${e}`);
    }
  }
}

const EXPECTED_ARRAY: Record<string, string> = {
  uint8: 'Uint8Array',
  int8: 'Float32Array', // no Int8Array in PixelArray: exact values as float32
  int16: 'Int16Array',
  uint16: 'Uint16Array',
  int32: 'Int32Array',
  uint32: 'Uint32Array',
  float32: 'Float32Array',
  float64: 'Float64Array',
};

describe('tile-compressed images decode exactly as astropy and funpack do', () => {
  const { dir, cleanup } = makeTempDir('nightdeck-tiles-');
  let refs: Record<string, { astropy: RefArray | null; funpack: RefArray; original: RefArray | null }> = {};

  before(() => {
    requirePython('astropy', 'numpy');
    requireTool('fpack', 'libcfitsio-bin');
    runPython(MAKE_INPUTS, { dir });
    for (const c of CASES) {
      if (!c.fpack) continue;
      const r = spawnSync('fpack', [...c.fpack, '-O', join(dir, `${c.name}.fz`), join(dir, `${c.input}.fits`)], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`fpack ${c.fpack.join(' ')} failed: ${r.stderr}`);
    }
    const originals = Object.fromEntries(CASES.filter((c) => c.nulls).map((c) => [c.name, c.input]));
    refs = runPython(READ_REFERENCES, { dir, names: CASES.map((c) => c.name), originals });
  });
  after(cleanup);

  for (const c of CASES) {
    test(`${c.name}: ${c.fpack ? `fpack ${c.fpack.join(' ')}` : 'written by astropy'} → ${c.zcmptype}${c.zquantiz ? ` ${c.zquantiz}` : ''}`, () => {
      const { image, header } = decodeFile(join(dir, `${c.name}.fz`));
      assert.ok(isCompressedImage(header));
      assert.equal(header.get('ZCMPTYPE'), c.zcmptype);
      if (c.zquantiz) assert.equal(header.get('ZQUANTIZ'), c.zquantiz);
      if (c.name.startsWith('astropy-hcompress')) {
        // The case exists to exercise smoothing during the inverse transform.
        assert.deepEqual([header.get('ZNAME2'), header.get('ZVAL2')], ['SMOOTH', 1]);
        assert.ok(Number(header.get('ZVAL1')) > 1, 'lossy scale');
      }
      const ref = refs[c.name]!;
      if (c.astropyCannot) assert.equal(ref.astropy, null, 'astropy learnt to read it: compare with it again');
      const typed = ref.astropy ?? ref.funpack;
      assert.deepEqual([...image.shape].reverse(), typed.shape, 'shape (NAXIS1 first)');
      assert.equal(image.pixels.constructor.name, EXPECTED_ARRAY[typed.dtype], `array type for numpy ${typed.dtype}`);
      assert.equal(image.bitpix, header.get('ZBITPIX'));
      assert.deepEqual(compressedImageInfo(header), { bitpix: header.get('ZBITPIX'), shape: image.shape, compression: c.zcmptype });
      if (c.nulls) {
        const original = refPixels(ref.original!);
        const astropy = refPixels(ref.astropy!);
        let nans = 0;
        for (let i = 0; i < original.length; i++) {
          if (Number.isNaN(original[i]!)) {
            nans++;
            assert.ok(Number.isNaN(image.pixels[i]!), `pixel ${i} was NaN in the original`);
          } else assert.ok(Object.is(image.pixels[i], astropy[i]), `pixel ${i}: ${image.pixels[i]} vs astropy ${astropy[i]}`);
        }
        assert.ok(nans > 100, 'the fixture has NaNs');
        return;
      }
      if (ref.astropy) assertSamePixels(image.pixels, refPixels(ref.astropy), 'vs astropy');
      assertSamePixels(image.pixels, refPixels(ref.funpack), 'vs funpack');
    });
  }

  test('the partial-tile case really has partial tiles (100×77 in 32×32)', () => {
    const { header } = decodeFile(join(dir, 'rice-int16-tiles32.fz'));
    assert.equal(header.get('ZNAXIS1'), 100);
    assert.equal(header.get('ZNAXIS2'), 77);
    assert.equal(header.get('ZTILE1'), 32);
    assert.equal(header.get('NAXIS2'), 4 * 3);
  });

  test('an algorithm outside the convention\'s decoders (BZIP2_1) is refused with UNSUPPORTED_COMPRESSION naming it', () => {
    const rice = readHdu(join(dir, 'rice-int16-rows.fz'), 1);
    const header = new SimpleHeader(rice.header.cards.map((c) => (c.key === 'ZCMPTYPE' ? { ...c, value: 'BZIP2_1' } : c)));
    const data = rice.data;
    assert.deepEqual(compressedImageInfo(header), { bitpix: 16, shape: [100, 77], compression: 'BZIP2_1' });
    assert.throws(
      () => decodeCompressedImage(header, data, 1, DEFAULT_FITS_LIMITS),
      (err: unknown) => err instanceof FitsError && err.code === 'UNSUPPORTED_COMPRESSION' && /BZIP2_1/.test(err.message) && err.hduIndex === 1,
    );
  });

  test('an image larger than the limit is refused before allocating', () => {
    const { header, data } = readHdu(join(dir, 'rice-int16-rows.fz'), 1);
    assert.throws(
      () => decodeCompressedImage(header, data, 1, { ...DEFAULT_FITS_LIMITS, maxImageBytes: 1000 }),
      (err: unknown) => err instanceof FitsError && err.code === 'TOO_LARGE',
    );
  });

  test('damaged heaps and descriptors give FitsError, never a crash or a hang', () => {
    const { header, data } = readHdu(join(dir, 'rice-int16-tiles32.fz'), 1);
    const heapStart = Number(header.get('NAXIS1')) * Number(header.get('NAXIS2'));
    let thrown = 0;
    const check = (bytes: Uint8Array, what: string): void => {
      try {
        decodeCompressedImage(header, bytes, 1, DEFAULT_FITS_LIMITS);
      } catch (err) {
        assert.ok(err instanceof FitsError, `${what}: ${String(err)}`);
        thrown++;
      }
    };
    // Descriptor pointing past the heap.
    const bad = new Uint8Array(data);
    new DataView(bad.buffer).setUint32(4, 0x7fffffff);
    assert.throws(() => decodeCompressedImage(header, bad, 1, DEFAULT_FITS_LIMITS), (e: unknown) => e instanceof FitsError && e.code === 'CORRUPT_DATA');
    // Truncated heap.
    check(data.subarray(0, heapStart + 10), 'truncated heap');
    assert.equal(thrown, 1, 'a truncated heap is an error');
    // A heap of 0xFF bytes: raw-coded blocks that run past the end of every tile.
    check(Uint8Array.from(data).fill(0xff, heapStart), 'heap of ones');
    assert.equal(thrown, 2, 'a heap of ones is an error');
  });

  for (const name of ['rice-int16-tiles32', 'hcompress-int16-tiles', 'hcompress-lossy', 'hcompress-float-lossy', 'plio-mask', 'gzip2-uint16', 'q4-dither1']) {
    test(`${name}: random bit flips in the heap give pixels or a FitsError, never a crash or a hang`, () => {
      const { header, data } = readHdu(join(dir, `${name}.fz`), 1);
      const heapStart = Number(header.get('NAXIS1')) * Number(header.get('NAXIS2'));
      let seed = 12345;
      for (let trial = 0; trial < 150; trial++) {
        const damaged = new Uint8Array(data);
        for (let k = 0; k < 4; k++) {
          seed = (seed * 1103515245 + 12345) >>> 0;
          damaged[heapStart + (seed % (data.length - heapStart))] ^= 1 << (seed >>> 29);
        }
        try {
          decodeCompressedImage(header, damaged, 1, DEFAULT_FITS_LIMITS);
        } catch (err) {
          assert.ok(err instanceof FitsError, `trial ${trial}: ${String(err)}`);
        }
      }
    });
  }

});

describe('degenerate compressed images', () => {
  test('an axis of length 0 gives an empty image', () => {
    const header = fakeHeader({ ZNAXIS: 2, ZNAXIS1: 0, ZNAXIS2: 5, NAXIS1: 8, NAXIS2: 0 });
    const image = decodeCompressedImage(header, new Uint8Array(0), 1, DEFAULT_FITS_LIMITS);
    assert.equal(image.pixels.length, 0);
    assert.deepEqual(image.shape, [0, 5]);
  });

  test('a wrong tile count is a typed error', () => {
    const header = fakeHeader({ ZNAXIS: 2, ZNAXIS1: 10, ZNAXIS2: 5, NAXIS1: 8, NAXIS2: 3 });
    assert.throws(() => decodeCompressedImage(header, new Uint8Array(24), 1, DEFAULT_FITS_LIMITS), (e: unknown) => e instanceof FitsError && e.code === 'CORRUPT_DATA');
  });

  test('a missing ZBITPIX or an invalid ZTILE is a typed error', () => {
    const noBitpix = fakeHeader({ ZNAXIS: 1, ZNAXIS1: 4, NAXIS1: 8, NAXIS2: 1 }, ['ZBITPIX']);
    assert.throws(() => decodeCompressedImage(noBitpix, new Uint8Array(8), 1, DEFAULT_FITS_LIMITS), (e: unknown) => e instanceof FitsError && e.code === 'BAD_HEADER');
    const zeroTile = fakeHeader({ ZNAXIS: 1, ZNAXIS1: 4, ZTILE1: 0, NAXIS1: 8, NAXIS2: 1 });
    assert.throws(() => decodeCompressedImage(zeroTile, new Uint8Array(8), 1, DEFAULT_FITS_LIMITS), (e: unknown) => e instanceof FitsError && e.code === 'BAD_VALUE');
  });
});

function fakeHeader(values: Record<string, number>, omit: string[] = []): SimpleHeader {
  const base: Record<string, string | number | boolean> = {
    XTENSION: 'BINTABLE',
    BITPIX: 8,
    NAXIS: 2,
    PCOUNT: 0,
    GCOUNT: 1,
    TFIELDS: 1,
    TTYPE1: 'COMPRESSED_DATA',
    TFORM1: '1PB',
    ZIMAGE: true,
    ZBITPIX: 16,
    ZCMPTYPE: 'RICE_1',
    ...values,
  };
  for (const k of omit) delete base[k];
  return new SimpleHeader(Object.entries(base).map(([key, value]) => ({ key, value })));
}

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCompressedImage, encodeCompressedImageHdu } from '../../../native-workers/fits/tiles/index.js';
import { headerBytes } from '../../../native-workers/fits/writer.js';
import { FitsError } from '../../../native-workers/fits/errors.js';
import { DEFAULT_FITS_LIMITS, type Bitpix, type FitsImage, type PixelArray } from '../../../native-workers/fits/types.js';
import { requirePython, requireTool, runPython } from '../../helpers/python.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { PY_DUMP, refPixels, walkFits, type RefArray } from './tiles-fixture.js';

/** Deterministic test images: smooth sky, a few extremes, a noisy patch. */
function makeImage(ctor: new (n: number) => PixelArray, bitpix: Bitpix, shape: number[], bzero = 0): FitsImage {
  const n = shape.reduce((a, b) => a * b, 1);
  const px = new ctor(n);
  let seed = 99;
  const lo = ctor === Uint8Array ? 0 : ctor === Int16Array ? -32768 : ctor === Uint16Array ? 0 : -2147483648;
  const hi = ctor === Uint8Array ? 255 : ctor === Int16Array ? 32767 : ctor === Uint16Array ? 65535 : ctor === Uint32Array ? 4294967295 : 2147483647;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const noise = (seed >>> 16) % 64;
    const isFloat = bitpix < 0;
    const v = isFloat ? Math.sin(i / 50) * 1000 + noise / 7 : (ctor === Uint8Array ? 100 : ctor === Uint16Array ? 40000 : 1000) + noise + (i % 97 === 0 ? 500 : 0);
    px[i] = v;
  }
  if (bitpix > 0) {
    px[0] = lo;
    px[1] = hi;
    px[n - 1] = hi;
  } else {
    px[3] = NaN;
    px[4] = -0;
    px[5] = 3.4e38;
  }
  return {
    width: shape[0]!,
    height: shape[1] ?? 1,
    shape,
    depth: shape.slice(2).reduce((a, b) => a * b, 1),
    bitpix,
    bscale: 1,
    bzero,
    pixels: px,
  };
}

interface Case {
  name: string;
  image: () => FitsImage;
  type: 'RICE_1' | 'GZIP_1' | 'GZIP_2';
  tileShape?: number[];
}

const CASES: Case[] = [
  { name: 'int16-rice-rows', image: () => makeImage(Int16Array, 16, [100, 77]), type: 'RICE_1' },
  { name: 'int16-rice-32x32', image: () => makeImage(Int16Array, 16, [100, 77]), type: 'RICE_1', tileShape: [32, 32] },
  { name: 'uint16-rice-32x32', image: () => makeImage(Uint16Array, 16, [100, 77], 32768), type: 'RICE_1', tileShape: [32, 32] },
  { name: 'uint8-rice', image: () => makeImage(Uint8Array, 8, [64, 50]), type: 'RICE_1' },
  { name: 'int32-rice-16x16', image: () => makeImage(Int32Array, 32, [70, 60]), type: 'RICE_1', tileShape: [16, 16] },
  { name: 'uint32-gzip2', image: () => makeImage(Uint32Array, 32, [70, 60], 2147483648), type: 'GZIP_2' },
  { name: 'int16-gzip1', image: () => makeImage(Int16Array, 16, [100, 77]), type: 'GZIP_1', tileShape: [40, 30] },
  { name: 'int16-cube-rice', image: () => makeImage(Int16Array, 16, [40, 30, 5]), type: 'RICE_1', tileShape: [16, 16, 2] },
  { name: 'float32-gzip2', image: () => makeImage(Float32Array, -32, [90, 33]), type: 'GZIP_2', tileShape: [32, 32] },
  { name: 'float64-gzip1', image: () => makeImage(Float64Array, -64, [50, 40]), type: 'GZIP_1' },
];

function primaryHeader(): Uint8Array {
  return headerBytes([
    { key: 'SIMPLE', value: true },
    { key: 'BITPIX', value: 8 },
    { key: 'NAXIS', value: 0 },
    { key: 'EXTEND', value: true },
  ]);
}

const READ = `
import sys, json, subprocess
from astropy.io import fits
${PY_DUMP}
req = json.load(sys.stdin)
out = {}
for name in req['names']:
    f = f"{req['dir']}/{name}.fz"
    with fits.open(f, checksum=False) as h:
        h.verify('exception')
        a = h[1].data
        hdr = h[1].header
        meta = {'extname': hdr.get('EXTNAME'), 'observer': hdr.get('OBSERVER'), 'zenith': hdr.get('ZENITH')}
    subprocess.run(['funpack', '-O', f"{req['dir']}/{name}.unpacked.fits", f], check=True)
    with fits.open(f"{req['dir']}/{name}.unpacked.fits") as h:
        u = h[0].data if h[0].data is not None else h[1].data
    out[name] = {'astropy': dump(a), 'funpack': dump(u), 'meta': meta}
print(json.dumps(out))
`;

function sameValues(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)))) assert.fail(`${what}: pixel ${i} is ${e}, wrote ${a}`);
  }
}

describe('encodeCompressedImageHdu writes HDUs that astropy and funpack read back exactly', () => {
  const { dir, cleanup } = makeTempDir('nightdeck-tiles-enc-');
  let refs: Record<string, { astropy: RefArray; funpack: RefArray; meta: Record<string, unknown> }> = {};
  const images = new Map<string, FitsImage>();

  before(() => {
    requirePython('astropy', 'numpy');
    requireTool('funpack', 'libcfitsio-bin');
    for (const c of CASES) {
      const image = c.image();
      images.set(c.name, image);
      const hdu = encodeCompressedImageHdu(
        image,
        [
          { key: 'OBSERVER', value: "O'Brien", isString: true },
          { key: 'ZENITH', value: 12.5, comment: 'a user keyword starting with Z is kept' },
          { key: 'NAXIS1', value: 999 },
          { key: 'HISTORY', value: null, comment: 'made by the NightDeck tests' },
        ],
        { type: c.type, tileShape: c.tileShape, extname: 'SCI' },
      );
      assert.equal(hdu.length % 2880, 0);
      writeFileSync(join(dir, `${c.name}.fz`), Buffer.concat([primaryHeader(), hdu]));
    }
    refs = runPython(READ, { dir, names: CASES.map((c) => c.name) });
  });
  after(cleanup);

  for (const c of CASES) {
    test(`${c.name}: ${c.type}${c.tileShape ? ` tiles ${c.tileShape.join('×')}` : ''}`, () => {
      const image = images.get(c.name)!;
      const ref = refs[c.name]!;
      assert.deepEqual(ref.astropy.shape, [...image.shape].reverse());
      sameValues(refPixels(ref.astropy), image.pixels, 'astropy');
      sameValues(refPixels(ref.funpack), image.pixels, 'funpack');
      assert.deepEqual(ref.meta, { extname: 'SCI', observer: "O'Brien", zenith: 12.5 });
      // And our own decoder reads it back to the same typed array.
      const hdu = walkFits(new Uint8Array(Buffer.concat([primaryHeader(), encodeCompressedImageHdu(image, [], { type: c.type, tileShape: c.tileShape })])))[1]!;
      const back = decodeCompressedImage(hdu.header, hdu.data, 1, DEFAULT_FITS_LIMITS);
      assert.equal(back.pixels.constructor, image.pixels.constructor);
      sameValues(back.pixels, image.pixels, 'round trip');
    });
  }

  test('an integer image with a BLANK value keeps it through ZBLANK', () => {
    const image = { ...makeImage(Uint16Array, 16, [20, 10], 32768), blank: 65535 };
    const hdu = walkFits(new Uint8Array(Buffer.concat([primaryHeader(), encodeCompressedImageHdu(image, [], { type: 'RICE_1' })])))[1]!;
    assert.equal(hdu.header.get('ZBLANK'), 32767);
    const back = decodeCompressedImage(hdu.header, hdu.data, 1, DEFAULT_FITS_LIMITS);
    assert.equal(back.blank, 65535);
    sameValues(back.pixels, image.pixels, 'round trip with blank');
  });

  test('Rice refuses floating-point pixels with a typed error', () => {
    assert.throws(
      () => encodeCompressedImageHdu(makeImage(Float32Array, -32, [10, 10]), [], { type: 'RICE_1' }),
      (e: unknown) => e instanceof FitsError && e.code === 'UNSUPPORTED',
    );
  });
});

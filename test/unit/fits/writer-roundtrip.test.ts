/**
 * The writer through independent readers: files we write must open in astropy (and, for
 * tile-compressed HDUs, in cfitsio's funpack) with exactly our pixels and header values.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatCard, openFits, writeFitsFile, type Card, type PixelArray, type WriteHdu } from '../../../native-workers/fits/index.js';
import { requirePython, requireTool, runPython } from '../../helpers/python.js';
import { seeded } from '../../helpers/seeded.js';
import { makeTempDir } from '../../helpers/tmp.js';

function fill<T extends PixelArray>(arr: T, lo: number, hi: number, seed: number): T {
  const r = seeded(seed);
  for (let i = 0; i < arr.length; i++) arr[i] = lo + Math.floor(r() * (hi - lo + 1));
  arr[0] = lo;
  arr[arr.length - 1] = hi;
  return arr;
}

const READ_BACK = String.raw`
import json, sys, base64
import numpy as np
from astropy.io import fits
req = json.load(sys.stdin)
out = []
with fits.open(req['path']) as hl:
    for hdu in hl:
        d = hdu.data
        entry = {'name': hdu.name, 'dtype': None, 'shape': [], 'pixels': None, 'values': {}}
        for k in req['keys']:
            if k in hdu.header:
                v = hdu.header[k]
                entry['values'][k] = str(v) if isinstance(v, int) and not isinstance(v, bool) and abs(v) > 2**53 else v
        if d is not None and hdu.is_image:
            entry['dtype'] = d.dtype.name
            entry['shape'] = list(d.shape[::-1])
            entry['pixels'] = base64.b64encode(np.ascontiguousarray(d, dtype='<f8').tobytes()).decode()
        out.append(entry)
json.dump(out, sys.stdout)
`;

interface ReadBack {
  name: string;
  dtype: string | null;
  shape: number[];
  pixels: string | null;
  values: Record<string, unknown>;
}

function readBack(path: string, keys: string[] = []): ReadBack[] {
  return runPython<ReadBack[]>(READ_BACK, { path, keys });
}

function assertPixels(rb: ReadBack, pixels: PixelArray, shape: number[], dtype: string, what: string): void {
  assert.equal(rb.dtype, dtype, `${what}: astropy dtype`);
  assert.deepEqual(rb.shape, shape, `${what}: shape`);
  const buf = Buffer.from(rb.pixels!, 'base64');
  const got = new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  assert.equal(got.length, pixels.length, `${what}: pixel count`);
  for (let i = 0; i < got.length; i++) {
    if (!Object.is(got[i], Number(pixels[i]))) assert.fail(`${what}: pixel ${i} reads back as ${got[i]}, wrote ${pixels[i]}`);
  }
}

const headerCards: Card[] = [
  { key: 'OBJECT', value: "M 31 (O'Neil field)", comment: 'target', isString: true },
  { key: 'LONGSTR', value: "it's a long string; ".repeat(9).trim(), comment: 'spans CONTINUE cards '.repeat(5).trim(), isString: true },
  { key: 'ESO DET CHIP NAME', value: 'CCD-42', isString: true },
  { key: 'BIGINT', value: 2n ** 62n + 5n },
  { key: 'EXPTIME', value: 0.1 },
  { key: 'TINY', value: -1.5e-300 },
  { key: 'HUGE', value: 6.02e23 },
  { key: 'DOIT', value: true },
  { key: 'EMPTY', value: '', isString: true },
  { key: 'HISTORY', value: null, comment: 'written by the NightDeck writer test' },
  { key: 'BITPIX', value: 99 }, // structural: must be ignored, not written twice
];

describe('writer round trip', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  before(() => {
    requirePython('astropy', 'numpy');
    tmp = makeTempDir();
  });
  after(() => tmp.cleanup());

  test('every BITPIX and unsigned type reads back in astropy with identical pixels, dtypes and header values', async () => {
    const f32 = new Float32Array(6 * 4).map((_, i) => Math.fround(Math.sin(i) * 1e5));
    f32[3] = NaN;
    f32[4] = Infinity;
    const f64 = new Float64Array(3 * 2 * 4).map((_, i) => Math.cos(i) * 1e-200);
    f64[5] = NaN;
    const i64 = new Float64Array([2 ** 53, -(2 ** 53), 0, 7]);
    const hdus: (WriteHdu & { dtype: string })[] = [
      { image: { pixels: fill(new Uint16Array(15), 0, 65535, 1), shape: [5, 3] }, cards: headerCards, dtype: 'uint16' },
      { image: { pixels: fill(new Int16Array(35), -32768, 32767, 2), shape: [7, 5] }, extname: 'I16', dtype: 'int16' },
      { image: { pixels: fill(new Int32Array(12), -2147483648, 2147483647, 3), shape: [4, 3] }, extname: 'I32', dtype: 'int32' },
      { image: { pixels: fill(new Uint32Array(12), 0, 4294967295, 4), shape: [3, 4] }, extname: 'U32', dtype: 'uint32' },
      { image: { pixels: fill(new Uint8Array(9), 0, 255, 5), shape: [9] }, extname: 'U8', dtype: 'uint8' },
      { image: { pixels: f32, shape: [6, 4] }, extname: 'F32', dtype: 'float32' },
      { image: { pixels: f64, shape: [3, 2, 4] }, extname: 'F64CUBE', dtype: 'float64' },
      { image: { pixels: i64, shape: [2, 2], bitpix: 64 }, extname: 'I64', dtype: 'int64' },
      { image: { pixels: new Float64Array([1.4, -2.6, 3]), shape: [3], bitpix: 16 }, extname: 'ROUNDED', dtype: 'int16' },
    ];
    const path = join(tmp.dir, 'all.fits');
    await writeFitsFile(path, hdus);
    const rb = readBack(path, ['OBJECT', 'LONGSTR', 'ESO DET CHIP NAME', 'BIGINT', 'EXPTIME', 'TINY', 'HUGE', 'DOIT', 'EMPTY', 'BITPIX']);
    assert.equal(rb.length, hdus.length);
    hdus.forEach((h, i) => {
      const expected = h.extname === 'ROUNDED' ? new Int16Array([1, -3, 3]) : h.image!.pixels;
      assertPixels(rb[i]!, expected, h.image!.shape, h.dtype, h.extname ?? 'PRIMARY');
      if (h.extname) assert.equal(rb[i]!.name, h.extname);
    });
    const v = rb[0]!.values;
    assert.equal(v.OBJECT, headerCards[0]!.value);
    assert.equal(v.LONGSTR, headerCards[1]!.value);
    assert.equal(v['ESO DET CHIP NAME'], 'CCD-42');
    assert.equal(v.BIGINT, String(2n ** 62n + 5n));
    assert.equal(v.EXPTIME, 0.1);
    assert.equal(v.TINY, -1.5e-300);
    assert.equal(v.HUGE, 6.02e23);
    assert.equal(v.DOIT, true);
    assert.equal(v.EMPTY, '');
    assert.equal(v.BITPIX, 16);
    // Our own reader agrees on the long comment that CONTINUE cards carry.
    const ours = openFits(readFileSync(path)).hdus[0]!.header;
    assert.equal(ours.cards.find((c) => c.key === 'LONGSTR')!.comment, headerCards[1]!.comment);
  });

  test('cards are 80 characters; strings are quoted with doubled quotes; long strings continue with & and CONTINUE', () => {
    const lines = formatCard({ key: 'LONGSTR', value: "x'".repeat(50), isString: true });
    assert.ok(lines.length >= 2);
    for (const l of lines) assert.equal(l.length, 80);
    assert.match(lines[0]!, /^LONGSTR = 'x''/);
    assert.match(lines[0]!, /&'\s*$/);
    assert.match(lines[1]!, /^CONTINUE  '/);
    assert.deepEqual(formatCard({ key: 'N', value: 42 }), [`N       = ${'42'.padStart(20)}`.padEnd(80)]);
    assert.throws(() => formatCard({ key: 'BAD', value: NaN }), { code: 'BAD_VALUE' });
    assert.throws(() => formatCard({ key: 'UTF', value: 'café', isString: true }), { code: 'BAD_VALUE' });
  });

  test('tile-compressed HDUs open in astropy and in funpack with identical pixels', async () => {
    requireTool('funpack', 'libcfitsio-bin');
    const r16 = fill(new Int16Array(50 * 30), -3000, 3000, 7);
    const u16 = fill(new Uint16Array(33 * 17), 0, 65535, 8);
    const i32 = fill(new Int32Array(20 * 9), -100000, 100000, 9);
    const f32 = new Float32Array(16 * 8).map((_, i) => Math.fround(Math.sqrt(i) * 3.3));
    const hdus: (WriteHdu & { dtype: string; shape: number[] })[] = [
      { image: { pixels: r16, shape: [50, 30] }, extname: 'RICE16', compress: { type: 'RICE_1', tileShape: [16, 16] }, dtype: 'int16', shape: [50, 30] },
      { image: { pixels: u16, shape: [33, 17] }, extname: 'GZ1U16', compress: { type: 'GZIP_1' }, dtype: 'uint16', shape: [33, 17] },
      { image: { pixels: i32, shape: [20, 9] }, extname: 'GZ2I32', compress: { type: 'GZIP_2', tileShape: [7, 4] }, dtype: 'int32', shape: [20, 9] },
      { image: { pixels: f32, shape: [16, 8] }, extname: 'GZ2F32', compress: { type: 'GZIP_2' }, dtype: 'float32', shape: [16, 8] },
    ];
    const path = join(tmp.dir, 'packed.fits.fz');
    await writeFitsFile(path, hdus);
    const direct = readBack(path);
    const unpacked = join(tmp.dir, 'unpacked.fits');
    execFileSync('funpack', ['-O', unpacked, path]);
    const viaFunpack = readBack(unpacked);
    assert.equal(direct.length, hdus.length + 1, 'an empty primary precedes the compressed HDUs');
    hdus.forEach((h, i) => {
      assertPixels(direct[i + 1]!, h.image!.pixels, h.shape, h.dtype, `astropy ${h.extname}`);
      assertPixels(viaFunpack[i + 1]!, h.image!.pixels, h.shape, h.dtype, `funpack ${h.extname}`);
    });
  });
});

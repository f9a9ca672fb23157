import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { riceDecode, RICE_READ_SLACK, type RiceOutput } from '../../../native-workers/fits/tiles/rice-decode.js';
import { riceEncode } from '../../../native-workers/fits/tiles/rice.js';
import { decodeCompressedImage } from '../../../native-workers/fits/tiles/index.js';
import { headerBytes, writeFits } from '../../../native-workers/fits/writer.js';
import { FitsError } from '../../../native-workers/fits/errors.js';
import { DEFAULT_FITS_LIMITS, type Card } from '../../../native-workers/fits/types.js';
import { requirePython, requireTool, runPython } from '../../helpers/python.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { PY_READ_FZ_REFERENCES, readHdu, refPixels, type RefArray } from './tiles-fixture.js';

/** Deterministic pseudo-random integers in [0, 2^32). */
function randoms(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

/** Value sequences that reach every kind of Rice block and code length. */
function sequences(bytePix: 1 | 2 | 4): Record<string, Int32Array> {
  const next = randoms(bytePix * 977);
  const n = 1000; // not a multiple of the block size: a partial last block
  const top = bytePix === 4 ? 2 ** 31 : 2 ** (8 * bytePix - 1);
  const make = (f: (i: number) => number): Int32Array => Int32Array.from({ length: n }, (_, i) => f(i));
  return {
    // Blocks of equal values: split 0, no codes at all.
    constant: make(() => 77),
    // Small differences: short codes, all in the 32-bit window.
    noise: make((i) => 100 + (next() % 9) + (i >> 4)),
    // Mostly ±1 steps: split values of 0, unary codes only.
    steps: make((i) => (i % 7 === 0 ? 11 : 10)),
    // Rare jumps across the whole range in quiet blocks: unary runs longer than the window.
    spikes: make((i) => (i % 97 === 5 ? top - 1 : i % 97 === 6 ? -top : 3)),
    // Mid-size jumps in quiet blocks: long unary runs with a large split (BYTEPIX 4).
    bumps: make((i) => (i % 89 === 7 ? 2 ** (6 * bytePix - 4) : 5)),
    // Full-range values: raw blocks.
    random: make(() => next() | 0),
    // The extremes next to each other.
    extremes: make((i) => (i % 2 === 0 ? top - 1 : -top)),
  };
}

/** What decoding gives back: values at BYTEPIX width, unsigned for 1, signed for 2 and 4. */
function atWidth(values: Int32Array, bytePix: number): Int32Array {
  return values.map((v) => (bytePix === 1 ? v & 0xff : bytePix === 2 ? (v << 16) >> 16 : v));
}

function corruptOnly(fn: () => void, what: string): void {
  assert.throws(fn, (err: unknown) => err instanceof FitsError && err.code === 'CORRUPT_DATA', what);
}

describe('Rice tile decoder', () => {
  for (const bytePix of [1, 2, 4] as const) {
    for (const blockSize of [16, 32]) {
      test(`BYTEPIX ${bytePix}, BLOCKSIZE ${blockSize}: every kind of block decodes back to what was encoded`, () => {
        for (const [name, values] of Object.entries(sequences(bytePix))) {
          const bytes = riceEncode(values, values.length, blockSize, bytePix);
          const expected = atWidth(values, bytePix);
          const out = new Int32Array(values.length + 5).fill(-9);
          riceDecode(bytes, out, 3, values.length, blockSize, bytePix);
          assert.deepEqual(out.subarray(3, 3 + values.length), expected, `${name} into a work array at an offset`);
          assert.deepEqual([...out.subarray(0, 3), ...out.subarray(3 + values.length)], [-9, -9, -9, -9, -9], `${name}: nothing written outside`);
          // Straight into an array of the pixel's own width.
          const own: RiceOutput = bytePix === 1 ? new Uint8Array(values.length) : bytePix === 2 ? new Int16Array(values.length) : new Int32Array(values.length);
          riceDecode(bytes, own, 0, values.length, blockSize, bytePix);
          assert.deepEqual(Int32Array.from(own), expected, `${name} into a ${own.constructor.name}`);
        }
      });
    }
  }

  test('a tile that ends where its buffer ends decodes as one with bytes after it', () => {
    const values = sequences(2).spikes;
    const bytes = riceEncode(values, values.length, 32, 2);
    const roomy = new Uint8Array(bytes.length + 100).fill(0xa5);
    roomy.set(bytes);
    const a = new Int16Array(values.length);
    const b = new Int16Array(values.length);
    riceDecode(Uint8Array.from(bytes), a, 0, values.length, 32, 2); // no readable slack: decoded from a padded copy
    riceDecode(roomy.subarray(0, bytes.length), b, 0, values.length, 32, 2, 0, roomy.byteOffset + roomy.length);
    assert.deepEqual(a, b);
    assert.deepEqual(Int32Array.from(a), atWidth(values, 2));
  });

  test('pseudo-unsigned output: the sign bit is flipped (v + 2^15 in 16 bits, v + 2^31 in 32)', () => {
    const v16 = Int32Array.from([-32768, -1, 0, 1, 32767]);
    const u16 = new Uint16Array(5);
    riceDecode(riceEncode(v16, 5, 32, 2), u16, 0, 5, 32, 2, 0x8000);
    assert.deepEqual([...u16], [0, 32767, 32768, 32769, 65535]);
    const v32 = Int32Array.from([-2147483648, -1, 0, 2147483647]);
    const u32 = new Uint32Array(4);
    riceDecode(riceEncode(v32, 4, 32, 4), u32, 0, 4, 32, 4, 0x80000000);
    assert.deepEqual([...u32], [0, 2147483647, 2147483648, 4294967295]);
  });

  test('every truncation of a tile is CORRUPT_DATA, never another error or a hang', () => {
    for (const bytePix of [1, 2, 4] as const) {
      for (const [name, values] of Object.entries(sequences(bytePix))) {
        const bytes = riceEncode(values, values.length, 32, bytePix);
        const out = new Int32Array(values.length);
        // A constant tile is its first pixel and split codes: cut into those too.
        for (const cut of [0, 1, bytePix, Math.floor(bytes.length / 3), bytes.length - 1]) {
          if (name === 'constant' && cut > bytePix) continue;
          corruptOnly(() => riceDecode(bytes.subarray(0, cut), out, 0, values.length, 32, bytePix), `BYTEPIX ${bytePix} ${name} cut to ${cut}`);
        }
      }
    }
  });

  test('random bytes decode to values or CORRUPT_DATA', () => {
    const next = randoms(4242);
    for (let trial = 0; trial < 300; trial++) {
      const bytes = Uint8Array.from({ length: 1 + (next() % 600) }, () => next() & 0xff);
      const bytePix = [1, 2, 4][trial % 3]!;
      try {
        riceDecode(bytes, new Int32Array(500), 0, 500, 32, bytePix);
      } catch (err) {
        assert.ok(err instanceof FitsError && err.code === 'CORRUPT_DATA', `trial ${trial}: ${String(err)}`);
      }
    }
  });

  test('bad parameters are BAD_VALUE', () => {
    const bytes = riceEncode(Int32Array.from([1, 2, 3]), 3, 32, 2);
    assert.throws(() => riceDecode(bytes, new Int32Array(3), 0, 3, 32, 3), (e: unknown) => e instanceof FitsError && e.code === 'BAD_VALUE');
    assert.throws(() => riceDecode(bytes, new Int32Array(3), 0, 3, 0, 2), (e: unknown) => e instanceof FitsError && e.code === 'BAD_VALUE');
  });
});

/**
 * A RICE_1 file whose BYTEPIX is not the image's own width (the convention allows it;
 * fpack never writes one), made with our encoder and checked against funpack and astropy.
 */
function riceFile(values: Int32Array, width: number, height: number, zbitpix: number, bytePix: number, tile: [number, number]): Uint8Array {
  const [tw, th] = tile;
  const pieces: Uint8Array[] = [];
  for (let ty = 0; ty < height; ty += th) {
    for (let tx = 0; tx < width; tx += tw) {
      const w = Math.min(tw, width - tx);
      const h = Math.min(th, height - ty);
      const tileValues = new Int32Array(w * h);
      for (let y = 0; y < h; y++) tileValues.set(values.subarray((ty + y) * width + tx, (ty + y) * width + tx + w), y * w);
      pieces.push(riceEncode(tileValues, tileValues.length, 32, bytePix));
    }
  }
  const heap = pieces.reduce((a, p) => a + p.length, 0);
  const s = (key: string, value: string): Card => ({ key, value, isString: true });
  const v = (key: string, value: number | boolean): Card => ({ key, value });
  const header = headerBytes([
    s('XTENSION', 'BINTABLE'), v('BITPIX', 8), v('NAXIS', 2), v('NAXIS1', 8), v('NAXIS2', pieces.length), v('PCOUNT', heap), v('GCOUNT', 1),
    v('TFIELDS', 1), s('TTYPE1', 'COMPRESSED_DATA'), s('TFORM1', `1PB(${Math.max(...pieces.map((p) => p.length))})`),
    v('ZIMAGE', true), v('ZBITPIX', zbitpix), v('ZNAXIS', 2), v('ZNAXIS1', width), v('ZNAXIS2', height), v('ZTILE1', tw), v('ZTILE2', th),
    s('ZCMPTYPE', 'RICE_1'), s('ZNAME1', 'BLOCKSIZE'), v('ZVAL1', 32), s('ZNAME2', 'BYTEPIX'), v('ZVAL2', bytePix),
  ]);
  const data = new Uint8Array(Math.ceil((pieces.length * 8 + heap) / 2880) * 2880);
  const view = new DataView(data.buffer);
  let offset = 0;
  pieces.forEach((p, row) => {
    view.setUint32(8 * row, p.length);
    view.setUint32(8 * row + 4, offset);
    data.set(p, pieces.length * 8 + offset);
    offset += p.length;
  });
  const primary = writeFits([]);
  const out = new Uint8Array(primary.length + header.length + data.length);
  out.set(primary);
  out.set(header, primary.length);
  out.set(data, primary.length + header.length);
  return out;
}


describe('RICE_1 with a BYTEPIX other than the image width reads as funpack and astropy read it', () => {
  const { dir, cleanup } = makeTempDir('nightdeck-rice-');
  const W = 50;
  const H = 21;
  // Jumps of ±62000 between neighbours: their differences wrap around in 16 bits.
  const jump = (i: number): number => (i % 13 === 0 ? 30000 : 0) + (i % 29 === 0 ? -31000 : i % 29 === 1 ? 31000 : 0);
  const base = Int32Array.from({ length: W * H }, (_, i) => Math.max(-32768, Math.min(32767, ((i * 7919) % 2000) - 1000 + jump(i))));
  const CASES = [
    // Row tiles decode straight into the image; 25×2 tiles go through a work array.
    ...(
      [
        ['int16-as-4', 16, 4, base],
        ['int16-as-1', 16, 1, base.map((x) => ((x % 256) + 256) % 256)],
        ['int32-as-2', 32, 2, base],
        ['uint8-as-2', 8, 2, base.map((x) => ((x % 256) + 256) % 256)],
      ] as const
    ).flatMap(([name, zbitpix, bytePix, values]) => [
      { name: `${name}-rows`, zbitpix, bytePix, values, tile: [W, 1] as [number, number] },
      { name: `${name}-tiles`, zbitpix, bytePix, values, tile: [25, 2] as [number, number] },
    ]),
  ];
  let refs: Record<string, { astropy: RefArray; funpack: RefArray }> = {};

  before(() => {
    requirePython('astropy', 'numpy');
    requireTool('funpack', 'libcfitsio-bin');
    for (const c of CASES) writeFileSync(join(dir, `${c.name}.fz`), riceFile(c.values, W, H, c.zbitpix, c.bytePix, c.tile));
    refs = runPython(PY_READ_FZ_REFERENCES, { dir, names: CASES.map((c) => c.name) });
  });
  after(cleanup);

  for (const c of CASES) {
    test(`${c.name}: ZBITPIX ${c.zbitpix} with BYTEPIX ${c.bytePix}, tiles ${c.tile.join('×')}`, () => {
      const { header, data } = readHdu(join(dir, `${c.name}.fz`), 1);
      const image = decodeCompressedImage(header, data, 1, DEFAULT_FITS_LIMITS);
      const astropy = refPixels(refs[c.name]!.astropy);
      assert.equal(image.pixels.constructor.name, astropy.constructor.name);
      assert.deepEqual(image.pixels, astropy);
      assert.deepEqual(image.pixels, refPixels(refs[c.name]!.funpack));
    });
  }
});

/**
 * .fits.gz and .fits.bz2 files decoded from disk in pieces (decompressFile, loadImage): the
 * bytes must be what the gzip and bzip2 tools give, the pixels what astropy reads from the same
 * compressed files, and damaged files must be refused with a typed error.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bunzip2File } from '../../../native-workers/fits/bzip2/index.js';
import { decompressFile, type DecompressOptions } from '../../../native-workers/fits/container.js';
import { FitsError } from '../../../native-workers/fits/errors.js';
import { expectedFitsSize } from '../../../native-workers/fits/hdu.js';
import { loadImage, openFits, readImage, writeFits, type FitsImage } from '../../../native-workers/fits/index.js';
import { requirePython, requireTool, runPython } from '../../helpers/python.js';
import { makeTempDir } from '../../helpers/tmp.js';

/** Deterministic noise around a sky level, like a real frame (compresses to many bzip2 blocks). */
function skyInt16(n: number, seed: number): Int16Array {
  const out = new Int16Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = 1000 + ((x >>> 0) % 61) + ((i >> 9) & 15);
  }
  return out;
}

function randomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

function tool(cmd: string, args: string[], input?: Uint8Array): Uint8Array {
  return new Uint8Array(execFileSync(cmd, args, { input, maxBuffer: 1 << 30 }));
}

async function decompressPath(path: string, opts: DecompressOptions = {}): Promise<Uint8Array> {
  const file = await open(path, 'r');
  try {
    return await decompressFile(file, (await file.stat()).size, opts);
  } finally {
    await file.close();
  }
}

function assertSameBytes(actual: Uint8Array, expected: Uint8Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  assert.ok(Buffer.from(actual.buffer, actual.byteOffset, actual.length).equals(expected), `${what}: bytes differ`);
}

/** SHA-256 of the pixels as little-endian values, and the numpy dtype name they correspond to. */
function pixelDigest(img: FitsImage): { dtype: string; sha256: string } {
  const dtype: Record<string, string> = { Uint8Array: 'uint8', Int16Array: 'int16', Uint16Array: 'uint16', Int32Array: 'int32', Uint32Array: 'uint32', Float32Array: 'float32', Float64Array: 'float64' };
  const bytes = Buffer.from(img.pixels.buffer, img.pixels.byteOffset, img.pixels.byteLength);
  return { dtype: dtype[img.pixels.constructor.name]!, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** astropy reads the compressed files itself; per image HDU: dtype and SHA-256 of little-endian pixels. */
const ASTROPY_DIGESTS = String.raw`
import hashlib, json, sys
import numpy as np
from astropy.io import fits
out = {}
for path in json.load(sys.stdin):
    hdus = []
    with fits.open(path, memmap=False) as f:
        for i, h in enumerate(f):
            if h.data is None or not h.is_image:
                continue
            data = np.ascontiguousarray(h.data)
            little = data.astype(data.dtype.newbyteorder('<'), copy=False)
            hdus.append({'index': i, 'dtype': data.dtype.name, 'sha256': hashlib.sha256(little.tobytes()).hexdigest()})
    out[path] = hdus
json.dump(out, sys.stdout)
`;

describe('compressed FITS files decoded from disk in pieces', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let frame: string; // one 2048×1024 int16 image
  let mef: string; // a large primary, then image extensions seen only later in the stream
  let random: string; // incompressible bytes: bzip2 blocks close to 1 MB compressed

  before(() => {
    requireTool('gzip', 'gzip');
    requireTool('bzip2', 'bzip2');
    tmp = makeTempDir('nightdeck-container-file-');
    frame = join(tmp.dir, 'frame.fits');
    writeFileSync(frame, writeFits([{ image: { pixels: skyInt16(2048 * 1024, 7), shape: [2048, 1024] } }]));
    mef = join(tmp.dir, 'mef.fits');
    const f32 = Float32Array.from(skyInt16(300 * 200, 9), (v, i) => v / 7 + i * 1e-3);
    const u16 = Uint16Array.from(skyInt16(640 * 480, 11), (v) => v * 40);
    writeFileSync(
      mef,
      writeFits([
        { image: { pixels: skyInt16(1024 * 1024, 8), shape: [1024, 1024] } },
        { image: { pixels: f32, shape: [300, 200] }, extname: 'SCI' },
        { extname: 'EMPTY' },
        { image: { pixels: u16, shape: [640, 480] }, extname: 'DQ' },
      ]),
    );
    random = join(tmp.dir, 'random.bin');
    writeFileSync(random, randomBytes(2_700_000, 5));
    for (const p of [frame, mef]) {
      writeFileSync(`${p}.gz`, tool('gzip', ['-c', p]));
      // Level 1: 100 kB blocks, so the multi-block paths (and the workers) are exercised.
      writeFileSync(`${p}.bz2`, tool('bzip2', ['-1', '-c', p]));
    }
    writeFileSync(`${random}.bz2`, tool('bzip2', ['-9', '-c', random]));
  });
  after(() => tmp?.cleanup());

  test('gzip and bzip2 files decode to the bytes that gzip -dc and bzip2 -dc give', async () => {
    for (const p of [frame, mef]) {
      assertSameBytes(await decompressPath(`${p}.gz`), tool('gzip', ['-dc', `${p}.gz`]), `${p}.gz`);
      const reference = tool('bzip2', ['-dc', `${p}.bz2`]);
      assert.ok(readFileSync(`${p}.bz2`).length >= 1_500_000 || p === mef, 'frame.bz2 is large enough for the worker threads');
      assertSameBytes(await decompressPath(`${p}.bz2`), reference, `${p}.bz2`);
      const file = await open(`${p}.bz2`, 'r');
      try {
        assertSameBytes(await bunzip2File(file, (await file.stat()).size, { parallel: false }), reference, `${p}.bz2 on one thread`);
      } finally {
        await file.close();
      }
    }
  });

  test('bzip2 blocks of nearly 1 MB compressed (incompressible data) are read through a growing window', async () => {
    assertSameBytes(await decompressPath(`${random}.bz2`), readFileSync(random), 'random.bz2');
  });

  test('every image HDU of .gz and .bz2 files loads with the pixels and dtype astropy reads from the same files', async () => {
    requirePython('astropy', 'numpy');
    const paths = [frame, mef].flatMap((p) => [`${p}.gz`, `${p}.bz2`]);
    const reference = runPython<Record<string, { index: number; dtype: string; sha256: string }[]>>(ASTROPY_DIGESTS, paths);
    let checked = 0;
    for (const path of paths) {
      assert.ok(reference[path]!.length > 0, `${path}: astropy found images`);
      for (const ref of reference[path]!) {
        assert.deepEqual(pixelDigest(await loadImage(path, ref.index)), { dtype: ref.dtype, sha256: ref.sha256 }, `${path}[${ref.index}]`);
        checked++;
      }
    }
    assert.equal(checked, 2 * 1 + 2 * 3);
  });

  test('several gzip members and several bzip2 streams (with zero padding) decode to their concatenation, past a short first size estimate', async () => {
    const bytes = readFileSync(frame);
    const cut = [0, 1_000_000, 4_000_000, bytes.length - 5000, bytes.length];
    const parts = cut.slice(1).map((end, i) => bytes.subarray(cut[i], end));
    // The last member is small, so its ISIZE (what gunzip plans for) is far short of the output.
    const gz = join(tmp.dir, 'members.fits.gz');
    writeFileSync(gz, Buffer.concat(parts.map((part) => gzipSync(part))));
    assertSameBytes(await decompressPath(gz), bytes, 'multi-member gzip');
    assert.deepEqual(pixelDigest(await loadImage(gz)), pixelDigest(readImage(openFits(new Uint8Array(bytes)))), 'multi-member gzip pixels');

    const bz = join(tmp.dir, 'streams.fits.bz2');
    writeFileSync(bz, Buffer.concat([...parts.map((part, i) => tool('bzip2', [`-${1 + (i % 9)}`, '-c'], part)), new Uint8Array(64)]));
    assertSameBytes(await decompressPath(bz), bytes, 'multi-stream bzip2');
    // A hint far below the real size: the output has to grow, several times.
    assertSameBytes(await decompressPath(bz, { expectedSize: () => 10_000 }), bytes, 'multi-stream bzip2, short estimate');
    assertSameBytes(await decompressPath(`${mef}.bz2`, { expectedSize: () => undefined }), readFileSync(mef), 'bzip2 without a hint');
  });

  test('a header declaring far more data than the compressed file could hold does not size the output buffer', async () => {
    // 128 MB declared over 300 kB of data: an allocation that would succeed, so only the bound stops it.
    const cards = ['SIMPLE  =                    T', 'BITPIX  =                   16', 'NAXIS   =                    2', 'NAXIS1  =                 8000', 'NAXIS2  =                 8000', 'END'];
    const header = Buffer.alloc(2880, 0x20);
    cards.forEach((c, i) => header.write(c.padEnd(80), i * 80, 'latin1'));
    const path = join(tmp.dir, 'liar.fits.bz2');
    writeFileSync(path, tool('bzip2', ['-1', '-c'], Buffer.concat([header, Buffer.from(randomBytes(300_000, 3))])));
    const out = await decompressPath(path, { expectedSize: expectedFitsSize });
    assert.equal(out.length, 2880 + 300_000);
    assert.ok(out.buffer.byteLength < 16 * 1024 * 1024, `output buffer of ${out.buffer.byteLength} bytes`);
    await assert.rejects(loadImage(path), (err: unknown) => err instanceof FitsError && ['TOO_LARGE', 'TRUNCATED'].includes(err.code));
  });

  test('output beyond maxOutputBytes is TOO_LARGE through the file path', async () => {
    for (const p of [`${frame}.gz`, `${frame}.bz2`]) {
      for (let k = 0; k < 5; k++) {
        await assert.rejects(decompressPath(p, { maxOutputBytes: 1_000_000 }), (err: unknown) => err instanceof FitsError && err.code === 'TOO_LARGE', p);
      }
    }
  });

  test('truncated and damaged .gz and .bz2 files are refused with TRUNCATED or CORRUPT_DATA', async () => {
    const dir = join(tmp.dir, 'damaged');
    mkdirSync(dir);
    let n = 0;
    for (const source of [`${frame}.gz`, `${frame}.bz2`, `${mef}.bz2`]) {
      const whole = readFileSync(source);
      const variants: Uint8Array[] = [3, 100, 5000, whole.length >> 1, whole.length - 9, whole.length - 1].map((keep) => whole.subarray(0, keep));
      // Past the gzip header's file name, which gunzip does not check.
      for (const at of [64, 4000, whole.length >> 2, whole.length >> 1, whole.length - 12]) {
        const damaged = new Uint8Array(whole);
        damaged[at]! ^= 0x24;
        variants.push(damaged);
      }
      for (const bytes of variants) {
        const path = join(dir, `v${n++}${source.slice(source.lastIndexOf('.'))}`);
        writeFileSync(path, bytes);
        await assert.rejects(loadImage(path), (err: unknown) => err instanceof FitsError && ['TRUNCATED', 'CORRUPT_DATA'].includes(err.code), `${path} from ${source}`);
      }
    }
  });

  test('a directory is NOT_FITS and a missing file keeps its ENOENT code', async () => {
    await assert.rejects(loadImage(tmp.dir), { code: 'NOT_FITS' });
    await assert.rejects(loadImage(join(tmp.dir, 'nope.fits.gz')), { code: 'ENOENT' });
  });
});

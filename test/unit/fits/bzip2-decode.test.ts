import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { bunzip2, bunzip2Chunks } from '../../../native-workers/fits/bzip2/index.js';
import { FitsError } from '../../../native-workers/fits/errors.js';
import { requireTool } from '../../helpers/python.js';

/** Compresses with the reference `bzip2` command-line tool. */
function bzip2Cli(data: Uint8Array, level: number): Uint8Array {
  requireTool('bzip2', 'bzip2');
  const r = spawnSync('bzip2', [`-${level}`, '-c'], { input: data, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`bzip2 failed: ${r.stderr}`);
  return new Uint8Array(r.stdout);
}

/** Deterministic pseudo-random bytes (xorshift), with a low entropy so blocks hold ~900 kB. */
function noise(n: number, seed: number, range = 256): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = (x >>> 0) % range;
  }
  return out;
}

/** A FITS-like file: an ASCII header block and big-endian 16-bit pixels with large zero areas. */
function fitsLike(width: number, height: number): Uint8Array {
  const cards = ['SIMPLE  =                    T', 'BITPIX  =                   16', 'NAXIS   =                    2', `NAXIS1  = ${String(width).padStart(20)}`, `NAXIS2  = ${String(height).padStart(20)}`, 'END'];
  const header = new Uint8Array(2880).fill(0x20);
  cards.forEach((c, i) => header.set(Buffer.from(c.padEnd(80)), i * 80));
  const dataBytes = Math.ceil((width * height * 2) / 2880) * 2880;
  const out = new Uint8Array(2880 + dataBytes);
  out.set(header);
  const px = noise(width * height, 7, 200);
  for (let i = 0; i < width * height; i++) {
    const y = Math.floor(i / width);
    const v = y < height / 3 ? 0 : 1000 + px[i]!; // a zero band compresses to long runs
    out[2880 + 2 * i] = v >> 8;
    out[2880 + 2 * i + 1] = v & 0xff;
  }
  return out;
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of chunks) parts.push(p);
  return Buffer.concat(parts);
}

async function* inPieces(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

function assertSameBytes(actual: Uint8Array, expected: Uint8Array): void {
  assert.equal(actual.length, expected.length);
  assert.ok(Buffer.from(actual).equals(Buffer.from(expected)), 'decoded bytes differ from the original');
}

describe('bunzip2 reproduces what the bzip2 tool compressed', () => {
  const random = noise(300_000, 1);
  const fits = fitsLike(700, 600);

  for (const level of [1, 9]) {
    test(`random bytes at level -${level}`, async () => {
      assertSameBytes(await bunzip2(bzip2Cli(random, level)), random);
    });
    test(`FITS-like 16-bit frame at level -${level}`, async () => {
      assertSameBytes(await bunzip2(bzip2Cli(fits, level)), fits);
    });
  }

  test('a multi-block file of several MB, decoded on worker threads and on one thread alike', async () => {
    const big = noise(4_000_000, 3, 40); // level -1: 100 kB blocks → dozens of blocks
    const compressed = bzip2Cli(big, 1);
    assert.ok(compressed.length > 1_500_000, 'input large enough for the parallel path');
    assertSameBytes(await bunzip2(compressed), big);
    assertSameBytes(await bunzip2(compressed, { parallel: false }), big);
  });

  test('concatenated streams decode to the concatenation', async () => {
    const a = noise(150_000, 4, 16);
    const b = fitsLike(100, 90);
    const both = Buffer.concat([bzip2Cli(a, 9), bzip2Cli(b, 2), bzip2Cli(new Uint8Array(0), 9)]);
    assertSameBytes(await bunzip2(both), Buffer.concat([a, b]));
  });

  test('an empty stream decodes to zero bytes', async () => {
    assert.equal((await bunzip2(bzip2Cli(new Uint8Array(0), 9))).length, 0);
  });

  test('streaming decode yields block by block and the same bytes, for any chunking', async () => {
    const data = noise(1_000_000, 5, 30);
    const compressed = bzip2Cli(data, 1);
    for (const size of [1, 777, 65536, compressed.length]) {
      if (size === 1) {
        // byte-by-byte only over a small stream, to stay fast
        const small = noise(30_000, 6, 30);
        assertSameBytes(await collect(bunzip2Chunks(inPieces(bzip2Cli(small, 1), 1))), small);
        continue;
      }
      assertSameBytes(await collect(bunzip2Chunks(inPieces(compressed, size))), data);
    }
    let first: Uint8Array | undefined;
    for await (const piece of bunzip2Chunks(inPieces(compressed, 65536))) {
      first = piece;
      break; // a header-only reader stops after the first block
    }
    assert.ok(first && first.length > 0 && first.length < data.length);
    assertSameBytes(first, data.subarray(0, first.length));
  });
});

describe('bunzip2 refuses damaged input with a typed error', () => {
  const data = noise(400_000, 9, 50);
  const compressed = bzip2Cli(data, 1);

  const expectFitsError = async (input: Uint8Array, codes: string[]): Promise<void> => {
    await assert.rejects(bunzip2(input), (err: unknown) => err instanceof FitsError && codes.includes(err.code));
    await assert.rejects(collect(bunzip2Chunks(inPieces(input, 4096))), (err: unknown) => err instanceof FitsError && codes.includes(err.code));
  };

  test('truncated files give TRUNCATED', async () => {
    for (const keep of [2, 100, Math.floor(compressed.length / 2), compressed.length - 3]) {
      await expectFitsError(compressed.subarray(0, keep), ['TRUNCATED']);
    }
  });

  test('bit flips in the data give CORRUPT_DATA (or TRUNCATED when a marker is hit)', async () => {
    for (const at of [40, 1000, Math.floor(compressed.length / 3), compressed.length - 20]) {
      const damaged = new Uint8Array(compressed);
      damaged[at]! ^= 0x10;
      await expectFitsError(damaged, ['CORRUPT_DATA', 'TRUNCATED']);
    }
  });

  test('bytes that are not bzip2 give CORRUPT_DATA', async () => {
    await expectFitsError(new TextEncoder().encode('SIMPLE  =                    T'), ['CORRUPT_DATA']);
  });

  test('output beyond the limit gives TOO_LARGE', async () => {
    await assert.rejects(bunzip2(compressed, { maxOutputBytes: 100_000 }), (err: unknown) => err instanceof FitsError && err.code === 'TOO_LARGE');
    await assert.rejects(collect(bunzip2Chunks(inPieces(compressed, 8192), { maxOutputBytes: 100_000 })), (err: unknown) => err instanceof FitsError && err.code === 'TOO_LARGE');
  });
});

/** Limits and refusals: absurd declared sizes are refused before any allocation, with typed errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { decompressContainer, headerBytes, openFits, readImage, writeFits, type Card } from '../../../native-workers/fits/index.js';

function replaceCard(bytes: Uint8Array, key: string, value: string): Uint8Array {
  const copy = new Uint8Array(bytes);
  const text = Buffer.from(bytes).toString('latin1');
  for (let p = 0; p < text.length; p += 80) {
    if (text.slice(p, p + 8).trimEnd() === key) {
      copy.set(Buffer.from(`${key.padEnd(8)}= ${value.padStart(20)}`.padEnd(80), 'latin1'), p);
      return copy;
    }
  }
  throw new Error(`no card ${key}`);
}

test('an image header declaring 10^6 × 10^6 pixels over tiny data is TOO_LARGE, without allocating', () => {
  const small = writeFits([{ image: { pixels: new Int16Array(4), shape: [2, 2] } }]);
  const huge = replaceCard(replaceCard(small, 'NAXIS1', '1000000'), 'NAXIS2', '1000000');
  const before = process.memoryUsage().rss;
  assert.throws(() => openFits(huge), { code: 'TOO_LARGE' });
  assert.ok(process.memoryUsage().rss - before < 200 * 1024 * 1024);
});

test('a decoded image larger than limits.maxImageBytes is refused with TOO_LARGE, a smaller one decodes', () => {
  const file = openFits(writeFits([{ image: { pixels: new Float32Array(100 * 100), shape: [100, 100] } }]));
  assert.throws(() => readImage(file, 0, { limits: { maxImageBytes: 39_999 } }), { code: 'TOO_LARGE' });
  assert.equal(readImage(file, 0, { limits: { maxImageBytes: 40_000 } }).pixels.length, 10_000);
});

test('a compressed image declaring 10^6 × 10^6 pixels is TOO_LARGE before decoding', () => {
  const rice = writeFits([{}, { image: { pixels: new Int16Array(64), shape: [8, 8] }, compress: { type: 'RICE_1' } }]);
  const huge = replaceCard(replaceCard(rice, 'ZNAXIS1', '1000000'), 'ZNAXIS2', '1000000');
  const file = openFits(huge);
  assert.deepEqual(file.hdus[1]!.info.shape, [1_000_000, 1_000_000]);
  assert.throws(() => readImage(file), { code: 'TOO_LARGE' });
});

test('a header longer than limits.maxHeaderCards is TOO_LARGE', () => {
  const cards: Card[] = Array.from({ length: 300 }, (_, i) => ({ key: `K${i}`, value: i }));
  const bytes = writeFits([{ cards }]);
  assert.throws(() => openFits(bytes, { limits: { maxHeaderCards: 100 } }), { code: 'TOO_LARGE' });
  assert.equal(openFits(bytes).hdus[0]!.header.getNumber('K299'), 299);
});

test('a gzip bomb beyond maxOutputBytes is TOO_LARGE', async () => {
  const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024));
  await assert.rejects(decompressContainer(bomb, { maxOutputBytes: 1024 * 1024 }), { code: 'TOO_LARGE' });
});

test('asking for a missing HDU is BAD_HDU, a table HDU is BAD_HDU, a file without image data is NO_IMAGE', () => {
  const file = openFits(writeFits([{ image: { pixels: new Uint8Array(4), shape: [4] } }, { extname: 'EMPTY' }]));
  assert.throws(() => readImage(file, 5), { code: 'BAD_HDU' });
  assert.throws(() => readImage(file, 1), { code: 'BAD_HDU' });
  assert.throws(() => readImage(openFits(writeFits([{}]))), { code: 'NO_IMAGE' });
});

test('END off a card boundary or a missing END is refused, never read past the header', () => {
  const h = headerBytes([{ key: 'SIMPLE', value: true }, { key: 'BITPIX', value: 8 }, { key: 'NAXIS', value: 0 }]);
  const text = Buffer.from(h).toString('latin1').replace('END' + ' '.repeat(77), '    END' + ' '.repeat(73));
  assert.throws(() => openFits(Buffer.from(text, 'latin1')), { code: 'TRUNCATED' });
  const wrongBitpix = Buffer.from(Buffer.from(h).toString('latin1').replace('BITPIX  =                    8', 'BITPIX  =                   12'), 'latin1');
  assert.throws(() => openFits(wrongBitpix), { code: 'BAD_VALUE' });
});

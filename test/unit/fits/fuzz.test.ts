/**
 * Fuzz: thousands of truncated, bit-flipped and header-mangled variants of valid files must each
 * either decode or throw a FitsError: never another exception, a hang or a huge allocation.
 * Deterministic (seeded), so a failure names a reproducible variant.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import {
  decompressContainer,
  FitsError,
  openFits,
  readHeadersByRange,
  readHeadersFromChunks,
  readImage,
  writeFits,
  type Card,
} from '../../../native-workers/fits/index.js';
import { seeded } from '../../helpers/seeded.js';

const LIMITS = { maxImageBytes: 64 * 1024 * 1024, maxHeaderCards: 10_000 };

function baseFiles(): { name: string; bytes: Uint8Array }[] {
  const cards: Card[] = [
    { key: 'LONGSTR', value: 'abc&def '.repeat(30), isString: true },
    { key: 'ESO DET CHIP', value: 3 },
    { key: 'BIG', value: 2n ** 60n },
    { key: 'BLANK', value: -32768 },
  ];
  const i16 = new Int16Array(40 * 30).map((_, i) => (i * 37) % 2000 - 1000);
  const f32 = new Float32Array(17 * 9).map((_, i) => i / 7);
  const u16 = new Uint16Array(64 * 20).map((_, i) => (i * 131) % 65536);
  return [
    { name: 'mef', bytes: writeFits([{ image: { pixels: i16, shape: [40, 30] }, cards }, { image: { pixels: f32, shape: [17, 9] }, extname: 'F' }]) },
    { name: 'rice', bytes: writeFits([{}, { image: { pixels: u16, shape: [64, 20] }, compress: { type: 'RICE_1', tileShape: [64, 4] } }]) },
    { name: 'gzip2', bytes: writeFits([{}, { image: { pixels: i16, shape: [40, 30] }, compress: { type: 'GZIP_2' } }]) },
    { name: 'cube', bytes: writeFits([{ image: { pixels: new Float64Array(3 * 4 * 5).fill(1.5), shape: [3, 4, 5] } }]) },
  ];
}

/** Decodes everything a file holds; returns normally or throws. */
function decodeAll(bytes: Uint8Array): void {
  const file = openFits(bytes, { limits: LIMITS });
  for (const hdu of file.hdus) {
    if ((hdu.info.kind === 'image' || hdu.info.kind === 'compressed-image') && hdu.info.shape.length && hdu.info.shape.every((n) => n > 0)) {
      readImage(file, hdu.index, { limits: LIMITS });
    }
  }
}

function expectFitsErrorOrSuccess(run: () => void, what: string): 'ok' | 'error' {
  try {
    run();
    return 'ok';
  } catch (err) {
    if (!(err instanceof FitsError)) assert.fail(`${what}: threw ${(err as Error)?.constructor?.name}: ${(err as Error)?.stack ?? err}`);
    return 'error';
  }
}

const MANGLES: ((card: string, r: () => number) => string)[] = [
  (c) => c.slice(0, 10) + '-5'.padStart(20),
  (c) => c.slice(0, 10) + '99999999999999999999',
  (c) => c.slice(0, 10) + "'abc'".padEnd(20),
  (c) => c.slice(0, 10) + '1.5'.padStart(20),
  (c) => c.slice(0, 10) + "'unterminated",
  (c) => 'END'.padEnd(80).slice(0, 80) + c.slice(80),
  (c) => c.slice(0, 8) + '  no value indicator',
  (c, r) => c.slice(0, 10) + String(Math.floor(r() * 2 ** 31)).padStart(20),
  (c) => c.slice(0, 20) + '\u00e9\u0001' + c.slice(22),
  () => ' '.repeat(80),
];

test('truncated, bit-flipped and header-mangled files decode or throw FitsError, never anything else', () => {
  const r = seeded(20261123);
  const counts = { ok: 0, error: 0 };
  let variants = 0;
  for (const { name, bytes } of baseFiles()) {
    // Every truncation at a card boundary within the headers and a few hundred inside the data.
    for (let cut = 0; cut < bytes.length; cut += cut < 8640 ? 80 : 1 + Math.floor(r() * 997)) {
      counts[expectFitsErrorOrSuccess(() => decodeAll(bytes.subarray(0, cut)), `${name} cut at ${cut}`)]++;
      variants++;
    }
    for (let v = 0; v < 500; v++) {
      const copy = new Uint8Array(bytes);
      const flips = 1 + Math.floor(r() * 6);
      // Mostly in headers (where structure lives), sometimes anywhere.
      const span = r() < 0.7 ? Math.min(copy.length, 8640) : copy.length;
      const at: number[] = [];
      for (let f = 0; f < flips; f++) {
        const p = Math.floor(r() * span);
        at.push(p);
        copy[p] = copy[p]! ^ (1 << Math.floor(r() * 8));
      }
      counts[expectFitsErrorOrSuccess(() => decodeAll(copy), `${name} bits flipped at ${at.join(',')}`)]++;
      variants++;
    }
    // Header mangling: replace a card of one of the first headers.
    const text = Buffer.from(bytes).toString('latin1');
    const cardStarts: number[] = [];
    for (let p = 0; p < Math.min(text.length, 11520); p += 80) if (text[p] !== ' ') cardStarts.push(p);
    for (let v = 0; v < 300; v++) {
      const p = cardStarts[Math.floor(r() * cardStarts.length)]!;
      const mangle = MANGLES[Math.floor(r() * MANGLES.length)]!;
      const card = mangle(text.slice(p, p + 80), r).padEnd(80).slice(0, 80);
      const copy = new Uint8Array(bytes);
      copy.set(Buffer.from(card, 'latin1'), p);
      counts[expectFitsErrorOrSuccess(() => decodeAll(copy), `${name} card at ${p} → ${JSON.stringify(card)}`)]++;
      variants++;
    }
  }
  assert.ok(variants >= 2000, `${variants} variants`);
  assert.ok(counts.ok > 0 && counts.error > 0, `both outcomes occur: ${JSON.stringify(counts)}`);
});

test('header-only readers and gzip containers of damaged files resolve or reject with FitsError', async () => {
  const r = seeded(7);
  const [{ bytes }] = baseFiles();
  const gz = gzipSync(bytes);
  for (let v = 0; v < 300; v++) {
    const copy = new Uint8Array(bytes.subarray(0, v % 3 === 0 ? Math.floor(r() * bytes.length) : bytes.length));
    for (let f = 0; f < 3; f++) {
      const p = Math.floor(r() * Math.min(copy.length, 8640));
      if (copy.length) copy[p] = copy[p]! ^ (1 << Math.floor(r() * 8));
    }
    const read = async (o: number, l: number) => copy.subarray(o, o + l);
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < copy.length; i += 1111) yield copy.subarray(i, i + 1111);
    }
    const gzCopy = new Uint8Array(gz.subarray(0, v % 2 ? gz.length : Math.floor(r() * gz.length)));
    const gp = Math.floor(r() * gzCopy.length);
    if (gzCopy.length) gzCopy[gp] = gzCopy[gp]! ^ 0x10;
    for (const [what, run] of [
      ['range', () => readHeadersByRange(read, { limits: LIMITS })],
      ['chunks', () => readHeadersFromChunks(chunks(), { limits: LIMITS })],
      ['gzip', async () => decodeAll(await decompressContainer(gzCopy))],
    ] as const) {
      try {
        await run();
      } catch (err) {
        if (!(err instanceof FitsError)) assert.fail(`${what} variant ${v}: threw ${(err as Error)?.stack ?? err}`);
      }
    }
  }
});

/**
 * The pieces of the streaming bzip2 decode that timing does not reach reliably: blocks parked in
 * the output's free end (moved out of the way, carried over when it grows), the FITS size guess
 * that sizes the output, and the block scanner reading through a small window.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GrowableOutput } from '../../../native-workers/fits/bzip2/output.js';
import { BlockScanner, type ScannedBlock, type ScannedItem } from '../../../native-workers/fits/bzip2/scanner.js';
import type { ByteSource } from '../../../native-workers/fits/bzip2/source.js';
import { memorySource } from '../../../native-workers/fits/bzip2/source.js';
import { expectedFitsSize } from '../../../native-workers/fits/hdu.js';
import { writeFits } from '../../../native-workers/fits/writer.js';
import { requireTool } from '../../helpers/python.js';
import { makeTempDir } from '../../helpers/tmp.js';

/** Bytes 0..n-1 of a recognisable sequence, starting at `from`. */
function run(from: number, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (from + i) * 7 + 3);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

test('parked blocks come out in place, whether parked, moved out of the way, or carried over a growth', () => {
  const a = run(0, 40);
  const b = run(40, 30);
  const c = run(70, 20);
  const d = run(90, 25);
  const out = new GrowableOutput();
  assert.equal(out.park(b), null, 'no buffer yet: nowhere to park');
  out.reserve(100);
  const pc = out.park(c)!;
  const pb = out.park(b)!;
  assert.deepEqual([pc.start, pb.start], [80, 50], 'parked from the top down');
  assert.equal(out.parkedBytes, 50);
  assert.equal(out.park(run(0, 51)), null, 'no room below the parked blocks');
  out.append(a); // [0, 40): below both parked blocks
  assert.equal(pb.moved, null);
  out.appendParked(pb); // [40, 70): moves down over its own old place
  assert.equal(pc.moved, null);
  out.appendParked(pc);
  assert.deepEqual([...out.result()], [...concat(a, b, c)]);
  assert.equal(out.parkedBytes, 0);

  // The output reaches a parked block before its turn: it is moved out and still comes out right.
  const o2 = new GrowableOutput();
  o2.reserve(70);
  const pd = o2.park(d)!; // [45, 70)
  o2.append(run(0, 50)); // overlaps [45, 50): d is moved out first
  assert.ok(pd.moved, 'moved out of the way');
  o2.reserve(200);
  o2.appendParked(pd);
  assert.deepEqual([...o2.result()], [...concat(run(0, 50), d)]);

  // Growing carries parked blocks to the new end; one that no longer fits there is moved out.
  const o3 = new GrowableOutput();
  o3.reserve(60);
  o3.append(run(0, 10));
  const p1 = o3.park(run(100, 20))!; // [40, 60)
  const p2 = o3.park(run(200, 20))!; // [20, 40)
  o3.reserve(80);
  assert.deepEqual([p1.start, p2.start, p2.moved], [60, 40, null]);
  o3.append(run(10, 30)); // [10, 40)
  o3.appendParked(p2);
  o3.appendParked(p1);
  assert.deepEqual([...o3.result()], [...concat(run(0, 40), run(200, 20), run(100, 20))]);
  const o4 = new GrowableOutput();
  o4.reserve(40);
  o4.append(run(0, 15));
  const q1 = o4.park(run(100, 20))!; // [20, 40)
  o4.reserve(45); // q1 would need [25, 45): still above the 15 written bytes
  assert.equal(q1.moved, null);
  const q2 = o4.park(run(300, 10))!; // [15, 25)
  o4.reserve(46); // q1 to [26, 46), q2 would need [16, 26): fits just above 15
  assert.deepEqual([q1.start, q2.start], [26, 16]);
  o4.append(run(15, 2)); // 17 bytes written: q2 at [16, 26) was in the way
  assert.ok(q2.moved);
  o4.drop(q2);
  o4.appendParked(q1);
  assert.deepEqual([...o4.result()], [...concat(run(0, 17), run(100, 20))]);
  assert.equal(o4.parkedBytes, 0);

  // A block moved out of the way may no longer fit when its turn comes: the output grows for it.
  const o5 = new GrowableOutput();
  o5.reserve(30);
  const m = o5.park(run(500, 10))!; // [20, 30)
  o5.append(run(0, 25));
  assert.ok(m.moved);
  assert.deepEqual([...o5.parkedData(m)], [...run(500, 10)]);
  o5.appendParked(m);
  assert.deepEqual([...o5.result()], [...concat(run(0, 25), run(500, 10))]);
});

test('peek reads across the written output and the bytes about to follow it', () => {
  const out = new GrowableOutput();
  out.reserve(10);
  out.append(run(0, 6));
  const incoming = run(6, 5);
  assert.deepEqual([...out.peek(incoming, 2, 3)], [...run(2, 3)]);
  assert.deepEqual([...out.peek(incoming, 4, 5)], [...run(4, 5)]);
  assert.deepEqual([...out.peek(incoming, 7, 100)], [...run(7, 4)]);
});

test('the FITS size guess: exact for whole headers, growing as extension headers come into view', () => {
  const primary = { image: { pixels: new Int16Array(3000), shape: [60, 50] } };
  const ext = { image: { pixels: new Float32Array(1000), shape: [1000] }, extname: 'SCI' };
  const single = writeFits([primary]);
  const mef = writeFits([primary, { extname: 'EMPTY' }, ext]);
  const guess = (bytes: Uint8Array, available: number): number | undefined =>
    expectedFitsSize((offset, length) => bytes.subarray(offset, Math.min(offset + length, available)), available);
  assert.equal(guess(single, 2880), single.length, 'the primary header alone gives the whole size');
  assert.equal(guess(mef, 2880), 2880 + 8640, 'only the primary is known');
  assert.equal(guess(mef, 2880 + 8640 + 2880), 2880 + 8640 + 2880, 'the empty extension is known');
  assert.equal(guess(mef, mef.length), mef.length);
  assert.equal(guess(mef, 2000), undefined, 'primary header incomplete');
  assert.equal(guess(new TextEncoder().encode('not FITS at all'.repeat(300)), 4500), undefined);
});

/** A source read through the windowed path: no `whole`, pieces as a file would give them. */
function windowed(bytes: Uint8Array): ByteSource {
  const mem = memorySource(bytes);
  return { size: mem.size, readInto: mem.readInto };
}

async function scanAll(source: ByteSource): Promise<ScannedItem[]> {
  const scanner = new BlockScanner(source);
  const items: ScannedItem[] = [];
  for (let item = await scanner.next(); item; item = await scanner.next()) items.push(item);
  return items;
}

test('the block scanner finds through its window the blocks and stream CRCs that bzip2 -tvvv reports', async () => {
  requireTool('bzip2', 'bzip2');
  const data = Uint8Array.from({ length: 1_600_000 }, (_, i) => ((i * 2654435761) >>> 23) & 0xff);
  const parts = [1, 9, 2].map((level, i) => {
    const r = spawnSync('bzip2', [`-${level}`, '-c'], { input: data.subarray(i * 500_000, i * 500_000 + 600_000), maxBuffer: 1 << 28 });
    return new Uint8Array(r.stdout);
  });
  const bytes = concat(...parts, new Uint8Array(10));
  const tmp = makeTempDir('nightdeck-bz2scan-');
  let report: string;
  try {
    const path = join(tmp.dir, 'three-streams.bz2');
    writeFileSync(path, bytes);
    report = spawnSync('bzip2', ['-tvvv', path], { encoding: 'utf8' }).stderr;
  } finally {
    tmp.cleanup();
  }
  const blockCrcs = [...report.matchAll(/\[\d+: huff\+mtf rt\+rld \{0x([0-9a-f]+),/g)].map((m) => parseInt(m[1]!, 16));
  const streamCrcs = [...report.matchAll(/combined CRCs: stored = 0x([0-9a-f]+)/g)].map((m) => parseInt(m[1]!, 16));
  const items = await scanAll(windowed(bytes));
  assert.deepEqual(await scanAll(memorySource(bytes)), items, 'the same items with the input held whole');
  const blocks = items.filter((i): i is ScannedBlock => i.kind === 'block');
  assert.ok(blocks.length >= 9, `${blocks.length} blocks`);
  assert.deepEqual(blocks.map((b) => b.crc), blockCrcs);
  assert.deepEqual(items.filter((i) => i.kind === 'end').map((i) => (i as { storedCrc: number }).storedCrc), streamCrcs);
  assert.deepEqual([...new Set(blocks.map((b) => `${b.stream}:${b.level}`))], ['0:1', '1:9', '2:2']);
  for (let i = 1; i < blocks.length; i++) if (blocks[i]!.stream === blocks[i - 1]!.stream) assert.equal(blocks[i]!.startBit, blocks[i - 1]!.endBit);
  await assert.rejects(scanAll(windowed(bytes.subarray(0, bytes.length - 200))), { code: 'TRUNCATED' });
  await assert.rejects(scanAll(windowed(concat(bytes, new Uint8Array([1, 2, 3])))), { code: 'CORRUPT_DATA' });
});

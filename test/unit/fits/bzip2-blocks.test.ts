import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { standaloneStream } from '../../../native-workers/fits/bzip2/bits.js';
import { BlockScanner, type ScannedBlock, type ScannedStreamEnd } from '../../../native-workers/fits/bzip2/scanner.js';
import { memorySource } from '../../../native-workers/fits/bzip2/source.js';
import { requireTool } from '../../helpers/python.js';
import { makeTempDir } from '../../helpers/tmp.js';

function pseudoRandom(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

test('blocks found at the bit level carry the CRCs that bzip2 -tvvv reports, and each re-wrapped block tests ok', async () => {
  requireTool('bzip2', 'bzip2');
  const { dir, cleanup } = makeTempDir('nightdeck-bz2blocks-');
  try {
    const data = pseudoRandom(450_000, 3); // five 100 kB blocks at -1, none byte-aligned
    const compressed = new Uint8Array(spawnSync('bzip2', ['-1', '-c'], { input: data, maxBuffer: 1 << 26 }).stdout);
    const path = join(dir, 'x.bz2');
    writeFileSync(path, compressed);
    const report = spawnSync('bzip2', ['-tvvv', path], { encoding: 'utf8' }).stderr;
    const expectedCrcs = [...report.matchAll(/\[\d+: huff\+mtf rt\+rld \{0x([0-9a-f]+),/g)].map((m) => parseInt(m[1]!, 16));
    const combined = parseInt(/combined CRCs: stored = 0x([0-9a-f]+)/.exec(report)![1]!, 16);
    const scanner = new BlockScanner(memorySource(compressed));
    const items: (ScannedBlock | ScannedStreamEnd)[] = [];
    for (let item = await scanner.next(); item; item = await scanner.next()) items.push(item);
    const blocks = items.filter((i): i is ScannedBlock => i.kind === 'block');
    const ends = items.filter((i): i is ScannedStreamEnd => i.kind === 'end');
    assert.equal(ends.length, 1);
    assert.equal(expectedCrcs.length, 5);
    assert.deepEqual(blocks.map((b) => b.crc), expectedCrcs);
    assert.equal(ends[0]!.storedCrc, combined);
    assert.ok(blocks.some((b) => b.startBit % 8 !== 0), 'some block starts off a byte boundary');
    // Each block alone, re-wrapped as a stream, is valid bzip2 to the reference tool.
    blocks.forEach((b, i) => {
      const piece = join(dir, `block${i}.bz2`);
      writeFileSync(piece, standaloneStream(compressed, b.startBit, b.endBit, b.level, b.crc));
      const r = spawnSync('bzip2', ['-t', piece], { encoding: 'utf8' });
      assert.equal(r.status, 0, `block ${i}: ${r.stderr}`);
    });
  } finally {
    cleanup();
  }
});

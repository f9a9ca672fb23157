/**
 * Header-only reading: through a byte-range reader only header blocks are fetched (data units
 * are jumped over), and a stream is abandoned as soon as the wanted headers are in. Header
 * positions come from astropy's own fileinfo().
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openFits, readHeadersByRange, readHeadersFromChunks, type RangeReader } from '../../../native-workers/fits/index.js';
import { requirePython, runPython } from '../../helpers/python.js';
import { makeTempDir } from '../../helpers/tmp.js';

interface Layout {
  hdrLoc: number;
  datLoc: number;
  datSpan: number;
  name: string;
}

const WRITE_MEF = String.raw`
import json, sys
import numpy as np
from astropy.io import fits
path = json.load(sys.stdin)['path']
hdus = [fits.PrimaryHDU()]
hdus[0].header['TELESCOP'] = 'HET'
for i in range(4):
    h = fits.ImageHDU(np.full((300, 400), i, dtype=np.int16), name='AMP%d' % i)
    for k in range(20 + 45 * i):  # headers of 1, 2 and 3 blocks
        h.header['KEY%d' % k] = k
    hdus.append(h)
fits.HDUList(hdus).writeto(path, overwrite=True)
with fits.open(path) as hl:
    out = []
    for i, hdu in enumerate(hl):
        info = hl.fileinfo(i)
        out.append({'hdrLoc': info['hdrLoc'], 'datLoc': info['datLoc'], 'datSpan': info['datSpan'], 'name': hdu.name})
    json.dump(out, sys.stdout)
`;

function countingReader(bytes: Uint8Array): { read: RangeReader; calls: () => number } {
  let calls = 0;
  return {
    read: async (offset, length) => {
      calls++;
      return bytes.subarray(offset, Math.min(bytes.length, offset + length));
    },
    calls: () => calls,
  };
}

async function* chunked(bytes: Uint8Array, size: number, onDone: () => void): AsyncGenerator<Uint8Array> {
  try {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  } finally {
    onDone();
  }
}

describe('header-only reading of an astropy MEF', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let bytes: Uint8Array;
  let layout: Layout[];

  before(() => {
    requirePython('astropy', 'numpy');
    tmp = makeTempDir();
    const path = join(tmp.dir, 'mef.fits');
    layout = runPython<Layout[]>(WRITE_MEF, { path });
    bytes = readFileSync(path);
  });
  after(() => tmp.cleanup());

  test('a range reader gets every header while reading at most 3× the header bytes', async () => {
    const headerBytes = layout.reduce((a, l) => a + (l.datLoc - l.hdrLoc), 0);
    const { read } = countingReader(bytes);
    const { hdus, bytesRead } = await readHeadersByRange(read);
    assert.deepEqual(
      hdus.map((h) => h.info.extname ?? 'PRIMARY'),
      layout.map((l) => l.name),
    );
    assert.ok(bytesRead <= 3 * headerBytes, `read ${bytesRead} bytes for ${headerBytes} header bytes (file ${bytes.length})`);
    const full = openFits(bytes);
    hdus.forEach((h, i) => assert.deepEqual(h.header.cards, full.hdus[i]!.header.cards));
    assert.deepEqual(hdus[4]!.info.shape, [400, 300]);
  });

  test('a first read smaller than the primary header grows until END is found', async () => {
    const { read } = countingReader(bytes);
    const { hdus } = await readHeadersByRange(read, { initialBytes: 2880 });
    assert.equal(hdus.length, layout.length);
    assert.equal(hdus[3]!.header.getNumber('KEY109'), 109);
  });

  test('a stream in odd-sized chunks yields every header; stopAfterFirstImage stops early and closes the stream', async () => {
    let closed = 0;
    const all = await readHeadersFromChunks(chunked(bytes, 1000, () => closed++));
    assert.equal(all.hdus.length, layout.length);
    assert.equal(all.bytesConsumed, bytes.length);
    const first = await readHeadersFromChunks(chunked(bytes, 7000, () => closed++), { stopAfterFirstImage: true });
    assert.deepEqual(first.hdus.map((h) => h.info.extname), [null, 'AMP0']);
    assert.ok(first.bytesConsumed < layout[1]!.datLoc + 7000, `consumed ${first.bytesConsumed}`);
    assert.equal(closed, 2);
    const two = await readHeadersFromChunks(chunked(bytes, 65536, () => undefined), { maxHdus: 2 });
    assert.equal(two.hdus.length, 2);
  });

  test('a range reader or stream that ends inside a header gives TRUNCATED', async () => {
    const cut = bytes.subarray(0, layout[2]!.hdrLoc + 1000);
    await assert.rejects(readHeadersByRange(countingReader(cut).read), { code: 'TRUNCATED' });
    await assert.rejects(readHeadersFromChunks(chunked(cut, 4096, () => undefined)), { code: 'TRUNCATED' });
    await assert.rejects(readHeadersByRange(countingReader(new TextEncoder().encode('GIF89a'.repeat(600))).read), { code: 'NOT_FITS' });
  });
});

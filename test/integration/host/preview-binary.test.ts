/**
 * The binary preview (`encoding: 'binary'`): the same little-endian Float32 bytes as the
 * base64 preview, bit for bit (NaN patterns included), over HTTP (octet-stream body, fields in
 * headers) and through the Electron IPC adapter (an ArrayBuffer after structured clone); and
 * errors of binary requests stay typed JSON envelopes.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTempDir } from '../../helpers/tmp.js';
import { writeFramesWithAstropy, startTestServer, waitForFrames, api, type TestServer } from './host-fixtures.js';
import { ipcBindings } from '../../../electron/host/ipc-contract.js';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { runPython } from '../../helpers/python.js';

async function binaryPreview(url: string, request: object): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const r = await fetch(`${url}/api/getPreview`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...request, encoding: 'binary' }),
  });
  return { status: r.status, headers: r.headers, bytes: Buffer.from(await r.arrayBuffer()) };
}

describe('binary preview', () => {
  const night = makeTempDir('nightdeck-binprev-');
  let s: TestServer;
  let uintId = 0;
  let floatId = 0;
  let fzId = 0;

  before(async () => {
    writeFramesWithAstropy(night.dir, [
      { rel: 'a-uint16.fits', width: 67, height: 45, dtype: 'uint16', seed: 3 },
      { rel: 'b-float.fits', width: 40, height: 30, dtype: 'float32', seed: 4, nans: true },
    ]);
    // The same uint16 frame Rice-compressed by fpack, row-by-row tiles.
    execFileSync('/usr/bin/fpack', ['-O', join(night.dir, 'c-uint16.fits.fz'), join(night.dir, 'a-uint16.fits')]);
    s = await startTestServer({ sources: { folders: [{ path: night.dir, recursive: true }] } });
    const frames = await waitForFrames(s.url, 3);
    fzId = frames.find((f) => f.name === 'c-uint16.fits.fz')!.id;
    uintId = frames.find((f) => f.name === 'a-uint16.fits')!.id;
    floatId = frames.find((f) => f.name === 'b-float.fits')!.id;
  });

  after(async () => {
    await s?.cleanup();
    night.cleanup();
  });

  const cases = () => [
    { what: 'uint16 frame binned by 3', request: { id: uintId, maxWidth: 30, maxHeight: 30 } },
    { what: 'uint16 region unbinned', request: { id: uintId, maxWidth: 100, maxHeight: 100, region: { x0Px: 5, y0Px: 7, x1Px: 50, y1Px: 33 } } },
    { what: 'float32 frame with NaNs unbinned', request: { id: floatId, maxWidth: 64, maxHeight: 64 } },
  ];

  test('over HTTP the octet-stream body is the base64 preview bit for bit, the other fields in headers', async () => {
    for (const { what, request } of cases()) {
      const json = await api(s.url, 'getPreview', request);
      assert.equal(json.status, 200, what);
      const { data, ...fields } = json.json.result as { data: string } & Record<string, unknown>;
      const bin = await binaryPreview(s.url, request);
      assert.equal(bin.status, 200, what);
      assert.equal(bin.headers.get('content-type'), 'application/octet-stream', what);
      assert.ok(bin.bytes.equals(Buffer.from(data, 'base64')), `${what}: bytes differ`);
      assert.deepEqual(JSON.parse(bin.headers.get('x-nightdeck-result')!), fields, what);
      assert.equal(bin.headers.get('x-nightdeck-binary-field'), 'data');
      assert.equal(Number(bin.headers.get('x-width')), fields.width, what);
      assert.equal(Number(bin.headers.get('x-height')), fields.height, what);
      assert.equal(bin.headers.get('x-dtype'), 'float32-le');
      assert.equal(bin.bytes.length, (fields.width as number) * (fields.height as number) * 4, what);
    }
    // The NaN pixels of the float frame really are in there (so the comparison above covers them).
    const nan = await binaryPreview(s.url, { id: floatId, maxWidth: 64, maxHeight: 64 });
    assert.ok(Number.isNaN(nan.bytes.readFloatLE((1 * 40 + 2) * 4)));
  });

  test('through the IPC adapter the ArrayBuffer survives structured clone equal to the base64 bytes', async () => {
    const [binding] = ipcBindings(s.host);
    for (const { what, request } of cases()) {
      const text = await binding!.handler('getPreview', request);
      const raw = await binding!.handler('getPreview', { ...request, encoding: 'binary' });
      assert.ok(text.ok && raw.ok, what);
      // What Electron's ipcMain.handle does to a reply before the renderer sees it.
      const cloned = structuredClone(raw) as typeof raw;
      assert.ok(cloned.ok);
      const { data, ...fields } = cloned.result as { data: ArrayBuffer } & Record<string, unknown>;
      assert.ok(data instanceof ArrayBuffer, `${what}: data is ${Object.prototype.toString.call(data)}`);
      assert.ok(Buffer.from(data).equals(Buffer.from((text.result as { data: string }).data, 'base64')), `${what}: bytes differ`);
      const { data: _d, ...textFields } = text.result as Record<string, unknown>;
      assert.deepEqual(fields, textFields, what);
    }
  });

  test('errors of binary requests stay typed JSON envelopes with their HTTP status', async () => {
    const missing = await binaryPreview(s.url, { id: 99999, maxWidth: 10, maxHeight: 10 });
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get('content-type') ?? '', /application\/json/);
    assert.equal(JSON.parse(String(missing.bytes)).error.code, 'NOT_FOUND');

    const tooBig = await binaryPreview(s.url, { id: uintId, maxWidth: 8192, maxHeight: 4096 });
    assert.equal(tooBig.status, 400);
    assert.equal(JSON.parse(String(tooBig.bytes)).error.code, 'BAD_ARGUMENT');

    const plane = await binaryPreview(s.url, { id: uintId, maxWidth: 10, maxHeight: 10, plane: 3 });
    assert.equal(plane.status, 400);
    assert.equal(JSON.parse(String(plane.bytes)).error.code, 'BAD_ARGUMENT');

    const badRegion = await binaryPreview(s.url, { id: uintId, maxWidth: 10, maxHeight: 10, region: { x0Px: 60, y0Px: 0, x1Px: 90, y1Px: 5 } });
    assert.equal(badRegion.status, 400);
    assert.match(JSON.parse(String(badRegion.bytes)).error.code, /^BAD_/);

    const badEncoding = await api(s.url, 'getPreview', { id: uintId, maxWidth: 10, maxHeight: 10, encoding: 'hex' });
    assert.equal(badEncoding.status, 400);
    assert.equal(badEncoding.json.error.code, 'BAD_REQUEST');

    const [binding] = ipcBindings(s.host);
    const ipcMissing = await binding!.handler('getPreview', { id: 99999, maxWidth: 10, maxHeight: 10, encoding: 'binary' });
    assert.deepEqual(ipcMissing.ok ? null : ipcMissing.error.code, 'NOT_FOUND');
  });

  test('the coarse look samples every step-th row, averaged in blocks along the row, as numpy does; .fz decodes only those tiles to the same values', async () => {
    const request = { maxWidth: 30, maxHeight: 30, coarse: true, encoding: 'binary' };
    const plain = await binaryPreview(s.url, { id: uintId, ...request });
    const fz = await binaryPreview(s.url, { id: fzId, ...request });
    const meta = JSON.parse(plain.headers.get('x-nightdeck-result')!) as { width: number; height: number; binFactor: number; coarse: boolean };
    assert.equal(meta.coarse, true);
    assert.equal(meta.binFactor, 12, 'a quarter of the preview resolution: 4 × bin factor 3');
    assert.deepEqual([meta.width, meta.height], [6, 4]);
    assert.ok(fz.bytes.equals(plain.bytes), 'the .fz quick look equals the plain file one');
    const ref = runPython<number[]>(
      `
import sys, json, numpy as np
from astropy.io import fits
a = fits.getdata(json.load(sys.stdin)).astype(np.float64)[::12, :]
out = [float(np.mean(a[r, c:c + 12])) for r in range(a.shape[0]) for c in range(0, a.shape[1], 12)]
print(json.dumps(out))
`,
      join(night.dir, 'a-uint16.fits'),
    );
    const got = Array.from(new Float32Array(plain.bytes.buffer, plain.bytes.byteOffset, plain.bytes.length / 4));
    assert.equal(got.length, ref.length);
    got.forEach((v, i) => assert.ok(Math.abs(v - ref[i]!) <= 1e-4 * Math.abs(ref[i]!), `pixel ${i}: ${v} vs ${ref[i]}`));
    // Once the frame is decoded, the quick look comes from the cached pixels: the same bytes.
    await api(s.url, 'getPreview', { id: fzId, maxWidth: 30, maxHeight: 30 });
    const cached = await binaryPreview(s.url, { id: fzId, ...request });
    assert.ok(cached.bytes.equals(plain.bytes));
  });

  test('coarse is ignored for a region: the full-resolution area answers', async () => {
    const r = await api(s.url, 'getPreview', { id: uintId, maxWidth: 100, maxHeight: 100, coarse: true, region: { x0Px: 0, y0Px: 0, x1Px: 20, y1Px: 10 } });
    assert.equal(r.json.result.binFactor, 1);
    assert.equal(r.json.result.coarse, undefined);
  });
});

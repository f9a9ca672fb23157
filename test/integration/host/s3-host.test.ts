/**
 * The host on an S3 source (s3rver on 127.0.0.1): frames listed from the bucket, the
 * QuickAnalysis route resolving `<s3_directory>/<full_filename>` in the bucket (downloaded on
 * demand, .fits.bz2 as Photon Ranch stores them), openFrame downloading, and source
 * configuration shown without secrets.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { makeTempDir } from '../../helpers/tmp.js';
import { runPython } from '../../helpers/python.js';
import { startS3, TEST_CREDENTIALS, type TestS3 } from '../../helpers/sources/s3-server.js';
import { writeFramesWithAstropy, startTestServer, waitFor, api, postJson, type TestServer } from './host-fixtures.js';

describe('host on an S3 source', () => {
  const tmp = makeTempDir('nightdeck-s3host-');
  let s3: TestS3;
  let s: TestServer;
  const bucket = 'nightdeck-bucket';
  const name = 'tst-test-20201112-00000058-EX10.fits';

  before(async () => {
    writeFramesWithAstropy(tmp.dir, [{ rel: name, width: 48, height: 32, dtype: 'uint16', seed: 41, header: { OBJECT: 'M42' } }]);
    const bz = spawnSync('bzip2', ['-k', join(tmp.dir, name)]);
    assert.equal(bz.status, 0);
    s3 = await startS3(join(tmp.dir, 's3'));
    await s3.createBucket(bucket);
    await s3.put(bucket, `data/${name}`, readFileSync(join(tmp.dir, name)));
    await s3.put(bucket, `data/${name}.bz2`, readFileSync(join(tmp.dir, `${name}.bz2`)));
    s = await startTestServer({
      sources: {
        s3: [{ bucket, endpoint: s3.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: TEST_CREDENTIALS, pollIntervalMs: 300 }],
      },
    });
    await waitFor(async () => {
      const frames = (await api(s.url, 'listFrames', {})).json.result.frames as { shape: number[] }[];
      return frames.length >= 2 && frames.every((f) => f.shape.length > 0) ? true : undefined;
    }, 20_000, 'S3 frames listed from their headers');
  });

  after(async () => {
    await s?.cleanup();
    await s3?.close();
    tmp.cleanup();
  });

  test('S3 frames are listed from their headers with the Photon Ranch night', async () => {
    const r = await api(s.url, 'listFrames', { sort: 'name', order: 'asc' });
    const f = r.json.result.frames[0];
    assert.equal(f.name, name);
    assert.equal(f.night, '20201112');
    assert.deepEqual(f.shape, [48, 32]);
    assert.equal(f.object, 'M42');
  });

  test('/statistics resolves <s3_directory>/<full_filename> in the bucket, plain and .bz2, equal to numpy', async () => {
    const ref = runPython<{ median: number; mean: number }>(
      `
import sys, json, numpy as np
from astropy.io import fits
a = fits.getdata(json.load(sys.stdin))
print(json.dumps({'median': float(np.median(a)), 'mean': float(np.mean(a))}))
`,
      join(tmp.dir, name),
    );
    for (const full_filename of [name, `${name}.bz2`]) {
      const r = await postJson(`${s.url}/statistics`, { full_filename, s3_directory: 'data' });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      assert.equal(r.json.stats.median, ref.median);
      assert.ok(Math.abs(r.json.stats.mean - ref.mean) < 1e-9);
    }
    const missing = await postJson(`${s.url}/statistics`, { full_filename: 'absent.fits', s3_directory: 'data' });
    assert.equal(missing.status, 400);
    assert.equal(missing.json.message, 'Image does not exist: data/absent.fits.');
  });

  test('openFrame downloads a listed S3 frame and the sources show no secret', async () => {
    const frames = (await api(s.url, 'listFrames', { sort: 'name', order: 'asc' })).json.result.frames;
    const r = await api(s.url, 'openFrame', { id: frames[0].id });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.json.result.width, 48);
    const after = (await api(s.url, 'getFrame', { id: frames[0].id })).json.result;
    assert.equal(after.status, 'ready');
    const sources = (await api(s.url, 'getSources')).json.result.sources;
    assert.equal(sources[0].kind, 's3');
    const credentials = sources[0].config.credentials;
    assert.ok(credentials === undefined || credentials === 'default' || credentials.secretAccessKey !== TEST_CREDENTIALS.secretAccessKey, 'the secret key is never sent back');
  });
});

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { redactS3Config, resolveS3Config } from '../../../electron/host/sources/s3-config.js';
import { describeS3Error } from '../../../electron/host/sources/s3-errors.js';
import { backoffDelay } from '../../../electron/host/sources/backoff.js';

describe('S3 source configuration', () => {
  test('defaults: directory data, 5 s polling, the AWS credential chain, id from bucket and prefix', () => {
    const c = resolveS3Config({ bucket: 'photonranch-001', prefix: 'site1', region: 'us-west-2' });
    assert.deepEqual(c.directories, ['data']);
    assert.equal(c.pollIntervalMs, 5000);
    assert.equal(c.credentials, 'default');
    assert.equal(c.prefix, 'site1/');
    assert.equal(c.id, 's3:photonranch-001/site1/');
    assert.equal(c.forcePathStyle, false);
  });

  test('every problem of a bad configuration is listed in one BAD_CONFIG error', () => {
    assert.throws(
      () => resolveS3Config({ bucket: 'A', pollIntervalMs: 1, endpoint: 'not a url', directories: [] }),
      (err: { code: string; details: { problems: string[] } }) => err.code === 'BAD_CONFIG' && err.details.problems.length === 4,
    );
  });

  test('the secret key and session token never appear in the redacted configuration', () => {
    const c = resolveS3Config({ bucket: 'bkt', credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'very-secret', sessionToken: 'tok-secret' } });
    const shown = JSON.stringify(redactS3Config(c));
    assert.ok(!shown.includes('very-secret') && !shown.includes('tok-secret'), shown);
    assert.ok(shown.includes('AKIAEXAMPLE'));
  });
});

describe('S3 error reasons and back-off', () => {
  test('an unknown access key reads as InvalidAccessKeyId with a reason', () => {
    const err = Object.assign(new Error('The AWS Access Key Id you provided does not exist in our records.'), {
      name: 'InvalidAccessKeyId',
      $metadata: { httpStatusCode: 403 },
    });
    const d = describeS3Error(err);
    assert.equal(d.code, 'InvalidAccessKeyId');
    assert.equal(d.message, 'InvalidAccessKeyId: the access key is not known to the server');
    assert.equal(d.needsAttention, true);
  });

  test('a refused connection is transient, described from the error cause', () => {
    const err = Object.assign(new Error('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    const d = describeS3Error(err);
    assert.equal(d.code, 'ECONNREFUSED');
    assert.equal(d.needsAttention, false);
  });

  test('back-off doubles from the poll interval and never exceeds 60 s', () => {
    const mid = () => 0.5; // no jitter
    assert.deepEqual([1, 2, 3, 4].map((n) => backoffDelay(n, 1000, 60_000, mid)), [1000, 2000, 4000, 8000]);
    assert.equal(backoffDelay(50, 5000, 60_000, () => 1), 60_000);
  });
});

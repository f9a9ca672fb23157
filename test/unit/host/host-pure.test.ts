/**
 * Pure pieces of the host: error → HTTP status mapping, the bind policy, QuickAnalysis'
 * coordinate mapping (numpy.rint), TAN WCS extraction, static path containment, the settings
 * file and NIGHTDECK_* overrides, and the contract's request validation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { httpStatusFor, toApiError, HostError } from '../../../electron/host/errors.js';
import { checkBindPolicy, isLoopback } from '../../../electron/host/server/bind-policy.js';
import { rint, subregionToPixels, relativePointToPixels } from '../../../electron/host/server/quickanalysis.js';
import { wcsFromCards } from '../../../electron/host/handlers/frame-view.js';
import { resolveStatic } from '../../../electron/host/server/static-files.js';
import { applyEnvOverrides, readSettingsFile, writeSettingsFile, DEFAULT_SETTINGS } from '../../../electron/host/config.js';
import { operations, isOperationName } from '../../../electron/host/api.js';
import { scrubSecrets } from '../../../electron/host/logger.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { runPython } from '../../helpers/python.js';

test('error codes map to the HTTP statuses of the contract', () => {
  const expected: Record<string, number> = {
    BAD_REQUEST: 400, BAD_REGION: 400, BAD_ARGUMENT: 400, TRUNCATED: 400, NOT_FITS: 400, INVALID_FPLANE: 400,
    UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, TOO_LARGE: 413, PAYLOAD_TOO_LARGE: 413, WHATEVER: 500,
  };
  for (const [code, status] of Object.entries(expected)) assert.equal(httpStatusFor(code), status, code);
});

test('unknown failures and Node system errors become INTERNAL without paths or stacks', () => {
  const enoent = Object.assign(new Error("ENOENT: no such file, open '/secret/path'"), { code: 'ENOENT' });
  assert.deepEqual(toApiError(enoent), { code: 'INTERNAL', message: 'internal error (see the host log)' });
  assert.equal(toApiError(new TypeError('x is undefined')).code, 'INTERNAL');
  const typed = toApiError(new HostError('BAD_ARGUMENT', 'nope', { field: 'x' }));
  assert.deepEqual(typed, { code: 'BAD_ARGUMENT', message: 'nope', details: { field: 'x' } });
  const fplane = toApiError(Object.assign(new Error('bad'), { code: 'INVALID_FPLANE', problems: ['a', 'b'] }));
  assert.deepEqual(fplane.details, { problems: ['a', 'b'] });
});

test('only loopback binds are allowed without --auth or --insecure', () => {
  for (const a of ['127.0.0.1', '127.1.2.3', '::1', 'localhost', '::ffff:127.0.0.1']) assert.ok(isLoopback(a), a);
  for (const a of ['0.0.0.0', '192.168.1.5', '::', '10.0.0.1']) assert.ok(!isLoopback(a), a);
  assert.throws(() => checkBindPolicy('0.0.0.0', { auth: false, insecure: false }), (e: HostError) => e.code === 'FORBIDDEN');
  assert.doesNotThrow(() => checkBindPolicy('0.0.0.0', { auth: true, insecure: false }));
  assert.doesNotThrow(() => checkBindPolicy('0.0.0.0', { auth: false, insecure: true }));
});

test('rint rounds half to even exactly as numpy.rint', () => {
  const inputs = [0.5, 1.5, 2.5, -0.5, -1.5, 2.4999, 2.5001, 3, 12.5, 13.5, 0.61 * 64, 0.25 * 48];
  const ref = runPython<number[]>('import sys, json, numpy as np; print(json.dumps([float(np.rint(v)) for v in json.load(sys.stdin)]))', inputs);
  assert.deepEqual(inputs.map(rint).map((v) => v + 0), ref.map((v) => v + 0));
});

test('relative subregions and line ends map to pixels as the QuickAnalysis contract states', () => {
  assert.deepEqual(subregionToPixels({ x0: 0.61, x1: 0.1, y0: 0.25, y1: 0.8 }, 64, 48), { x0Px: 6, x1Px: 39, y0Px: 12, y1Px: 38 });
  assert.deepEqual(relativePointToPixels({ x: 0, y: 0 }, 64, 48), { x: 0, y: 47 });
  assert.deepEqual(relativePointToPixels({ x: 1, y: 1 }, 64, 48), { x: 63, y: 0 });
});

test('TAN WCS comes from CD, PC×CDELT or CDELT+CROTA2 cards, and is null without a TAN projection', () => {
  const base = [
    { key: 'CTYPE1', value: 'RA---TAN' }, { key: 'CTYPE2', value: 'DEC--TAN' },
    { key: 'CRVAL1', value: 83.8 }, { key: 'CRVAL2', value: -5.4 }, { key: 'CRPIX1', value: 512 }, { key: 'CRPIX2', value: 511.5 },
  ];
  const cd = wcsFromCards([...base, { key: 'CD1_1', value: -1e-4 }, { key: 'CD1_2', value: 0 }, { key: 'CD2_1', value: 0 }, { key: 'CD2_2', value: 1e-4 }]);
  assert.deepEqual(cd?.cd, [[-1e-4, 0], [0, 1e-4]]);
  const rot = wcsFromCards([...base, { key: 'CDELT1', value: -2e-4 }, { key: 'CDELT2', value: 2e-4 }, { key: 'CROTA2', value: 90 }]);
  assert.ok(rot && Math.abs(rot.cd[0][1] + 2e-4) < 1e-12 && Math.abs(rot.cd[1][0] + 2e-4) < 1e-12);
  assert.equal(wcsFromCards([{ key: 'CTYPE1', value: 'LINEAR' }, { key: 'CTYPE2', value: 'LINEAR' }]), null);
});

test('static paths never resolve outside the renderer folder', () => {
  const root = '/srv/renderer';
  assert.equal(resolveStatic(root, '/assets/app.js'), '/srv/renderer/assets/app.js');
  for (const p of ['/../package.json', '/..%2f..%2fetc/passwd', '/%2e%2e/secret', '/a/../../b', '/%00']) {
    const r = resolveStatic(root, p);
    assert.ok(r === null || r.startsWith('/srv/renderer/'), `${p} → ${r}`);
  }
});

test('settings: defaults, the file, then NIGHTDECK_* variables; bad values are named', () => {
  const tmp = makeTempDir();
  try {
    const path = join(tmp.dir, 'settings.json');
    assert.deepEqual(readSettingsFile(path).settings, DEFAULT_SETTINGS);
    writeSettingsFile(path, { settings: { ...DEFAULT_SETTINGS, pollIntervalS: 7 }, sources: { s3: [], folders: [{ path: '/x' }] } });
    const file = readSettingsFile(path);
    assert.equal(file.settings.pollIntervalS, 7);
    assert.deepEqual(file.sources.folders, [{ path: '/x' }]);
    const merged = applyEnvOverrides(file.settings, { NIGHTDECK_POLL_INTERVAL_S: '2', NIGHTDECK_AUTO_DOWNLOAD: 'yes' });
    assert.equal(merged.pollIntervalS, 2);
    assert.equal(merged.autoDownload, true);
    assert.throws(() => applyEnvOverrides(file.settings, { NIGHTDECK_POLL_INTERVAL_S: 'soon' }), /NIGHTDECK_POLL_INTERVAL_S/);
    writeFileSync(path, '{ not json');
    assert.throws(() => readSettingsFile(path), (e: HostError) => e.code === 'BAD_SETTINGS');
  } finally {
    tmp.cleanup();
  }
});

test('the contract validates requests: names, regions, S3 endpoints', () => {
  assert.ok(isOperationName('getStatistics'));
  assert.ok(!isOperationName('toString'));
  assert.ok(!operations.getPreview.request.safeParse({ id: 1, maxWidth: 0, maxHeight: 10 }).success);
  assert.ok(!operations.getStatistics.request.safeParse({ id: 1, region: { x0Px: -1, y0Px: 0, x1Px: 1, y1Px: 1 } }).success);
  assert.ok(!operations.setSources.request.safeParse({ s3: [{ bucket: 'ab' }] }).success);
  assert.ok(!operations.setSources.request.safeParse({ s3: [{ bucket: 'abc', endpoint: 'file:///etc' }] }).success);
  assert.ok(operations.setSources.request.safeParse({ s3: [{ bucket: 'abc', endpoint: 'http://127.0.0.1:9000' }] }).success);
});

test('free-text log messages lose API keys and AWS key ids', () => {
  const text = scrubSecrets('auth FPS_API APIKEY=ndk_1_secret and Bearer abc.def with AKIAABCDEFGHIJKLMNOP');
  assert.doesNotMatch(text, /ndk_1_secret|abc\.def|AKIAABCDEFGHIJKLMNOP/);
});

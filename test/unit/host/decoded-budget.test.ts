/** The decoded-frame budget: its machine-sized default and the NIGHTDECK_DECODED_CACHE_BYTES setting. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { totalmem } from 'node:os';
import { defaultDecodedCacheBytes } from '../../../native-workers/decoded-budget.js';
import { applyEnvOverrides, DEFAULT_SETTINGS, parseByteCount } from '../../../electron/host/config.js';
import { HostError } from '../../../electron/host/errors.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

test('the default budget is 1 GiB, or an eighth of physical memory on a small machine', () => {
  assert.equal(defaultDecodedCacheBytes(64 * GiB), GiB);
  assert.equal(defaultDecodedCacheBytes(8 * GiB), GiB);
  assert.equal(defaultDecodedCacheBytes(4 * GiB), 512 * MiB);
  assert.equal(defaultDecodedCacheBytes(3 * GiB + 5), Math.floor((3 * GiB + 5) / 8));
  assert.equal(DEFAULT_SETTINGS.decodedCacheBytes, Math.min(GiB, Math.floor(totalmem() / 8)));
});

test('NIGHTDECK_DECODED_CACHE_BYTES takes bytes or a binary unit', () => {
  const set = (v: string) => applyEnvOverrides(DEFAULT_SETTINGS, { NIGHTDECK_DECODED_CACHE_BYTES: v }).decodedCacheBytes;
  assert.equal(set('536870912'), 512 * MiB);
  assert.equal(set('512MiB'), 512 * MiB);
  assert.equal(set('512m'), 512 * MiB);
  assert.equal(set(' 1.5 GiB '), 1.5 * GiB);
  assert.equal(set('65536k'), 64 * MiB);
  assert.equal(applyEnvOverrides(DEFAULT_SETTINGS, {}).decodedCacheBytes, DEFAULT_SETTINGS.decodedCacheBytes);
  assert.equal(parseByteCount('X', '2G'), 2 * GiB);
});

test('a bad NIGHTDECK_DECODED_CACHE_BYTES is a BAD_SETTINGS error naming the variable and the value', () => {
  const bad = (v: string, message: RegExp) =>
    assert.throws(
      () => applyEnvOverrides(DEFAULT_SETTINGS, { NIGHTDECK_DECODED_CACHE_BYTES: v }),
      (e: unknown) => e instanceof HostError && e.code === 'BAD_SETTINGS' && message.test(e.message),
    );
  bad('lots', /^NIGHTDECK_DECODED_CACHE_BYTES: expected a byte count such as 536870912 or 512MiB, got 'lots'$/);
  bad('-5', /NIGHTDECK_DECODED_CACHE_BYTES: expected a byte count/);
  bad('12 parsecs', /got '12 parsecs'/);
  bad('1024', /^NIGHTDECK_DECODED_CACHE_BYTES: .*16777216/);
});

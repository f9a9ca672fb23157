import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { nightOf, isNightName } from '../../../electron/host/store/night.js';
import { resolveDateStr } from '../../../electron/host/store/fplane-dates.js';
import { resolveDataDir, dataPaths } from '../../../electron/host/paths.js';

const MCDONALD = -104.0147; // local mean time = UTC − 6 h 56 min
const SIDING_SPRING = 149.0661; // UTC + 9 h 56 min

describe('nightOf: the local date on which the observing night starts', () => {
  test('an evening frame at McDonald belongs to that local date', () => {
    // 02:00 UTC on Jan 2 is 19:04 local on Jan 1.
    assert.equal(nightOf('2024-01-02T02:00:00', MCDONALD), '20240101');
  });
  test('a frame after local midnight still belongs to the night that started the evening before', () => {
    // 10:00 UTC on Jan 2 is 03:04 local on Jan 2: still the night of Jan 1.
    assert.equal(nightOf('2024-01-02T10:00:00Z', MCDONALD), '20240101');
  });
  test('the night changes at local noon, not at midnight', () => {
    // 18:30 UTC = 11:34 local (before noon) → previous night; 19:30 UTC = 12:34 local → new night.
    assert.equal(nightOf('2024-01-02T18:30:00', MCDONALD), '20240101');
    assert.equal(nightOf('2024-01-02T19:30:00', MCDONALD), '20240102');
  });
  test('east longitudes cross the UTC date the other way', () => {
    // 12:00 UTC Jan 1 = 21:56 local Jan 1 at Siding Spring → night 20240101.
    assert.equal(nightOf('2024-01-01T12:00:00', SIDING_SPRING), '20240101');
    // 01:00 UTC Jan 1 = 10:56 local Jan 1 (morning) → night 20231231.
    assert.equal(nightOf('2024-01-01T01:00:00', SIDING_SPRING), '20231231');
  });
  test('explicit zone offsets and fractional seconds are honoured', () => {
    // 10:00 at UTC−6 = 16:00 UTC: afternoon at Greenwich → night of Jan 1 (read as UTC it would be the morning, Dec 31).
    assert.equal(nightOf('2024-01-01T10:00:00.5-06:00', 0), '20240101');
    assert.equal(nightOf('2024-01-01T10:00:00.5', 0), '20231231');
  });
  test('an unreadable date is a RangeError, not a wrong night', () => {
    assert.throws(() => nightOf('yesterday', 0), RangeError);
    assert.throws(() => nightOf('2024-02-31T00:00:00', 0), RangeError);
  });
  test('isNightName accepts only real calendar dates', () => {
    assert.equal(isNightName('20240229'), true);
    assert.equal(isNightName('20230229'), false);
    assert.equal(isNightName('2024013'), false);
  });
});

describe('fplane date strings', () => {
  const now = Date.UTC(2025, 5, 1, 12, 0, 0);
  test('YYYYMMDD is looked up at the site midnight of the night starting that date', () => {
    const r = resolveDateStr('20240101', MCDONALD, now);
    // Local midnight Jan 1→2 at McDonald = 06:56:00.35 UTC Jan 2.
    assert.equal(new Date(r.atMs).toISOString().slice(0, 16), '2024-01-02T06:56');
    // A configuration "from 20240101" starts at local noon Jan 1 = 18:56 UTC.
    assert.equal(new Date(r.validFromMs).toISOString().slice(0, 16), '2024-01-01T18:56');
  });
  test('a FITS DATE-OBS and ISO-8601 are instants in UTC', () => {
    assert.equal(resolveDateStr('20240102T03:04:05', MCDONALD, now).atMs, Date.UTC(2024, 0, 2, 3, 4, 5));
    assert.equal(resolveDateStr('20240102T03:04:05.250', MCDONALD, now).atMs, Date.UTC(2024, 0, 2, 3, 4, 5, 250));
    assert.equal(resolveDateStr('2024-01-02T03:04:05Z', MCDONALD, now).atMs, Date.UTC(2024, 0, 2, 3, 4, 5));
    assert.equal(resolveDateStr('2024-01-02T05:04:05+02:00', MCDONALD, now).atMs, Date.UTC(2024, 0, 2, 3, 4, 5));
  });
  test('empty, latest and current mean now', () => {
    for (const s of [undefined, '', 'latest', 'CURRENT']) assert.equal(resolveDateStr(s, MCDONALD, now).atMs, now);
  });
  test('garbage is a BAD_ARGUMENT error', () => {
    for (const s of ['2024', '20241301', 'tomorrow', '2024-01-02T25:00:00']) {
      assert.throws(() => resolveDateStr(s, MCDONALD, now), { code: 'BAD_ARGUMENT' }, s);
    }
  });
});

describe('data directory', () => {
  test('NIGHTDECK_HOME overrides the data directory on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      assert.equal(resolveDataDir({ NIGHTDECK_HOME: '/data/nd' }, platform, '/home/u'), '/data/nd');
    }
  });
  test('platform defaults: ~/.config/nightdeck, ~/Library/Application Support/NightDeck, %APPDATA%/NightDeck', () => {
    assert.equal(resolveDataDir({}, 'linux', '/home/u'), join('/home/u', '.config', 'nightdeck'));
    assert.equal(resolveDataDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/u'), join('/xdg', 'nightdeck'));
    assert.equal(resolveDataDir({}, 'darwin', '/Users/u'), join('/Users/u', 'Library', 'Application Support', 'NightDeck'));
    assert.equal(resolveDataDir({ APPDATA: 'C:/Users/u/AppData/Roaming' }, 'win32', 'C:/Users/u'), join('C:/Users/u/AppData/Roaming', 'NightDeck'));
    assert.equal(resolveDataDir({ NIGHTDECK_HOME: '  ' }, 'linux', '/home/u'), join('/home/u', '.config', 'nightdeck'));
  });
  test('everything NightDeck writes lives inside the data directory', () => {
    const p = dataPaths('/d');
    assert.deepEqual(p, { db: '/d/nightdeck.db', cache: '/d/cache', settings: '/d/settings.json', logs: '/d/logs', demo: '/d/demo' });
  });
});

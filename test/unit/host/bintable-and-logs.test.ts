/**
 * The export's BINTABLE writer read back by astropy (an independent reader), and the
 * logger's redaction of secrets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { buildKeywordTable } from '../../../electron/host/export/bintable.js';
import { formatCard, headerBytes } from '../../../electron/host/export/cards.js';
import { createLogger } from '../../../electron/host/logger.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { requirePython, runPython } from '../../helpers/python.js';

test('a keyword BINTABLE appended to a primary HDU reads back in astropy with the right types and values', () => {
  requirePython('astropy', 'numpy');
  const tmp = makeTempDir();
  try {
    const primary = headerBytes([formatCard('SIMPLE', true), formatCard('BITPIX', 8), formatCard('NAXIS', 0), formatCard('EXTEND', true)]);
    const table = buildKeywordTable(
      [
        { name: 'a.fits', cards: [{ key: 'EXPTIME', value: 30 }, { key: 'FILTER', value: 'V', isString: true }, { key: 'AIRMASS', value: 1.25 }, { key: 'FLAG', value: true }, { key: 'BIG', value: 9007199254740993n }] },
        { name: 'frame-two.fits', cards: [{ key: 'EXPTIME', value: 60 }, { key: 'FILTER', value: "R'band", isString: true }, { key: 'AIRMASS', value: 2 }] },
      ],
      ['EXPTIME', 'FILTER', 'AIRMASS', 'FLAG', 'BIG', 'MISSING'],
    );
    const path = join(tmp.dir, 't.fits');
    writeFileSync(path, Buffer.concat([primary, table]));
    const got = runPython<Record<string, unknown>>(
      `
import sys, json, numpy as np
from astropy.io import fits
with fits.open(json.load(sys.stdin)) as h:
    t = h['FRAMES'].data
    cols = h['FRAMES'].columns
    print(json.dumps({'names': cols.names, 'formats': [str(f) for f in cols.formats],
      'frame': [int(v) for v in t['FRAME']], 'name': [str(v) for v in t['NAME']], 'exptime': [int(v) for v in t['EXPTIME']],
      'filter': [str(v) for v in t['FILTER']], 'airmass': [float(v) for v in t['AIRMASS']],
      'flag': [bool(v) for v in t['FLAG']], 'big': str(t['BIG'][0]), 'bigMasked': bool(np.ma.is_masked(t['BIG'][1]) or t['BIG'][1] == -9223372036854775808)}))
`,
      path,
    );
    assert.deepEqual(got.names, ['FRAME', 'NAME', 'EXPTIME', 'FILTER', 'AIRMASS', 'FLAG', 'BIG', 'MISSING']);
    assert.deepEqual(got.frame, [0, 1]);
    assert.deepEqual(got.name, ['a.fits', 'frame-two.fits']);
    assert.deepEqual(got.exptime, [30, 60]);
    assert.deepEqual(got.filter, ['V', "R'band"]);
    assert.deepEqual(got.airmass, [1.25, 2]);
    assert.deepEqual(got.flag, [true, false]);
    assert.equal(got.big, '9007199254740993');
    assert.equal(got.bigMasked, true);
  } finally {
    tmp.cleanup();
  }
});

test('logs never contain AWS secrets or API keys, wherever they sit in a logged object', () => {
  let out = '';
  const sink = new Writable({
    write(chunk, _enc, cb) {
      out += String(chunk);
      cb();
    },
  });
  const logger = createLogger({ level: 'info', destination: sink as never });
  logger.info({ source: { bucket: 'b', credentials: { accessKeyId: 'AKIAEXAMPLEKEY123456', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG' } } }, 'added');
  logger.info({ headers: { authorization: 'FPS_API APIKEY=ndk_9_topsecret' }, apiKey: 'ndk_9_topsecret' }, 'request');
  logger.info({ deep: { a: { b: { secretAccessKey: 'deepsecret' } } } }, 'deep');
  assert.doesNotMatch(out, /AKIAEXAMPLEKEY123456|wJalrXUtnFEMI|topsecret|deepsecret/);
  assert.match(out, /\[redacted\]/);
  assert.match(out, /"bucket":"b"/);
});

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { compressionOf, isFitsName, parseFrameName } from '../../../electron/host/sources/frame-name.js';

describe('frame names', () => {
  test('a Photon Ranch name yields site, instrument, night, frame number and reduction level', () => {
    assert.deepEqual(parseFrameName('tst-test-20201112-00000058-EX10.fits.bz2'), {
      site: 'tst',
      instrument: 'test',
      night: '20201112',
      frameNumber: 58,
      reductionLevel: 'EX10',
    });
  });

  test('the name fields are parsed from the base name of a key, for every container', () => {
    for (const ext of ['.fits', '.fits.gz', '.fits.fz', '.FITS.BZ2', '.fit', '.fts']) {
      const f = parseFrameName(`site1/data/sro-kb001ms-20210101-00001234-ex00${ext}`);
      assert.equal(f.site, 'sro', ext);
      assert.equal(f.instrument, 'kb001ms', ext);
      assert.equal(f.night, '20210101', ext);
      assert.equal(f.frameNumber, 1234, ext);
      assert.equal(f.reductionLevel, 'EX00', ext);
    }
  });

  test('other names give null fields (they are still frames)', () => {
    for (const name of ['m31_V_300s.fits', 'tst-test-2020111-00000058-EX10.fits', 'tst-test-20201312-00000058-EX10.fits', 'tst-test-20201112-58-EX10.fits']) {
      assert.deepEqual(parseFrameName(name), { site: null, instrument: null, night: null, frameNumber: null, reductionLevel: null }, name);
    }
  });

  test('FITS is recognised by extension, case-insensitively, with optional .gz/.bz2/.fz', () => {
    for (const yes of ['a.fits', 'a.FIT', 'a.fts', 'a.fits.gz', 'a.fit.bz2', 'a.fits.fz', 'A.FTS.GZ', 'a.fz']) assert.equal(isFitsName(yes), true, yes);
    for (const no of ['a.jpg', 'a.fits.zip', 'a.fitsx', 'fits', 'a.gz', 'a.bz2', 'a.fits.gz.tmp', 'a.json']) assert.equal(isFitsName(no), false, no);
  });

  test('the container is told by the last extension', () => {
    assert.equal(compressionOf('x.fits'), 'none');
    assert.equal(compressionOf('x.fits.GZ'), 'gzip');
    assert.equal(compressionOf('x.fits.bz2'), 'bzip2');
    assert.equal(compressionOf('x.fits.fz'), 'fpack');
  });
});

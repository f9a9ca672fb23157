/**
 * The reader against astropy: files astropy wrote (every BITPIX, unsigned, scaled, BLANK, NaN,
 * MEF, long-string/HIERARCH/big-integer headers) must decode to exactly astropy's values, and
 * gzip/bzip2 containers of them identically.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadImage, openFits, readImage, type Card, type FitsImage } from '../../../native-workers/fits/index.js';
import { astropyPixels, writeAstropyFixtures, type AstropyCard, type AstropyFixture, type AstropyHdu } from '../../fixtures/fits/astropy-fixtures.js';
import { makeTempDir } from '../../helpers/tmp.js';

const expectedArrayType: Record<string, string> = {
  uint8: 'Uint8Array',
  int16: 'Int16Array',
  uint16: 'Uint16Array',
  int32: 'Int32Array',
  uint32: 'Uint32Array',
  int64: 'Float64Array',
  float32: 'Float32Array',
  float64: 'Float64Array',
};

/** Exact equality, NaN equal to NaN (Object.is also tells -0 from 0). */
function assertSamePixels(ours: FitsImage, ref: AstropyHdu, what: string): void {
  assert.equal(ours.pixels.constructor.name, expectedArrayType[ref.dtype!], `${what}: array type for astropy dtype ${ref.dtype}`);
  assert.deepEqual(ours.shape, ref.shape, `${what}: shape`);
  const expected = astropyPixels(ref);
  assert.equal(ours.pixels.length, expected.length, `${what}: pixel count`);
  for (let i = 0; i < expected.length; i++) {
    const v = Number(ours.pixels[i]);
    if (!Object.is(v, expected[i])) assert.fail(`${what}: pixel ${i} is ${v}, astropy says ${expected[i]}`);
  }
}

function assertSameCards(ours: Card[], ref: AstropyCard[], what: string): void {
  assert.equal(ours.length, ref.length, `${what}: card count (ours: ${ours.map((c) => c.key).join(',')})`);
  ref.forEach((r, i) => {
    const c = ours[i]!;
    const where = `${what}: card ${i} ${r.key}`;
    assert.equal(c.key, r.key, where);
    if (r.type === 'commentary') {
      assert.equal(c.value, null, where);
      assert.equal(c.comment ?? '', r.comment, where);
      return;
    }
    if (r.type === 'bigint') assert.equal(String(c.value), r.value, where);
    else if (r.type === 'undefined') assert.equal(c.value, null, where);
    else if (r.type === 'complex') assert.equal(typeof c.value, 'string', where);
    else assert.equal(c.value, r.value, where);
    if (r.type === 'str') assert.equal(c.isString, true, where);
    assert.equal(c.comment ?? '', r.comment, `${where} comment`);
  });
}

describe('reader cross-checked with astropy', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let fixtures: AstropyFixture[];
  const byName = (name: string): AstropyFixture => fixtures.find((f) => f.name === name)!;

  before(() => {
    tmp = makeTempDir('nightdeck-fits-');
    fixtures = writeAstropyFixtures(tmp.dir);
  });
  after(() => tmp.cleanup());

  test('every image HDU of every astropy file decodes to astropy pixel values, with astropy array types', () => {
    let checked = 0;
    for (const fx of fixtures) {
      const file = openFits(readFileSync(fx.path));
      assert.equal(file.hdus.length, fx.hdus.length, `${fx.name}: HDU count`);
      for (const ref of fx.hdus) {
        if (!ref.dtype) continue;
        assertSamePixels(readImage(file, ref.index), ref, `${fx.name}[${ref.index}]`);
        checked++;
      }
    }
    assert.ok(checked >= 18, `checked ${checked} HDUs`);
  });

  test('every header card matches astropy: values, types, comments, CONTINUE joined, HIERARCH keys, big integers', () => {
    for (const fx of fixtures) {
      const file = openFits(readFileSync(fx.path));
      fx.hdus.forEach((ref) => assertSameCards(file.hdus[ref.index]!.header.cards, ref.cards, `${fx.name}[${ref.index}]`));
    }
    const h = openFits(readFileSync(byName('header.fits').path)).hdus[0]!.header;
    assert.equal(h.get('BIGINT'), 2n ** 62n + 3n);
    assert.equal(h.getString('NUMSTR'), '123');
    assert.equal(h.getNumber('DEXP'), 1250);
    assert.equal(h.getNumber('ESO TEL AIRM START'), 1.234);
  });

  test('BLANK turns integer data into floats with NaN as in astropy; pseudo-unsigned data keeps it as a physical value', () => {
    for (const name of ['blank16.fits', 'blank32.fits', 'blank-scaled16.fits']) {
      const img = readImage(openFits(readFileSync(byName(name).path)));
      assert.equal(img.blank, undefined, name);
      assert.ok(Number.isNaN(img.pixels[0]), `${name}: first pixel (BLANK) is NaN`);
    }
    const unsigned = readImage(openFits(readFileSync(byName('blank-uint16.fits').path)));
    assert.equal(unsigned.pixels.constructor.name, 'Uint16Array');
    assert.equal(unsigned.blank, 0);
    assert.equal(unsigned.pixels[0], 0);
  });

  test('MEF: HDU kinds, EXTNAMEs and the default image (first HDU with data) follow astropy', () => {
    const fx = byName('mef.fits');
    const file = openFits(readFileSync(fx.path));
    assert.deepEqual(
      file.hdus.map((h) => [h.info.kind, h.info.extname ?? 'PRIMARY']),
      [['image', 'PRIMARY'], ['image', 'SCI'], ['image', 'ERR'], ['table', 'CAT'], ['image', 'DQ']],
    );
    assert.deepEqual(fx.hdus.map((h) => h.name), ['PRIMARY', 'SCI', 'ERR', 'CAT', 'DQ']);
    assertSamePixels(readImage(file), fx.hdus[1]!, 'default image');
    assert.deepEqual(file.hdus[4]!.info.shape, [6, 4]);
    assert.equal(file.hdus[4]!.info.bzero, 32768);
  });

  test('gzip (also multi-member) and bzip2 containers decode to the same pixels as astropy reads from the plain file', async (t) => {
    for (const name of ['bitpix16.fits', 'uint16.fits', 'bitpix-32.fits', 'mef.fits']) {
      const fx = byName(name);
      const ref = fx.hdus.find((h) => h.dtype)!;
      execFileSync('gzip', ['-k', '-f', fx.path]);
      assertSamePixels(await loadImage(`${fx.path}.gz`), ref, `${name}.gz`);
      // Two gzip members, as `cat a.gz b.gz` makes.
      const bytes = readFileSync(fx.path);
      const half = Math.floor(bytes.length / 2);
      writeFileSync(`${fx.path}.2.gz`, Buffer.concat([gzipSync(bytes.subarray(0, half)), gzipSync(bytes.subarray(half))]));
      assertSamePixels(await loadImage(`${fx.path}.2.gz`), ref, `${name} multi-member gzip`);
    }
    if (!existsSync(new URL('../../../native-workers/fits/bzip2/index.ts', import.meta.url))) {
      t.skip('bzip2 decoder (native-workers/fits/bzip2) is not built yet');
      return;
    }
    for (const name of ['bitpix16.fits', 'bitpix-64-cube.fits']) {
      const fx = byName(name);
      execFileSync('bzip2', ['-k', '-f', fx.path]);
      assertSamePixels(await loadImage(`${fx.path}.bz2`), fx.hdus[0]!, `${name}.bz2`);
    }
  });
});

test('a file whose bytes are not FITS is refused as NOT_FITS, a cut one as TRUNCATED', async () => {
  const tmp = makeTempDir();
  try {
    const p = join(tmp.dir, 'x.fits');
    writeFileSync(p, 'hello world, this is not FITS'.repeat(200));
    await assert.rejects(loadImage(p), { code: 'NOT_FITS' });
    writeFileSync(p, gzipSync(Buffer.from('SIMPLE  =                    T')));
    await assert.rejects(loadImage(p), { code: 'TRUNCATED' });
  } finally {
    tmp.cleanup();
  }
});

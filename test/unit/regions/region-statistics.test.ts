import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requirePython, runPython } from '../../helpers/python.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { cliBatch } from '../../helpers/cli-batch.js';
import { MAKE_FIXTURES, referenceStats, type ReferenceRow } from './astropy-fixtures.js';




interface Row extends Record<string, unknown> {
  index: number;
  shape: string;
  count: number;
  nanCount: number;
}

function assertSameStats(got: Row[], want: ReferenceRow[], label: string): void {
  assert.equal(got.length, want.length, `${label}: number of include regions`);
  got.forEach((g, i) => {
    const w = want[i]!;
    const at = `${label} region ${i} (${g.shape})`;
    assert.equal(g.index, i, at);
    assert.equal(g.count, w.count, `${at}: count`);
    assert.equal(g.nanCount, w.nanCount, `${at}: nanCount`);
    if (w.count === 0) {
      assert.equal(g.median, null, `${at}: empty region has no median`);
      return;
    }
    for (const k of ['median', 'min', 'max'] as const) assert.equal(g[k], w[k], `${at}: ${k} exactly`);
    for (const k of ['sum', 'mean', 'std'] as const) {
      const a = g[k] as number;
      const b = w[k]!;
      assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${at}: ${k} ${a} vs numpy ${b}`);
    }
  });
}

describe('statistics inside DS9 regions equal astropy regions + numpy (mode=center)', () => {
  let dir = '';
  let cleanup = (): void => {};
  before(() => {
    requirePython('numpy', 'astropy', 'regions');
    ({ dir, cleanup } = makeTempDir('nightdeck-regions-'));
    runPython(MAKE_FIXTURES, { dir });
    // Hand-written files: exclude regions, sexagesimal input, several-radius annulus, DS9 property syntax.
    writeFileSync(
      join(dir, 'exclude.reg'),
      [
        '# Region file format: DS9 version 4.1',
        'global color=green dashlist=8 3 width=1 font="helvetica 10 normal roman" select=1',
        'image',
        'circle(60.5,60.5,25) # color=red text={sky; with semicolon}',
        '-box(60.5,60.5,12,8,30) # color=blue',
        'box(150,100,40,30,0); -circle(150,100,6)',
        'annulus(100,75,4,8,12,16)',
        '-ellipse(104,75,10,3,60)',
        'polygon(10,10,40,12,35,40,12,30)',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'sexagesimal.reg'),
      [
        '# Region file format: DS9 version 4.1',
        'fk5',
        'circle(10:00:29.0,+02:12:36.0,8.5")',
        'icrs; ellipse(10:00:28.5,+2:12:20.5,12",5",40)',
        'galactic; box(236.8105,42.1262,0.004,0.002,15) # text={gal box}',
        'fk5; -circle(10:00:29.0,+02:12:36.0,3")',
      ].join('\n'),
    );
  });
  after(() => cleanup());

  test('region files written by astropy regions, on TAN frames in icrs and galactic, float32 and int16', () => {
    const pairs: [string, string][] = [
      ['eq.fits', 'pixel.reg'],
      ['eq.fits', 'sky.reg'],
      ['gal.fits', 'sky.reg'],
      ['int16.fits', 'pixel.reg'],
      ['int16.fits', 'sky.reg'],
      ['eq.fits', 'exclude.reg'],
      ['eq.fits', 'sexagesimal.reg'],
      ['gal.fits', 'sexagesimal.reg'],
    ].map(([f, r]) => [join(dir, f!), join(dir, r!)]);
    const want = referenceStats(pairs);
    const got = cliBatch(pairs.map(([f, r]) => ['stats', f, '--regions', r, '--json']));
    got.forEach((res, i) => {
      const label = pairs[i]!.map((p) => p.split('/').pop()).join(' + ');
      assert.equal(res.status, 0, `${label}: ${res.stderr}`);
      const rows = (JSON.parse(res.stdout) as { regions: Row[] }).regions;
      assertSameStats(rows, want[i]!, label);
      // Every fixture region lies (at least partly) on its frame, so nothing passes by being empty.
      for (const row of rows) assert.ok(row.count > 0, `${label}: region ${row.index} is on the frame`);
    });
    // The off-frame box and circle are measured on their part inside the frame, not refused.
    const pixelRows = (JSON.parse(got[0]!.stdout) as { regions: Row[] }).regions;
    assert.ok(pixelRows[5]!.count > 0 && pixelRows[6]!.count > 0);
    assert.equal(pixelRows[0]!.text, 'star A');
  });

  test('a malformed line fails with BAD_REGION_FILE naming the line; unsupported shapes warn and are skipped', () => {
    const bad = join(dir, 'bad.reg');
    writeFileSync(bad, '# Region file format: DS9 version 4.1\nimage\ncircle(10,10,5)\ncircle(10,abc,5)\n');
    const fk4 = join(dir, 'fk4.reg');
    writeFileSync(fk4, 'fk4\ncircle(150.1,2.2,5")\n');
    const vector = join(dir, 'vector.reg');
    writeFileSync(vector, 'image\n# vector(20,20,10,45) vector=1\ncircle(20,20,5)\nruler(1,1,5,5) ruler=image image\n');
    const [r1, r2, r3, r4] = cliBatch([
      ['stats', join(dir, 'eq.fits'), '--regions', bad, '--json'],
      ['stats', join(dir, 'eq.fits'), '--regions', fk4, '--json'],
      ['stats', join(dir, 'eq.fits'), '--regions', vector, '--json'],
      ['stats', join(dir, 'eq.fits'), '--regions', join(dir, 'missing.reg')],
    ]);
    assert.notEqual(r1!.status, 0);
    assert.match(r1!.stderr, /BAD_REGION_FILE: line 4: pixel coordinate 'abc' is not a number/);
    assert.equal(r1!.stdout, '', 'nothing is printed half-way');
    assert.notEqual(r2!.status, 0);
    assert.match(r2!.stderr, /BAD_REGION_FILE: line 1: FK4/);
    assert.equal(r3!.status, 0, r3!.stderr);
    assert.match(r3!.stderr, /unsupported shape 'vector'/);
    assert.match(r3!.stderr, /unsupported shape 'ruler'/);
    assert.equal((JSON.parse(r3!.stdout) as { regions: Row[] }).regions.length, 1);
    assert.notEqual(r4!.status, 0);
    assert.match(r4!.stderr, /ENOENT/);
    assert.ok(readFileSync(bad, 'utf8').length > 0);
  });
});

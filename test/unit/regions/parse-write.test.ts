import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requirePython, runPython } from '../../helpers/python.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { MAKE_FIXTURES } from './astropy-fixtures.js';
import { readFitsFile, selectImageHdu } from '../../../native-workers/fits/index.js';
import {
  RegionFileError,
  frameGeometry,
  lookupFromCards,
  parseRegionFile,
  parseSexagesimal,
  readRegionsOnFrame,
  writeRegionFile,
  type FrameGeometry,
  type PixelRegion,
  type PixelShape,
} from '../../../native-workers/regions/index.js';
import { formatDecDms, formatRaHms } from '../../../native-workers/wcs/index.js';

const IMAGE_ONLY: FrameGeometry = { wcs: null, physical: null };

function badLine(text: string): { code: string; line: number | undefined; message: string } {
  try {
    readRegionsOnFrame(text, IMAGE_ONLY);
  } catch (err) {
    assert.ok(err instanceof RegionFileError, String(err));
    return { code: err.code, line: err.line, message: err.message };
  }
  assert.fail(`no error for ${JSON.stringify(text)}`);
}

describe('DS9 region parser', () => {
  test('properties, globals, separators, text braces with semicolons, include/exclude, image = 1-based', () => {
    const file = parseRegionFile(
      [
        '# Region file format: DS9 version 4.1',
        'global color=green dashlist=8 3 width=1 font="helvetica 10 normal roman"',
        'image; circle(11,21,5) # color=red text={a; b} tag={one} background',
        '-box 30 40 10 6 30 # dash=1',
        '# circle(1,1,1) is a comment',
        '# text(5,6) text={hidden text}',
        'text(7,8,{direct})',
        'circle point(3,4)',
        'annulus(50,50,2,10,n=4)',
      ].join('\n'),
    );
    assert.deepEqual(file.warnings, []);
    const r = file.regions;
    assert.equal(r.length, 2 + 2 + 1 + 4);
    assert.deepEqual(r[0]!.positions[0], { unit: 'image', a: 11, b: 21 });
    assert.equal(r[0]!.text, 'a; b');
    assert.equal(r[0]!.props.color, 'red');
    assert.equal(r[0]!.props.dashlist, '8 3');
    assert.equal(r[0]!.props.font, 'helvetica 10 normal roman');
    assert.equal(r[0]!.props.background, '1');
    assert.equal(r[1]!.include, false);
    assert.equal(r[1]!.angleDeg, 30);
    assert.equal(r[1]!.props.color, 'green', 'global properties apply');
    assert.equal(r[2]!.text, 'hidden text');
    assert.equal(r[3]!.text, 'direct');
    assert.equal(r[4]!.shape, 'point');
    assert.equal(r[4]!.props.point, 'circle');
    assert.deepEqual(r.slice(5).map((x) => x.lengths.map((l) => l.value)), [[2, 4], [4, 6], [6, 8], [8, 10]]);
    const pixel = readRegionsOnFrame('image; circle(11,21,5)', IMAGE_ONLY).regions[0]!.shape;
    assert.deepEqual(pixel, { kind: 'circle', x: 10, y: 20, r: 5 });
  });

  test('default physical system and LTM/LTV', () => {
    const g: FrameGeometry = { wcs: null, physical: { ltm: [0.5, 0, 0, 0.5], ltv: [-10, -20] } };
    const [c] = readRegionsOnFrame('circle(101,201,8)', g).regions;
    // image = LTM · physical + LTV (1-based): 0.5·101 − 10 = 40.5 → 0-based 39.5.
    assert.deepEqual(c!.shape, { kind: 'circle', x: 39.5, y: 79.5, r: 4 });
    assert.deepEqual(readRegionsOnFrame('circle(101,201,8)', IMAGE_ONLY).regions[0]!.shape, { kind: 'circle', x: 100, y: 200, r: 8 });
  });

  test('sexagesimal and units', () => {
    assert.equal(parseSexagesimal('10:00:30', true), 150.125);
    assert.equal(parseSexagesimal('-02:30:00', false), -2.5);
    assert.equal(parseSexagesimal('10h00m30s', false), 150.125);
    assert.equal(parseSexagesimal('-2d30m', true), -2.5);
    assert.equal(parseSexagesimal('10:61:00', true), null);
    // What the shared formatters write reads back.
    assert.equal(parseSexagesimal(formatRaHms(150.125, 4), true), 150.125);
    assert.equal(parseSexagesimal(formatDecDms(-2.5, 3), false), -2.5);
    const f = parseRegionFile('fk5; circle(10:00:30,-2:30:00,30"); galactic; ellipse(10:30:00,5,1\',0.5d,0.1r); fk5; box(1r,0.5d,2i,3p)');
    assert.deepEqual(f.regions[0]!.positions[0], { unit: 'sky', a: 150.125, b: -2.5 });
    assert.ok(Math.abs(f.regions[0]!.lengths[0]!.value - 30 / 3600) < 1e-15);
    assert.equal(f.regions[1]!.positions[0]!.a, 10.5, 'galactic sexagesimal longitude is in degrees');
    assert.deepEqual(f.regions[1]!.lengths.map((l) => l.value), [1 / 60, 0.5]);
    assert.ok(Math.abs(f.regions[1]!.angleDeg - (0.1 * 180) / Math.PI) < 1e-12);
    assert.ok(Math.abs(f.regions[2]!.positions[0]!.a - 180 / Math.PI) < 1e-12);
    assert.deepEqual(f.regions[2]!.lengths.map((l) => l.unit), ['image', 'physical']);
  });

  test('bad files fail with BAD_REGION_FILE on the line at fault; unsupported shapes are named', () => {
    assert.deepEqual(badLine('image\ncircle(1,2)').line, 2);
    assert.equal(badLine('image\n\ncircle(1,2,3) # ok\nbox(1,2,3)').line, 4);
    assert.equal(badLine('image\npolygon(1,2,3,4)').line, 2);
    assert.equal(badLine('image\ncircle(1,2,-3)').line, 2);
    assert.equal(badLine('image\ncircle(1,2,3').line, 2);
    assert.equal(badLine('image\ncircle(1,2,3) extra').line, 2);
    assert.equal(badLine('hello world').code, 'BAD_REGION_FILE');
    assert.match(badLine('fk4; circle(1,2,3)').message, /FK4/);
    assert.match(badLine('b1950\ncircle(1,2,3)').message, /line 1: B1950/);
    assert.equal(badLine('fk5\ncircle(10:99:00,1,3")').line, 2);
    assert.equal(badLine('fk5\ncircle(10,95,3")').line, 2);
    assert.equal(badLine('image\nannulus(1,1,5,3)').line, 2);
    const sky = badLine('# header\nfk5\ncircle(150,2,3")');
    assert.equal(sky.code, 'NO_WCS');
    assert.equal(sky.line, 3);
    const f = parseRegionFile('image\npanda(1,1,0,360,4,0,5,2)\nbox(1,1,2,2,4,4,0)\ncircle(1,1,1)');
    assert.equal(f.regions.length, 1);
    assert.match(f.warnings[0]!, /line 2: unsupported shape 'panda'/);
    assert.match(f.warnings[1]!, /line 3: box annulus/);
  });
});

describe('files NightDeck writes read back in astropy regions as the same shapes', () => {
  let dir = '';
  let cleanup = (): void => {};
  let geometry: FrameGeometry;
  before(async () => {
    requirePython('numpy', 'astropy', 'regions');
    ({ dir, cleanup } = makeTempDir('nightdeck-regions-write-'));
    runPython(MAKE_FIXTURES, { dir });
    const fits = await readFitsFile(join(dir, 'eq.fits'));
    geometry = frameGeometry(lookupFromCards(selectImageHdu(fits).header.cards));
  });
  after(() => cleanup());

  const TO_PIXEL = String.raw`
import json, sys, warnings
from astropy.io import fits
from astropy.wcs import WCS
from regions import Regions, PixelRegion
import astropy.units as u
warnings.simplefilter('ignore')
req = json.load(sys.stdin)
wcs = WCS(fits.getheader(req['frame']))
out = []
for path in req['files']:
    rows = []
    for r in Regions.read(path, format='ds9'):
        p = r if isinstance(r, PixelRegion) else r.to_pixel(wcs)
        name = type(p).__name__
        row = {'kind': name, 'include': bool(r.meta.get('include', 1)), 'text': r.meta.get('text')}
        if hasattr(p, 'center'): row.update(x=float(p.center.x), y=float(p.center.y))
        for k in ('radius', 'width', 'height', 'inner_radius', 'outer_radius'):
            if hasattr(p, k): row[k] = float(getattr(p, k))
        if hasattr(p, 'angle'): row['angle'] = float(p.angle.to(u.deg).value)
        if hasattr(p, 'vertices'): row['vertices'] = [[float(a), float(b)] for a, b in zip(p.vertices.x, p.vertices.y)]
        if hasattr(p, 'start'): row.update(x1=float(p.start.x), y1=float(p.start.y), x2=float(p.end.x), y2=float(p.end.y))
        rows.append(row)
    out.append(rows)
print(json.dumps(out))
`;

  function close(a: number, b: number, tol: number, what: string): void {
    assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs astropy ${b}`);
  }
  function angleClose(a: number, b: number, period: number, what: string): void {
    const d = ((((a - b) % period) + period * 1.5) % period) - period / 2;
    assert.ok(Math.abs(d) < 1e-6, `${what}: ${a} vs astropy ${b} (mod ${period})`);
  }

  function compare(shape: PixelShape, row: Record<string, unknown>, what: string): void {
    const n = (k: string): number => row[k] as number;
    const tol = 1e-6;
    switch (shape.kind) {
      case 'circle':
        assert.equal(row.kind, 'CirclePixelRegion', what);
        close(shape.r, n('radius'), tol, what);
        break;
      case 'ellipse':
        assert.equal(row.kind, 'EllipsePixelRegion', what);
        close(2 * shape.rx, n('width'), tol, what);
        close(2 * shape.ry, n('height'), tol, what);
        angleClose(shape.angleDeg, n('angle'), 180, what);
        break;
      case 'box':
        assert.equal(row.kind, 'RectanglePixelRegion', what);
        close(shape.width, n('width'), tol, what);
        close(shape.height, n('height'), tol, what);
        angleClose(shape.angleDeg, n('angle'), 180, what);
        break;
      case 'annulus':
        assert.equal(row.kind, 'CircleAnnulusPixelRegion', what);
        close(shape.inner, n('inner_radius'), tol, what);
        close(shape.outer, n('outer_radius'), tol, what);
        break;
      case 'polygon':
        assert.equal(row.kind, 'PolygonPixelRegion', what);
        (row.vertices as [number, number][]).forEach(([x, y], i) => {
          close(shape.points[i]![0], x, tol, `${what} vertex ${i}`);
          close(shape.points[i]![1], y, tol, `${what} vertex ${i}`);
        });
        return;
      case 'line':
        assert.equal(row.kind, 'LinePixelRegion', what);
        close(shape.x2, n('x2'), tol, what);
        close(shape.y2, n('y2'), tol, what);
        return;
      case 'point':
        assert.equal(row.kind, 'PointPixelRegion', what);
        break;
      case 'text':
        assert.equal(row.kind, 'TextPixelRegion', what);
        break;
    }
    if ('x' in shape) {
      close(shape.x, n('x'), tol, `${what} x`);
      close(shape.y, n('y'), tol, `${what} y`);
    }
  }

  test('image, icrs, fk5 and galactic output of astropy-written and hand-made regions', () => {
    const fromAstropy = [...['pixel.reg', 'sky.reg'].flatMap((f) => readRegionsOnFrame(readFileSync(join(dir, f), 'utf8'), geometry).regions)];
    const drawn: PixelRegion[] = [
      { shape: { kind: 'line', x1: 5.5, y1: 6.25, x2: 80.75, y2: 90 }, include: true },
      { shape: { kind: 'box', x: 70, y: 70, width: 20, height: 10, angleDeg: 300 }, include: false, props: { color: 'red' } },
      { shape: { kind: 'ellipse', x: 100, y: 50, rx: 8, ry: 3, angleDeg: 170 }, include: true, text: 'odd {} chars? no: plain', props: {} },
    ];
    const regions = [...fromAstropy, ...drawn].map((r) => (r.text?.includes('{') ? { ...r, text: 'plain' } : r));
    const systems = ['image', 'icrs', 'fk5', 'galactic', 'ecliptic'] as const;
    const files = systems.map((system) => {
      const path = join(dir, `written-${system}.reg`);
      writeFileSync(path, writeRegionFile(regions, system, geometry));
      return path;
    });
    const back = runPython<Record<string, unknown>[][]>(TO_PIXEL, { frame: join(dir, 'eq.fits'), files });
    back.forEach((rows, s) => {
      assert.equal(rows.length, regions.length, `${systems[s]}: every region read back`);
      rows.forEach((row, i) => {
        const what = `${systems[s]} region ${i} (${regions[i]!.shape.kind})`;
        compare(regions[i]!.shape, row, what);
        assert.equal(row.include, regions[i]!.include, `${what}: include`);
        if (regions[i]!.text) assert.equal(row.text, regions[i]!.text, `${what}: text`);
      });
      // And NightDeck reads its own file back to the same shapes.
      const again = readRegionsOnFrame(readFileSync(files[s]!, 'utf8'), geometry).regions;
      const canonical = (shape: PixelShape): string =>
        JSON.stringify(shape, (k, v: unknown) =>
          typeof v === 'number' ? Math.round((k === 'angleDeg' ? (((v % 360) + 360) % 360) : v) * 1e4) / 1e4 : v,
        );
      again.forEach((r, i) => assert.equal(canonical(r.shape), canonical(regions[i]!.shape), `${systems[s]} region ${i} read back by NightDeck`));
    });
  });
});

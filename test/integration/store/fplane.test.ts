import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { makeTempDir } from '../../helpers/tmp.js';
import { requirePython, runPython } from '../../helpers/python.js';
import { openDatabase, type Db } from '../../../electron/host/store/db.js';
import { FplaneStore } from '../../../electron/host/store/fplane.js';
import { FIXTURE_HEADER, REPO, makeSeats, seatsToText, type FixtureSeat } from './fixtures.js';

/** Python formats the expected files and reads ours back with numpy (an independent reader). */
const REFERENCE = `
import sys, json, io
import numpy as np
d = json.load(sys.stdin)
def line(s, commented, pos=None):
    x, y = pos if pos else (s['x'], s['y'])
    cols = [s['slot'], '%.3f' % x, '%.3f' % y, s['specid'], s['specslot'], s['ifuid'], repr(float(s['ifurot'])), repr(float(s['platesc']))]
    return ('#' if commented else '') + '\\t'.join(cols)
seats = d['seats']
virus = [s for s in seats if s['kind'] == 'virus']
actual = {k: v for k, v in d['actual'].items()}
full = '\\n'.join(d['header'] + [line(s, s['kind'] != 'virus') for s in seats]) + '\\n'
short = '\\n'.join(line(s, False) for s in virus) + '\\n'
short_actual = '\\n'.join(line(s, False, actual.get(s['slot'])) for s in virus) + '\\n'
def rows(text):
    a = np.loadtxt(io.StringIO(text), comments='#', dtype=str, ndmin=2)
    return [[r[0], float(r[1]), float(r[2]), r[3], r[4], r[5], float(r[6]), float(r[7])] for r in a]
print(json.dumps({'full': full, 'short': short, 'shortActual': short_actual,
                  'ourFullRows': rows(d['ourFull']), 'ourShortRows': rows(d['ourShort'])}))
`;

function updateBodyFor(seats: FixtureSeat[], actual: Record<string, [number, number]> = {}) {
  return seats.map((s) => ({
    ifuslot: s.slot,
    x: s.x,
    y: s.y,
    specid: s.specid,
    specslot: s.specslot,
    ifuid: s.ifuid,
    ifurot: s.ifurot,
    platesc: s.platesc,
    active: !s.commented,
    ...(actual[s.slot] ? { actual: { x: actual[s.slot]![0], y: actual[s.slot]![1] } } : {}),
  }));
}

describe('fplane store', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  let store: FplaneStore;
  before(() => {
    requirePython('numpy');
    tmp = makeTempDir('nightdeck-fplane-');
    db = openDatabase(join(tmp.dir, 'nightdeck.db'));
    store = new FplaneStore(db);
  });
  after(() => {
    db.close();
    tmp.cleanup();
  });

  test('a full HETDEX-style file round-trips: full, short and actual positions match the reference formatting', () => {
    const seats = makeSeats(0);
    store.importText(seatsToText(seats), '20240101');
    const actual: Record<string, [number, number]> = { '011': [-449.8765, 399.1234], '023': [-350.0004, 200.0006] };
    // Measured positions arrive with an update committed a little later the same night.
    store.update({ config: { ifus: updateBodyFor(seats, actual) }, commit: true, datestr: '20240102T02:00:00' });
    const ourFull = store.getText('20240102T03:00:00');
    const ourShort = store.getText('20240102T03:00:00', { full: false });
    const ourShortActual = store.getText('20240102T03:00:00', { full: false, actualPos: true });
    const ref = runPython<{ full: string; short: string; shortActual: string; ourFullRows: unknown[][]; ourShortRows: unknown[][] }>(
      REFERENCE,
      { seats, header: FIXTURE_HEADER, actual, ourFull, ourShort },
    );
    assert.equal(ourFull, ref.full);
    assert.equal(ourShort, ref.short);
    assert.equal(ourShortActual, ref.shortActual);
    assert.notEqual(ref.short, ref.shortActual, 'actual positions differ from nominal ones');
    // numpy sees only the active VIRUS IFUs in both forms (everything else is commented out).
    const virus = seats.filter((s) => s.kind === 'virus');
    assert.equal(ref.ourShortRows.length, virus.length);
    assert.deepEqual(ref.ourFullRows, ref.ourShortRows);
    assert.ok(!ourShort.includes('#'), 'the short form has no comment lines');
    for (const special of ['056', '066', '000']) {
      assert.ok(!ourShort.split('\n').some((l) => l.startsWith(special + '\t')), `short form omits ${special}`);
      assert.ok(ourFull.split('\n').some((l) => l.startsWith('#' + special + '\t')), `full form keeps ${special} commented out`);
    }
    // Re-importing our own output gives back the same file.
    store.importText(ourFull, '20240110');
    assert.equal(store.getText('20240110'), ourFull);
    const { text: fullText, ifus: rows } = store.getFplane('20240110', { full: true });
    assert.equal(rows.length, seats.length);
    assert.equal(rows.filter((r) => !r.commented).length, virus.length);
    // The rows are the text's seat lines, in order, commented exactly where the text has '#'.
    const seatLines = fullText.split('\n').filter((l) => /^#?\d{3}\t/.test(l));
    assert.equal(rows.length, seatLines.length);
    rows.forEach((r, i) => {
      const line = seatLines[i]!;
      const f = line.replace(/^#/, '').split('\t');
      assert.equal(r.commented, line.startsWith('#'), line);
      assert.equal(r.ifuslot, f[0], line);
      assert.ok(Math.abs(r.x - Number(f[1])) <= 0.0005 && Math.abs(r.y - Number(f[2])) <= 0.0005, line);
    });
    assert.deepEqual(store.history().map((h) => [h.seats, h.activeVirus]).at(-1), [seats.length, virus.length]);
  });

  test('history by date across three configurations: each holds from the start of its night until the next', () => {
    const fresh = openDatabase(join(tmp.dir, 'history.db'));
    try {
      const s = new FplaneStore(fresh);
      const idOf = (text: string) => text.split('\n').find((l) => l.startsWith('011\t'))!.split('\t')[5];
      const v = [makeSeats(1), makeSeats(2), makeSeats(3)].map((seats) => seats.find((x) => x.slot === '011')!.ifuid);
      assert.equal(new Set(v).size, 3, 'the three configurations differ');
      s.importText(seatsToText(makeSeats(1)), '20240101');
      s.importText(seatsToText(makeSeats(2)), '20240201');
      const dry = s.update({ config: { ifus: updateBodyFor(makeSeats(3)) }, commit: true, datestr: '20240301' });
      assert.equal(idOf(dry), v[2]);
      assert.throws(() => s.getText('20231231'), { code: 'NOT_FOUND' });
      const cases: [string, number][] = [
        ['20240101', 0],
        ['20240131', 0],
        ['2024-02-01T18:00:00', 0], // 11:04 at McDonald on Feb 1: still the night of Jan 31
        ['20240201T19:30:00', 1], // 12:34 local: the night of Feb 1 has begun
        ['20240201', 1],
        ['20240215T03:00:00', 1],
        ['2024-03-02T10:00:00Z', 2],
        ['latest', 2],
        ['', 2],
      ];
      for (const [datestr, which] of cases) assert.equal(idOf(s.getText(datestr)), v[which], datestr);
      const h = s.history();
      assert.deepEqual(h.map((e) => e.origin), ['import', 'import', 'update']);
      assert.equal(h[0]!.validUntil, h[1]!.validFrom);
      assert.equal(h[1]!.validUntil, h[2]!.validFrom);
      assert.equal(h[2]!.validUntil, null);
    } finally {
      fresh.close();
    }
  });

  test('a dry run returns the resulting text and stores nothing', () => {
    const before = store.history();
    const current = store.getText('latest');
    const seats = makeSeats(7);
    const text = store.update({ config: { ifus: updateBodyFor(seats) }, commit: false });
    assert.ok(text.includes('011\t'), 'the dry run shows the fplane it would store');
    assert.notEqual(text, current);
    assert.deepEqual(store.history(), before);
    assert.equal(store.getText('latest'), current);
  });

  test('an invalid update lists every problem (slot format, duplicate slot, non-numeric position) and stores nothing', () => {
    const before = store.history();
    const ifus = updateBodyFor(makeSeats(0)).slice(0, 5) as Record<string, unknown>[];
    ifus[1] = { ...ifus[1], ifuslot: '5A' };
    ifus[2] = { ...ifus[2], ifuslot: ifus[0]!.ifuslot };
    ifus[3] = { ...ifus[3], x: 'north' };
    ifus[4] = { ...ifus[4], y: null };
    try {
      store.update({ config: { ifus }, commit: true });
      assert.fail('expected INVALID_FPLANE');
    } catch (err) {
      const e = err as { code: string; problems: string[] };
      assert.equal(e.code, 'INVALID_FPLANE');
      assert.equal(e.problems.length, 4, e.problems.join('\n'));
      assert.match(e.problems.join('\n'), /ifus\[1\]\.ifuslot: unknown slot format/);
      assert.match(e.problems.join('\n'), /ifus\[2\]\.ifuslot: duplicate slot/);
      assert.match(e.problems.join('\n'), /ifus\[3\]\.x: not a number/);
      assert.match(e.problems.join('\n'), /ifus\[4\]\.y: not a number/);
    }
    assert.throws(() => store.update({ commit: true }), { code: 'INVALID_FPLANE' });
    assert.throws(() => store.update('nonsense'), { code: 'INVALID_FPLANE' });
    assert.deepEqual(store.history(), before);
  });

  test('an invalid fplane file names every bad line and stores nothing', () => {
    const before = store.history();
    const text = seatsToText(makeSeats(0)).replace('\n011 ', '\n11 ').replace(/\n012 +\S+/, '\n012  abc') + '013 1 2 3\n';
    try {
      store.importText(text, '20250101');
      assert.fail('expected INVALID_FPLANE');
    } catch (err) {
      const e = err as { code: string; problems: string[] };
      assert.equal(e.code, 'INVALID_FPLANE');
      assert.equal(e.problems.length, 3, e.problems.join('\n'));
      assert.ok(e.problems.every((p) => /^line \d+: /.test(p)));
    }
    assert.throws(() => store.importText('# only comments\n', '20250101'), { code: 'INVALID_FPLANE' });
    assert.throws(() => store.importText(seatsToText(makeSeats(0)), 'someday'), { code: 'BAD_ARGUMENT' });
    assert.deepEqual(store.history(), before);
  });
});

describe('nightdeck fplane (CLI)', () => {
  test('import then get --short prints the active VIRUS IFUs of that night', () => {
    const tmp = makeTempDir('nightdeck-fplane-cli-');
    try {
      const file = join(tmp.dir, 'fplane.txt');
      writeFileSync(file, seatsToText(makeSeats(4)));
      const env = { ...process.env, NIGHTDECK_HOME: join(tmp.dir, 'home') };
      const cli = (...args: string[]) =>
        spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', ...args], { cwd: REPO, env, encoding: 'utf8' });
      const imported = cli('fplane', 'import', file, '--from', '20240101');
      assert.equal(imported.status, 0, imported.stderr);
      const got = cli('fplane', 'get', '20240101', '--short');
      assert.equal(got.status, 0, got.stderr);
      const lines = got.stdout.trimEnd().split('\n');
      assert.equal(lines.length, makeSeats(4).filter((s) => s.kind === 'virus').length);
      assert.ok(lines.every((l) => l.split('\t').length === 8 && !l.startsWith('#')));
      const missing = cli('fplane', 'get', '20200101');
      assert.equal(missing.status, 1);
      assert.match(missing.stderr, /^NOT_FOUND: /);
    } finally {
      tmp.cleanup();
    }
  });
});

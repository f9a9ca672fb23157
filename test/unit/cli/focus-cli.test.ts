/**
 * `nightdeck focus`: the focus key from --key or the first of FOCUS/FOCPOS/FOCUSPOS/FOC-POS,
 * the JSON shape, the best focus of frames on a known hyperbola, and the two clear errors
 * (too few frames with a focus value, no minimum inside the range). Runs the real CLI process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { writeFitsFile } from '../../../native-workers/fits/index.js';
import { generateSyntheticFrame } from '../../../native-workers/analysis/synthetic.js';
import { hyperbolaFwhm } from '../../../native-workers/analysis/focus-curve.js';
import type { Card } from '../../../native-workers/fits/types.js';
import { makeTempDir } from '../../helpers/tmp.js';

const root = new URL('../../..', import.meta.url).pathname;
const truth = { a: 2.6, b: 0.0021, f0: 23_412 };
const STEP = 500;

function cli(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', 'focus', ...args], { cwd: root, encoding: 'utf8' });
}

async function writeRun(dir: string, focus: number[], keyword: string, extra: (i: number) => Card[] = () => []): Promise<string[]> {
  const files: string[] = [];
  for (const [i, f] of focus.entries()) {
    const frame = generateSyntheticFrame({ width: 256, height: 256, seed: 40 + i, stars: 18, fwhmPx: hyperbolaFwhm(f, truth), sky: 600, hotPixels: 3, minSeparationPx: 30 });
    const file = join(dir, `focus-${String(i).padStart(2, '0')}.fits`);
    await writeFitsFile(file, [{ image: { pixels: frame.pixels, shape: [256, 256], bitpix: 16 }, cards: [...frame.cards, { key: keyword, value: f }, ...extra(i)] }]);
    files.push(file);
  }
  return files;
}

test('nightdeck focus --json fits a FOCPOS run to within 0.2 of the step and reports every point', async () => {
  const { dir, cleanup } = makeTempDir();
  try {
    const focus = Array.from({ length: 7 }, (_, i) => 21_900 + i * STEP);
    const files = await writeRun(dir, focus, 'FOCPOS');
    const r = cli([...files, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out).sort(), ['bestFocus', 'bestFocusError', 'fit', 'minFwhmPx', 'points']);
    assert.ok(Math.abs(out.bestFocus - truth.f0) < 0.2 * STEP, `best focus ${out.bestFocus}`);
    assert.ok(out.bestFocusError > 0 && out.bestFocusError < 0.2 * STEP);
    assert.equal(out.fit.f0, out.bestFocus);
    assert.ok(Math.abs(out.minFwhmPx - truth.a) < 0.05 * truth.a);
    assert.deepEqual(out.points.map((p: { file: string }) => p.file), files);
    for (const [i, p] of out.points.entries()) {
      assert.equal(p.focus, focus[i]);
      assert.equal(p.used, true);
      assert.ok(p.starCount >= 15);
      assert.ok(Math.abs(p.fwhmPx / hyperbolaFwhm(focus[i]!, truth) - 1) < 0.05, `FWHM ${p.fwhmPx} at ${focus[i]}`);
    }
    const text = cli(files);
    assert.equal(text.status, 0);
    assert.match(text.stdout, /best focus\s+234\d\d\.\d\d ± \d+\.\d\d/);
  } finally {
    cleanup();
  }
});

test('--key picks the keyword; FOCUS wins over FOCPOS by default; too few frames and no minimum are clear errors', async () => {
  const { dir, cleanup } = makeTempDir();
  try {
    const focus = Array.from({ length: 6 }, (_, i) => 22_400 + i * STEP);
    // FOCUS holds the true positions, TELFOCUS a useless constant, FOCPOS a decoy shifted by 1000.
    const files = await writeRun(dir, focus, 'FOCUS', (i) => [{ key: 'FOCPOS', value: focus[i]! + 1000 }, { key: 'TELFOCUS', value: 5 }]);
    const byDefault = JSON.parse(cli([...files, '--json']).stdout);
    assert.ok(Math.abs(byDefault.bestFocus - truth.f0) < 0.2 * STEP);
    const byKey = JSON.parse(cli([...files, '--json', '--key', 'focpos']).stdout);
    assert.ok(Math.abs(byKey.bestFocus - (truth.f0 + 1000)) < 0.2 * STEP, 'the --key values are used');

    const flat = cli([...files, '--key', 'TELFOCUS']);
    assert.equal(flat.status, 1);
    assert.match(flat.stderr, /^(TOO_FEW_POINTS|NO_MINIMUM): /);

    const four = cli(files.slice(0, 4));
    assert.equal(four.status, 1);
    assert.match(four.stderr, /^TOO_FEW_POINTS: .*at least 5 frames with a focus value.*got 4/);
    const missing = cli([...files, '--key', 'NOSUCH']);
    assert.match(missing.stderr, /^TOO_FEW_POINTS: .*\(NOSUCH\), got 0 of 6/);

    const oneSide = await writeRun(join(dir), Array.from({ length: 6 }, (_, i) => 19_000 + i * 400), 'FOCUS');
    const noMin = cli(oneSide);
    assert.equal(noMin.status, 1);
    assert.match(noMin.stderr, /^NO_MINIMUM: .*no minimum/);
    assert.equal(cli([]).status, 2, 'no FILE is a usage error');
  } finally {
    cleanup();
  }
});

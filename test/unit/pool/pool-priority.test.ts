/**
 * What a viewer waits on (decode, preview, pixel, header reads) is dispatched before queued
 * measurements, so opening the next frame does not wait behind the last one's histogram.
 * One worker; the order is the queue's, not a race: everything is queued synchronously while
 * the worker is held by a sleep.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { AnalysisPool } from '../../../native-workers/pool.js';
import { writeFitsFile } from '../../../native-workers/fits/index.js';
import { generateSyntheticFrame } from '../../../native-workers/analysis/synthetic.js';
import { makeTempDir } from '../../helpers/tmp.js';

let tmp: ReturnType<typeof makeTempDir>;
let path = '';
before(async () => {
  tmp = makeTempDir('nightdeck-pool-priority-');
  const f = generateSyntheticFrame({ width: 64, height: 48, seed: 5, stars: 3 });
  path = join(tmp.dir, 'a.fits');
  await writeFitsFile(path, [{ image: { pixels: f.pixels, shape: [64, 48], bitpix: 16 }, cards: f.cards }]);
});
after(() => tmp.cleanup());

test('interactive tasks overtake queued measurements, first come first served within each lane', async () => {
  const pool = new AnalysisPool({ size: 1, testTasks: true });
  try {
    const order: string[] = [];
    const note = <T>(name: string, p: Promise<T>) => p.then((v) => (order.push(name), v));
    const busy = note('busy', pool.runTestTask('__sleep', { ms: 50 }));
    const m1 = note('measure-1', pool.runTestTask('__sleep', { ms: 1 }));
    const m2 = note('measure-2', pool.runTestTask('__sleep', { ms: 1 }));
    const info = note('info', pool.run('info', { path }, {} as never));
    const header = note('header', pool.run('header', { path }, {} as never));
    assert.equal(pool.stats().running, 1);
    assert.equal(pool.stats().queued, 4);
    await Promise.all([busy, m1, m2, info, header]);
    assert.deepEqual(order, ['busy', 'info', 'header', 'measure-1', 'measure-2']);
  } finally {
    await pool.close();
  }
});

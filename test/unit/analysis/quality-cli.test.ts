import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import quality from '../../../electron/cli/commands/quality.js';
import { UsageError } from '../../../electron/cli/command.js';
import { writeFitsFile } from '../../../native-workers/fits/index.js';
import { generateSyntheticFrame } from '../../../native-workers/analysis/synthetic.js';
import { makeTempDir } from '../../helpers/tmp.js';

test('nightdeck quality --json reports the injected stars, FWHM and the saturation level from SATURATE', async () => {
  const { dir, cleanup } = makeTempDir();
  try {
    // SATURATE = 50000 in the header: stars clipped there are saturated even though 16-bit allows 65535
    const f = generateSyntheticFrame({ width: 256, height: 256, seed: 8, stars: 12, saturatedStars: 2, saturation: 50000, fwhmPx: 4, minSeparationPx: 30 });
    const file = join(dir, 'q.fits');
    await writeFitsFile(file, [{ image: { pixels: f.pixels, shape: [256, 256], bitpix: 16 }, cards: f.cards }]);
    let out = '';
    const io = { stdout: (t: string) => (out += t), stderr: () => {} };
    assert.equal(await quality.run([file, '--json'], io), 0);
    const q = JSON.parse(out);
    assert.equal(q.starCount, 12);
    assert.ok(Math.abs(q.fwhmMedianPx - 4) < 0.2);
    let clipped = 0;
    for (const v of f.pixels) if (v >= 50000) clipped++;
    assert.ok(clipped > 0);
    assert.equal(q.saturatedPixels, clipped);
    out = '';
    assert.equal(await quality.run([file], io), 0);
    assert.match(out, /stars\s+12/);
    assert.match(out, /fwhm \(median\)\s+4\.\d\d px/);
    await assert.rejects(quality.run([file, '--k', '-1'], io), UsageError);
    await assert.rejects(quality.run([], io), UsageError);
  } finally {
    cleanup();
  }
});

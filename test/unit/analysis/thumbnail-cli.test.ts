import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import sharp from 'sharp';
import thumb from '../../../electron/cli/commands/thumb.js';
import color from '../../../electron/cli/commands/color.js';
import { UsageError, type CliIo } from '../../../electron/cli/command.js';
import { writeFitsFile } from '../../../native-workers/fits/index.js';
import { generateSyntheticFrame } from '../../../native-workers/analysis/synthetic.js';
import { makeTempDir } from '../../helpers/tmp.js';

const io: CliIo = { stdout: () => {}, stderr: () => {} };
let dir: string;
let cleanup: () => void;

async function frameFile(name: string, width: number, height: number, seed: number): Promise<string> {
  const f = generateSyntheticFrame({ width, height, seed });
  const path = join(dir, name);
  // an empty primary HDU first, the image in extension 1
  await writeFitsFile(path, [{ cards: [] }, { image: { pixels: f.pixels, shape: [width, height], bitpix: 16 }, cards: f.cards, extname: 'SCI' }]);
  return path;
}

before(() => ({ dir, cleanup } = makeTempDir()));
after(() => cleanup());

test('nightdeck thumb writes a JPEG of the asked width from the first image HDU, PNG for a .png name', async () => {
  const file = await frameFile('t.fits', 160, 120, 1);
  const out = join(dir, 't.jpg');
  assert.equal(await thumb.run([file, '--out', out, '--width', '80', '--label', 'T', '--quality', '60', '--median'], io), 0);
  const meta = await sharp(out).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', 80, 60]);
  const png = join(dir, 't.png');
  assert.equal(await thumb.run([file, '--out', png, '--hdu', '1', '--stretch', 'minmax'], io), 0);
  assert.deepEqual([(await sharp(png).metadata()).format, (await sharp(png).metadata()).width], ['png', 160]);
});

test('nightdeck thumb refuses bad usage with UsageError and a non-image HDU with the reader error', async () => {
  const file = await frameFile('u.fits', 32, 32, 2);
  await assert.rejects(thumb.run([file], io), UsageError);
  await assert.rejects(thumb.run([file, '--out', join(dir, 'x.jpg'), '--quality', '101'], io), UsageError);
  await assert.rejects(thumb.run([file, '--out', join(dir, 'x.jpg'), '--stretch', 'log'], io), UsageError);
  await assert.rejects(thumb.run([file, '--out', join(dir, 'x.jpg'), '--bogus'], io), UsageError);
  await assert.rejects(thumb.run([file, '--out', join(dir, 'x.jpg'), '--hdu', '0'], io), (e: unknown) => (e as { code?: string }).code === 'BAD_HDU');
});

test('nightdeck color composes three frames and refuses frames of different shapes', async () => {
  const [r, g, b] = await Promise.all([frameFile('r.fits', 64, 48, 3), frameFile('g.fits', 64, 48, 4), frameFile('b.fits', 64, 48, 5)]);
  const out = join(dir, 'c.jpg');
  assert.equal(await color.run([r, g, b, '--out', out], io), 0);
  const meta = await sharp(out).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height, meta.channels], ['jpeg', 64, 48, 3]);
  const odd = await frameFile('odd.fits', 48, 64, 6);
  await assert.rejects(color.run([r, g, odd, '--out', out], io), (e: unknown) => (e as { code?: string }).code === 'BAD_ARGUMENT');
  await assert.rejects(color.run([r, g, '--out', out], io), UsageError);
});

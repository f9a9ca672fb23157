import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadImage, openFits, readImage } from '../../../native-workers/fits/index.js';
import { FitsError } from '../../../native-workers/fits/errors.js';
import { decodeCompressedImageAsync, PARALLEL_MIN_PIXELS } from '../../../native-workers/fits/tiles/parallel.js';
import { CLAIM, CLAIM_LAYOUT, type RiceJob } from '../../../native-workers/fits/tiles/rice-job.js';
import { arriveLate, claimFirst, claimStates } from '../../helpers/rice-protocol.js';
import { maxRiceWorkers, RiceWorker, type RiceJobRunner, type RiceRunOutcome } from '../../../native-workers/fits/tiles/rice-workers.js';
import { DEFAULT_FITS_LIMITS, type PixelArray } from '../../../native-workers/fits/types.js';
import { requirePython, requireTool, runPython } from '../../helpers/python.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { PY_READ_FZ_REFERENCES, PY_SKY, readHdu, refPixels, type RefArray } from './tiles-fixture.js';

/** Images of a million pixels and more (numpy shapes: slowest axis first). */
const MAKE_INPUTS = `
import sys, json, numpy as np
from astropy.io import fits
d = json.load(sys.stdin)['dir']
rng = np.random.default_rng(20261124)
${PY_SKY}
w = lambda name, a: fits.PrimaryHDU(a).writeto(f'{d}/{name}.fits', overwrite=True)
i16 = sky((1100, 1024), 1000, 30, stars=20, peak=20000.0, width=3.0).clip(-32768, 32767).astype('>i2'); i16[5, :] = -32768; i16[6, :] = 32767
w('int16', i16)
w('uint16', sky((1024, 1030), 40000, 3000, stars=20, peak=20000.0, width=3.0).clip(0, 65535).astype(np.uint16))
w('int32', sky((1030, 1024), 0, 1e5, stars=20, peak=20000.0, width=3.0).astype('>i4'))
# Random bytes do not compress: no chunk can hold its own compressed bytes.
w('uint8', rng.integers(0, 256, (1024, 1024)).astype(np.uint8))
w('cube', sky((4, 520, 600), 500, 20, stars=20, peak=20000.0, width=3.0).astype('>i2'))
# Flat top half (blocks of zero differences), noise below.
flat = np.full((1050, 1000), 1234, dtype='>i2'); flat[525:, :] = rng.normal(1234, 500, (525, 1000)).astype('>i2')
w('flat', flat)
print('{}')
`;


const CASES = [
  { name: 'int16-rows', input: 'int16', fpack: ['-r'] },
  { name: 'int16-8-rows', input: 'int16', fpack: ['-r', '-t', '1024,8'] },
  { name: 'uint16-rows', input: 'uint16', fpack: ['-r'] },
  { name: 'int32-rows', input: 'int32', fpack: ['-r'] },
  { name: 'uint8-incompressible', input: 'uint8', fpack: ['-r'] },
  { name: 'cube-rows', input: 'cube', fpack: ['-r'] },
  { name: 'flat-and-noise', input: 'flat', fpack: ['-r'] },
];

function sameArray(actual: PixelArray, expected: PixelArray | Int8Array, what: string): void {
  assert.equal(actual.constructor.name, expected.constructor.name, `${what}: array type`);
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) if (actual[i] !== expected[i]) assert.fail(`${what}: pixel ${i} is ${actual[i]}, expected ${expected[i]}`);
}

/** Wraps a runner to see, after each job, how many chunks the worker decoded or left undone. */
function watched(inner: RiceJobRunner): RiceJobRunner & { done: number; undone: number } {
  const w = {
    done: 0,
    undone: 0,
    async run(job: RiceJob): Promise<RiceRunOutcome> {
      const outcome = await inner.run(job);
      const claims = new Int32Array(job.claims);
      w.done = 0;
      w.undone = 0;
      for (let c = CLAIM_LAYOUT.words; c < claims.length; c++) {
        if (claims[c] === CLAIM.WORKER_DONE) w.done++;
        if (claims[c] === CLAIM.WORKER) w.undone++;
      }
      return outcome;
    },
  };
  return w;
}

/**
 * A worker that claims chunks as a real one does (waiting for their bytes), decodes none,
 * and then fails: by exiting, or by reporting an exception.
 */
function saboteurSource(how: 'exit' | 'crash'): string {
  return `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ id, job }) => {
  const claims = new Int32Array(job.claims);
  const { codes, layout } = job;
  for (let taken = 0; taken < 5; ) {
    const chunk = Atomics.sub(claims, layout.back, 1) - 1;
    if (chunk < 0) break;
    const word = layout.words + chunk;
    while (Atomics.load(claims, word) === codes.PENDING) Atomics.wait(claims, word, codes.PENDING, 50);
    if (Atomics.load(claims, word) === codes.MAIN_ONLY) continue;
    if (Atomics.compareExchange(claims, word, codes.FREE, codes.WORKER) !== codes.FREE) break;
    taken++;
  }
  ${how === 'exit' ? 'process.exit(3);' : "parentPort.postMessage({ id, crashed: 'sabotaged' });"}
});
`;
}

describe('large Rice images decode on worker threads exactly as astropy and funpack do', () => {
  const { dir, cleanup } = makeTempDir('nightdeck-parallel-');
  let refs: Record<string, { astropy: RefArray; funpack: RefArray }> = {};
  const fz = (name: string): string => join(dir, `${name}.fz`);

  before(() => {
    requirePython('astropy', 'numpy');
    requireTool('fpack', 'libcfitsio-bin');
    runPython(MAKE_INPUTS, { dir });
    for (const c of CASES) {
      const r = spawnSync('fpack', [...c.fpack, '-O', fz(c.name), join(dir, `${c.input}.fits`)], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`fpack ${c.fpack.join(' ')} failed: ${r.stderr}`);
    }
    refs = runPython(PY_READ_FZ_REFERENCES, { dir, names: CASES.map((c) => c.name) }, 300_000);
  });
  after(cleanup);

  for (const c of CASES) {
    test(`${c.name} (fpack ${c.fpack.join(' ')}): loadImage decodes it in shared memory, pixel for pixel`, async () => {
      const image = await loadImage(fz(c.name));
      assert.ok(image.pixels.length >= PARALLEL_MIN_PIXELS);
      // On a single core there is no worker to share with: one thread, ordinary memory.
      assert.equal(image.pixels.buffer instanceof SharedArrayBuffer, maxRiceWorkers() > 0, 'the parallel path is taken where it can help');
      sameArray(image.pixels, refPixels(refs[c.name]!.astropy), 'vs astropy');
      sameArray(image.pixels, refPixels(refs[c.name]!.funpack), 'vs funpack');
    });
  }

  // Who takes which chunk is decided by the protocol hooks, never by which thread is faster.
  for (const c of CASES.filter((c) => c.name !== 'uint8-incompressible')) {
    test(`${c.name}: a worker that claims first decodes its share, this thread the rest, pixel for pixel`, async () => {
      const { header, data } = readHdu(fz(c.name), 1);
      const thread = new RiceWorker();
      try {
        const { runner, hooks } = claimFirst(thread);
        const image = await decodeCompressedImageAsync(header, data, 1, DEFAULT_FITS_LIMITS, [runner], hooks);
        // The decode waits for the worker only while it holds a chunk: wait for its reply here.
        assert.deepEqual(await runner.outcome, { ok: true, failure: null });
        const states = claimStates(runner.job!);
        assert.ok(states.WORKER_DONE > 0, 'the worker decoded the chunks it claimed');
        assert.ok(states.MAIN + states.MAIN_ONLY > 0, 'this thread decoded the others');
        assert.equal(states.WORKER + states.FREE + states.PENDING, 0, 'every chunk was decoded by someone');
        assert.ok(image.pixels.buffer instanceof SharedArrayBuffer);
        sameArray(image.pixels, refPixels(refs[c.name]!.astropy), 'vs astropy');
        sameArray(image.pixels, refPixels(refs[c.name]!.funpack), 'vs funpack');
      } finally {
        await thread.terminate();
      }
    });
  }

  test('a worker that arrives after this thread took every chunk finds none and is not waited for', { timeout: 120_000 }, async () => {
    const { header, data } = readHdu(fz('int16-rows'), 1);
    const thread = new RiceWorker();
    try {
      const { runner, release } = arriveLate(thread);
      // Resolves while the worker has not even been handed the job.
      const image = await decodeCompressedImageAsync(header, data, 1, DEFAULT_FITS_LIMITS, [runner]);
      sameArray(image.pixels, refPixels(refs['int16-rows']!.astropy), 'vs astropy');
      release();
      assert.deepEqual(await runner.outcome, { ok: true, failure: null });
      const states = claimStates(runner.job!);
      assert.equal(states.WORKER + states.WORKER_DONE, 0, 'the late worker took nothing');
    } finally {
      await thread.terminate();
    }
  });

  test('chunks too small to hold their own compressed bytes are all left to this thread', async () => {
    const { header, data } = readHdu(fz('uint8-incompressible'), 1);
    const thread = new RiceWorker();
    try {
      const worker = watched(thread);
      const outcomes: Promise<RiceRunOutcome>[] = [];
      const runner: RiceJobRunner = { run: (job) => (outcomes.push(worker.run(job)), outcomes.at(-1)!) };
      const image = await decodeCompressedImageAsync(header, data, 1, DEFAULT_FITS_LIMITS, [runner]);
      await Promise.all(outcomes);
      assert.equal(worker.done + worker.undone, 0, 'no chunk could be laid out for the worker');
      sameArray(image.pixels, refPixels(refs['uint8-incompressible']!.astropy), 'vs astropy');
    } finally {
      await thread.terminate();
    }
  });

  test('images under a million pixels are decoded on this thread', async () => {
    const small = join(dir, 'small.fits');
    runPython(`import numpy as np; from astropy.io import fits; fits.PrimaryHDU(np.arange(600 * 500, dtype='>i2').reshape(500, 600)).writeto('${small}'); print('{}')`);
    const r = spawnSync('fpack', ['-r', '-O', `${small}.fz`, small]);
    assert.equal(r.status, 0);
    const { header, data } = readHdu(`${small}.fz`, 1);
    const spy: RiceJobRunner = { run: () => assert.fail('no worker for a small image') };
    const image = await decodeCompressedImageAsync(header, data, 1, DEFAULT_FITS_LIMITS, [spy]);
    assert.ok(!(image.pixels.buffer instanceof SharedArrayBuffer));
    assert.equal(image.pixels[599 + 600 * 20], 599 + 600 * 20);
  });

  for (const how of ['exit', 'crash'] as const) {
    test(`a worker that claims chunks and then fails (${how}) leaves them to this thread: pixels stay exact`, async () => {
      const { header, data } = readHdu(fz('int16-rows'), 1);
      const saboteur = new RiceWorker(undefined, saboteurSource(how));
      try {
        const watcher = watched(saboteur);
        // This thread starts claiming only once the saboteur holds a chunk.
        const { runner, hooks } = claimFirst(watcher);
        const image = await decodeCompressedImageAsync(header, data, 1, DEFAULT_FITS_LIMITS, [runner], hooks);
        assert.equal((await runner.outcome)!.ok, false, 'the saboteur failed');
        assert.ok(watcher.undone > 0, 'the saboteur held chunks when it failed');
        sameArray(image.pixels, refPixels(refs['int16-rows']!.astropy), 'after recovery');
      } finally {
        await saboteur.terminate();
      }
    });
  }

  /** The file with tile `row`'s descriptor cut to half its length. */
  function withShortTile(name: string, row: number): string {
    const bytes = new Uint8Array(readFileSync(fz(name)));
    const { data } = readHdu(fz(name), 1);
    const at = data.byteOffset + 8 * row;
    const view = new DataView(bytes.buffer);
    view.setUint32(at, Math.floor(view.getUint32(at) / 2));
    const path = join(dir, `${name}-short-${row}.fz`);
    writeFileSync(path, bytes);
    return path;
  }

  for (const where of ['first', 'middle', 'last'] as const) {
    test(`a truncated ${where} tile is a CORRUPT_DATA FitsError naming it, as on one thread`, async () => {
      const rows = 1100;
      const row = where === 'first' ? 0 : where === 'middle' ? 600 : rows - 1;
      const path = withShortTile('int16-rows', row);
      const oneThread = (() => {
        try {
          readImage(openFits(new Uint8Array(readFileSync(path))));
        } catch (err) {
          return err;
        }
        return null;
      })();
      assert.ok(oneThread instanceof FitsError && oneThread.code === 'CORRUPT_DATA', 'the one-thread decoder refuses it');
      assert.match(oneThread.message, new RegExp(`^tile ${row + 1}: `));
      const sameError = (err: unknown): boolean => err instanceof FitsError && err.code === 'CORRUPT_DATA' && err.message === oneThread.message;
      // Whoever decodes the tile, the pool's worker or this thread:
      await assert.rejects(loadImage(path), sameError);
      // And with a worker that claims first (it then holds the last chunks, this thread the first).
      const thread = new RiceWorker();
      try {
        const { runner, hooks } = claimFirst(thread);
        const { header, data } = readHdu(path, 1);
        await assert.rejects(decodeCompressedImageAsync(header, data, 1, DEFAULT_FITS_LIMITS, [runner], hooks), sameError);
        await runner.outcome;
      } finally {
        await thread.terminate();
      }
    });
  }
});

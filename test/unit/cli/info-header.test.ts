/**
 * `nightdeck info` and `nightdeck header` on an astropy-written MEF (and its fpack/gzip forms):
 * the JSON matches what astropy says about the file; a cut file gives one TRUNCATED line.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requirePython, requireTool, runPython } from '../../helpers/python.js';
import { makeTempDir } from '../../helpers/tmp.js';

import infoCommand from '../../../electron/cli/commands/info.js';
import headerCommand from '../../../electron/cli/commands/header.js';

/** The real CLI process (used where the error line and exit status are the point). */
const cliProcess = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', ...args], { encoding: 'utf8' });

/** Runs a command in this process (fast), capturing what it prints. */
async function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const [name, ...rest] = args;
  const command = name === 'info' ? infoCommand : headerCommand;
  let stdout = '';
  let stderr = '';
  const status = await command.run(rest, {
    stdout: (t) => (stdout += t.endsWith('\n') ? t : t + '\n'),
    stderr: (t) => (stderr += t.endsWith('\n') ? t : t + '\n'),
  });
  return { status, stdout, stderr };
}

const WRITE = String.raw`
import json, sys
import numpy as np
from astropy.io import fits
path = json.load(sys.stdin)['path']
p = fits.PrimaryHDU()
p.header['OBSERVER'] = 'Edwin Hubble'
p.header['BIGNUM'] = 2**60 + 1
p.header['LONGSTR'] = 'x' * 100
sci = fits.ImageHDU(np.arange(12, dtype=np.uint16).reshape(3, 4), name='SCI')
err = fits.ImageHDU(np.zeros((2, 5), dtype=np.float32), name='ERR')
tab = fits.BinTableHDU.from_columns([fits.Column(name='A', format='J', array=np.arange(3))], name='CAT')
fits.HDUList([p, sci, err, tab]).writeto(path, overwrite=True)
out = []
with fits.open(path) as hl:
    for i, h in enumerate(hl):
        out.append({'index': i, 'name': h.name, 'bitpix': h.header['BITPIX'], 'shape': [h.header['NAXIS%d' % (k + 1)] for k in range(h.header['NAXIS'])],
                    'bzero': h.header.get('BZERO'), 'ncards': len(h.header)})
json.dump(out, sys.stdout)
`;

interface Ref {
  index: number;
  name: string;
  bitpix: number;
  shape: number[];
  bzero: number | null;
  ncards: number;
}

describe('nightdeck info / header', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let path: string;
  let ref: Ref[];
  before(() => {
    requirePython('astropy', 'numpy');
    tmp = makeTempDir();
    path = join(tmp.dir, 'mef.fits');
    ref = runPython<Ref[]>(WRITE, { path });
  });
  after(() => tmp.cleanup());

  test('info --json lists every HDU with astropy’s index, EXTNAME, BITPIX, shape and BZERO', async () => {
    const r = await cli('info', path, '--json');
    assert.equal(r.status, 0, r.stderr);
    const { hdus } = JSON.parse(r.stdout) as { hdus: Record<string, unknown>[] };
    assert.deepEqual(
      hdus.map((h) => [h.index, h.extname ?? 'PRIMARY', h.bitpix, h.shape]),
      ref.map((h) => [h.index, h.name, h.bitpix, h.index === 0 ? [] : h.shape]),
    );
    assert.deepEqual(hdus.map((h) => h.kind), ['image', 'image', 'image', 'table']);
    assert.equal(hdus[1]!.bzero, ref[1]!.bzero);
    assert.deepEqual(Object.keys(hdus[0]!).sort(), ['bitpix', 'bscale', 'bzero', 'compression', 'extname', 'index', 'kind', 'planes', 'shape']);
  });

  test('info without --json prints a table with one row per HDU', async () => {
    const r = await cli('info', path);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 1 + ref.length);
    assert.match(lines[2]!, /^1\s+SCI\s+image\s+16\s+4×3\s+32768/);
  });

  test('info on an fpack-ed copy shows the compressed image’s ZBITPIX, ZNAXISn and ZCMPTYPE; gzip is read through', async () => {
    requireTool('fpack', 'libcfitsio-bin');
    execFileSync('fpack', ['-r', '-O', `${path}.fz`, path]);
    const fz = JSON.parse((await cli('info', `${path}.fz`, '--json')).stdout) as { hdus: Record<string, unknown>[] };
    const sci = fz.hdus.find((h) => h.extname === 'SCI')!;
    assert.deepEqual([sci.kind, sci.bitpix, sci.shape, sci.compression], ['compressed-image', 16, [4, 3], 'RICE_1']);
    execFileSync('gzip', ['-k', '-f', path]);
    const gz = JSON.parse((await cli('info', `${path}.gz`, '--json')).stdout) as { hdus: unknown[] };
    assert.equal(gz.hdus.length, ref.length);
  });

  test('header prints the stored 80-character cards up to END; --json gives parsed cards with big integers as strings', async () => {
    const text = await cli('header', path);
    assert.equal(text.status, 0, text.stderr);
    const lines = text.stdout.replace(/\n$/, '').split('\n');
    assert.ok(lines.every((l) => l.length === 80));
    assert.match(lines.at(-1)!, /^END\s*$/);
    const json = await cli('header', path, '--hdu', '0', '--json');
    const parsed = JSON.parse(json.stdout) as { hdu: number; cards: { key: string; value: unknown; comment: string | null }[] };
    assert.equal(parsed.hdu, 0);
    assert.equal(parsed.cards.length, ref[0]!.ncards);
    assert.equal(parsed.cards.find((c) => c.key === 'BIGNUM')!.value, String(2n ** 60n + 1n));
    assert.equal(parsed.cards.find((c) => c.key === 'LONGSTR')!.value, 'x'.repeat(100));
    const sci = JSON.parse((await cli('header', path, '--hdu', '1', '--json')).stdout) as { cards: { key: string; value: unknown }[] };
    assert.equal(sci.cards.find((c) => c.key === 'EXTNAME')!.value, 'SCI');
  });

  test('a truncated file prints one line TRUNCATED: ... and exits non-zero; a bad --hdu is a usage or BAD_HDU error', async () => {
    const cut = join(tmp.dir, 'cut.fits');
    writeFileSync(cut, readFileSync(path).subarray(0, 2880 * 2 + 10));
    const r = cliProcess('info', cut);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /^TRUNCATED: /);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    await assert.rejects(cli('header', cut), { code: 'TRUNCATED' });
    await assert.rejects(cli('header', path, '--hdu', 'x'), { code: 'USAGE' });
    await assert.rejects(cli('header', path, '--hdu', '9'), { code: 'BAD_HDU' });
  });
});

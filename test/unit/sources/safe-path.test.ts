import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lexicalPathInside, realPathInside } from '../../../electron/host/sources/safe-path.js';
import { makeTempDir } from '../../helpers/tmp.js';

const { dir, cleanup } = makeTempDir('nightdeck-paths-');
after(cleanup);
const root = join(dir, 'night');
mkdirSync(join(root, 'data'), { recursive: true });
writeFileSync(join(root, 'data', 'a.fits'), 'x');
writeFileSync(join(dir, 'secret.fits'), 'x');
symlinkSync(join(dir, 'secret.fits'), join(root, 'data', 'link-out.fits'));
symlinkSync(join(root, 'data', 'a.fits'), join(root, 'link-in.fits'));
const realRoot = realpathSync(root);

describe('paths inside a folder root', () => {
  test('a key under the root resolves to its file', async () => {
    assert.equal(await realPathInside(realRoot, 'data/a.fits'), join(realRoot, 'data', 'a.fits'));
  });

  test("'..' escapes and absolute keys are refused with PATH_OUTSIDE_ROOT", () => {
    for (const key of ['../secret.fits', 'data/../../secret.fits', '/etc/passwd', '..\\secret.fits', 'data/\0x']) {
      assert.throws(() => lexicalPathInside(realRoot, key), { code: 'PATH_OUTSIDE_ROOT' }, key);
    }
  });

  test('a symlink pointing outside the root is refused; one pointing inside is followed', async () => {
    await assert.rejects(realPathInside(realRoot, 'data/link-out.fits'), { code: 'PATH_OUTSIDE_ROOT' });
    assert.equal(await realPathInside(realRoot, 'link-in.fits'), join(realRoot, 'data', 'a.fits'));
  });
});

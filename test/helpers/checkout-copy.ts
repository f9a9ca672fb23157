/**
 * A temporary copy of the checkout for tests of the project's own scripts (`npm start`): the
 * sources are copied, node_modules links every installed package except the ones the test
 * replaces with a real copy it may change (Electron's package, whose download step is stubbed).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, realpathSync, symlinkSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const checkoutRoot = fileURLToPath(new URL('../..', import.meta.url));

const SKIPPED = new Set(['node_modules', '.git', 'dist', 'release', '.electron-native', 'test-artifacts', '.electron-native-rebuild.log']);

export function copyCheckout(dest: string, ownCopies: readonly string[]): void {
  cpSync(checkoutRoot, dest, {
    recursive: true,
    filter: (src) => {
      const rel = relative(checkoutRoot, src);
      return rel === '' || !SKIPPED.has(rel.split(sep)[0]!);
    },
  });
  const modules = realpathSync(join(checkoutRoot, 'node_modules'));
  mkdirSync(join(dest, 'node_modules'));
  for (const name of readdirSync(modules)) {
    const src = join(modules, name);
    if (ownCopies.includes(name)) cpSync(src, join(dest, 'node_modules', name), { recursive: true, dereference: true });
    else symlinkSync(src, join(dest, 'node_modules', name), 'junction');
  }
}

/** npm's own CLI script, to run `npm start` as a user would (npm_execpath when under npm). */
export function npmCliPath(): string | null {
  const candidates = [
    process.env.npm_execpath,
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    join(dirname(process.execPath), 'node_modules', 'npm', 'bin', 'npm-cli.js'),
  ];
  return candidates.find((p): p is string => !!p && basename(p).startsWith('npm-cli') && existsSync(p)) ?? null;
}

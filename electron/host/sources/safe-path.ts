/** Resolving '/'-separated keys inside a folder root, refusing every way out of it. */
import { realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { SourceError } from './errors.js';

function outside(root: string, requested: string): SourceError {
  return new SourceError('PATH_OUTSIDE_ROOT', `path '${requested}' resolves outside the folder root`, { root });
}

function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

/**
 * The absolute path of `key` under `root` (root given as its realpath), checked lexically
 * (no '..' escapes, no absolute keys). Does not touch the disk.
 */
export function lexicalPathInside(realRoot: string, key: string): string {
  if (key.includes('\0')) throw outside(realRoot, key);
  const normalised = key.replace(/\\/g, '/');
  if (normalised.startsWith('/') || /^[a-zA-Z]:/.test(normalised)) throw outside(realRoot, key);
  const candidate = resolve(realRoot, ...normalised.split('/').filter((s) => s !== ''));
  if (!isInside(realRoot, candidate)) throw outside(realRoot, key);
  return candidate;
}

/**
 * The real path of `key` under `realRoot`, following symlinks and refusing any that lead
 * outside. Rejects with the fs error (ENOENT …) when the file does not exist.
 */
export async function realPathInside(realRoot: string, key: string): Promise<string> {
  const candidate = lexicalPathInside(realRoot, key);
  const real = await realpath(candidate);
  if (!isInside(realRoot, real)) throw outside(realRoot, key);
  return real;
}

/** The '/'-separated key of an absolute path under the root. */
export function keyOf(realRoot: string, absolutePath: string): string {
  return relative(realRoot, absolutePath).split(sep).join('/');
}

export { join as joinPath };

/**
 * Opening FITS files given to the desktop app: by the file manager (macOS 'open-file'),
 * on the command line (`nightdeck-desktop x.fits`, or the Linux desktop entry's `%U`
 * file URLs) or to a second instance. The file's folder becomes a folder source (through
 * the contract's getSources/setSources), the frame is awaited in the catalogue, and the
 * caller tells the renderer which frame to open. Pure over injected functions: no Electron.
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FrameSummary, RequestOf, ResponseOf, SourceInfo } from '../host/api.js';
import { isFitsName } from '../host/sources/frame-name.js';

/** What a second instance passes to the first one (requestSingleInstanceLock's additionalData). */
export type LaunchArgs = {
  argv: string[];
  cwd: string;
  /** process.defaultApp: started as `electron <app dir>`, so argv[1] is the app, not a file. */
  defaultApp: boolean;
};

export function isLaunchArgs(value: unknown): value is LaunchArgs {
  const v = value as Partial<LaunchArgs> | null;
  return !!v && Array.isArray(v.argv) && v.argv.every((a) => typeof a === 'string') && typeof v.cwd === 'string' && typeof v.defaultApp === 'boolean';
}

/** One argument as an absolute path: a file:// URL, an absolute path, or relative to cwd; null for switches and junk. */
export function argumentToPath(arg: string, cwd: string): string | null {
  if (arg === '' || arg.startsWith('-')) return null;
  if (/^file:/i.test(arg)) {
    try {
      return fileURLToPath(arg);
    } catch {
      return null;
    }
  }
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(arg)) return null; // another URL scheme
  return isAbsolute(arg) ? resolve(arg) : resolve(cwd, arg);
}

/**
 * The FITS files named on a command line, in order, without duplicates. Skips the
 * executable, the app directory when started as `electron .`, Chromium's switches and
 * anything that is not named like a FITS file.
 */
export function fitsPathsFromArgv({ argv, cwd, defaultApp }: LaunchArgs): string[] {
  const out: string[] = [];
  for (const arg of argv.slice(defaultApp ? 2 : 1)) {
    const path = argumentToPath(arg, cwd);
    if (path && isFitsName(basename(path)) && !out.includes(path)) out.push(path);
  }
  return out;
}

/**
 * Paths wait here until the host is ready (macOS sends 'open-file' before 'ready'), then go
 * to the handler one at a time, so two files never race to change the sources.
 */
export class OpenRequestQueue {
  private waiting: string[] = [];
  private handler: ((path: string) => Promise<void>) | null = null;
  private chain: Promise<void> = Promise.resolve();

  push(...paths: string[]): void {
    if (!this.handler) {
      this.waiting.push(...paths);
      return;
    }
    for (const path of paths) this.enqueue(path);
  }

  /** Starts delivering, beginning with what waited. */
  attach(handler: (path: string) => Promise<void>): void {
    this.handler = handler;
    const waiting = this.waiting;
    this.waiting = [];
    for (const path of waiting) this.enqueue(path);
  }

  /** Resolves when everything handed over so far has been handled. */
  drained(): Promise<void> {
    return this.chain;
  }

  private enqueue(path: string): void {
    const handler = this.handler!;
    this.chain = this.chain.then(() => handler(path)).catch(() => undefined);
  }
}

export class OpenFileError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'NOT_FITS' | 'TIMEOUT' | 'NO_SOURCE',
    message: string,
  ) {
    super(message);
    this.name = 'OpenFileError';
  }
}

/** The operations and events of the host this needs (a Host satisfies it). */
export interface OpenFileHost {
  invoke(name: 'getSources', request: RequestOf<'getSources'>): Promise<ResponseOf<'getSources'>>;
  invoke(name: 'setSources', request: RequestOf<'setSources'>): Promise<ResponseOf<'setSources'>>;
  invoke(name: 'listFrames', request: RequestOf<'listFrames'>): Promise<ResponseOf<'listFrames'>>;
  on(event: 'imageAdded' | 'imageUpdated', listener: (frame: FrameSummary) => void): () => void;
}

export interface OpenFileOptions {
  /** How long to wait for the folder scan to list the file (default 60 s). */
  timeoutMs?: number;
  realpath?: (path: string) => string;
}

interface FolderSourceView {
  id: string;
  root: string;
  recursive: boolean;
}

function folderSources(sources: readonly SourceInfo[]): FolderSourceView[] {
  return sources
    .filter((s) => s.kind === 'folder' && typeof s.config.path === 'string')
    .map((s) => ({ id: s.id, root: s.config.path as string, recursive: s.config.recursive === true }));
}

/** The folder source that lists `file`: its own folder, or a recursive ancestor. */
export function sourceCovering(sources: readonly SourceInfo[], file: string): FolderSourceView | null {
  const dir = dirname(file);
  const all = folderSources(sources);
  return (
    all.find((s) => s.root === dir) ??
    all.find((s) => s.recursive && !relative(s.root, file).startsWith('..') && !isAbsolute(relative(s.root, file))) ??
    null
  );
}

/** The catalogue key of `file` in a folder source rooted at `root` ('/'-separated, relative). */
export function keyInSource(root: string, file: string): string {
  return relative(root, file).split(sep).join('/');
}

/**
 * Makes sure the file's folder is a source (keeping every other source), waits until the
 * frame is listed, and returns it. Errors are OpenFileError or the host's typed errors.
 */
export async function openFitsFile(host: OpenFileHost, path: string, options: OpenFileOptions = {}): Promise<FrameSummary> {
  const realpath = options.realpath ?? realpathSync;
  let file: string;
  try {
    file = realpath(path);
  } catch {
    throw new OpenFileError('NOT_FOUND', `no such file: ${path}`);
  }
  if (!isFitsName(basename(file))) throw new OpenFileError('NOT_FITS', `not a FITS file name: ${basename(file)}`);

  let { sources } = await host.invoke('getSources', {});
  let source = sourceCovering(sources, file);
  if (!source) {
    const folders = folderSources(sources).map((s) => ({ path: s.root, recursive: s.recursive }));
    ({ sources } = await host.invoke('setSources', { folders: [...folders, { path: dirname(file) }] }));
    source = sourceCovering(sources, file);
    if (!source) throw new OpenFileError('NO_SOURCE', `could not add ${dirname(file)} as a folder source`);
  }
  const { id: sourceId, root } = source;
  const key = keyInSource(root, file);

  // Listen before looking, so a frame listed in between is not missed.
  let unsubscribe: Array<() => void> = [];
  const listed = new Promise<FrameSummary>((resolveFrame) => {
    const onFrame = (frame: FrameSummary) => {
      if (frame.source === sourceId && frame.key === key) resolveFrame(frame);
    };
    unsubscribe = [host.on('imageAdded', onFrame), host.on('imageUpdated', onFrame)];
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const { frames } = await host.invoke('listFrames', { source: sourceId, text: basename(file), limit: 10_000 });
    const known = frames.find((f) => f.key === key);
    if (known) return known;
    const timeoutMs = options.timeoutMs ?? 60_000;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new OpenFileError('TIMEOUT', `${basename(file)} was not listed within ${Math.round(timeoutMs / 1000)} s (is it still being written?)`)),
        timeoutMs,
      );
    });
    return await Promise.race([listed, timedOut]);
  } finally {
    clearTimeout(timer);
    for (const off of unsubscribe) off();
  }
}

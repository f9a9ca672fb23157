/**
 * Copies what an `image.load.fits` URL points at into a local file: `file:` URLs of this
 * machine and `http:`/`https:` downloads, nothing else. Sizes are capped (the FITS core's
 * decompressed-container limit: a larger file could not be opened as a frame anyway); the
 * copy goes to a temporary name first, so a failed transfer leaves nothing half-written.
 */
import { copyFile, open, rm, stat } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pipeline } from 'node:stream/promises';
import { Readable, Transform } from 'node:stream';

/** The largest file accepted (3 GiB, as `decompressContainer` allows). */
export const SAMP_MAX_FILE_BYTES = 3 * 1024 ** 3;

export class UrlLoadError extends Error {
  constructor(
    readonly code: 'BAD_URL' | 'URL_UNREADABLE' | 'TOO_LARGE',
    message: string,
  ) {
    super(message);
    this.name = 'UrlLoadError';
  }
}

export interface FetchOptions {
  maxBytes?: number;
  /** Whole-transfer limit for http(s) (default 10 min). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Parses and checks the scheme: file:, http:, https: only. */
export function checkedUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UrlLoadError('BAD_URL', `not a URL: ${raw.slice(0, 200)}`);
  }
  if (url.protocol !== 'file:' && url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UrlLoadError('BAD_URL', `URL scheme ${url.protocol} is not accepted (file:, http: and https: only)`);
  }
  return url;
}

/** A base name for the frame from the URL's path (may be empty). */
export function urlBaseName(url: URL): string {
  const parts = url.pathname.split('/').filter((p) => p !== '');
  const last = parts[parts.length - 1] ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** Copies the URL's bytes to `dest`; returns the number of bytes. */
export async function fetchUrlTo(url: URL, dest: string, opts: FetchOptions = {}): Promise<number> {
  const max = opts.maxBytes ?? SAMP_MAX_FILE_BYTES;
  try {
    if (url.protocol === 'file:') return await copyLocal(url, dest, max);
    return await download(url, dest, max, opts);
  } catch (err) {
    await rm(dest, { force: true });
    throw err;
  }
}

async function copyLocal(url: URL, dest: string, max: number): Promise<number> {
  let path: string;
  try {
    path = fileURLToPath(url);
  } catch {
    throw new UrlLoadError('BAD_URL', `file URL does not name a file on this machine: ${url.href.slice(0, 200)}`);
  }
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new UrlLoadError('URL_UNREADABLE', `${path} is not a regular file`);
    size = st.size;
  } catch (err) {
    if (err instanceof UrlLoadError) throw err;
    throw new UrlLoadError('URL_UNREADABLE', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (size > max) throw new UrlLoadError('TOO_LARGE', `${path} has ${size} bytes, over the limit of ${max}`);
  try {
    // Readable by this user? (copyFile would say so too, with a less clear error.)
    await (await open(path, 'r')).close();
    await copyFile(path, dest);
  } catch (err) {
    throw new UrlLoadError('URL_UNREADABLE', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return size;
}

async function download(url: URL, dest: string, max: number, opts: FetchOptions): Promise<number> {
  const signals = [AbortSignal.timeout(opts.timeoutMs ?? 600_000), ...(opts.signal ? [opts.signal] : [])];
  let res: Response;
  try {
    res = await fetch(url, { redirect: 'follow', signal: AbortSignal.any(signals) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    throw new UrlLoadError('URL_UNREADABLE', `cannot fetch ${url.href.slice(0, 200)}: ${cause ?? (err as Error).message}`);
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel().catch(() => {});
    throw new UrlLoadError('URL_UNREADABLE', `fetching ${url.href.slice(0, 200)} answered HTTP ${res.status}`);
  }
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) {
    await res.body.cancel().catch(() => {});
    throw new UrlLoadError('TOO_LARGE', `${url.href.slice(0, 200)} has ${declared} bytes, over the limit of ${max}`);
  }
  let total = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      total += chunk.length;
      if (total > max) done(new UrlLoadError('TOO_LARGE', `${url.href.slice(0, 200)} is over the limit of ${max} bytes`));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(res.body as never), counter, createWriteStream(dest));
  } catch (err) {
    if (err instanceof UrlLoadError) throw err;
    throw new UrlLoadError('URL_UNREADABLE', `download of ${url.href.slice(0, 200)} failed: ${(err as Error).message}`);
  }
  return total;
}

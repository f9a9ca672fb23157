/**
 * Starts a worker thread from a sibling module, whether the code runs compiled (.js)
 * or from TypeScript sources through tsx (.ts), where a bootstrap registers tsx first.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { outsideAsarPath } from './asar-path.js';

/**
 * The URL of a worker module next to `fromUrl`, with the extension the caller runs as.
 * `workerEntry(import.meta.url, './worker')` → `./worker.ts` under tsx, `./worker.js` compiled.
 */
export function workerEntry(fromUrl: string, relativeWithoutExtension: string): URL {
  const ext = extname(fileURLToPath(fromUrl)) === '.ts' ? '.ts' : '.js';
  return outsideAsar(new URL(relativeWithoutExtension + ext, fromUrl));
}

/** The same URL outside Electron's archive (see asar-path.ts): workers start from app.asar.unpacked. */
export function outsideAsar(url: URL): URL {
  if (url.protocol !== 'file:') return url;
  const path = fileURLToPath(url);
  const unpacked = outsideAsarPath(path);
  return unpacked === path ? url : pathToFileURL(unpacked);
}

export function spawnWorker(entry: URL, options: WorkerOptions = {}): Worker {
  if (entry.pathname.endsWith('.ts')) {
    const bootstrap = new URL('./ts-worker-bootstrap.mjs', import.meta.url);
    return new Worker(bootstrap, {
      ...options,
      argv: [...(options.argv ?? []), `--nightdeck-ts-entry=${entry.href}`],
    });
  }
  return new Worker(entry, options);
}

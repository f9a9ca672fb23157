/**
 * Fixtures for the host tests: FITS frames written by astropy (an independent writer) into a
 * temporary night folder, a host + HTTP server on 127.0.0.1:0 against a temporary data dir,
 * and small HTTP/WebSocket helpers.
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { runPython, requirePython } from '../../helpers/python.js';
import { makeTempDir } from '../../helpers/tmp.js';
import { createHost, type Host, type HostConfig } from '../../../electron/host/host.js';
import { startServer, type RunningServer, type ServerOptions } from '../../../electron/host/server/http-server.js';
import { silentLogger } from '../../../electron/host/logger.js';

export interface FrameSpec {
  /** Path relative to the folder root. */
  rel: string;
  width: number;
  height: number;
  dtype: 'uint16' | 'int16' | 'float32';
  seed: number;
  /** Put NaNs in a float frame. */
  nans?: boolean;
  header?: Record<string, string | number | boolean>;
}

/** Writes frames with astropy (uint16 via BZERO as astropy does it). */
export function writeFramesWithAstropy(root: string, specs: FrameSpec[]): void {
  requirePython('astropy', 'numpy');
  for (const s of specs) mkdirSync(join(root, s.rel, '..'), { recursive: true });
  runPython(
    `
import sys, json, numpy as np
from astropy.io import fits
job = json.load(sys.stdin)
for s in job['specs']:
    rng = np.random.default_rng(s['seed'])
    h, w = s['height'], s['width']
    if s['dtype'] == 'float32':
        a = (rng.normal(1000, 30, (h, w))).astype(np.float32)
        if s.get('nans'):
            a[1, 2] = np.nan; a[h - 1, 0] = np.nan
    elif s['dtype'] == 'int16':
        a = rng.integers(-500, 500, (h, w)).astype(np.int16)
    else:
        a = (rng.poisson(900, (h, w)) + rng.integers(0, 40, (h, w))).astype(np.uint16)
        a[h // 2, w // 3] = 65000
    hdr = fits.Header()
    for k, v in (s.get('header') or {}).items():
        hdr[k] = v
    fits.PrimaryHDU(a, header=hdr).writeto(job['root'] + '/' + s['rel'], overwrite=True)
print(json.dumps(True))
`,
    { root, specs },
  );
}

export interface TestServer {
  host: Host;
  server: RunningServer;
  url: string;
  dataDir: string;
  cleanup(): Promise<void>;
}

export async function startTestServer(
  hostConfig: Partial<HostConfig>,
  serverOpts: ServerOptions = {},
): Promise<TestServer> {
  const tmp = makeTempDir('nightdeck-host-');
  const dataDir = join(tmp.dir, 'data');
  const host = await createHost({
    dataDir,
    mode: 'serve',
    noDemo: true,
    poolSize: 1,
    logger: silentLogger(),
    env: { NIGHTDECK_AUTO_ANALYSE: '0' },
    ...hostConfig,
  });
  const server = await startServer(host, { port: 0, rendererDir: join(tmp.dir, 'no-renderer'), ...serverOpts });
  return {
    host,
    server,
    url: server.url,
    dataDir,
    async cleanup() {
      await server.close();
      await host.close();
      tmp.cleanup();
    },
  };
}

/**
 * Polls until `check` returns a value (not undefined/false), or fails after `ms`. Generous by
 * default: CI machines are busy, and a condition that holds is seen as soon as it does.
 */
export async function waitFor<T>(check: () => Promise<T | undefined | false> | T | undefined | false, ms = 60_000, what = 'condition'): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json, headers: res.headers };
}

/** Calls a contract operation over HTTP and returns the envelope. */
export async function api(url: string, op: string, request: unknown = {}, headers: Record<string, string> = {}) {
  return postJson(`${url}/api/${op}`, request, headers);
}

/** Waits until at least `n` frames are listed with their headers read; returns them. */
export async function waitForFrames(url: string, n: number, ms = 60_000): Promise<{ id: number; name: string; shape: number[] }[]> {
  return waitFor(async () => {
    const r = await api(url, 'listFrames', { limit: 1000 });
    const frames = r.json?.result?.frames as { id: number; name: string; shape: number[] }[] | undefined;
    return frames && frames.length >= n && frames.every((f) => f.shape.length > 0) ? frames : undefined;
  }, ms, `${n} frames listed with their headers`);
}

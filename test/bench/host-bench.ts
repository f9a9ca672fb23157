/**
 * Host benchmark: `/statistics` (the QuickAnalysis route) on a 4096² 16-bit frame over
 * loopback HTTP — cold (decode + statistics) and warm (decoded frame in the pool cache) —
 * next to the Python service's own arithmetic (astropy fits.getdata + numpy/scipy) timed in
 * one Python process; then throughput and p99 latency under 50 concurrent clients.
 * Runnable alone: `npx tsx test/bench/host-bench.ts`.
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { BenchRow } from './bench-types.js';
import { makeTempDir } from '../helpers/tmp.js';
import { runPython } from '../helpers/python.js';
import { generateSyntheticFrame } from '../../native-workers/analysis/synthetic.js';
import { writeFits } from '../../native-workers/fits/index.js';
import { createHost } from '../../electron/host/host.js';
import { startServer } from '../../electron/host/server/http-server.js';
import { silentLogger } from '../../electron/host/logger.js';

const SIZE = 4096;
const COLD_FRAMES = 3;
const WARM_REQUESTS = 20;
const CLIENTS = 50;
const REQUESTS_PER_CLIENT = 4;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

function post(agent: http.Agent, url: string, body: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const PY_REFERENCE = `
import sys, json, time, numpy as np
from astropy.io import fits
from scipy import stats
paths = json.load(sys.stdin)
def st(a):
    return [np.median(a), np.mean(a), stats.mode(a.flatten(), keepdims=False).mode, np.min(a), np.max(a), np.std(a), stats.median_abs_deviation(a.flatten())]
cold = []
for p in paths:
    t = time.perf_counter(); a = fits.getdata(p); st(a); cold.append((time.perf_counter() - t) * 1000)
a = fits.getdata(paths[0])
warm = []
for _ in range(3):
    t = time.perf_counter(); st(a); warm.append((time.perf_counter() - t) * 1000)
print(json.dumps({'cold': sorted(cold)[len(cold) // 2], 'warm': sorted(warm)[1]}))
`;

export async function benchHost(): Promise<BenchRow[]> {
  const tmp = makeTempDir('nightdeck-host-bench-');
  const night = join(tmp.dir, 'night');
  const paths: string[] = [];
  const { mkdirSync } = await import('node:fs');
  mkdirSync(join(night, 'data'), { recursive: true });
  for (let i = 0; i < COLD_FRAMES; i++) {
    const f = generateSyntheticFrame({ width: SIZE, height: SIZE, seed: 100 + i, stars: 300, bitpix: 16 });
    const path = join(night, 'data', `bench-${i}.fits`);
    writeFileSync(path, writeFits([{ image: { pixels: f.pixels, shape: [f.width, f.height] } }]));
    paths.push(path);
  }
  const host = await createHost({
    dataDir: join(tmp.dir, 'data'),
    mode: 'serve',
    noDemo: true,
    logger: silentLogger(),
    env: { NIGHTDECK_AUTO_ANALYSE: '0' },
    sources: { folders: [{ path: night, recursive: true }] },
  });
  const server = await startServer(host, { port: 0, rendererDir: join(tmp.dir, 'none') });
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  try {
    // Wait until the frames are listed (the compat route resolves through the folder source).
    const url = `${server.url}/statistics`;
    const body = (i: number) => JSON.stringify({ full_filename: `bench-${i}.fits`, s3_directory: 'data' });
    for (let tries = 0; ; tries++) {
      const r = await post(agent, `${server.url}/api/listFrames`, '{}');
      const listed = host.services.catalogue.listFrames({}).total;
      if (r.status === 200 && listed >= COLD_FRAMES) break;
      if (tries > 200) throw new Error('frames were not listed');
      await new Promise((r2) => setTimeout(r2, 100));
    }
    const cold: number[] = [];
    for (let i = 0; i < COLD_FRAMES; i++) {
      const r = await post(agent, url, body(i));
      if (r.status !== 200) throw new Error(`/statistics answered ${r.status}`);
      cold.push(r.ms);
    }
    const warm: number[] = [];
    for (let i = 0; i < WARM_REQUESTS; i++) warm.push((await post(agent, url, body(0))).ms);
    // Decoded frame, but a region never asked before: the statistics are computed afresh.
    const sub = (i: number) => JSON.stringify({ full_filename: 'bench-0.fits', s3_directory: 'data', subregion: { x0: 0, y0: 0, x1: 1 - i / 1000, y1: 1 } });
    const fresh: number[] = [];
    for (let i = 1; i <= 5; i++) fresh.push((await post(agent, url, sub(i))).ms);
    const freshStarted = performance.now();
    const freshLatencies: number[] = [];
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        const r = await post(agent, url, sub(100 + c));
        if (r.status !== 200) throw new Error(`/statistics answered ${r.status} under load`);
        freshLatencies.push(r.ms);
      }),
    );
    const freshTotalMs = performance.now() - freshStarted;

    const started = performance.now();
    const latencies: number[] = [];
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let i = 0; i < REQUESTS_PER_CLIENT; i++) {
          const r = await post(agent, url, body(i % COLD_FRAMES));
          if (r.status !== 200) throw new Error(`/statistics answered ${r.status} under load`);
          latencies.push(r.ms);
        }
      }),
    );
    const totalMs = performance.now() - started;
    const total = CLIENTS * REQUESTS_PER_CLIENT;
    const py = runPython<{ cold: number; warm: number }>(PY_REFERENCE, paths, 600_000);
    const coldMs = median(cold);
    const warmMs = median(warm);
    return [
      { name: 'host /statistics 4096² u16 cold (decode+stats, HTTP)', ours_ms: coldMs, reference: 'astropy getdata + numpy/scipy stats', reference_ms: py.cold, ratio: coldMs / py.cold },
      { name: 'host /statistics 4096² u16 warm, repeated request (memoized, HTTP)', ours_ms: warmMs, reference: 'numpy/scipy stats on loaded array', reference_ms: py.warm, ratio: warmMs / py.warm },
      { name: 'host /statistics 4096² u16 warm, new subregion (computed, HTTP)', ours_ms: median(fresh), reference: 'numpy/scipy stats on loaded array', reference_ms: py.warm, ratio: median(fresh) / py.warm },
      {
        name: `host /statistics ${CLIENTS} clients, ${CLIENTS} distinct subregions (${((CLIENTS / freshTotalMs) * 1000).toFixed(1)} req/s)`,
        ours_ms: freshTotalMs,
        reference: `${CLIENTS}× numpy/scipy stats (sequential)`,
        reference_ms: py.warm * CLIENTS,
        ratio: freshTotalMs / (py.warm * CLIENTS),
      },
      { name: `host /statistics ${CLIENTS} clients, distinct subregions: p99`, ours_ms: percentile(freshLatencies, 99), reference: 'numpy/scipy stats, one request', reference_ms: py.warm, ratio: percentile(freshLatencies, 99) / py.warm },
      {
        name: `host /statistics ${CLIENTS} clients, same frames: ${total} requests (${((total / totalMs) * 1000).toFixed(0)} req/s)`,
        ours_ms: totalMs,
        reference: `${total}× numpy/scipy stats (sequential)`,
        reference_ms: py.warm * total,
        ratio: totalMs / (py.warm * total),
      },
      { name: `host /statistics ${CLIENTS} clients, same frames: p99`, ours_ms: percentile(latencies, 99), reference: 'numpy/scipy stats, one request', reference_ms: py.warm, ratio: percentile(latencies, 99) / py.warm },
    ];
  } finally {
    agent.destroy();
    await server.close();
    await host.close();
    tmp.cleanup();
  }
}

const isEntry = process.argv[1] && /host-bench\.(ts|js)$/.test(process.argv[1]);
if (isEntry) {
  const { formatTable } = await import('./run.js');
  console.log(formatTable(await benchHost()));
}

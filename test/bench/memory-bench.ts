/**
 * Memory of a live night: `nightdeck serve --demo` (the compiled CLI, as `npm run serve` runs it)
 * with a new demo frame every second and one client that opens each new frame as the console
 * does (openFrame, preview, statistics, histogram, profile). The row is the RSS at the end of
 * every process `nightdeck serve` runs (the launcher and the host); the goal is ≤ 600 MB after 10 minutes. Not a timed test: it measures, it does not assert.
 *
 *   NIGHTDECK_BENCH_LIVE_MINUTES=10 (default; e.g. 1 for a quick look)
 *   Runnable alone: `npx tsx test/bench/memory-bench.ts`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type { BenchRow } from './bench-types.js';
import { makeTempDir } from '../helpers/tmp.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const GOAL_MB = 600;
const SAMPLE_MS = 5000;

export function liveMinutes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.NIGHTDECK_BENCH_LIVE_MINUTES;
  if (raw === undefined || raw === '') return 10;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`NIGHTDECK_BENCH_LIVE_MINUTES must be a positive number of minutes, got '${raw}'`);
  return n;
}

/** Resident set size of a process in MB (Linux /proc). */
function processRssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) / 1024;
}

function childPids(pid: number): number[] {
  const out: number[] = [];
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
    if (text) out.push(...text.split(/\s+/).map(Number));
  }
  return out;
}

/** RSS of `nightdeck serve` as a whole: the launcher and the host it starts (see bin/nightdeck.mjs). */
function rssMb(pid: number): { total: number; host: number } {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) pids.push(...childPids(pids[i]!));
  const each = pids.map(processRssMb);
  return { total: each.reduce((a, b) => a + b, 0), host: Math.max(...each) };
}

async function call(url: string, op: string, request: unknown): Promise<unknown> {
  const res = await fetch(`${url}/api/${op}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
  const body = (await res.json()) as { ok: boolean; result?: unknown; error?: { code: string; message: string } };
  if (!body.ok) throw new Error(`${op}: ${body.error?.code}: ${body.error?.message}`);
  return body.result;
}

/** What the console asks for when the observer opens a frame. */
async function openLikeTheConsole(url: string, id: number): Promise<void> {
  const opened = (await call(url, 'openFrame', { id })) as { width: number; height: number };
  await call(url, 'getPreview', { id, maxWidth: 1280, maxHeight: 800 });
  await call(url, 'getStatistics', { id });
  await call(url, 'getHistogram', { id, mode: 'clipped' });
  await call(url, 'getProfile', { id, from: { x: 0, y: 0 }, to: { x: opened.width - 1, y: opened.height - 1 } });
}

function startServe(home: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [join(root, 'bin/nightdeck.mjs'), 'serve', '--demo', '--port', '0'], {
    cwd: root,
    env: { ...process.env, NIGHTDECK_HOME: home, NIGHTDECK_DEMO_INTERVAL_S: '1', NIGHTDECK_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out = (out + String(d)).slice(-20_000)));
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = /NightDeck serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ child, url: m[1]!, output: () => out });
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before printing its URL:\n${out}`)));
  });
}

export async function benchMemory(): Promise<BenchRow[]> {
  const minutes = liveMinutes();
  const tmp = makeTempDir('nightdeck-memory-bench-');
  const { child, url, output } = await startServe(join(tmp.dir, 'home'));
  const pid = child.pid!;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ws = new WebSocket(`${url.replace('http', 'ws')}/api/events`);
  const queue: number[] = [];
  let opened = 0;
  let failures = 0;
  let lastError = '';
  let wake: (() => void) | null = null;
  ws.on('message', (m) => {
    const { event, payload } = JSON.parse(String(m)) as { event: string; payload: { id: number } };
    if (event !== 'imageAdded') return;
    queue.push(payload.id);
    wake?.();
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const startRss = rssMb(pid).total;
  let peak = startRss;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid).total)), SAMPLE_MS);
  const endAt = Date.now() + minutes * 60_000;
  const stopTimer = setTimeout(() => wake?.(), minutes * 60_000);
  try {
    // One client, one frame at a time: the newest when it falls behind, as an observer following the night.
    while (Date.now() < endAt) {
      if (queue.length === 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        continue;
      }
      const id = queue.splice(0).pop()!;
      try {
        await openLikeTheConsole(url, id);
        opened++;
      } catch (err) {
        failures++; // a frame the demo deleted meanwhile: NOT_FOUND is expected now and then
        lastError = (err as Error).message;
      }
    }
    const end = rssMb(pid);
    const endRss = end.total;
    peak = Math.max(peak, endRss);
    if (opened === 0) throw new Error(`no frame could be opened (${lastError})\n${output().slice(-2000)}`);
    return [
      {
        name: `host RSS after ${minutes} min of serve --demo at 1 frame/s, every frame opened (${opened} opened, ${failures} gone; start ${startRss.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, host process ${end.host.toFixed(0)} MB)`,
        ours_ms: endRss,
        reference: 'goal (MB)',
        reference_ms: GOAL_MB,
        ratio: endRss / GOAL_MB,
        goal: `≤ ${GOAL_MB} MB`,
      },
    ];
  } finally {
    clearInterval(sampler);
    clearTimeout(stopTimer);
    ws.close();
    child.kill('SIGTERM');
    await exited;
    tmp.cleanup();
  }
}

const isEntry = process.argv[1] && /memory-bench\.(ts|js)$/.test(process.argv[1]);
if (isEntry) {
  const { formatTable } = await import('./run.js');
  console.log(formatTable(await benchMemory()));
}

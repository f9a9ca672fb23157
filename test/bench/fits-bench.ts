/**
 * FITS decode benchmark: a 4096×4096 int16 frame (sky + noise) as .fits, .fits.gz, .fits.bz2
 * and .fits.fz (fpack -r), and a float32 frame; our `loadImage` (file read + container +
 * decode, median of 3) next to astropy `fits.getdata` (memmap=False, so the data is really read;
 * timed inside one Python process), `gzip -dc`, `bzip2 -dc` and `funpack -S`, all in this run.
 * Peak memory: a child process's peak RSS increase while loading, against the decoded image size.
 * Run alone: `npx tsx test/bench/fits-bench.ts` prints the table.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './bench-types.js';
import { row } from './timing.js';
import { loadImage } from '../../native-workers/fits/file.js';
import { writeFits } from '../../native-workers/fits/writer.js';
import { runPython } from '../helpers/python.js';
import { makeTempDir } from '../helpers/tmp.js';

const SIDE = 4096;
const REPEAT = 3;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Sky 1000 ADU, Gaussian read + shot noise, a gradient: compresses like a real frame. */
function skyFrame(): { i16: Int16Array; f32: Float32Array } {
  let seed = 12345;
  const uniform = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return (seed + 0.5) / 4294967296;
  };
  const n = SIDE * SIDE;
  const i16 = new Int16Array(n);
  const f32 = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(uniform()));
    const t = 2 * Math.PI * uniform();
    const sky = 1000 + ((i % SIDE) / SIDE) * 200;
    i16[i] = Math.round(sky + 30 * r * Math.cos(t));
    i16[i + 1] = Math.round(sky + 30 * r * Math.sin(t));
    f32[i] = sky + 30 * r * Math.cos(t);
    f32[i + 1] = sky + 30 * r * Math.sin(t);
  }
  return { i16, f32 };
}

async function oursMs(path: string): Promise<number> {
  const times: number[] = [];
  for (let k = 0; k < REPEAT; k++) {
    const t0 = performance.now();
    const img = await loadImage(path);
    times.push(performance.now() - t0);
    if (img.pixels.length !== SIDE * SIDE) throw new Error(`decoded ${img.pixels.length} pixels from ${path}`);
  }
  return median(times);
}

function toolMs(cmd: string, args: string[]): number {
  const times: number[] = [];
  for (let k = 0; k < REPEAT; k++) {
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  }
  return median(times);
}

const ASTROPY_TIMING = String.raw`
import json, sys, time
import numpy as np
from astropy.io import fits
inp = json.load(sys.stdin)
out = {}
for key, path in inp['files'].items():
    times = []
    for _ in range(inp['repeat']):
        t0 = time.perf_counter()
        data = fits.getdata(path, memmap=False)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    out[key] = times[len(times) // 2]
json.dump(out, sys.stdout)
`;

/**
 * Runs in a fresh process. Peak RSS comes from /proc's VmHWM (per address space, so it starts
 * fresh at exec; getrusage's maxRSS would inherit the parent's peak across fork + exec).
 */
const MEMORY_PROBE = String.raw`
import { readFileSync } from 'node:fs';
import { loadImage } from ${JSON.stringify(new URL('../../native-workers/fits/file.ts', import.meta.url).href)};
const status = (field) => Number(new RegExp(field + ':\\s+(\\d+) kB').exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
const before = status('VmRSS');
const img = await loadImage(process.argv[2]);
process.stdout.write(JSON.stringify({ increase: status('VmHWM') - before, decoded: img.pixels.byteLength }));
`;

/** Peak RSS increase of a fresh process that loads `path`, in bytes, and the decoded size. */
function peakMemory(path: string, dir: string): { increase: number; decoded: number } {
  const probe = join(dir, 'memory-probe.mjs');
  writeFileSync(probe, MEMORY_PROBE);
  const r = spawnSync(process.execPath, ['--import', 'tsx', probe, path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`memory probe failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { increase: number; decoded: number };
}


export async function benchFits(): Promise<BenchRow[]> {
  const tmp = makeTempDir('nightdeck-fits-bench-');
  try {
    const { i16, f32 } = skyFrame();
    const plain = join(tmp.dir, 'frame.fits');
    const float = join(tmp.dir, 'frame-f32.fits');
    writeFileSync(plain, writeFits([{ image: { pixels: i16, shape: [SIDE, SIDE] } }]));
    writeFileSync(float, writeFits([{ image: { pixels: f32, shape: [SIDE, SIDE] } }]));
    writeFileSync(`${plain}.gz`, execFileSync('gzip', ['-c', plain], { maxBuffer: 1 << 30 }));
    writeFileSync(`${plain}.bz2`, execFileSync('bzip2', ['-c', plain], { maxBuffer: 1 << 30 }));
    execFileSync('fpack', ['-r', '-O', `${plain}.fz`, plain]);

    const files = { fits: plain, gz: `${plain}.gz`, bz2: `${plain}.bz2`, fz: `${plain}.fz`, f32: float };
    const astropy = runPython<Record<string, number>>(ASTROPY_TIMING, { files, repeat: REPEAT }, 600_000);
    const ours: Record<string, number> = {};
    for (const [key, path] of Object.entries(files)) ours[key] = await oursMs(path);

    const label = `${SIDE}² int16`;
    const rows: BenchRow[] = [
      row(`${label} .fits`, ours.fits!, 'astropy fits.getdata', astropy.fits!, '≤ 0.2×'),
      row(`${label} .fits.gz`, ours.gz!, 'gzip -dc', toolMs('gzip', ['-dc', files.gz]), '≤ 1.0×'),
      row(`${label} .fits.bz2`, ours.bz2!, 'bzip2 -dc', toolMs('bzip2', ['-dc', files.bz2]), '≤ 0.7×'),
      row(`${label} .fits.fz (Rice)`, ours.fz!, 'funpack -S', toolMs('funpack', ['-S', files.fz]), '≤ 1.0×'),
      row(`${SIDE}² float32 .fits`, ours.f32!, 'astropy fits.getdata', astropy.f32!),
      row(`${label} .fits.gz`, ours.gz!, 'astropy fits.getdata', astropy.gz!),
      row(`${label} .fits.bz2`, ours.bz2!, 'astropy fits.getdata', astropy.bz2!),
      row(`${label} .fits.fz (Rice)`, ours.fz!, 'astropy fits.getdata', astropy.fz!),
    ];
    // Peak memory (MB in the ms columns): RSS increase while loading vs the decoded image size.
    for (const key of ['fits', 'gz', 'bz2', 'fz'] as const) {
      const m = peakMemory(files[key], tmp.dir);
      rows.push(row(`${label} .${key} peak RSS increase (MB)`, m.increase / 2 ** 20, 'decoded image (MB)', m.decoded / 2 ** 20, '≤ 2×'));
    }
    return rows;
  } finally {
    tmp.cleanup();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { formatTable } = await import('./run.js');
  console.log(formatTable(await benchFits()));
}

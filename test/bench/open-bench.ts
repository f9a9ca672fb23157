/**
 * "Open → first pixels", cold, in Debian's Chromium (--disable-gpu), for a 4096² 16-bit `.fits`,
 * its Rice `.fits.fz`, and a 9576×6388 (QHY600-sized) `.fits.fz`, beside JS9 3.9.0 in the same
 * browser and run.
 *  - NightDeck: `nightdeck serve` with NIGHTDECK_AUTO_ANALYSE=false (so nothing decodes a frame
 *    before it is opened) on a folder holding three copies of each file; every open is of a copy
 *    not opened before, so each one decodes from disk (the OS file cache is warm, as it is for
 *    JS9 reading the same bytes from 127.0.0.1). Timed from the double-click on the row until the
 *    viewer's `nightdeck:first-pixels` mark (the canvas drew the frame).
 *  - JS9: `npm pack js9@3.9.0` into a temporary folder (never a project dependency), its files and
 *    the same FITS files served on 127.0.0.1; timed from `JS9.Load(url)` until its `onload`.
 * Best of three per file, as the issue measured. If JS9 cannot be fetched or run, the rows give
 * the absolute goals instead (≤ 400 ms for 4096², ≤ 1 s for the big frame).
 */
import { copyFileSync, createReadStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import type { BenchRow } from './bench-types.js';
import { makeTempDir } from '../helpers/tmp.js';
import { writeFrame } from '../e2e/helpers/fits-fixture.js';
import { startServe } from '../e2e/helpers/serve.js';
import { launchChromium } from '../e2e/helpers/browser.js';

declare const document: { querySelectorAll(selector: string): { length: number } };

const NIGHT = '20240102';
const COPIES = 3;

interface Kind {
  label: string;
  source: string;
  ext: '.fits' | '.fits.fz';
  goalMs: number;
}

function frameName(kind: number, copy: number, ext: string): string {
  return `tst-cam-${NIGHT}-${String(kind * 10 + copy + 1).padStart(8, '0')}-EX00${ext}`;
}

function best(v: number[]): number {
  return Math.min(...v);
}

/** Double-clicks a row; ms until the viewer's first picture (maybe the quick look) and until the display-resolution one. */
async function openAndTime(page: Page, name: string): Promise<{ first: number; full: number }> {
  return page.evaluate(async (frame) => {
    const g = globalThis as unknown as {
      document: { querySelector(s: string): { dispatchEvent(e: unknown): void } | null };
      MouseEvent: new (type: string, init: object) => unknown;
    };
    const row = g.document.querySelector(`[data-testid="frame-row"][data-frame-name="${frame}"]`);
    if (!row) throw new Error(`no row ${frame}`);
    const t0 = performance.now();
    row.dispatchEvent(new g.MouseEvent('dblclick', { bubbles: true }));
    for (;;) {
      const first = performance.getEntriesByName('nightdeck:first-pixels').find((e) => e.startTime >= t0);
      const full = performance.getEntriesByName('nightdeck:full-pixels').find((e) => e.startTime >= t0);
      if (first && full) return { first: first.startTime - t0, full: full.startTime - t0 };
      if (performance.now() - t0 > 60_000) throw new Error('no full pixels within 60 s');
      await new Promise((r) => setTimeout(r, 1));
    }
  }, name);
}

/** A static server for JS9's files and the FITS files (127.0.0.1 only). */
function serveStatic(roots: Record<string, string>): Promise<{ url: string; close(): Promise<void> }> {
  const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.wasm': 'application/wasm', '.json': 'application/json' };
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const [, top, ...rest] = path.split('/');
    const root = roots[top ?? ''];
    const file = root ? normalize(join(root, ...rest)) : '';
    if (!root || !file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'content-length': statSync(file).size, 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}

const JS9_PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/js9/js9support.css"><link rel="stylesheet" href="/js9/js9.css">
<script>var JS9Prefs = { globalOpts: { helperType: "none", loadProxy: false }, imageOpts: { colormap: "grey", scale: "linear" } };</script>
<script src="/js9/js9support.min.js"></script><script src="/js9/js9.min.js"></script>
</head><body><div class="JS9" id="JS9" data-width="1024" data-height="768"></div></body></html>`;

/** JS9 3.9.0 unpacked from the npm registry into `dir`, or the reason it could not be. */
function fetchJs9(dir: string): string | null {
  try {
    execFileSync('npm', ['pack', 'js9@3.9.0', '--pack-destination', dir, '--silent'], { stdio: 'pipe', timeout: 180_000 });
    execFileSync('tar', ['xzf', join(dir, 'js9-3.9.0.tgz'), '-C', dir], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return `npm pack js9@3.9.0 failed: ${(err as Error).message.split('\n')[0]}`;
  }
}

// Plain JavaScript (a string): tsx would wrap a typed function's inner closures in a helper the page lacks.
const JS9_LOAD = `(u) => new Promise((resolve, reject) => {
  if (JS9.GetImage()) JS9.CloseImage({ clear: true });
  const t0 = performance.now();
  const timer = setTimeout(() => reject(new Error('JS9 did not load ' + u + ' within 60 s')), 60000);
  JS9.Load(u, { onload: () => { clearTimeout(timer); resolve(performance.now() - t0); } });
})`;

async function js9LoadTime(page: Page, url: string): Promise<number> {
  return page.evaluate(`(${JS9_LOAD})(${JSON.stringify(url)})`) as Promise<number>;
}

/**
 * Waits until the page has had no request in flight for `quietMs`: the last frame's statistics,
 * histogram and quality are done, as when an observer looks at a frame before opening the next.
 */
function quietWaiter(page: Page): (quietMs?: number) => Promise<void> {
  let inFlight = 0;
  let lastChange = Date.now();
  page.on('request', () => {
    inFlight++;
    lastChange = Date.now();
  });
  const done = (): void => {
    inFlight = Math.max(0, inFlight - 1);
    lastChange = Date.now();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return async (quietMs = 300) => {
    const deadline = Date.now() + 60_000;
    while (inFlight > 0 || Date.now() - lastChange < quietMs) {
      if (Date.now() > deadline) throw new Error('the page never went quiet');
      await new Promise((r) => setTimeout(r, 20));
    }
  };
}

export async function benchOpen(): Promise<BenchRow[]> {
  const tmp = makeTempDir('nightdeck-openbench-');
  const folder = join(tmp.dir, 'night');
  const files = join(tmp.dir, 'files');
  const home = join(tmp.dir, 'home');
  for (const d of [folder, files, home]) mkdirSync(d);
  const kinds: Kind[] = [
    { label: '4096² 16-bit .fits', source: join(files, 'f4096.fits'), ext: '.fits', goalMs: 400 },
    { label: '4096² 16-bit .fits.fz (Rice)', source: join(files, 'f4096.fits.fz'), ext: '.fits.fz', goalMs: 400 },
    { label: '9576×6388 16-bit .fits.fz (Rice)', source: join(files, 'f9576.fits.fz'), ext: '.fits.fz', goalMs: 1000 },
  ];
  writeFrame(kinds[0]!.source, { width: 4096, height: 4096, seed: 1, dateObs: '2024-01-02T03:01:00', stars: 400 });
  execFileSync('/usr/bin/fpack', ['-O', kinds[1]!.source, kinds[0]!.source]);
  const big = join(files, 'f9576.fits');
  writeFrame(big, { width: 9576, height: 6388, seed: 2, dateObs: '2024-01-02T03:02:00', stars: 900 });
  execFileSync('/usr/bin/fpack', ['-O', kinds[2]!.source, big]);
  rmSync(big);
  kinds.forEach((k, i) => {
    for (let c = 0; c < COPIES; c++) copyFileSync(k.source, join(folder, frameName(i, c, k.ext)));
  });

  const js9Dir = join(tmp.dir, 'js9');
  mkdirSync(js9Dir);
  let js9Problem = fetchJs9(js9Dir);
  const serve = await startServe(['--folder', folder], home, 60_000, { NIGHTDECK_AUTO_ANALYSE: 'false' });
  const statics = await serveStatic({ js9: join(js9Dir, 'package'), files, night: folder });
  const browser = await launchChromium();
  try {
    const ours: number[][] = kinds.map(() => []);
    const oursFull: number[][] = kinds.map(() => []);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const quiet = quietWaiter(page);
    await page.goto(serve.url);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="frame-row"]').length === n, kinds.length * COPIES, { timeout: 120_000 });
    for (let c = 0; c < COPIES; c++) {
      for (let i = 0; i < kinds.length; i++) {
        await quiet();
        const t = await openAndTime(page, frameName(i, c, kinds[i]!.ext));
        ours[i]!.push(t.first);
        oursFull[i]!.push(t.full);
      }
    }
    console.log('open → first pixels, each open (ms):', kinds.map((k, i) => `${k.label}: ${ours[i]!.map((v) => v.toFixed(0)).join(', ')}`).join('; '));
    console.log('open → display-resolution pixels, each open (ms):', kinds.map((k, i) => `${k.label}: ${oursFull[i]!.map((v) => v.toFixed(0)).join(', ')}`).join('; '));

    const theirs: number[][] = kinds.map(() => []);
    if (!js9Problem) {
      try {
        const js9 = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        await js9.route(`${statics.url}/bench.html`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: JS9_PAGE }));
        await js9.goto(`${statics.url}/bench.html`);
        await js9.waitForFunction(() => {
          const J = (globalThis as unknown as { JS9?: { inited?: boolean; fits?: { ready?: boolean } } }).JS9;
          return !!J?.inited && !!J.fits?.ready;
        }, null, { timeout: 60_000 });
        for (let c = 0; c < COPIES; c++) {
          for (let i = 0; i < kinds.length; i++) theirs[i]!.push(await js9LoadTime(js9, `${statics.url}/night/${frameName(i, c, kinds[i]!.ext)}`));
        }
        console.log('JS9.Load → onload, each load (ms):', kinds.map((k, i) => `${k.label}: ${theirs[i]!.map((v) => v.toFixed(0)).join(', ')}`).join('; '));
      } catch (err) {
        js9Problem = `JS9 did not run headless: ${(err as Error).message.split('\n')[0]}`;
      }
    }
    if (js9Problem) console.log(`JS9 reference left out: ${js9Problem}`);
    const rows: BenchRow[] = [];
    kinds.forEach((k, i) => {
      const js9 = js9Problem || theirs[i]!.length === 0 ? null : best(theirs[i]!);
      const add = (what: string, mine: number): void => {
        const name = `ui: open → ${what}, cold, ${k.label} (best of ${COPIES})`;
        if (js9 === null) rows.push({ name, ours_ms: mine, reference: 'goal', reference_ms: k.goalMs, ratio: mine / k.goalMs, goal: `≤ ${k.goalMs} ms` });
        // 4096² frames: the goal is a ratio to JS9; the big frame's is an absolute 1 s.
        else rows.push({ name, ours_ms: mine, reference: 'JS9 3.9.0 Load → onload', reference_ms: js9, ratio: mine / js9, goal: k.goalMs < 1000 ? '≤ 0.25×' : `≤ ${k.goalMs} ms` });
      };
      add('first pixels (quick look)', best(ours[i]!));
      add('display-resolution pixels', best(oursFull[i]!));
    });
    return rows;
  } finally {
    await browser.close();
    await statics.close();
    await serve.stop();
    tmp.cleanup();
  }
}

if (process.argv[1] && /open-bench\.ts$/.test(process.argv[1])) {
  benchOpen().then(
    (rows) => console.table(rows),
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}

/**
 * A timeline of one cold open in Chromium against `nightdeck serve`: every /api request the
 * double-click caused (start, first byte, end, bytes) and the viewer's performance marks.
 * Cold = a file the host has not decoded yet (each open uses a fresh copy of the frame).
 * Usage: npx tsx test/bench/open-profile.ts
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { makeTempDir } from '../helpers/tmp.js';
import { writeFrame } from '../e2e/helpers/fits-fixture.js';
import { startServe } from '../e2e/helpers/serve.js';
import { launchChromium } from '../e2e/helpers/browser.js';

declare const document: { querySelectorAll(selector: string): { length: number } };

const NIGHT = '20240102';
const name = (i: number, ext: string): string => `tst-cam-${NIGHT}-${String(i).padStart(8, '0')}-EX00${ext}`;

async function main(): Promise<void> {
  const tmp = makeTempDir('nightdeck-openprof-');
  const folder = join(tmp.dir, 'night');
  const home = join(tmp.dir, 'home');
  mkdirSync(folder);
  mkdirSync(home);
  const src = join(tmp.dir, 'src.fits');
  writeFrame(src, { width: 4096, height: 4096, seed: 1, dateObs: '2024-01-02T03:01:00', stars: 400 });
  execFileSync('/usr/bin/fpack', ['-O', join(tmp.dir, 'src.fits.fz'), src]);
  const files = [name(1, '.fits'), name(2, '.fits.fz'), name(3, '.fits'), name(4, '.fits.fz')];
  const spares = [name(11, '.fits'), name(12, '.fits.fz')];
  for (const f of [...files, ...spares]) copyFileSync(f.endsWith('.fz') ? join(tmp.dir, 'src.fits.fz') : src, join(folder, f));
  const serve = await startServe(['--folder', folder], home, 60_000, { NIGHTDECK_AUTO_ANALYSE: 'false' });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(serve.url);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="frame-row"]').length === n, files.length + spares.length, { timeout: 60_000 });
    // Host-side breakdown, straight over HTTP on frames nobody opened yet.
    const listed = (await (await fetch(`${serve.url}/api/listFrames`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).json()) as { result: { frames: Array<{ id: number; name: string }> } };
    for (const spare of spares) {
      const id = listed.result.frames.find((f) => f.name === spare)!.id;
      const timeCall = async (op: string, body: object): Promise<string> => {
        const t0 = performance.now();
        const r = await fetch(`${serve.url}/api/${op}`, { method: 'POST', body: JSON.stringify({ id, ...body }), headers: { 'content-type': 'application/json' } });
        const bytes = (await r.arrayBuffer()).byteLength;
        return `${op}${'encoding' in body ? `(${String((body as { encoding: string }).encoding)})` : ''} ${(performance.now() - t0).toFixed(0)} ms ${(bytes / 1024).toFixed(0)} kB`;
      };
      console.log(`\n${spare} over HTTP, one call after another:`);
      console.log('  cold ' + (await timeCall('openFrame', {})));
      console.log('  warm ' + (await timeCall('getPreview', { maxWidth: 1024, maxHeight: 1024 })));
      console.log('  warm ' + (await timeCall('getPreview', { maxWidth: 1024, maxHeight: 1024, encoding: 'binary' })));
      console.log('  warm ' + (await timeCall('getStretchLimits', { method: 'zscale' })));
      console.log('  warm ' + (await timeCall('getHeader', {})));
    }
    for (const f of files) {
      const t = await page.evaluate(async (frameName) => {
        const g = globalThis as unknown as {
          document: { querySelector(s: string): { dispatchEvent(e: unknown): void } | null };
          MouseEvent: new (type: string, init: object) => unknown;
        };
        performance.clearResourceTimings();
        const row = g.document.querySelector(`[data-testid="frame-row"][data-frame-name="${frameName}"]`)!;
        const t0 = performance.now();
        row.dispatchEvent(new g.MouseEvent('dblclick', { bubbles: true }));
        for (;;) {
          const hit = performance.getEntriesByName('nightdeck:first-pixels').find((e) => e.startTime >= t0);
          if (hit) break;
          await new Promise((r) => setTimeout(r, 2));
        }
        await new Promise((r) => setTimeout(r, 1500)); // let the requests that follow finish
        const res = (performance.getEntriesByType('resource') as unknown as Array<{ name: string; startTime: number; responseStart: number; responseEnd: number; encodedBodySize: number }>)
          .filter((e) => e.name.includes('/api/') && e.startTime >= t0)
          .map((e) => ({ what: e.name.replace(/^.*\/api\//, ''), start: e.startTime - t0, firstByte: e.responseStart - t0, end: e.responseEnd - t0, kB: e.encodedBodySize / 1024 }));
        const marks = performance.getEntriesByType('mark').filter((e) => e.name.startsWith('nightdeck:') && e.name !== 'nightdeck:repaint' && e.startTime >= t0)
          .map((e) => ({ what: e.name, start: e.startTime - t0, firstByte: NaN, end: e.startTime - t0, kB: 0 }));
        return [...res, ...marks].sort((a, b) => a.end - b.end);
      }, f);
      console.log(`\n${f}`);
      for (const e of t) console.log(`${e.what.padEnd(28)} start ${e.start.toFixed(0).padStart(5)}  ttfb ${Number.isNaN(e.firstByte) ? '    -' : e.firstByte.toFixed(0).padStart(5)}  end ${e.end.toFixed(0).padStart(5)} ms  ${e.kB ? e.kB.toFixed(0) + ' kB' : ''}`);
    }
  } finally {
    await browser.close();
    await serve.stop();
    tmp.cleanup();
  }
}

void main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

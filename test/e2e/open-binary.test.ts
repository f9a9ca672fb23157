/**
 * The console's open path in Chromium against `nightdeck serve`: the quick look and then the
 * display-resolution preview both travel as binary (application/octet-stream), the canvas
 * paints the sky, and the readout under the cursor gives the host's value for that pixel.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { makeTempDir } from '../helpers/tmp.js';
import { writeFrame } from './helpers/fits-fixture.js';
import { startServe, callApi, type ServeProcess } from './helpers/serve.js';
import { canvasSignature, launchChromium, screenshot } from './helpers/browser.js';

declare const document: { querySelector(s: string): { getAttribute(n: string): string | null } | null };

const NAME = 'tst-cam-20240102-00000001-EX00.fits.fz';

describe('console: opening a frame over the binary preview', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const previews: Array<{ coarse: boolean; type: string; status: number }> = [];
  const pageErrors: string[] = [];

  before(async () => {
    tmp = makeTempDir('nightdeck-e2e-open-');
    const folder = join(tmp.dir, 'night');
    const home = join(tmp.dir, 'home');
    mkdirSync(folder);
    mkdirSync(home);
    const plain = join(tmp.dir, 'frame.fits');
    writeFrame(plain, { width: 1500, height: 1100, seed: 7, dateObs: '2024-01-02T03:01:00', stars: 60 });
    execFileSync('/usr/bin/fpack', ['-O', join(folder, NAME), plain]);
    rmSync(plain);
    serve = await startServe(['--folder', folder], home, 60_000, { NIGHTDECK_AUTO_ANALYSE: 'false' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('response', (r) => {
      if (!r.url().endsWith('/api/getPreview')) return;
      const body = JSON.parse(r.request().postData() ?? '{}') as { coarse?: boolean };
      previews.push({ coarse: !!body.coarse, type: r.headers()['content-type'] ?? '', status: r.status() });
    });
    await page.goto(serve.url);
  });

  after(async () => {
    await browser?.close();
    await serve?.stop();
    tmp?.cleanup();
  });

  it('shows the quick look, then the display-resolution preview, both binary; the readout gives the host value', async () => {
    const row = page.locator(`[data-testid="frame-row"][data-frame-name="${NAME}"]`);
    await row.waitFor({ timeout: 60_000 });
    const id = await row.getAttribute('data-frame-id');
    await page.evaluate(() => performance.clearMarks());
    await row.dblclick();
    await page.waitForFunction(
      (want) => {
        const c = document.querySelector('[data-testid="viewer-canvas"]');
        return c?.getAttribute('data-frame-id') === want && performance.getEntriesByName('nightdeck:full-pixels').length > 0;
      },
      id,
      { timeout: 60_000 },
    );
    const marks = await page.evaluate(() => ({
      first: performance.getEntriesByName('nightdeck:first-pixels').map((e) => e.startTime),
      full: performance.getEntriesByName('nightdeck:full-pixels').map((e) => e.startTime),
    }));
    assert.ok(marks.first.length >= 1 && marks.full.length === 1);
    assert.ok(marks.first[0]! <= marks.full[0]!, 'the first picture is not later than the full one');
    assert.deepEqual(
      previews.map((p) => [p.coarse, p.status, p.type]),
      [
        [true, 200, 'application/octet-stream'],
        [false, 200, 'application/octet-stream'],
      ],
    );
    const sig = await canvasSignature(page);
    assert.ok(sig.nonBlack > 1000, `canvas has image pixels (${sig.nonBlack})`);

    const box = (await page.locator('[data-testid="viewer-canvas"]').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2 + 17, box.y + box.height / 2 - 11);
    await page.locator('[data-testid="readout-value"]').waitFor({ timeout: 10_000 });
    const x = Number(await page.locator('[data-testid="readout-x"]').textContent());
    const y = Number(await page.locator('[data-testid="readout-y"]').textContent());
    const host = await callApi<{ value: number | null }>(serve.url, 'getPixel', { id: Number(id), x, y });
    assert.ok(host.value !== null);
    await page.waitForFunction(
      (want) => (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector('[data-testid="readout-value"]')?.textContent === want,
      host.value.toFixed(2),
      { timeout: 10_000 },
    );
    await screenshot(page, 'open-binary-viewer');
    assert.deepEqual(pageErrors, []);
  });
});

/**
 * The console end to end in Debian's Chromium against `nightdeck serve` on a generated night
 * folder: listing, live arrival, viewer, region statistics and line profile equal to the API,
 * histogram, stretch, focal plane, settings validation, and the offline banner.
 * Screenshots of each view go to test-artifacts/screenshots/.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { makeTempDir } from '../helpers/tmp.js';
import { writeFrame } from './helpers/fits-fixture.js';
import { startServe, callApi, type ServeProcess } from './helpers/serve.js';
import { CHROMIUM, canvasSignature, launchChromium, nextPaint, openPage, screenshot, UI_TIMEOUT_MS, waitForPaintedFrame } from './helpers/browser.js';

const root = new URL('../..', import.meta.url).pathname;

// The page functions below run in the browser; these module-local declarations type them
// without adding the DOM library to the Node project.
interface PageElement {
  getAttribute(name: string): string | null;
  dataset: Record<string, string | undefined>;
}
declare const document: {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): { length: number };
  documentElement: PageElement;
};
const NIGHT = '20240102';
const frameName = (n: number): string => `tst-cam-${NIGHT}-${String(n).padStart(8, '0')}-EX00.fits`;

const FPLANE = `# IFUSLOT X_FP Y_FP SPECID SPECSLOT IFUID IFUROT PLATESC
013 -250.000 -250.000 024 067 037 0.000 1.000
014 -150.000 -250.000 025 068 038 0.000 1.000
015 -50.000 -250.000 026 069 039 0.000 1.000
023 -250.000 -150.000 027 070 040 0.000 1.000
024 -150.000 -150.000 028 071 041 0.000 1.000
#025 -50.000 -150.000 000 000 00 0.000 1.000
056 100.000 0.000 502 502 056 0.000 1.000
000 0.000 0.000 900 900 900 0.000 1.000
`;

const skip = !existsSync(CHROMIUM)
  ? `Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium): console E2E skipped`
  : !existsSync(join(root, 'dist/renderer/index.html'))
    ? 'the renderer is not built (npm run build:renderer): console E2E skipped'
    : false;

describe('the console in a browser', { skip }, () => {
  let tmp: { dir: string; cleanup: () => void };
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let folder: string;
  const pageErrors: string[] = [];

  before(async () => {
    tmp = makeTempDir('nightdeck-e2e-');
    folder = join(tmp.dir, 'night');
    const home = join(tmp.dir, 'home');
    mkdirSync(folder);
    mkdirSync(home);
    for (let i = 1; i <= 6; i++) {
      writeFrame(join(folder, frameName(i)), { width: 480, height: 320, seed: i, dateObs: `2024-01-02T03:0${i}:00`, object: i % 2 ? 'M 31' : 'NGC 7000', filter: i % 3 ? 'r' : 'g' });
    }
    writeFileSync(join(tmp.dir, 'fplane.txt'), FPLANE);
    const imported = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', 'fplane', 'import', join(tmp.dir, 'fplane.txt'), '--from', '20240101'], {
      cwd: root,
      env: { ...process.env, NIGHTDECK_HOME: home },
      encoding: 'utf8',
    });
    assert.equal(imported.status, 0, `fplane import: ${imported.stderr}`);
    serve = await startServe(['--folder', folder], home);
    browser = await launchChromium();
    page = await openPage(browser);
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(serve.url);
  });

  after(async () => {
    await browser?.close();
    await serve?.stop();
    tmp?.cleanup();
  });

  it('lists the frames of the night folder, newest night on top', async () => {
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="frame-row"]').length === 6, null, { timeout: UI_TIMEOUT_MS });
    const nights = await page.locator('[data-testid="night-item"]').evaluateAll((els) => els.map((e) => (e as unknown as PageElement).dataset.night));
    assert.deepEqual(nights, [NIGHT]);
    const names = await page.locator('[data-testid="frame-row"]').evaluateAll((els) => els.map((e) => (e as unknown as PageElement).dataset.frameName));
    assert.equal(names[0], frameName(6), 'sorted by time, newest first');
    await screenshot(page, '01-frame-list');
  });

  it('shows a frame written into the folder meanwhile, highlighted as new', async () => {
    // The highlight lasts a few seconds: the page itself notes the row's class when it first
    // appears, so a slow test process cannot miss it.
    await page.evaluate((name) => {
      const g = globalThis as unknown as {
        __firstClass?: string;
        document: { body: unknown; querySelector(s: string): { className: string } | null };
        MutationObserver: new (cb: () => void) => { observe(node: unknown, opts: object): void; disconnect(): void };
      };
      const observer = new g.MutationObserver(() => {
        const row = g.document.querySelector(`[data-testid="frame-row"][data-frame-name="${name}"]`);
        if (!row) return;
        g.__firstClass = row.className;
        observer.disconnect();
      });
      observer.observe(g.document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-frame-name', 'class'] });
    }, frameName(7));
    writeFrame(join(folder, frameName(7)), { width: 480, height: 320, seed: 7, dateObs: '2024-01-02T03:07:00' });
    const row = page.locator(`[data-testid="frame-row"][data-frame-name="${frameName(7)}"]`);
    await row.waitFor({ timeout: UI_TIMEOUT_MS });
    const firstClass = await (await page.waitForFunction(() => (globalThis as unknown as { __firstClass?: string }).__firstClass)).jsonValue();
    assert.match(String(firstClass), /\bnew\b/);
    await page.locator('[data-testid="night-count"]').first().filter({ hasText: /^7$/ }).waitFor();
  });

  it('opens a frame: the canvas shows non-black pixels and the readout gives RA/Dec', async () => {
    const row = page.locator(`[data-testid="frame-row"][data-frame-name="${frameName(3)}"]`);
    const id = await row.getAttribute('data-frame-id');
    await row.dblclick();
    // The frame that arrived live may be open already (follow newest): wait for this one's pixels.
    await waitForPaintedFrame(page, id!, 1000);
    const box = (await page.locator('[data-testid="viewer-canvas"]').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.locator('[data-testid="readout-ra"]').waitFor({ timeout: UI_TIMEOUT_MS });
    assert.match((await page.locator('[data-testid="readout-ra"]').textContent()) ?? '', /^00:42:\d\d\.\d\d$/);
    await page.locator('[data-testid="stat-median"]').waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, '02-viewer');
  });

  it('g draws the coordinate grid; Go to centres on a typed RA Dec or says it is off the frame', async () => {
    await page.keyboard.press('g');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="sky-grid"]')?.getAttribute('data-lines')) > 0, null, { timeout: 10_000 });
    // The fixture's CRVAL (10.6847°, +41.2690°) in sexagesimal: the reference pixel.
    await page.fill('[data-testid="goto-input"]', '00:42:44.33 +41:16:08.4');
    await page.press('[data-testid="goto-input"]', 'Enter');
    const message = page.locator('[data-testid="goto-message"]');
    await message.waitFor({ timeout: 5_000 });
    assert.match((await message.textContent()) ?? '', /^00:42:44\.33 \+41:16:08\.4 → x \d+\.\d, y \d+\.\d$/);
    await screenshot(page, '02b-sky-grid-goto');
    await page.fill('[data-testid="goto-input"]', '12:00:00 -30:00:00');
    await page.press('[data-testid="goto-input"]', 'Enter');
    await page.locator('[data-testid="goto-message"]', { hasText: 'is off the frame.' }).waitFor({ timeout: 5_000 });
    await page.keyboard.press('Escape');
    await page.keyboard.press('g');
    await page.waitForFunction(() => document.querySelector('[data-testid="sky-grid"]')?.getAttribute('data-grid') === 'off', null, { timeout: 5_000 });
  });

  it('statistics of a drawn rectangle equal the API’s for that region', async () => {
    const frameId = Number(await page.locator(`[data-testid="frame-row"][data-frame-name="${frameName(3)}"]`).getAttribute('data-frame-id'));
    await page.locator('[data-testid="tool-region"]').click();
    const box = (await page.locator('[data-testid="viewer-canvas"]').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.mouse.move(cx - 80, cy - 50);
    await page.mouse.down();
    await page.mouse.move(cx, cy, { steps: 4 });
    await page.mouse.move(cx + 60, cy + 40, { steps: 4 });
    await page.mouse.up();
    await page.waitForFunction(() => !!document.querySelector('[data-testid="stats-panel"]')?.getAttribute('data-region'), null, { timeout: UI_TIMEOUT_MS });
    const region = JSON.parse((await page.locator('[data-testid="stats-panel"]').getAttribute('data-region'))!);
    assert.ok(region.x1Px - region.x0Px > 10 && region.y1Px - region.y0Px > 10, `a real rectangle: ${JSON.stringify(region)}`);
    const expected = await callApi<Record<string, number>>(serve.url, 'getStatistics', { id: frameId, region });
    for (const key of ['median', 'mean', 'std', 'min', 'max', 'count', 'mad']) {
      const shown = Number(await page.locator(`[data-testid="stat-${key}"]`).getAttribute('data-value'));
      assert.equal(shown, expected[key], `${key} shown = API`);
    }
    assert.equal(expected.count, (region.x1Px - region.x0Px) * (region.y1Px - region.y0Px));
    await screenshot(page, '03-region-statistics');
  });

  it('a drawn line gives the profile chart the API’s samples; the histogram is shown', async () => {
    const frameId = Number(await page.locator(`[data-testid="frame-row"][data-frame-name="${frameName(3)}"]`).getAttribute('data-frame-id'));
    await page.locator('[data-testid="tool-line"]').click();
    const box = (await page.locator('[data-testid="viewer-canvas"]').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.35);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.65, { steps: 6 });
    await page.mouse.up();
    await page.waitForFunction(() => (document.querySelector('[data-testid="profile-panel"]')?.getAttribute('data-samples') ?? '[]') !== '[]', null, { timeout: UI_TIMEOUT_MS });
    const panel = page.locator('[data-testid="profile-panel"]');
    const line = JSON.parse((await panel.getAttribute('data-line'))!);
    const samples = JSON.parse((await panel.getAttribute('data-samples'))!);
    const expected = await callApi<{ data: number[] }>(serve.url, 'getProfile', { id: frameId, from: line.from, to: line.to });
    assert.deepEqual(samples, expected.data);
    assert.ok(samples.length > 10);
    const bins = Number(await page.locator('[data-testid="histogram-panel"]').getAttribute('data-bins'));
    assert.ok(bins > 0, 'histogram has bins');
    assert.ok((await page.locator('[data-testid="histogram-panel"] canvas').count()) > 0, 'histogram chart drawn');
    await screenshot(page, '04-profile-histogram');
  });

  it('changing the stretch and colormap repaints the canvas without asking the host', async () => {
    await page.locator('[data-testid="tool-pan"]').click();
    const before = await canvasSignature(page);
    const requests: string[] = [];
    const onRequest = (r: { url(): string }): void => {
      if (r.url().includes('/api/')) requests.push(r.url());
    };
    page.on('request', onRequest);
    const paints = Number(await page.locator('[data-testid="viewer-canvas"]').getAttribute('data-paints'));
    await page.locator('[data-testid="stretch-select"]').selectOption('log');
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="viewer-canvas"]')?.getAttribute('data-paints')) > n, paints);
    const afterLog = await canvasSignature(page);
    assert.notEqual(afterLog.sum, before.sum, 'pixels changed with the stretch');
    await page.locator('[data-testid="colormap-select"]').selectOption('viridis');
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="viewer-canvas"]')?.getAttribute('data-paints')) > n + 1, paints);
    const afterCmap = await canvasSignature(page);
    assert.notEqual(afterCmap.sum, afterLog.sum, 'pixels changed with the colormap');
    page.off('request', onRequest);
    assert.deepEqual(requests, [], 'no round trip to the host');
    await screenshot(page, '05-stretch-viridis');
    await page.locator('[data-testid="stretch-select"]').selectOption('linear');
    await page.locator('[data-testid="colormap-select"]').selectOption('gray');
  });

  it('shows the night trends', async () => {
    await page.locator('[data-testid="nav-trends"]').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="trends-view"]')?.getAttribute('data-points')) >= 7, null, { timeout: UI_TIMEOUT_MS });
    await nextPaint(page);
    await screenshot(page, '06-trends');
  });

  it('shows the focal plane table and scatter for a date', async () => {
    await page.locator('[data-testid="nav-fplane"]').click();
    await page.locator('[data-testid="fplane-row"]').first().waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(await page.locator('[data-testid="fplane-row"]').count(), 8);
    assert.ok((await page.locator('[data-testid="fplane-view"] canvas').count()) > 0, 'scatter drawn');
    await nextPaint(page);
    await screenshot(page, '07-fplane');
  });

  it('settings: an invalid S3 endpoint is shown on its field', async () => {
    await page.locator('[data-testid="nav-settings"]').click();
    await page.locator('[data-testid="s3-enabled"]').check();
    await page.locator('[data-testid="input-bucket"]').fill('night-frames');
    await page.locator('[data-testid="input-endpoint"]').fill('ftp//not a url');
    await page.locator('[data-testid="settings-save"]').click();
    const message = page.locator('[data-testid="field-error-endpoint"]');
    await message.waitFor({ timeout: UI_TIMEOUT_MS });
    assert.match((await message.textContent()) ?? '', /endpoint must be a URL/i);
    // The host's own validation: a folder that does not exist comes back on the folders field.
    await page.locator('[data-testid="s3-enabled"]').uncheck();
    await page.locator('[data-testid="input-folders"]').fill(`${folder}\n${join(folder, 'no-such-night')}`);
    await page.locator('[data-testid="settings-save"]').click();
    const hostMessage = page.locator('[data-testid="field-error-folders"]');
    await hostMessage.waitFor({ timeout: UI_TIMEOUT_MS });
    assert.match((await hostMessage.textContent()) ?? '', /no-such-night/);
    assert.equal(await page.locator('[data-testid="field-error-endpoint"]').count(), 0, 'the fixed field is clear');
    await screenshot(page, '08-settings-error');
  });

  it('export view, help overlay and the night-vision theme render', async () => {
    await page.locator('[data-testid="nav-export"]').click();
    await page.locator('[data-testid="export-view"]').waitFor();
    await screenshot(page, '09-export');
    await page.locator('[data-testid="nav-frames"]').click();
    await page.keyboard.press('?');
    await page.locator('[data-testid="help-overlay"]').waitFor();
    await screenshot(page, '10-help');
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="theme-toggle"]').click();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'red');
    await nextPaint(page);
    await screenshot(page, '11-night-vision');
    await page.locator('[data-testid="theme-toggle"]').click();
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  });

  it('shows the offline banner when the host stops', async () => {
    await serve.stop();
    await page.locator('[data-testid="offline-banner"]').waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, '12-offline');
  });
});

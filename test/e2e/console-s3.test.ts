/**
 * The console against `nightdeck serve --s3` on a real S3-compatible server (s3rver on
 * 127.0.0.1): frames listed from headers, a frame put meanwhile appears live, opening a frame
 * downloads and shows it, and its statistics equal the API's.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { makeTempDir } from '../helpers/tmp.js';
import { startS3, TEST_CREDENTIALS, type TestS3 } from '../helpers/sources/s3-server.js';
import { writeFrame } from './helpers/fits-fixture.js';
import { startServe, callApi, type ServeProcess } from './helpers/serve.js';
import { CHROMIUM, launchChromium, openPage, screenshot, UI_TIMEOUT_MS, waitForPaintedFrame } from './helpers/browser.js';

interface PageElement {
  getAttribute(name: string): string | null;
}
declare const document: { querySelector(selector: string): PageElement | null; querySelectorAll(selector: string): { length: number } };

const root = new URL('../..', import.meta.url).pathname;
const BUCKET = 'nightframes';
const NIGHT = '20240103';
const frameName = (n: number): string => `tst-cam-${NIGHT}-${String(n).padStart(8, '0')}-EX00.fits`;

const skip = !existsSync(CHROMIUM)
  ? `Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium): console S3 E2E skipped`
  : !existsSync(join(root, 'dist/renderer/index.html'))
    ? 'the renderer is not built (npm run build:renderer): console S3 E2E skipped'
    : false;

describe('the console on an S3 bucket', { skip }, () => {
  let tmp: { dir: string; cleanup: () => void };
  let s3: TestS3;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;

  async function putFrame(n: number): Promise<void> {
    const path = join(tmp.dir, 'frames', frameName(n));
    writeFrame(path, { width: 320, height: 256, seed: 100 + n, dateObs: `2024-01-04T02:0${n}:00`, object: 'NGC 891', filter: 'V' });
    await s3.put(BUCKET, `data/${frameName(n)}`, readFileSync(path));
  }

  before(async () => {
    tmp = makeTempDir('nightdeck-e2e-s3-');
    mkdirSync(join(tmp.dir, 'frames'));
    mkdirSync(join(tmp.dir, 's3'));
    mkdirSync(join(tmp.dir, 'home'));
    s3 = await startS3(join(tmp.dir, 's3'));
    await s3.createBucket(BUCKET);
    for (let n = 1; n <= 3; n++) await putFrame(n);
    serve = await startServe(['--s3', `s3://${BUCKET}`, '--s3-endpoint', s3.endpoint, '--s3-region', 'us-east-1', '--poll', '1'], join(tmp.dir, 'home'), 60_000, {
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      AWS_REGION: 'us-east-1',
    });
    browser = await launchChromium();
    page = await openPage(browser);
    await page.goto(serve.url);
  });

  after(async () => {
    await browser?.close();
    await serve?.stop();
    await s3?.close();
    tmp?.cleanup();
  });

  it('lists the bucket’s frames with their headers and shows the source', async () => {
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="frame-row"]').length === 3, null, { timeout: UI_TIMEOUT_MS });
    const source = (await page.locator('[data-testid="source-item"]').first().textContent()) ?? '';
    assert.match(source, /s3:\/\/nightframes/);
    const objects = await page.locator('[data-testid="frame-row"] .c-object').allTextContents();
    assert.deepEqual(objects.map((s) => s.trim()), ['NGC 891', 'NGC 891', 'NGC 891'], 'header fields listed');
  });

  it('shows a frame put into the bucket meanwhile', async () => {
    await putFrame(4);
    await page.locator(`[data-testid="frame-row"][data-frame-name="${frameName(4)}"]`).waitFor({ timeout: UI_TIMEOUT_MS });
  });

  it('opens a frame from the bucket: pixels shown, statistics equal the API’s', async () => {
    const row = page.locator(`[data-testid="frame-row"][data-frame-name="${frameName(2)}"]`);
    const id = Number(await row.getAttribute('data-frame-id'));
    await row.dblclick();
    await waitForPaintedFrame(page, String(id), 1000);
    await page.locator('[data-testid="stat-median"]').waitFor({ timeout: UI_TIMEOUT_MS });
    const expected = await callApi<Record<string, number>>(serve.url, 'getStatistics', { id });
    assert.equal(Number(await page.locator('[data-testid="stat-median"]').getAttribute('data-value')), expected.median);
    assert.equal(Number(await page.locator('[data-testid="stat-std"]').getAttribute('data-value')), expected.std);
    await screenshot(page, '13-s3-viewer');
  });
});

/**
 * SAMP in the console, end to end: Debian's Chromium on `nightdeck serve --samp`, with astropy's
 * hub and a Python client (PyViewer) in a temporary HOME. The status dot turns green; "Send to ▸"
 * (opened with Ctrl+Shift+S) lists PyViewer, and choosing it gives PyViewer exactly the frame's
 * pixels; Shift+click on the image sends coord.pointAt.sky; PyViewer's coord.pointAt.sky centres
 * the view and its image.load.fits opens in the viewer.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { makeTempDir } from '../helpers/tmp.js';
import { requirePython, runPython } from '../helpers/python.js';
import { PythonSamp } from '../helpers/samp/python-samp.js';
import { writeFrame } from './helpers/fits-fixture.js';
import { startServe, type ServeProcess } from './helpers/serve.js';
import { CHROMIUM, launchChromium, screenshot } from './helpers/browser.js';

const root = new URL('../..', import.meta.url).pathname;

interface PageElement {
  getAttribute(name: string): string | null;
  textContent: string | null;
}
declare const document: { querySelector(selector: string): PageElement | null };

const NIGHT = '20240102';
const frameName = (n: number): string => `tst-cam-${NIGHT}-${String(n).padStart(8, '0')}-EX00.fits`;

const skip = !existsSync(CHROMIUM)
  ? `Chromium is not installed at ${CHROMIUM}: SAMP console E2E skipped`
  : !existsSync(join(root, 'dist/renderer/index.html'))
    ? 'the renderer is not built (npm run build:renderer): SAMP console E2E skipped'
    : false;

describe('SAMP in the console', { skip }, () => {
  let tmp: { dir: string; cleanup: () => void };
  let home: string;
  let folder: string;
  let py: PythonSamp;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let nightdeckId = '';
  const pageErrors: string[] = [];

  before(async () => {
    requirePython('astropy', 'numpy');
    tmp = makeTempDir('nightdeck-samp-e2e-');
    home = join(tmp.dir, 'home');
    folder = join(tmp.dir, 'night');
    for (const d of [home, folder, join(tmp.dir, 'data'), join(tmp.dir, 'elsewhere')]) mkdirSync(d, { recursive: true });
    for (let i = 1; i <= 3; i++) writeFrame(join(folder, frameName(i)), { width: 240, height: 160, seed: i, dateObs: `2024-01-02T03:0${i}:00`, object: 'M 31' });
    writeFrame(join(tmp.dir, 'elsewhere', 'from-python.fits'), { width: 120, height: 90, seed: 42, dateObs: '2024-01-02T04:00:00', object: 'NGC 7000' });
    py = new PythonSamp(home);
    await py.ready;
    await py.send({ cmd: 'hub_start' });
    await py.send({ cmd: 'client_connect', name: 'PyViewer' });
    serve = await startServe(['--folder', folder, '--samp'], join(tmp.dir, 'data'), 60_000, { HOME: home, SAMP_HUB: '' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(serve.url);
  });

  // A failure should say what the host said and whether it is still running.
  afterEach((t) => {
    const failed = (t as unknown as { passed?: boolean }).passed === false;
    if (failed && serve) {
      process.stderr.write(`[samp e2e] host exit=${serve.child.exitCode} signal=${serve.child.signalCode}\n${serve.output().slice(-8000)}\n`);
    }
  });

  after(async () => {
    await browser?.close();
    await serve?.stop();
    await py?.close();
    tmp?.cleanup();
  });

  it('shows the hub connection as a green dot', async () => {
    await page.locator('[data-testid="samp-status"][data-state="connected"]').waitFor({ timeout: 30_000 });
    const { clients } = (await py.send({ cmd: 'clients' })) as unknown as { clients: { id: string; name: string }[] };
    nightdeckId = clients.find((c) => c.name === 'NightDeck')!.id;
    assert.ok(nightdeckId);
  });

  it('Send to ▸ (Ctrl+Shift+S) lists PyViewer, which then gets exactly the frame’s pixels', async () => {
    await page.waitForFunction(() => document.querySelector('[data-testid="frame-row"]') !== null, null, { timeout: 30_000 });
    const row = page.locator(`[data-testid="frame-row"][data-frame-name="${frameName(2)}"]`);
    const id = await row.getAttribute('data-frame-id');
    await row.dblclick();
    await page.waitForFunction(
      (want) => {
        const c = document.querySelector('[data-testid="viewer-canvas"]');
        return c?.getAttribute('data-frame-id') === want && Number(c.getAttribute('data-paints')) > 0;
      },
      id,
      { timeout: 30_000 },
    );
    await page.keyboard.press('Control+Shift+S');
    const item = page.locator('[data-testid="samp-client"]', { hasText: 'PyViewer' });
    await item.waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('[data-testid="samp-send-all"]').count(), 1, 'and "All"');
    await screenshot(page, 'samp-01-send-menu');
    const received = py.waitFor((e) => e.event === 'received' && e.mtype === 'image.load.fits');
    await item.click();
    const event = await received;
    const expected = (await py.send({ cmd: 'read_pixels', path: join(folder, frameName(2)) })) as unknown as { shape: number[]; pixels: number[] };
    assert.deepEqual(event.shape, [160, 240]);
    assert.deepEqual(event.pixels, expected.pixels);
    await page.locator('[data-testid="samp-message"]', { hasText: 'Sent to PyViewer' }).waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('[data-testid="samp-menu"]').count(), 0, 'the menu closes');
  });

  it('Shift+click on the image sends coord.pointAt.sky of that position', async () => {
    const box = (await page.locator('[data-testid="viewer-canvas"]').boundingBox())!;
    const received = py.waitFor((e) => e.event === 'received' && e.mtype === 'coord.pointAt.sky');
    await page.keyboard.down('Shift');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.up('Shift');
    const e = await received;
    const { ra, dec } = e.params as { ra: string; dec: string };
    // The frame is centred in the viewer; its centre pixel is at CRVAL (M 31) within a pixel or two.
    assert.ok(Math.abs(Number(ra) - 10.6847) < 0.002 && Math.abs(Number(dec) - 41.269) < 0.002, `${ra}, ${dec}`);
  });

  it("PyViewer's coord.pointAt.sky centres the open frame there", async () => {
    const r = (await py.send({ cmd: 'send_point', recipient: nightdeckId, ra: 10.6847 + 0.003, dec: 41.269 - 0.002 })) as unknown as { response: Record<string, string> };
    assert.equal(r.response['samp.status'], 'samp.ok');
    await page.locator('[data-testid="samp-message"]', { hasText: 'Centred on RA 10.68770' }).waitFor({ timeout: 15_000 });
    // The pixel under the viewer's centre is the one astropy.wcs puts at that position.
    const [px, py0] = runPython<[number, number]>(
      `import sys, json\nfrom astropy.io import fits\nfrom astropy.wcs import WCS\nj = json.load(sys.stdin)\nx, y = WCS(fits.getheader(j["path"])).wcs_world2pix([[j["ra"], j["dec"]]], 0)[0]\nprint(json.dumps([float(x), float(y)]))`,
      { path: join(folder, frameName(2)), ra: 10.6847 + 0.003, dec: 41.269 - 0.002 },
    );
    const box = (await page.locator('[data-testid="viewer-canvas"]').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.locator('[data-testid="readout-x"]').waitFor({ timeout: 10_000 });
    const x = Number(await page.locator('[data-testid="readout-x"]').textContent());
    const y = Number(await page.locator('[data-testid="readout-y"]').textContent());
    assert.ok(Math.abs(x - px) <= 1 && Math.abs(y - py0) <= 1, `centre shows pixel ${x},${y}; astropy puts the position at ${px},${py0}`);
    await screenshot(page, 'samp-02-pointed');
  });

  it("PyViewer's image.load.fits opens in the viewer", async () => {
    const url = pathToFileURL(join(tmp.dir, 'elsewhere', 'from-python.fits')).href;
    const r = (await py.send({ cmd: 'send_load', recipient: nightdeckId, url, name: 'NGC 7000 from Python' })) as unknown as { response: Record<string, string> };
    assert.equal(r.response['samp.status'], 'samp.ok', JSON.stringify(r.response));
    await page.locator('[data-testid="samp-message"]', { hasText: 'from SAMP' }).waitFor({ timeout: 15_000 });
    const opened = await page.waitForFunction(
      () => {
        const c = document.querySelector('[data-testid="viewer-canvas"]');
        const id = c?.getAttribute('data-frame-id');
        return id && Number(c!.getAttribute('data-paints')) > 0 && document.querySelector(`[data-testid="frame-row"][data-frame-id="${id}"][data-frame-name="NGC_7000_from_Python.fits"]`) ? id : null;
      },
      null,
      { timeout: 30_000 },
    );
    assert.ok(await opened.jsonValue());
    await screenshot(page, 'samp-03-received');
    assert.deepEqual(pageErrors, []);
  });
});

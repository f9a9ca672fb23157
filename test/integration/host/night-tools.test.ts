/**
 * The night tools over the real contract (HTTP against a host on a demo-night folder) and the
 * CLI on the same database: the focus curve of the night's focus run, grading with reasons,
 * criteria and manual verdicts stored per night and surviving a restart, `nightdeck grade`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { makeTempDir } from '../../helpers/tmp.js';
import { DemoNight } from '../../../electron/host/demo/demo-night.js';
import { DEMO_FOCUS, demoFramePlan } from '../../../electron/host/demo/demo-plan.js';
import { createHost } from '../../../electron/host/host.js';
import { silentLogger } from '../../../electron/host/logger.js';
import { startServer } from '../../../electron/host/server/http-server.js';
import { api, waitForFrames } from './host-fixtures.js';

const root = new URL('../../..', import.meta.url).pathname;

async function startHost(dataDir: string, folder: string) {
  const host = await createHost({
    dataDir, mode: 'serve', noDemo: true, poolSize: 1, logger: silentLogger(),
    env: { NIGHTDECK_AUTO_ANALYSE: '0' }, sources: { folders: [{ path: folder, recursive: true }] },
  });
  const server = await startServer(host, { port: 0, rendererDir: join(dataDir, 'no-renderer') });
  return { host, server, url: server.url, async close() { await server.close(); await host.close(); } };
}

function ok<T = any>(r: { status: number; json: any }): T {
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.ok, true);
  return r.json.result as T;
}

function grade(home: string, args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', 'grade', ...args], { cwd: root, env: { ...process.env, NIGHTDECK_HOME: home }, encoding: 'utf8' });
}

test('focus curve, grading, overrides across a restart, and nightdeck grade on a demo night', async () => {
  const tmp = makeTempDir('nightdeck-nighttools-');
  const folder = join(tmp.dir, 'demo');
  const home = join(tmp.dir, 'home');
  const demo = new DemoNight({ root: folder, intervalS: 3600, initialFrames: 12, frameSize: 384, siteLongitudeDeg: -104, now: () => new Date('2026-03-10T04:00:00Z') });
  let running: Awaited<ReturnType<typeof startHost>> | null = null;
  try {
    await demo.start();
    await demo.stop();
    const night = demo.night;
    running = await startHost(home, folder);
    const listed = await waitForFrames(running.url, 12);
    const byNumber = (n: number) => listed.find((f) => f.name.includes(`-${String(n).padStart(8, '0')}-`))!.id;

    // Before measuring, every frame is pending; the focus curve measures its frames itself.
    const pending = ok(await api(running.url, 'getGrading', { night }));
    assert.equal(pending.counts.pending, 12);
    assert.ok(pending.frames.every((f: { reasons: string[] }) => f.reasons[0] === 'not measured yet'));

    const curve = ok(await api(running.url, 'getFocusCurve', { night }));
    assert.equal(curve.basis, 'run');
    assert.equal(curve.key, 'FOCUS');
    assert.deepEqual(curve.points.map((p: { focus: number }) => p.focus), Array.from({ length: DEMO_FOCUS.count }, (_, i) => DEMO_FOCUS.start + i * DEMO_FOCUS.step));
    assert.equal(curve.problem, null);
    assert.ok(Math.abs(curve.bestFocus - DEMO_FOCUS.f0) < 0.2 * DEMO_FOCUS.step, `best focus ${curve.bestFocus}`);
    assert.ok(curve.bestFocusError > 0);
    const chosen = ok(await api(running.url, 'getFocusCurve', { ids: [byNumber(1), byNumber(2), byNumber(3), byNumber(10)] }));
    assert.equal(chosen.basis, 'selection');
    assert.equal(chosen.problem.code, 'TOO_FEW_POINTS');
    assert.equal(chosen.points.length, 4);
    assert.equal(ok(await api(running.url, 'getFocusCurve', { night: '20200101' })).problem.code, 'NO_RUN');
    assert.equal((await api(running.url, 'getFocusCurve', { ids: [999999] })).json.error.code, 'NOT_FOUND');

    for (const f of listed) ok(await api(running.url, 'getQuality', { id: f.id }));
    const g = ok(await api(running.url, 'getGrading', { night }));
    assert.equal(g.defaults, true);
    assert.equal(g.counts.pending, 0);
    const verdictOf = (grading: any, n: number) => grading.frames.find((f: { id: number }) => f.id === byNumber(n));
    const trailed = verdictOf(g, 8);
    assert.equal(demoFramePlan(8).kind, 'trailed');
    assert.equal(trailed.verdict, 'bad');
    assert.ok(trailed.reasons.some((r: string) => /^elongation/.test(r)), trailed.reasons.join('; '));
    const cloudy = verdictOf(g, 9);
    assert.equal(cloudy.verdict, 'bad');
    assert.ok(cloudy.reasons.some((r: string) => /night's median/.test(r)) && cloudy.reasons.some((r: string) => /stars </.test(r)), cloudy.reasons.join('; '));
    for (const n of [4, 5, 10, 11, 12]) assert.equal(verdictOf(g, n).verdict, 'good', `frame ${n}: ${verdictOf(g, n).reasons}`);
    assert.equal(verdictOf(g, 1).verdict, 'bad', 'far from focus the FWHM is too large');

    // Criteria and manual verdicts.
    const relaxed = ok(await api(running.url, 'setGradingCriteria', { night, criteria: { maxFwhmPx: 7, maxElongation: null } }));
    assert.equal(relaxed.defaults, false);
    assert.equal(relaxed.criteria.maxFwhmPx, 7);
    assert.equal(relaxed.criteria.minStars, 10, 'criteria not given keep their value');
    assert.equal(verdictOf(relaxed, 1).verdict, 'good');
    assert.equal(verdictOf(relaxed, 8).verdict, 'bad', 'the trailed frame fails on FWHM even without the elongation check');
    const rejected = ok(await api(running.url, 'setFrameVerdict', { id: byNumber(11), verdict: 'bad' }));
    assert.deepEqual([rejected.verdict, rejected.auto, rejected.override], ['bad', 'good', 'bad']);
    const approved = ok(await api(running.url, 'setFrameVerdict', { id: byNumber(9), verdict: 'good' }));
    assert.deepEqual([approved.verdict, approved.auto], ['good', 'bad']);
    assert.equal((await api(running.url, 'setFrameVerdict', { id: byNumber(9), verdict: 'maybe' })).json.error.code, 'BAD_REQUEST');
    assert.equal((await api(running.url, 'setGradingCriteria', { night, criteria: { maxElongation: 0.5 } })).json.error.code, 'BAD_REQUEST');
    assert.equal((await api(running.url, 'getGrading', { night: '2026-03-09' })).json.error.code, 'BAD_REQUEST');

    // A restart keeps both.
    await running.close();
    running = await startHost(home, folder);
    await waitForFrames(running.url, 12);
    const after = ok(await api(running.url, 'getGrading', { night }));
    assert.equal(after.criteria.maxFwhmPx, 7);
    assert.equal(after.criteria.maxElongation, null);
    assert.deepEqual([verdictOf(after, 11).verdict, verdictOf(after, 11).override], ['bad', 'bad']);
    assert.deepEqual([verdictOf(after, 9).verdict, verdictOf(after, 9).override], ['good', 'good']);
    ok(await api(running.url, 'setFrameVerdict', { id: byNumber(9), verdict: null }));
    assert.equal(verdictOf(ok(await api(running.url, 'getGrading', { night })), 9).verdict, 'bad', 'null returns to the automatic verdict');
    await running.close();
    running = null;

    // The CLI reads the same catalogue: the stored criteria, the override, and its own adjustments.
    const json = grade(home, ['--night', night, '--json']);
    assert.equal(json.status, 0, json.stderr);
    const cli = JSON.parse(json.stdout);
    assert.equal(cli.criteria.maxFwhmPx, 7);
    assert.deepEqual(cli.frames.map((f: { verdict: string }) => f.verdict), after.frames.map((f: { id: number; verdict: string }) => (f.id === byNumber(9) ? 'bad' : f.verdict)));
    const good = grade(home, ['--night', night, '--list', 'good']).stdout.trim().split('\n');
    assert.deepEqual(good, cli.frames.filter((f: { verdict: string }) => f.verdict === 'good').map((f: { name: string }) => f.name));
    assert.ok(!good.some((n) => n.includes('-00000011-')), 'the frame rejected by hand is not listed');
    const strict = grade(home, ['--night', night, '--list', 'good', '--max-fwhm', '3']).stdout.trim().split('\n');
    assert.ok(strict.length < good.length && strict.length > 0);
    const text = grade(home, ['--night', night]);
    assert.match(text.stdout, new RegExp(`^night ${night}: \\d+ good, \\d+ bad, 0 pending — FWHM ≤ 7 px`));
    assert.match(text.stdout, /bad \(by hand\)\s+dmo-nightdeck-\d{8}-00000011-EX00\.fits/);
    assert.match(text.stdout, /bad\s+dmo-nightdeck-\d{8}-00000009-EX00\.fits  .*stars < 10/);
    assert.equal(grade(home, ['--night', night, '--list', 'maybe']).status, 2);
    assert.equal(grade(home, ['--night', 'yesterday']).status, 2);
    assert.equal(grade(home, ['--night', night, '--max-elongation', '0.5']).status, 2);
    // --save stores the criteria for the console.
    assert.equal(grade(home, ['--night', night, '--min-stars', '30', '--save']).status, 0);
    assert.equal(JSON.parse(grade(home, ['--night', night, '--json']).stdout).criteria.minStars, 30);
  } finally {
    await running?.close();
    await demo.stop();
    tmp.cleanup();
  }
});

/**
 * What the demo night holds for every view: a HETDEX-shaped focal plane valid on its night
 * (VIRUS IFUs, LRS2, placeholders, inactive and empty seats), a focus sweep on a known
 * hyperbola, and a trailed and a cloudy frame in every window of frames the demo keeps.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../../electron/host/store/db.js';
import { FplaneStore } from '../../../electron/host/store/fplane.js';
import { parseFplaneText, isActiveVirus, isLrs2, isEmptySeat, isPlaceholder } from '../../../electron/host/store/fplane-text.js';
import { demoFplaneText, ensureDemoFplane } from '../../../electron/host/demo/demo-fplane.js';
import { DEMO_CYCLE, DEMO_FOCUS, demoFramePlan } from '../../../electron/host/demo/demo-plan.js';
import { hyperbolaFwhm } from '../../../native-workers/analysis/focus-curve.js';

test('the demo fplane parses as HETDEX text with VIRUS, LRS2, placeholder, inactive and empty seats', () => {
  const config = parseFplaneText(demoFplaneText());
  const virus = config.ifus.filter(isActiveVirus);
  assert.ok(virus.length >= 60 && virus.length <= 78, `${virus.length} active VIRUS IFUs`);
  assert.deepEqual(config.ifus.filter(isLrs2).map((i) => i.ifuslot).sort(), ['056', '066']);
  assert.ok(config.ifus.some(isPlaceholder), 'a placeholder with ids ≥ 900');
  assert.ok(config.ifus.some((i) => isEmptySeat(i) && !i.active), 'an empty, commented-out seat');
  assert.ok(config.ifus.some((i) => !i.active && !isEmptySeat(i) && !isPlaceholder(i)), 'an inactive VIRUS seat');
  assert.equal(new Set(config.ifus.map((i) => i.ifuslot)).size, config.ifus.length, 'every seat once');
});

test('ensureDemoFplane makes the demo night resolve to a configuration, once, and never shadows a real one', () => {
  const db = openDatabase(':memory:');
  try {
    const store = new FplaneStore(db, { now: () => new Date('2026-03-10T04:00:00Z') });
    assert.throws(() => store.getConfig('20260309'), { code: 'NOT_FOUND' });
    assert.equal(ensureDemoFplane(store, '20260309'), true);
    assert.ok(store.getConfig('20260309').ifus.length > 70);
    assert.ok(store.getFplane(undefined).ifus.length > 70, "'latest' (the view's default) finds it too");
    assert.equal(ensureDemoFplane(store, '20260309'), false, 'not imported twice');
    assert.equal(store.history().length, 1);
  } finally {
    db.close();
  }
});

test('every 60 consecutive demo frames hold a whole focus sweep, a trailed and a cloudy frame', () => {
  for (let first = 1; first <= DEMO_CYCLE + 1; first++) {
    const kinds = Array.from({ length: 60 }, (_, k) => demoFramePlan(first + k).kind);
    const sweepStart = kinds.findIndex((k, i) => k === 'focus' && kinds.slice(i, i + DEMO_FOCUS.count).every((x) => x === 'focus'));
    assert.ok(sweepStart >= 0 && sweepStart + DEMO_FOCUS.count <= 60, `window from ${first}`);
    assert.ok(kinds.includes('trailed') && kinds.includes('clouds'), `window from ${first}`);
  }
  const sweep = Array.from({ length: DEMO_FOCUS.count }, (_, p) => demoFramePlan(p + 1));
  assert.deepEqual(sweep.map((s) => s.focus), sweep.map((_, p) => DEMO_FOCUS.start + p * DEMO_FOCUS.step));
  for (const s of sweep) assert.equal(s.fwhmPx, hyperbolaFwhm(s.focus, DEMO_FOCUS));
  const focus = sweep.map((s) => s.focus);
  assert.ok(Math.min(...focus) < DEMO_FOCUS.f0 && Math.max(...focus) > DEMO_FOCUS.f0, 'the sweep crosses best focus');
});

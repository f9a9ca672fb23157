#!/usr/bin/env node
// `npm test`: unit + integration + browser E2E under Node's test runner (TypeScript through tsx),
// then the renderer's Vitest component tests, then one plain closing line with the totals.
// Usage: npm test [-- <path filter substring>...]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync, readFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronE2eSkipReason, npmInvocation } from './lib/desktop-tooling.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = (args) => npmInvocation(args);
const filters = process.argv.slice(2);

function findTests(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (/\.test\.ts$/.test(name)) out.push(relative(root, path));
  }
  return out;
}

const nodeTests = ['unit', 'integration', 'e2e']
  .flatMap((kind) => findTests(join(root, 'test', kind)))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
const runVitest = filters.length === 0 || filters.some((s) => s.startsWith('renderer'));

const totals = { passed: 0, failed: 0, skipped: 0 };
let failedRun = false;

// E2E tests drive the built renderer: build it first, once.
if (nodeTests.some((f) => f.startsWith('test/e2e/')) && existsSync(join(root, 'renderer', 'vite.config.ts'))) {
  const { command, args, shell } = npm(['run', '-s', 'build:renderer']);
  const build = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell });
  if (build.status !== 0) {
    console.error('renderer build failed: the browser tests cannot run');
    failedRun = true;
  }
}

// The Electron E2E test drives dist/electron: rebuild it (main process and preload) when that
// test will run, so it never tests a stale build.
const electronE2e = 'test/e2e/electron-app.test.ts';
if (nodeTests.includes(electronE2e) && !electronE2eSkipReason(join(root, 'node_modules', 'electron'))) {
  const { command, args, shell } = npm(['run', '-s', 'build:node']);
  const node = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell });
  const preload = node.status === 0 ? spawnSync(process.execPath, ['scripts/build-electron.mjs'], { cwd: root, stdio: 'inherit' }) : node;
  if (preload.status !== 0) {
    console.error('building dist/electron failed: the desktop E2E test cannot run');
    failedRun = true;
  }
}

if (nodeTests.length > 0) {
  const args = [
    '--import', 'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-timeout=300000',
    '--test-reporter=spec',
    ...nodeTests,
  ];
  const run = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, NIGHTDECK_TEST: '1' },
  });
  process.stdout.write(run.stdout ?? '');
  const count = (label) => {
    const m = (run.stdout ?? '').match(new RegExp(`^ℹ ${label} (\\d+)$`, 'm'));
    return m ? Number(m[1]) : 0;
  };
  totals.passed += count('pass');
  totals.failed += count('fail') + count('cancelled');
  totals.skipped += count('skipped') + count('todo');
  if (run.status !== 0) failedRun = true;
}

if (runVitest && existsSync(join(root, 'renderer', 'vitest.config.ts'))) {
  mkdirSync(join(root, 'test-artifacts'), { recursive: true });
  const report = join(root, 'test-artifacts', 'vitest.json');
  const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
  const run = spawnSync(
    process.execPath,
    [vitest, 'run', '--config', 'renderer/vitest.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    { cwd: root, stdio: 'inherit' },
  );
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += json.numPassedTests ?? 0;
    totals.failed += json.numFailedTests ?? 0;
    totals.skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  }
  if (run.status !== 0) failedRun = true;
}

if (failedRun && totals.failed === 0) totals.failed = 1; // a crashed runner is a failure too
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedRun || totals.failed > 0 ? 1 : 0);

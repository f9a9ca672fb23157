/**
 * `nightdeck serve` as a process: prints its real URL for --port 0, serves the demo night
 * when no source is configured (new frames keep arriving), shuts down cleanly on SIGTERM,
 * and refuses a non-loopback bind without --auth or --insecure.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { makeTempDir } from '../../helpers/tmp.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor, api } from './host-fixtures.js';
import { startServe } from '../../../electron/cli/commands/serve.js';
import { UsageError } from '../../../electron/cli/command.js';

const CLI = ['--import', 'tsx', 'electron/cli/main.ts', 'serve'];

test('serve --port 0 prints its URL, runs the demo night with no source, and exits 0 on SIGTERM', async () => {
  const home = makeTempDir('nightdeck-serve-');
  const child = spawn(process.execPath, [...CLI, '--port', '0'], {
    env: { ...process.env, NIGHTDECK_HOME: home.dir, NIGHTDECK_DEMO_INTERVAL_S: '0.5', NIGHTDECK_DEMO_FRAME_SIZE: '128', NIGHTDECK_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  try {
    const url = await waitFor(() => /NightDeck serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1], 60_000, `the URL line (stderr: ${stderr})`);
    const version = await api(url, 'getVersion');
    assert.equal(version.json.result.demo, true);
    const sources = await api(url, 'getSources');
    assert.equal(sources.json.result.sources[0].kind, 'demo');
    const first = await waitFor(async () => {
      const r = await api(url, 'listFrames', {});
      return r.json.result.total >= 4 ? r.json.result.total : undefined;
    }, 20_000, 'the first demo frames');
    await waitFor(async () => ((await api(url, 'listFrames', {})).json.result.total > first ? true : undefined), 60_000, 'a new demo frame');
    const frames = (await api(url, 'listFrames', { limit: 1 })).json.result.frames;
    assert.match(frames[0].name, /^dmo-nightdeck-\d{8}-\d{8}-EX00\.fits$/);
    assert.deepEqual(frames[0].shape, [128, 128]);
  } finally {
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    home.cleanup();
    assert.equal(code, 0, stderr);
  }
});

const io = { stdout: () => {}, stderr: () => {} };

test('serve refuses a non-loopback bind without --auth or --insecure, before opening anything', async () => {
  const home = makeTempDir('nightdeck-serve-');
  try {
    await assert.rejects(
      startServe({ argv: ['--host', '0.0.0.0', '--port', '0'], io, env: { NIGHTDECK_HOME: home.dir } }),
      (e: { code?: string; message: string }) => e.code === 'FORBIDDEN' && /refusing to bind 0\.0\.0\.0/.test(e.message),
    );
    assert.equal(existsSync(join(home.dir, 'nightdeck.db')), false);
  } finally {
    home.cleanup();
  }
});

test('serve reports bad options as usage errors', async () => {
  for (const argv of [['--s3', 'http://bucket'], ['--port', '70000'], ['--poll', 'often'], ['--s3-endpoint', 'http://127.0.0.1:9000'], ['--nope']]) {
    await assert.rejects(startServe({ argv, io, env: {} }), (e: Error) => e instanceof UsageError, argv.join(' '));
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../../helpers/tmp.js';

const poolUrl = new URL('../../../native-workers/pool.ts', import.meta.url).href;
const riceUrl = new URL('../../../native-workers/fits/tiles/rice-workers.ts', import.meta.url).href;

test('a process that used the pool exits by itself once the pool is closed (and even when it is left idle or never used)', () => {
  const script = `
    import { AnalysisPool } from ${JSON.stringify(poolUrl)};
    import { riceWorkers } from ${JSON.stringify(riceUrl)};
    // Threads started and never given a job are idle: they must not hold the process either.
    new AnalysisPool({ size: 1, testTasks: true });
    riceWorkers();
    const closed = new AnalysisPool({ size: 1, testTasks: true });
    await closed.runTestTask('__sleep', { ms: 5 });
    await closed.close();
    const idle = new AnalysisPool({ size: 1, testTasks: true });
    await idle.runTestTask('__sleep', { ms: 5 });
    console.log('done');
  `;
  const { dir, cleanup } = makeTempDir();
  const file = join(dir, 'use-pool.mts');
  writeFileSync(file, script);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], {
    cwd: fileURLToPath(new URL('../../..', import.meta.url)),
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.signal, null, `the process had to be killed: ${r.stderr}`);
  assert.equal(r.status, 0, r.stderr);
  cleanup();
  assert.match(r.stdout, /done/);
});

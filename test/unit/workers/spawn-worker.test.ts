import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnWorker } from '../../../native-workers/spawn-worker.js';
import { makeTempDir } from '../../helpers/tmp.js';

test('a TypeScript worker entry runs under tsx and receives its workerData', async () => {
  const { dir, cleanup } = makeTempDir();
  try {
    const entry = join(dir, 'echo-worker.ts');
    writeFileSync(
      entry,
      "import { parentPort, workerData } from 'node:worker_threads';\n" +
        'const n: number = workerData.n;\nparentPort!.postMessage(n * 2);\n',
    );
    const worker = spawnWorker(pathToFileURL(entry), { workerData: { n: 21 } });
    const reply = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    assert.equal(reply, 42);
  } finally {
    cleanup();
  }
});

/**
 * Sources benchmarks: cold listing of a bucket on s3rver (requests and time), PUT → imageAdded
 * latency at a 1 s poll interval, header bytes fetched per frame, and the first scan of a night
 * folder of 1,000 frames against astropy reading the same headers.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { BenchRow } from './bench-types.js';
import { SourceManager } from '../../electron/host/sources/source-manager.js';
import type { S3Source } from '../../electron/host/sources/s3-source.js';
import type { FolderSource } from '../../electron/host/sources/folder-source.js';
import type { FrameRecord } from '../../electron/host/store/catalogue-types.js';
import { makeTempDir } from '../helpers/tmp.js';
import { runPython } from '../helpers/python.js';
import { startS3, TEST_CREDENTIALS } from '../helpers/sources/s3-server.js';
import { frameCards, makeFitsImage } from '../helpers/sources/fits-fixture.js';
import { openCatalogue } from '../helpers/sources/env.js';
import { forEachLimited } from '../../electron/host/sources/concurrency.js';

/** s3rver stores each object as files and lists by walking them: 10,000 takes minutes to load, so 1,000. */
const BUCKET_FRAMES = 1000;
const FOLDER_FRAMES = 1000;
const LATENCY_SAMPLES = 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function frameName(i: number): string {
  return `tst-test-20201112-${String(i).padStart(8, '0')}-EX10.fits`;
}

export async function benchSources(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const tmp = makeTempDir('nightdeck-bench-sources-');
  const s3 = await startS3(join(tmp.dir, 's3rver'));
  try {
    // ---- cold listing of a bucket ----
    const bucket = 'bench-night';
    await s3.createBucket(bucket);
    const frame = makeFitsImage({ width: 512, height: 512, cards: frameCards(1), padCards: 30 });
    await forEachLimited(
      Array.from({ length: BUCKET_FRAMES }, (_, i) => i),
      16,
      (i) => s3.put(bucket, `data/${frameName(i)}`, frame.bytes),
    );
    const db = openCatalogue(join(tmp.dir, 'cold'));
    const manager = new SourceManager({ catalogue: db.catalogue, cacheDir: join(tmp.dir, 'cold', 'cache') });
    const config = { bucket, endpoint: s3.endpoint, forcePathStyle: true, credentials: TEST_CREDENTIALS, pollIntervalMs: 1000 } as const;
    const source = manager.get(manager.addS3(config)) as S3Source;
    const t0 = performance.now();
    await source.pollNow();
    const coldMs = performance.now() - t0;
    const requests = source.stats.listRequests + source.stats.rangeRequests;
    // Reference: the bare listing (ListObjectsV2 pages only, no headers).
    const r0 = performance.now();
    let token: string | undefined;
    do {
      const page = await s3.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'data/', ContinuationToken: token }));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    const bareListMs = performance.now() - r0;
    rows.push({
      name: `sources: cold listing of ${BUCKET_FRAMES} frames on s3rver with headers (${requests} requests: ${source.stats.listRequests} list + ${source.stats.rangeRequests} range)`,
      ours_ms: coldMs,
      reference: 'bare ListObjectsV2 listing',
      reference_ms: bareListMs,
      ratio: coldMs / bareListMs,
    });
    const bytesPerFrame = source.stats.headerBytes / source.stats.headerReads;
    rows.push({
      name: `sources: header bytes fetched per frame (value in bytes; object ${frame.bytes.length} B)`,
      ours_ms: bytesPerFrame,
      reference: 'header size (bytes)',
      reference_ms: frame.headerSize,
      ratio: bytesPerFrame / frame.headerSize,
      goal: '≤ 3×',
    });
    await manager.stop();
    db.close();

    // ---- PUT → imageAdded latency at a 1 s interval ----
    const liveBucket = 'bench-live';
    await s3.createBucket(liveBucket);
    const liveDb = openCatalogue(join(tmp.dir, 'live'));
    const live = new SourceManager({ catalogue: liveDb.catalogue, cacheDir: join(tmp.dir, 'live', 'cache') });
    live.addS3({ ...config, bucket: liveBucket, pollIntervalMs: 1000 });
    const seen = new Map<string, number>();
    live.on('imageAdded', (r: FrameRecord) => seen.set(r.key, performance.now()));
    live.start();
    await new Promise((r) => setTimeout(r, 1500));
    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      await new Promise((r) => setTimeout(r, 137 * i)); // vary the phase against the poll timer
      const key = `data/${frameName(i)}`;
      const put = performance.now();
      await s3.put(liveBucket, key, frame.bytes);
      while (!seen.has(key)) await new Promise((r) => setTimeout(r, 5));
      latencies.push(seen.get(key)! - put);
    }
    await live.stop();
    liveDb.close();
    rows.push({
      name: `sources: PUT → imageAdded at a 1 s poll interval (median of ${LATENCY_SAMPLES})`,
      ours_ms: median(latencies),
      reference: 'poll interval',
      reference_ms: 1000,
      ratio: median(latencies) / 1000,
      goal: '≤ 1500 ms',
    });
  } finally {
    await s3.close();
  }

  // ---- first scan of a night folder ----
  try {
    const root = join(tmp.dir, 'night');
    mkdirSync(root);
    const small = makeFitsImage({ width: 256, height: 256, cards: frameCards(2), padCards: 30 }).bytes;
    for (let i = 0; i < FOLDER_FRAMES; i++) writeFileSync(join(root, frameName(i)), small);
    const db = openCatalogue(join(tmp.dir, 'folder'));
    const manager = new SourceManager({ catalogue: db.catalogue, cacheDir: join(tmp.dir, 'folder', 'cache') });
    const source = manager.get(manager.addFolder({ path: root, stableCheckMs: 100 })) as FolderSource;
    const t0 = performance.now();
    await source.scanNow(100);
    const scanMs = performance.now() - t0;
    const listed = db.catalogue.keysOf(source.id).length;
    await manager.stop();
    db.close();
    const ref = runPython<{ ms: number }>(
      `
import json, sys, os, time
from astropy.io import fits
root = json.load(sys.stdin)
names = sorted(os.listdir(root))
t = time.perf_counter()
for n in names:
    fits.getheader(os.path.join(root, n))
print(json.dumps({"ms": (time.perf_counter() - t) * 1000}))
`,
      root,
    );
    rows.push({
      name: `sources: first scan of a folder of ${FOLDER_FRAMES} frames (${listed} listed; includes the ${100} ms stability check)`,
      ours_ms: scanMs,
      reference: 'astropy fits.getheader loop',
      reference_ms: ref.ms,
      ratio: scanMs / ref.ms,
      goal: '≤ 5000 ms',
    });
  } finally {
    tmp.cleanup();
  }
  return rows;
}

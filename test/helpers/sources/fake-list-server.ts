/**
 * A minimal S3 endpoint for what s3rver cannot do on Node 20: paginated ListObjectsV2
 * (s3rver's continuation tokens use DES, which OpenSSL 3 refuses). It serves a fixed set of
 * keys in pages of `pageSize`, and every object's bytes (with Range) from `body`.
 */
import http from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface FakeListServer {
  endpoint: string;
  keys: string[];
  listRequests: number;
  close(): Promise<void>;
}

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function startFakeListServer(bucket: string, keys: string[], body: Uint8Array, pageSize: number): Promise<FakeListServer> {
  const etag = `"${createHash('md5').update(body).digest('hex')}"`;
  const state: FakeListServer = { endpoint: '', keys, listRequests: 0, close: async () => {} };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = decodeURIComponent(url.pathname);
    if (path === `/${bucket}/` || path === `/${bucket}`) {
      state.listRequests++;
      const prefix = url.searchParams.get('prefix') ?? '';
      const token = url.searchParams.get('continuation-token');
      const startAfter = token ?? url.searchParams.get('start-after') ?? '';
      const max = Math.min(pageSize, Number(url.searchParams.get('max-keys') ?? pageSize));
      const matching = [...state.keys].sort().filter((k) => k.startsWith(prefix) && k > startAfter);
      const page = matching.slice(0, max);
      const truncated = matching.length > page.length;
      const contents = page
        .map((k) => `<Contents><Key>${xmlEscape(k)}</Key><LastModified>2020-11-12T03:00:00.000Z</LastModified><ETag>${xmlEscape(etag)}</ETag><Size>${body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`)
        .join('');
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}${truncated ? `<NextContinuationToken>${xmlEscape(page.at(-1)!)}</NextContinuationToken>` : ''}</ListBucketResult>`,
      );
      return;
    }
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const end = range && range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
    const headers: http.OutgoingHttpHeaders = { 'content-length': end - start + 1, etag, 'accept-ranges': 'bytes', 'content-type': 'application/octet-stream' };
    if (range) headers['content-range'] = `bytes ${start}-${end}/${body.length}`;
    res.writeHead(range ? 206 : 200, headers);
    res.end(body.subarray(start, end + 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

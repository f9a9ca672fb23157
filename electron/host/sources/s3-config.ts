/** S3 source configuration: validation, defaults, the SDK client, and a redacted view for the UI and logs. */
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { SourceError } from './errors.js';

export type S3Credentials =
  | 'default'
  | 'anonymous'
  | { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

export interface S3SourceConfig {
  /** Stable id; default 's3:<bucket>/<prefix>'. */
  id?: string;
  bucket: string;
  /** Key prefix before the directories, e.g. 'site1/' (a trailing '/' is added when missing). */
  prefix?: string;
  /** Directories watched under the prefix (default ['data']). */
  directories?: string[];
  region?: string;
  /** Custom endpoint for S3-compatible stores (MinIO, Ceph, s3rver). */
  endpoint?: string;
  forcePathStyle?: boolean;
  /** 'default' = the AWS chain (env, AWS_PROFILE, shared files, SSO…); 'anonymous' = unsigned. */
  credentials?: S3Credentials;
  /** A named profile of the shared config/credentials files. */
  profile?: string;
  requesterPays?: boolean;
  /** Default 5000 ms. */
  pollIntervalMs?: number;
  /** Full listing to notice deletions and changed ETags; default max(12 polls, 60 s). */
  sweepIntervalMs?: number;
  /** Download the N newest frames automatically (default 0 = on demand only). */
  autoDownloadNewest?: number;
  /** Keys per ListObjectsV2 page (default and S3's maximum: 1000); smaller only for tests. */
  listPageSize?: number;
}

export interface ResolvedS3Config {
  id: string;
  bucket: string;
  prefix: string;
  directories: string[];
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  credentials: S3Credentials;
  profile?: string;
  requesterPays: boolean;
  pollIntervalMs: number;
  sweepIntervalMs: number;
  autoDownloadNewest: number;
  listPageSize: number;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function normalisePrefix(prefix: string | undefined): string {
  const p = (prefix ?? '').replace(/^\/+/, '');
  return p === '' || p.endsWith('/') ? p : `${p}/`;
}

/** Checks a configuration and fills the defaults; every problem is listed in one BAD_CONFIG error. */
export function resolveS3Config(config: S3SourceConfig): ResolvedS3Config {
  const problems: string[] = [];
  if (typeof config?.bucket !== 'string' || !BUCKET_NAME.test(config.bucket)) {
    problems.push(`bucket: '${String(config?.bucket)}' is not a valid bucket name (3–63 lower-case letters, digits, '.', '-')`);
  }
  const directories = config.directories ?? ['data'];
  if (!Array.isArray(directories) || directories.length === 0 || directories.some((d) => typeof d !== 'string' || d.includes('..'))) {
    problems.push('directories: a non-empty list of directory names without ".."');
  }
  const poll = config.pollIntervalMs ?? 5000;
  if (!Number.isFinite(poll) || poll < 50) problems.push('pollIntervalMs: a number ≥ 50');
  const sweep = config.sweepIntervalMs ?? Math.max(12 * poll, 60_000);
  if (!Number.isFinite(sweep) || sweep < poll) problems.push('sweepIntervalMs: a number ≥ pollIntervalMs');
  if (config.endpoint !== undefined) {
    try {
      new URL(config.endpoint);
    } catch {
      problems.push(`endpoint: '${config.endpoint}' is not a URL`);
    }
  }
  const creds = config.credentials ?? 'default';
  if (typeof creds === 'object' && (typeof creds?.accessKeyId !== 'string' || typeof creds?.secretAccessKey !== 'string')) {
    problems.push('credentials: { accessKeyId, secretAccessKey, sessionToken? }, "default" or "anonymous"');
  } else if (typeof creds === 'string' && creds !== 'default' && creds !== 'anonymous') {
    problems.push('credentials: { accessKeyId, secretAccessKey, sessionToken? }, "default" or "anonymous"');
  }
  const auto = config.autoDownloadNewest ?? 0;
  if (!Number.isInteger(auto) || auto < 0) problems.push('autoDownloadNewest: an integer ≥ 0');
  const pageSize = config.listPageSize ?? 1000;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) problems.push('listPageSize: an integer from 1 to 1000');
  if (problems.length) throw new SourceError('BAD_CONFIG', `invalid S3 source: ${problems.join('; ')}`, { problems });

  const prefix = normalisePrefix(config.prefix);
  return {
    id: config.id ?? `s3:${config.bucket}/${prefix}`,
    bucket: config.bucket,
    prefix,
    directories: directories.map((d) => d.replace(/^\/+|\/+$/g, '')),
    region: config.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle ?? config.endpoint !== undefined,
    credentials: creds,
    profile: config.profile,
    requesterPays: config.requesterPays ?? false,
    pollIntervalMs: poll,
    sweepIntervalMs: sweep,
    autoDownloadNewest: auto,
    listPageSize: pageSize,
  };
}

/** The configuration as shown in the UI and logs: secret keys never leave the host. */
export function redactS3Config(config: ResolvedS3Config): Omit<ResolvedS3Config, 'credentials'> & { credentials: 'default' | 'anonymous' | { accessKeyId: string; secretAccessKey: '***'; sessionToken?: '***' } } {
  const { credentials, ...rest } = config;
  if (typeof credentials === 'string') return { ...rest, credentials };
  return {
    ...rest,
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: '***',
      ...(credentials.sessionToken ? { sessionToken: '***' as const } : {}),
    },
  };
}

/**
 * The SDK client. 'default' leaves credentials to the SDK's provider chain (env vars,
 * AWS_PROFILE / `profile`, shared config and credentials files, SSO, web identity,
 * container and instance roles); 'anonymous' sends unsigned requests (public buckets).
 */
export function createS3Client(config: ResolvedS3Config): S3Client {
  const options: S3ClientConfig = {
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    // Our own poll loop backs off; one SDK retry smooths single hiccups without hiding outages.
    maxAttempts: 2,
    // Checksums only where S3 requires them: S3-compatible stores often lack the newer ones.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
  if (config.profile) options.profile = config.profile;
  if (config.credentials === 'anonymous') {
    options.credentials = { accessKeyId: '', secretAccessKey: '' };
    options.signer = { sign: async (request) => request };
  } else if (typeof config.credentials === 'object') {
    options.credentials = { ...config.credentials };
  }
  return new S3Client(options);
}

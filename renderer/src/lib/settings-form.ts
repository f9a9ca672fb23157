/**
 * The settings form's fields, their client-side validation (clear messages before any round
 * trip) and the mapping of host validation errors back onto fields.
 */
import type { S3Config, FolderConfig, Settings } from '../api/contract';

export interface SettingsForm {
  s3Enabled: boolean;
  bucket: string;
  prefix: string;
  directories: string;
  endpoint: string;
  region: string;
  profile: string;
  anonymous: boolean;
  folders: string;
  pollIntervalS: string;
  cacheMb: string;
  autoDownload: boolean;
}

export type FormErrors = Partial<Record<keyof SettingsForm, string>>;

export function emptyForm(): SettingsForm {
  return {
    s3Enabled: false, bucket: '', prefix: '', directories: 'data', endpoint: '', region: '', profile: '',
    anonymous: false, folders: '', pollIntervalS: '5', cacheMb: '2048', autoDownload: false,
  };
}

export function formFrom(settings: Settings, s3: Record<string, unknown> | null, folders: string[]): SettingsForm {
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  return {
    s3Enabled: !!s3,
    bucket: str(s3?.bucket),
    prefix: str(s3?.prefix),
    directories: Array.isArray(s3?.directories) ? (s3!.directories as string[]).join(', ') : 'data',
    endpoint: str(s3?.endpoint),
    region: str(s3?.region),
    profile: str(s3?.profile),
    anonymous: s3?.credentials === 'anonymous',
    folders: folders.join('\n'),
    pollIntervalS: String(settings.pollIntervalS),
    cacheMb: String(Math.round(settings.cacheBytes / (1024 * 1024))),
    autoDownload: settings.autoDownload,
  };
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function validateForm(f: SettingsForm): FormErrors {
  const e: FormErrors = {};
  if (f.s3Enabled) {
    if (!f.bucket.trim()) e.bucket = 'Enter the bucket name.';
    else if (!BUCKET.test(f.bucket.trim())) e.bucket = 'A bucket name has 3–63 lower-case letters, digits, dots or hyphens.';
    if (f.endpoint.trim()) {
      let ok = false;
      try {
        const u = new URL(f.endpoint.trim());
        ok = (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname;
      } catch {
        ok = false;
      }
      if (!ok) e.endpoint = 'The endpoint must be a URL like http://127.0.0.1:9000 or https://s3.example.org.';
    }
    if (f.region.trim() && !/^[a-z0-9-]+$/.test(f.region.trim())) e.region = 'A region looks like us-east-1.';
    if (!directoriesOf(f).length) e.directories = 'Watch at least one directory (e.g. data).';
  }
  const poll = Number(f.pollIntervalS);
  if (!Number.isFinite(poll) || poll < 0.2 || poll > 3600) e.pollIntervalS = 'Poll interval: a number of seconds from 0.2 to 3600.';
  const cache = Number(f.cacheMb);
  if (!Number.isFinite(cache) || cache < 16) e.cacheMb = 'Cache size: at least 16 MB.';
  return e;
}

function directoriesOf(f: SettingsForm): string[] {
  return f.directories.split(',').map((d) => d.trim()).filter(Boolean);
}

export function sourcesRequest(f: SettingsForm): { s3: S3Config[]; folders: FolderConfig[] } {
  const s3: S3Config[] = [];
  if (f.s3Enabled) {
    const c: S3Config = { bucket: f.bucket.trim(), directories: directoriesOf(f) };
    if (f.prefix.trim()) c.prefix = f.prefix.trim();
    if (f.endpoint.trim()) {
      c.endpoint = f.endpoint.trim();
      c.forcePathStyle = true;
    }
    if (f.region.trim()) c.region = f.region.trim();
    if (f.profile.trim()) c.profile = f.profile.trim();
    if (f.anonymous) c.credentials = 'anonymous';
    s3.push(c);
  }
  const folders = f.folders.split('\n').map((p) => p.trim()).filter(Boolean).map((path) => ({ path }));
  return { s3, folders };
}

export function settingsRequest(f: SettingsForm): Partial<Settings> {
  return {
    pollIntervalS: Number(f.pollIntervalS),
    cacheBytes: Math.round(Number(f.cacheMb) * 1024 * 1024),
    autoDownload: f.autoDownload,
  };
}

const FIELD_ALIASES: Record<string, keyof SettingsForm> = {
  bucket: 'bucket', prefix: 'prefix', directories: 'directories', endpoint: 'endpoint', region: 'region',
  profile: 'profile', credentials: 'anonymous', path: 'folders', folders: 'folders',
  pollIntervalS: 'pollIntervalS', pollIntervalMs: 'pollIntervalS', cacheBytes: 'cacheMb', autoDownload: 'autoDownload',
};

/**
 * Host errors by form field: zod issues (`details.issues[].path`, or `details` as the issue
 * array) and INVALID_SOURCES problems (`details.problems[].field`). Unmatched messages go to ''.
 */
export function hostErrorsByField(details: unknown, fallbackMessage: string): FormErrors & { '': string[] } {
  const out: FormErrors & { '': string[] } = { '': [] };
  const put = (path: unknown, msg: unknown): void => {
    const text = typeof msg === 'string' ? msg : fallbackMessage;
    const parts = Array.isArray(path) ? path.map(String) : typeof path === 'string' ? path.split(/[.[\]]+/).filter(Boolean) : [];
    const field = [...parts].reverse().map((p) => FIELD_ALIASES[p]).find(Boolean);
    if (field) {
      if (!out[field]) out[field] = text;
    } else out[''].push(text);
  };
  const d = details as Record<string, unknown> | unknown[] | null | undefined;
  const list = Array.isArray(d) ? d : d && Array.isArray(d.issues) ? d.issues : d && Array.isArray(d.problems) ? d.problems : null;
  if (list) {
    for (const item of list) {
      if (item && typeof item === 'object') {
        const i = item as Record<string, unknown>;
        put(i.path ?? i.field, i.message);
      } else if (typeof item === 'string') put(null, item);
    }
  }
  if (!list || (out[''].length === 0 && Object.keys(out).length === 1)) out[''].push(fallbackMessage);
  return out;
}

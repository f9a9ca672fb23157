/**
 * Host configuration: one JSON settings file in the data directory (settings + configured
 * sources) and NIGHTDECK_* environment variables, which override the file. The file may
 * hold S3 keys, so it is written atomically with mode 0600 and never logged.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SettingsSchema, S3ConfigSchema, FolderConfigSchema, type Settings, type S3Config, type FolderConfig } from './api.js';
import { z } from 'zod';
import { HostError } from './errors.js';
import { defaultDecodedCacheBytes } from '../../native-workers/decoded-budget.js';

export const DEFAULT_SETTINGS: Settings = {
  pollIntervalS: 5,
  cacheBytes: 4 * 1024 ** 3,
  autoDownload: false,
  siteLongitudeDeg: -104.0147, // McDonald Observatory (HETDEX)
  notifyOnNewFrame: false,
  demoIntervalS: 5,
  autoAnalyse: true,
  samp: 'auto',
  decodedCacheBytes: defaultDecodedCacheBytes(),
};

export interface ConfiguredSources {
  s3: S3Config[];
  folders: FolderConfig[];
}

export interface SettingsFile {
  settings: Settings;
  sources: ConfiguredSources;
}

const FileSchema = z.object({
  settings: SettingsSchema.partial().optional(),
  sources: z
    .object({ s3: z.array(S3ConfigSchema).optional(), folders: z.array(FolderConfigSchema).optional() })
    .optional(),
});

/** NIGHTDECK_* variables and the setting each one overrides. */
export const ENV_SETTINGS: Record<string, { key: keyof Settings; parse: (v: string) => unknown }> = {
  NIGHTDECK_POLL_INTERVAL_S: { key: 'pollIntervalS', parse: Number },
  NIGHTDECK_CACHE_BYTES: { key: 'cacheBytes', parse: Number },
  NIGHTDECK_AUTO_DOWNLOAD: { key: 'autoDownload', parse: parseBoolean },
  NIGHTDECK_SITE_LONGITUDE: { key: 'siteLongitudeDeg', parse: Number },
  NIGHTDECK_NOTIFY: { key: 'notifyOnNewFrame', parse: parseBoolean },
  NIGHTDECK_DEMO_INTERVAL_S: { key: 'demoIntervalS', parse: Number },
  NIGHTDECK_AUTO_ANALYSE: { key: 'autoAnalyse', parse: parseBoolean },
  NIGHTDECK_DECODED_CACHE_BYTES: { key: 'decodedCacheBytes', parse: (v) => parseByteCount('NIGHTDECK_DECODED_CACHE_BYTES', v) },
};

const BYTE_UNITS: Record<string, number> = { '': 1, k: 1024, kib: 1024, m: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gib: 1024 ** 3 };

/** A byte count: an integer, optionally with a binary unit (`536870912`, `512MiB`, `1G`). */
export function parseByteCount(variable: string, v: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(v);
  const unit = m ? BYTE_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) {
    throw new HostError('BAD_SETTINGS', `${variable}: expected a byte count such as 536870912 or 512MiB, got '${v.slice(0, 40)}'`);
  }
  return Math.round(Number(m[1]) * unit);
}

function parseBoolean(v: string): boolean | string {
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  if (/^(0|false|no|off)$/i.test(v)) return false;
  return v; // left for the schema to refuse with a clear message
}

/** Reads the settings file (missing = defaults). A broken file is a typed error naming it. */
export function readSettingsFile(path: string): SettingsFile {
  let raw: unknown = {};
  if (existsSync(path)) {
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new HostError('BAD_SETTINGS', `settings file ${path} is not valid JSON: ${(err as Error).message}`);
    }
  }
  const parsed = FileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new HostError('BAD_SETTINGS', `settings file ${path} is invalid: ${problems.join('; ')}`, { problems });
  }
  return {
    settings: { ...DEFAULT_SETTINGS, ...parsed.data.settings },
    sources: { s3: parsed.data.sources?.s3 ?? [], folders: parsed.data.sources?.folders ?? [] },
  };
}

/** Applies NIGHTDECK_* overrides; an invalid value is a typed error naming the variable. */
export function applyEnvOverrides(settings: Settings, env: NodeJS.ProcessEnv = process.env): Settings {
  const out: Record<string, unknown> = { ...settings };
  for (const [name, { key, parse }] of Object.entries(ENV_SETTINGS)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    out[key] = parse(value);
  }
  const checked = SettingsSchema.safeParse(out);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const variable = Object.entries(ENV_SETTINGS).find(([, v]) => v.key === issue.path[0])?.[0] ?? String(issue.path[0]);
    throw new HostError('BAD_SETTINGS', `${variable}: ${issue.message}`);
  }
  return checked.data;
}

/** Atomic write (temporary file + rename), readable by the owner only. */
export function writeSettingsFile(path: string, file: SettingsFile): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(file, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, path);
}

/**
 * Structured logs (pino), one JSON line per event. Anything that could hold a secret is
 * censored by key name wherever it appears, so an S3 config or a request header can be
 * logged whole without leaking AWS keys or API keys.
 */
import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/** Key names whose values never reach a log line. */
export const SECRET_KEYS = [
  'secretAccessKey',
  'accessKeyId',
  'sessionToken',
  'credentials',
  'apiKey',
  'apikey',
  'authorization',
  'Authorization',
  'password',
  'token',
];

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const key of SECRET_KEYS) {
    paths.push(key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`);
  }
  return paths;
}

export interface LoggerOptions {
  level?: string;
  /** Where lines go (default stderr, so stdout stays for the CLI's own output). */
  destination?: DestinationStream;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  return pino(
    {
      name: 'nightdeck',
      level: opts.level ?? process.env.NIGHTDECK_LOG_LEVEL ?? 'info',
      redact: { paths: redactPaths(), censor: '[redacted]' },
      base: undefined,
    },
    opts.destination ?? pino.destination({ dest: 2, sync: true }),
  );
}

/** A logger that drops everything (tests, embedding). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** Removes secrets from a free-text message (e.g. an SDK error that echoes a header). */
export function scrubSecrets(text: string): string {
  return text
    .replace(/(FPS_API\s+APIKEY\s*=\s*)\S+/gi, '$1[redacted]')
    .replace(/(Bearer\s+)\S+/gi, '$1[redacted]')
    .replace(/\b(AKIA|ASIA)[A-Z0-9]{12,}\b/g, '[redacted]')
    .replace(/\bndk_[A-Za-z0-9_-]+/g, '[redacted]');
}

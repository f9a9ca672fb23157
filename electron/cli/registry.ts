import type { CliCommand } from './command.js';

/**
 * Every sub-command, loaded lazily so `nightdeck info` does not pay for the
 * S3 SDK or the HTTP server. Each module default-exports a `CliCommand`.
 */
export const commandLoaders: Record<string, () => Promise<{ default: CliCommand }>> = {
  info: () => import('./commands/info.js'),
  header: () => import('./commands/header.js'),
  stats: () => import('./commands/stats.js'),
  histogram: () => import('./commands/histogram.js'),
  profile: () => import('./commands/profile.js'),
  thumb: () => import('./commands/thumb.js'),
  color: () => import('./commands/color.js'),
  quality: () => import('./commands/quality.js'),
  fplane: () => import('./commands/fplane.js'),
  user: () => import('./commands/user.js'),
  serve: () => import('./commands/serve.js'),
  export: () => import('./commands/export.js'),
  wcs: () => import('./commands/wcs.js'),
  focus: () => import('./commands/focus.js'),
  grade: () => import('./commands/grade.js'),
};

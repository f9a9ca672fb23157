/**
 * Where NightDeck keeps what it writes. `NIGHTDECK_HOME` overrides the per-user
 * data directory for everything (database, cache, settings, logs, demo night),
 * so tests and portable installs never touch the real profile.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface DataPaths {
  /** The SQLite database file. */
  db: string;
  /** Downloaded frames and thumbnails. */
  cache: string;
  /** The settings JSON file. */
  settings: string;
  /** Log files. */
  logs: string;
  /** The generated demo night. */
  demo: string;
}

/** The data directory: `NIGHTDECK_HOME` if set (non-empty), else the platform's user data folder. */
export function resolveDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  const override = env.NIGHTDECK_HOME?.trim();
  if (override) return override;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'NightDeck');
  if (platform === 'win32') return join(env.APPDATA?.trim() || join(home, 'AppData', 'Roaming'), 'NightDeck');
  // Linux and other Unixes follow the XDG base directory convention.
  const xdg = env.XDG_CONFIG_HOME?.trim();
  return join(xdg || join(home, '.config'), 'nightdeck');
}

/** The fixed layout inside a data directory. */
export function dataPaths(dir: string): DataPaths {
  return {
    db: join(dir, 'nightdeck.db'),
    cache: join(dir, 'cache'),
    settings: join(dir, 'settings.json'),
    logs: join(dir, 'logs'),
    demo: join(dir, 'demo'),
  };
}

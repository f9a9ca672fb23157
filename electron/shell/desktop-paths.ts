/**
 * Where the desktop app keeps its own files inside the NightDeck data directory. Chromium's
 * profile (userData) gets a folder of its own: by default Electron would use
 * `<appData>/<name>`, which is the data directory itself on case-insensitive file systems,
 * and `NIGHTDECK_HOME` would not move it (tests would share the real profile and lock).
 */
import { join } from 'node:path';
import { dataPaths } from '../host/paths.js';

export interface DesktopPaths {
  /** Chromium's profile, the single-instance lock included (app.setPath('userData')). */
  chromiumProfile: string;
  windowState: string;
  logFile: string;
}

export function desktopPaths(dataDir: string): DesktopPaths {
  return {
    chromiumProfile: join(dataDir, 'chromium'),
    windowState: join(dataDir, 'window-state.json'),
    logFile: join(dataPaths(dataDir).logs, 'desktop.log'),
  };
}

/**
 * What the desktop app does when its start fails (a native-module mismatch, a locked
 * database, an unwritable data directory): say why in a dialog, then exit, so no window-less
 * process keeps the single-instance lock. Electron's functions are injected so this is
 * tested under plain Node.
 */

export interface StartupFailureDeps {
  showErrorBox(title: string, content: string): void;
  exit(code: number): void;
  log?(error: { code: string; message: string }): void;
}

export interface ErrorSummary {
  code: string;
  message: string;
}

/** Hints for the failures a user can fix without reading a stack trace. */
function hintFor(code: string, message: string): string | null {
  if (code === 'ERR_DLOPEN_FAILED' || /NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(message)) {
    return 'A native module was built for another runtime: run `rm -rf .electron-native && npm start` (development) or reinstall the app.';
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return 'The database is locked: is another NightDeck (or `nightdeck serve`) using the same data directory?';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'The data directory is not writable: check its permissions or set NIGHTDECK_HOME to a writable folder.';
  if (code === 'ENOSPC') return 'The disk is full.';
  return null;
}

/** The code and message of anything thrown (a string `code` is kept; anything else is STARTUP_FAILED). */
export function describeError(err: unknown): ErrorSummary {
  const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : 'STARTUP_FAILED';
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : JSON.stringify(err) ?? String(err);
  return { code, message: message || '(no message)' };
}

/** The dialog's text: the code and message first, then a hint when there is one. */
export function startupFailureText(error: ErrorSummary): string {
  const hint = hintFor(error.code, error.message);
  return `${error.code}: ${error.message}${hint ? `\n\n${hint}` : ''}`;
}

/** Runs `start`; on failure shows the error box and exits with status 1. Never rejects. */
export async function runStartup(start: () => Promise<void>, deps: StartupFailureDeps): Promise<boolean> {
  try {
    await start();
    return true;
  } catch (err) {
    const error = describeError(err);
    try {
      deps.log?.(error);
    } catch {
      // a broken logger must not keep the app from exiting
    }
    try {
      deps.showErrorBox('NightDeck could not start', startupFailureText(error));
    } catch {
      // no display for a dialog: the log line above is all there is
    }
    deps.exit(1);
    return false;
  }
}

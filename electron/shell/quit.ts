/**
 * The quit sequence. 'before-quit' is cancelled once so the host can stop its pollers,
 * database and workers; `app.exit` then closes the windows without their 'close' event,
 * so the window state is saved here, before anything else.
 */

export interface QuitDeps {
  /** Saves the main window's bounds if there is a window (may throw: logged, not fatal). */
  saveWindowState(): void;
  closeHost(): Promise<void>;
  exit(code: number): void;
  log?(message: string, err: unknown): void;
}

/** The 'before-quit' listener: the first call prevents the quit, saves, closes the host, then exits. */
export function createBeforeQuitHandler(deps: QuitDeps): (event: { preventDefault(): void }) => void {
  let closing = false;
  return (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    try {
      deps.saveWindowState();
    } catch (err) {
      deps.log?.('could not save the window state', err);
    }
    let closed: Promise<void>;
    try {
      closed = deps.closeHost();
    } catch (err) {
      closed = Promise.reject(err);
    }
    closed
      .then(
        () => deps.exit(0),
        (err) => {
          deps.log?.('the host did not close cleanly', err);
          deps.exit(0);
        },
      );
  };
}

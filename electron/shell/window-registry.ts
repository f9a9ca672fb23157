/**
 * The app's own windows, by webContents id. The id is read once, when the window is
 * created: by the time a window's 'closed' event fires its webContents is destroyed, and
 * reading `win.webContents.id` then throws "Object has been destroyed".
 */
export class WindowRegistry<W> {
  private readonly ids = new Set<number>();
  private main: W | null = null;

  /** The ids the IPC trust policy accepts (live view, not a copy). */
  get ownWebContentsIds(): ReadonlySet<number> {
    return this.ids;
  }

  /** The current main window, or null once it has closed. */
  get current(): W | null {
    return this.main;
  }

  /**
   * Records a new main window and returns its 'closed' handler, which uses the id kept
   * here and never touches the (destroyed) window.
   */
  register(win: W, webContentsId: number): () => void {
    this.ids.add(webContentsId);
    this.main = win;
    return () => {
      this.ids.delete(webContentsId);
      if (this.main === win) this.main = null;
    };
  }
}

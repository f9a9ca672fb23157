/**
 * In the packaged desktop app the code sits in Electron's `app.asar` archive, whose files a
 * worker thread cannot count on reading. Whatever a worker thread loads by path is taken
 * from the unpacked copy electron-builder keeps beside it in `app.asar.unpacked`
 * (build/unpack-rules.cjs unpacks the workers and everything they import). Paths outside an
 * archive are returned unchanged.
 */
export function outsideAsarPath(path: string): string {
  return path.replace(/([\\/])app\.asar(?=[\\/])/, '$1app.asar.unpacked');
}

/**
 * The regions the console keeps per frame, across reloads and restarts: one DS9 region file (in
 * image coordinates) per frame under `<data dir>/regions/`, named by a hash of the frame's source
 * and key so a rebuilt catalogue finds them again. Writes are atomic (temporary file + rename).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class RegionStore {
  constructor(private readonly dir: string) {}

  private pathOf(frame: { source: string; key: string }): string {
    const name = createHash('sha256').update(`${frame.source}\0${frame.key}`).digest('hex').slice(0, 32);
    return join(this.dir, `${name}.reg`);
  }

  get(frame: { source: string; key: string }): string | null {
    try {
      return readFileSync(this.pathOf(frame), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /** Stores the text; an empty text forgets the frame's regions. */
  set(frame: { source: string; key: string }, text: string): void {
    const path = this.pathOf(frame);
    if (text.trim() === '') {
      rmSync(path, { force: true });
      return;
    }
    mkdirSync(this.dir, { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, text, { mode: 0o600 });
    renameSync(tmp, path);
  }
}

/** The package's name and version, found by walking up from this module (works from sources and dist/). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: { name: string; version: string } | null = null;

export function packageVersion(): { name: string; version: string } {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'nightdeck') return (cached = { name: pkg.name, version: pkg.version ?? '0.0.0' });
      } catch {
        // keep walking
      }
    }
    dir = dirname(dir);
  }
  return (cached = { name: 'nightdeck', version: '0.0.0' });
}

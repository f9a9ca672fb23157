/**
 * Runs reference computations in Debian's Python (astropy, numpy, scipy, skimage),
 * which nobody on this project wrote. A missing package fails the test with the
 * name of the Debian package to install (`.ci/run` installs them).
 */
import { spawnSync } from 'node:child_process';

export const PYTHON = process.env.NIGHTDECK_PYTHON ?? '/usr/bin/python3';

const debianPackage: Record<string, string> = {
  astropy: 'python3-astropy',
  numpy: 'python3-numpy',
  scipy: 'python3-scipy',
  skimage: 'python3-skimage',
};

/** Throws a clear error naming the Debian package when a module is missing. */
export function requirePython(...modules: string[]): void {
  for (const mod of modules) {
    const r = spawnSync(PYTHON, ['-c', `import ${mod}`], { encoding: 'utf8' });
    if (r.status !== 0) {
      throw new Error(
        `reference check needs Python module '${mod}': apt-get install -y ${debianPackage[mod] ?? mod} (${PYTHON})`,
      );
    }
  }
}

/** Runs a Python script with JSON on stdin and parses JSON from its stdout. */
export function runPython<T = unknown>(script: string, input: unknown = null, timeoutMs = 120_000): T {
  const r = spawnSync(PYTHON, ['-c', script], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** Throws a clear error when a command-line tool (fpack, funpack, ...) is missing. */
export function requireTool(tool: string, debianPkg: string): void {
  const r = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`reference check needs '${tool}': apt-get install -y ${debianPkg}`);
}

/**
 * Runs several `nightdeck` commands through the CLI's real `main` in ONE child process (each with
 * its own captured stdout/stderr): the same dispatcher and commands, without paying Node + tsx
 * start-up per command.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function cliBatch(commands: string[][]): CliResult[] {
  const mainUrl = new URL('../../electron/cli/main.ts', import.meta.url).href;
  const script = `
import { main } from ${JSON.stringify(mainUrl)};
const results = [];
const out = process.stdout.write.bind(process.stdout);
const err = process.stderr.write.bind(process.stderr);
for (const argv of ${JSON.stringify(commands)}) {
  let stdout = '', stderr = '';
  process.stdout.write = (c) => { stdout += c; return true; };
  process.stderr.write = (c) => { stderr += c; return true; };
  let status;
  try { status = await main(argv); } finally { process.stdout.write = out; process.stderr.write = err; }
  results.push({ status, stdout, stderr });
}
out(JSON.stringify(results));
`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`CLI batch failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as CliResult[];
}

#!/usr/bin/env node
/**
 * `nightdeck` command line: dispatches to one module per command and turns
 * every failure into one clear line on stderr (code and message) with a
 * non-zero exit status; the stack only with --debug.
 */
import { commandLoaders } from './registry.js';
import { UsageError, type CliIo } from './command.js';
import { packageVersion } from '../host/version.js';

const io: CliIo = {
  stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : text + '\n'),
  stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
};

function errorCode(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    return (err as { code: string }).code;
  }
  return 'ERROR';
}

async function printHelp(): Promise<void> {
  io.stdout('Usage: nightdeck <command> [options]   (nightdeck help <command> for details)');
  io.stdout('       nightdeck --version | -V          prints the version\n');
  for (const name of Object.keys(commandLoaders)) {
    try {
      const cmd = (await commandLoaders[name]!()).default;
      io.stdout(`  ${name.padEnd(10)} ${cmd.summary}`);
    } catch {
      // A command whose module is not built yet is simply not listed.
    }
  }
}

export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const name = args[0];
  if (name === '--version' || name === '-V') {
    io.stdout(packageVersion().version);
    return 0;
  }
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const topic = args[1];
    if (topic && commandLoaders[topic]) {
      io.stdout((await commandLoaders[topic]!()).default.usage);
      return 0;
    }
    await printHelp();
    return name ? 0 : 2;
  }
  const loader = commandLoaders[name];
  if (!loader) {
    io.stderr(`USAGE: unknown command '${name}' (try: nightdeck help)`);
    return 2;
  }
  let command;
  try {
    command = (await loader()).default;
  } catch (err) {
    io.stderr(`NOT_AVAILABLE: the '${name}' command is not available in this build`);
    if (debug) io.stderr(String((err as Error).stack ?? err));
    return 2;
  }
  try {
    return await command.run(args.slice(1), io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`USAGE: ${err.message}`);
      io.stderr(command.usage);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(`${errorCode(err)}: ${message}`);
    if (debug && err instanceof Error && err.stack) io.stderr(err.stack);
    return 1;
  }
}

// Run directly (`npx tsx electron/cli/main.ts`, `node dist/electron/cli/main.js`); bin/nightdeck.mjs calls main() itself.
const isEntry = process.argv[1] && /electron[\\/]cli[\\/]main\.(ts|js)$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      io.stderr(`ERROR: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    },
  );
}

import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * The shape every `nightdeck` sub-command has. Each command lives in its own
 * module under `electron/cli/commands/` and is registered in `registry.ts`.
 */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface CliCommand {
  /** One line for `nightdeck help`. */
  summary: string;
  /** Usage text shown for `nightdeck help <command>` and on a usage error. */
  usage: string;
  /** Runs the command; resolves to the process exit status. Throw to report an error. */
  run(argv: string[], io: CliIo): Promise<number>;
}

/** A mistake in how the command was called: printed with the usage, exit status 2. */
export class UsageError extends Error {
  readonly code = 'USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * node:util parseArgs, with a mistake in the arguments (unknown option, missing value)
 * turned into a UsageError so the user sees the usage instead of a stack.
 */
export function parseCommandArgs<const T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

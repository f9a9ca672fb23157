// Types of desktop-tooling.mjs for the TypeScript tests that import it.
export declare const DESKTOP_MIN_NODE: string;
export declare function versionAtLeast(version: string, minimum: string): boolean;
export declare function nodeVersionProblem(script: string, version?: string, env?: NodeJS.ProcessEnv): string | null;
export declare function npmInvocation(
  args: string[],
  env?: NodeJS.ProcessEnv,
  platform?: NodeJS.Platform,
  execPath?: string,
): { command: string; args: string[]; shell: boolean };
export declare function electronBinaryCandidates(resolved: string, platform?: NodeJS.Platform): string[];
export declare function findElectronBinary(resolved: string, platform?: NodeJS.Platform, exists?: (path: string) => boolean): string | null;
export declare function isSandboxFailure(stderr: string, platform?: NodeJS.Platform): boolean;
export declare function sandboxRemedy(electronBinary: string): string;
export declare function distTargets(args: string[], platform?: NodeJS.Platform): { args: string[]; error?: undefined } | { error: string; args?: undefined };
export declare function installedElectronBinary(electronDir: string, env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): string | null;
export declare function hasDisplay(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): boolean;
export declare function electronE2eSkipReason(electronDir: string, env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): string | null;

import type { Command } from 'commander';
import type { CommandOutput } from '../cli/command-output';
import type { RunnerConfig } from '../config/runner-config';

/** What every command action receives. */
export interface CommandContext {
  out: CommandOutput;
  /** The validated product configuration, read once from the environment. */
  config: () => RunnerConfig;
  /** Receives the exit code the action decided on (0 when never set). */
  setExitCode: (code: number) => void;
}

/** Services the CLI needs from its host process: injectable for tests. */
export interface CliHost {
  env: Readonly<Record<string, string | undefined>>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Positional arguments and parsed options of one command invocation. */
export interface CommandInput {
  /** Positional arguments, in declaration order. */
  args: unknown[];
  /** Parsed options (including `json`). */
  opts: Record<string, unknown>;
}

/** The body of a command: does the work, writes through `ctx.out`, sets the exit code. */
export type CommandAction = (ctx: CommandContext, input: CommandInput) => Promise<void>;

/** Wraps a {@link CommandAction} into a commander action with error handling and `--json`. */
export type ActionRunner = (action: CommandAction) => (...args: unknown[]) => Promise<void>;

/** Adds the `--json` flag every command accepts. */
export function withJson(cmd: Command): Command {
  return cmd.option('--json', 'print one JSON object on stdout (human text goes to stderr)', false);
}

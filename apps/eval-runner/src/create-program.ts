import { Command, CommanderError } from 'commander';
import { classifyError } from './cli/cli-error';
import { CommandOutput } from './cli/command-output';
import { ExitCode } from './cli/exit-codes';
import type { ActionRunner, CliHost, CommandContext } from './commands/command-context';
import { loadRunnerConfig, type RunnerConfig } from './config/runner-config';
import { COMMANDS } from './commands/command-registry';

/** Builds the commander program; `state.exitCode` receives each action's outcome. */
export function createProgram(host: CliHost, state: { exitCode: number }): Command {
  const program = new Command('eval-runner')
    .description(
      'Cited: evaluate, optimize, register, promote and roll back question-answering programs',
    )
    .version(PACKAGE_VERSION_TEXT, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => host.stdout.write(s),
      writeErr: (s) => host.stderr.write(s),
    })
    // Subcommand options such as `dataset manifest --version <v>` must not hit the root `--version`.
    .enablePositionalOptions()
    .exitOverride();

  let config: RunnerConfig | undefined;
  const run: ActionRunner =
    (action) =>
    async (...args) => {
      const cmd = args[args.length - 1] as Command;
      const opts = cmd.optsWithGlobals();
      const out = new CommandOutput(
        opts['json'] === true,
        host.stdout as never,
        host.stderr as never,
      );
      const ctx: CommandContext = {
        out,
        config: () => (config ??= loadRunnerConfig(host.env)),
        setExitCode: (code) => {
          state.exitCode = code;
        },
      };
      try {
        await action(ctx, { args: args.slice(0, -2), opts });
      } catch (error) {
        const { exitCode, code, message } = classifyError(error);
        state.exitCode = exitCode;
        out.note(`error: ${message}`);
        if (!out.hasResult) out.result({ ok: false, error: { code, message } });
      }
    };

  for (const register of COMMANDS) register(program, run);
  // Commander applies these only to commands created before the call.
  for (const cmd of allCommands(program))
    cmd.exitOverride().showHelpAfterError('(run with --help for usage)');
  return program;
}

function allCommands(cmd: Command): Command[] {
  return cmd.commands.flatMap((c) => [c, ...allCommands(c)]);
}

/** Runs the CLI with `argv` (as in `process.argv`) and resolves to the exit code. */
export async function runCli(argv: string[], host: CliHost): Promise<number> {
  const state = { exitCode: ExitCode.Ok as number };
  const program = createProgram(host, state);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      ) {
        return ExitCode.Ok;
      }
      return ExitCode.BadInput;
    }
    throw error;
  }
  return state.exitCode;
}

const PACKAGE_VERSION_TEXT = '0.1.0';

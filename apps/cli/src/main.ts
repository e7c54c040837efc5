import { homedir } from 'node:os';
import { type CliOptions, type CommandLine, parseCommandLine } from './args.js';
import type { CommandName } from './cli-spec.js';
import { comments } from './commands/comments.js';
import { login } from './commands/login.js';
import { logout } from './commands/logout.js';
import { ls } from './commands/ls.js';
import { upload } from './commands/upload.js';
import { whoami } from './commands/whoami.js';
import { type CliConfig, type CliEnvironment, resolveConfig } from './config.js';
import type { CommandContext, TextOutput } from './context.js';
import { VERSION } from './context.js';
import { type AuthKind, secretsIn } from './credentials.js';
import { ExitCode, type ExitCodeValue, hintOf, UsageError } from './errors.js';
import { commandHelp, generalHelp, usageLine } from './help.js';
import { describeError } from './report-error.js';

const HANDLERS: Readonly<Record<CommandName, (context: CommandContext) => Promise<void>>> = {
  login,
  logout,
  whoami,
  ls,
  comments,
  upload,
};

/** What `fio` runs with: the process's, or fakes. */
export interface Runtime {
  readonly env: CliEnvironment;
  readonly stdout: TextOutput;
  readonly stderr: TextOutput;
  /** Aborted on Ctrl+C. */
  readonly signal: AbortSignal;
  readonly platform?: string;
  readonly home?: string;
  readonly now?: () => number;
}

function showHelp(line: CommandLine, runtime: Runtime): ExitCodeValue {
  const topic = line.command === 'help' ? line.positionals[0] : line.command;
  if (topic === undefined || topic === 'help') {
    runtime.stdout.write(`${generalHelp()}\n`);
    return ExitCode.ok;
  }
  // Parsed so that `fio help nope` reports an unknown command like `fio nope` does.
  const parsed = parseCommandLine([topic, '--help']);
  runtime.stdout.write(`${commandHelp(parsed.command as CommandName)}\n`);
  return ExitCode.ok;
}

/**
 * Runs `fio` with `argv` (the arguments after the script) and resolves to the exit code. Never throws:
 * every error is printed to stderr as `fio: <what happened and what to do>`.
 */
export async function main(argv: readonly string[], runtime: Runtime): Promise<ExitCodeValue> {
  let config: CliConfig | undefined;
  let authKind: AuthKind | undefined;
  let options: CliOptions | undefined;
  try {
    const line = parseCommandLine(argv);
    options = line.options;
    if (line.options.version) {
      runtime.stdout.write(`${VERSION}\n`);
      return ExitCode.ok;
    }
    if (line.command === 'help' || line.options.help) return showHelp(line, runtime);
    if (line.command === undefined) {
      runtime.stderr.write(`${generalHelp()}\n`);
      return ExitCode.usage;
    }
    config = resolveConfig(
      line.options,
      runtime.env,
      runtime.platform ?? process.platform,
      runtime.home ?? homedir(),
    );
    const context: CommandContext = {
      config,
      options: line.options,
      positionals: line.positionals,
      env: runtime.env,
      stdout: runtime.stdout,
      stderr: runtime.stderr,
      signal: runtime.signal,
      now: runtime.now ?? Date.now,
      useCredentials: (credentials) => {
        authKind = credentials.kind;
      },
    };
    await HANDLERS[line.command](context);
    return ExitCode.ok;
  } catch (error) {
    const report = describeError(error, {
      apiBase: config?.apiBase ?? options?.apiBase ?? '',
      imsBase: config?.imsBase ?? options?.imsBase ?? '',
      authKind,
      secrets: secretsIn(runtime.env),
      interrupted: runtime.signal.aborted,
    });
    runtime.stderr.write(`fio: ${report.message}\n`);
    const hint = hintOf(error);
    if (hint !== undefined) runtime.stderr.write(`  ${hint}\n`);
    if (error instanceof UsageError) {
      runtime.stderr.write(
        error.command
          ? `usage: ${usageLine(error.command as CommandName)}\nRun \`fio ${error.command} --help\` for details.\n`
          : 'Run `fio --help` for the commands and options.\n',
      );
    }
    return report.exitCode;
  }
}

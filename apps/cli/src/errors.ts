/**
 * Exit codes of `fio` (documented in the README): scripts branch on them, so they never change meaning.
 * 130 follows the shell convention for a process stopped by SIGINT (128 + 2).
 */
export const ExitCode = {
  /** The command did what was asked. */
  ok: 0,
  /** Anything else went wrong (the message says what). */
  failure: 1,
  /** The command line is wrong: unknown command or option, missing argument, bad value. */
  usage: 2,
  /** Not signed in, session expired, credentials refused by Adobe IMS or Frame.io. */
  auth: 3,
  /** Frame.io refused access (403) or the thing does not exist (404). */
  access: 4,
  /** Frame.io, Adobe IMS or the upload storage could not be reached. */
  network: 5,
  /** Stopped with Ctrl+C. */
  interrupted: 130,
} as const;

/** One of the {@link ExitCode} values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error whose message is ready for the user and that ends `fio` with `exitCode`. */
export class CliError extends Error {
  override readonly name: string = 'CliError';
  /** The process exit code this error ends `fio` with. */
  readonly exitCode: ExitCodeValue;

  constructor(message: string, exitCode: ExitCodeValue = ExitCode.failure, options?: { cause?: unknown }) {
    super(message, options);
    this.exitCode = exitCode;
  }
}

/** The command line is wrong; `fio` prints the message and the usage of `command` (exit 2). */
export class UsageError extends CliError {
  override readonly name: string = 'UsageError';
  /** The command whose usage to show, if known. */
  readonly command: string | undefined;

  constructor(message: string, command?: string) {
    super(message, ExitCode.usage);
    this.command = command;
  }
}

// What to do next, for errors `fio` did not create (an UploadError, say): kept beside the error rather than
// in a wrapper, so the exit code is still chosen from the original error.
const hints = new WeakMap<object, string>();

/** Adds a line that `fio` prints after the error's message; returns `error` to rethrow. */
export function attachHint(error: unknown, hint: string): unknown {
  if (typeof error === 'object' && error !== null) hints.set(error, hint);
  return error;
}

/** The hint attached to `error`, if any. */
export function hintOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? hints.get(error) : undefined;
}

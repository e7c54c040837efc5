import { readFileSync } from 'node:fs';
import { createFrameioClient, type FrameioClient, type TokenSource } from '@frameio-v4/api';
import type { CliOptions } from './args.js';
import type { CliConfig, CliEnvironment } from './config.js';
import { type Credentials, resolveCredentials, selectAuthKind } from './credentials.js';

/** A writable text stream: process.stdout / process.stderr, or a fake. */
export interface TextOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Everything a command runs with. */
export interface CommandContext {
  readonly config: CliConfig;
  readonly options: CliOptions;
  readonly positionals: readonly string[];
  readonly env: CliEnvironment;
  /** Results (what scripts read). */
  readonly stdout: TextOutput;
  /** Progress, prompts, warnings and errors. */
  readonly stderr: TextOutput;
  /** Aborted on Ctrl+C. */
  readonly signal: AbortSignal;
  /** Clock in epoch ms. */
  readonly now: () => number;
  /** Records the credentials in use, so errors can give advice for them. */
  useCredentials(credentials: Credentials): void;
}

/** The version in package.json, for `--version` and the User-Agent. */
export const VERSION: string = (() => {
  try {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
})();

/** An API client for `auth` against the configured API root. */
export function apiClient(context: CommandContext, auth: TokenSource): FrameioClient {
  return createFrameioClient({ auth, baseUrl: context.config.apiBase, userAgent: `fio/${VERSION}` });
}

/** The chosen credentials (`--s2s`, `--legacy-token`, `FIO_AUTH` or the stored login) and a client for them. */
export function connect(context: CommandContext): { client: FrameioClient; credentials: Credentials } {
  const kind = selectAuthKind(context.options, context.env);
  const credentials = resolveCredentials(kind, context.config, context.env, context.options, (message) =>
    context.stderr.write(`fio: warning: ${message}\n`),
  );
  context.useCredentials(credentials);
  return { client: apiClient(context, credentials.source), credentials };
}

/** Prints `value` as one JSON document on stdout. */
export function printJson(context: CommandContext, value: unknown): void {
  context.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

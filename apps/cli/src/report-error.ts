import { FrameioApiError, UploadAbortedError, UploadError, UploadPartError } from '@frameio-v4/api';
import { AuthError, ImsError, ReauthenticationRequiredError, scrubSecrets } from '@frameio-v4/auth-core';
import { InvalidLegacyTokenError } from '@frameio-v4/auth-legacy';
import type { AuthKind } from './credentials.js';
import { CliError, ExitCode, type ExitCodeValue } from './errors.js';

/** What `fio` knows when it reports an error. */
export interface ErrorContext {
  readonly apiBase: string;
  readonly imsBase: string;
  /** The credentials the command used, if it got that far. */
  readonly authKind: AuthKind | undefined;
  /** Values scrubbed from the message whatever happens (client secret, legacy token). */
  readonly secrets: readonly string[];
  /** Whether the user pressed Ctrl+C. */
  readonly interrupted: boolean;
}

/** The message and exit code for an error. */
export interface ErrorReport {
  readonly exitCode: ExitCodeValue;
  /** The message for stderr, without the `fio: ` prefix; free of secrets. */
  readonly message: string;
}

// Socket-level failures: the server could not be reached at all (Node / undici error codes).
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

const NETWORK_CODE_WORDS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
  UND_ERR_SOCKET: 'connection closed',
};

/** The first Node error code in the error's cause chain (undici wraps the socket error in `cause`). */
function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A fetch that failed below HTTP: undici throws `TypeError('fetch failed')` with the socket error as cause. */
function isNetworkFailure(error: unknown): boolean {
  return (
    networkCode(error) !== undefined || (error instanceof TypeError && /fetch failed/i.test(error.message))
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function unreachable(host: string, check: string, error: unknown): string {
  const code = networkCode(error);
  const why = code ? ` (${NETWORK_CODE_WORDS[code] ?? code})` : '';
  return `cannot reach ${host}${why}: check ${check}`;
}

function isAbort(error: unknown): boolean {
  return (
    error instanceof UploadAbortedError ||
    (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError')
  );
}

function reauthentication(error: ReauthenticationRequiredError, context: ErrorContext): string {
  if (error.code === 'not_signed_in') {
    return (
      'not signed in: run `fio login` (or use --s2s / --legacy-token)\n' +
      `  No sign-in is stored for Adobe IMS at ${context.imsBase}.`
    );
  }
  const why =
    error.code === 'no_refresh_token'
      ? 'The access token expired, and this credential gets no refresh token to renew it.'
      : 'Adobe IMS no longer accepts the stored sign-in: it expired, was revoked, or was signed out elsewhere.';
  return `session expired: run \`fio login\`\n  ${why}`;
}

function apiError(error: FrameioApiError, context: ErrorContext): ErrorReport {
  if (error.status === 401) {
    const advice: Record<AuthKind, string> = {
      login: 'If your sign-in was revoked, run `fio login` again.',
      s2s: 'Check FRAMEIO_CLIENT_ID / FRAMEIO_CLIENT_SECRET and the credential in the Adobe Developer Console.',
      'legacy-token':
        'Check FRAMEIO_TOKEN, or move to `fio login` / --s2s if the account no longer takes it.',
    };
    const extra = context.authKind ? `\n  ${advice[context.authKind]}` : '';
    return { exitCode: ExitCode.auth, message: `${error.message}${extra}` };
  }
  if (error.status === 403 || error.status === 404) {
    return { exitCode: ExitCode.access, message: error.message };
  }
  return { exitCode: ExitCode.failure, message: error.message };
}

function classify(error: unknown, context: ErrorContext): ErrorReport {
  if (error instanceof CliError) return { exitCode: error.exitCode, message: error.message };
  if (context.interrupted || isAbort(error)) {
    const resumable =
      error instanceof UploadAbortedError && error.fileId
        ? ` (the partly uploaded file ${error.fileId} stays in Frame.io)`
        : '';
    return { exitCode: ExitCode.interrupted, message: `interrupted${resumable}` };
  }
  if (error instanceof ReauthenticationRequiredError) {
    return { exitCode: ExitCode.auth, message: reauthentication(error, context) };
  }
  if (error instanceof ImsError) {
    if (error.status === 0 && (error.error === 'network_error' || error.error === 'timeout')) {
      return {
        exitCode: ExitCode.network,
        message: `${unreachable(`Adobe IMS at ${hostOf(context.imsBase)}`, '--ims-base / your network', error.cause)}\n  ${error.message}`,
      };
    }
    // 429 / 5xx after the retries: IMS is having trouble, not a problem with the credentials.
    return { exitCode: error.retryable ? ExitCode.failure : ExitCode.auth, message: error.message };
  }
  if (error instanceof AuthError) {
    // LoopbackTimeoutError, StateMismatchError, invalid options, token store problems: the message says why.
    const exitCode =
      error.code === 'invalid_options'
        ? ExitCode.usage
        : error.code.startsWith('token_store')
          ? ExitCode.failure
          : ExitCode.auth;
    return { exitCode, message: error.message };
  }
  if (error instanceof InvalidLegacyTokenError) {
    return { exitCode: ExitCode.auth, message: `FRAMEIO_TOKEN cannot be used: ${error.message}` };
  }
  if (error instanceof FrameioApiError) return apiError(error, context);
  if (error instanceof UploadPartError && error.status === undefined) {
    return {
      exitCode: ExitCode.network,
      message: `${unreachable(`the upload storage at ${hostOf(error.url)}`, 'your network or proxy', error.cause)}\n  ${error.message}`,
    };
  }
  if (error instanceof UploadError) return { exitCode: ExitCode.failure, message: error.message };
  if (isNetworkFailure(error)) {
    return {
      exitCode: ExitCode.network,
      message: unreachable(`Frame.io at ${hostOf(context.apiBase)}`, '--api-base / your network', error),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    exitCode: ExitCode.failure,
    message: `unexpected error: ${message}\n  If it persists, report it with the command you ran.`,
  };
}

/**
 * Turns any error into the message and exit code `fio` ends with: 3 for sign-in and credential problems,
 * 4 for 403/404, 5 when a server cannot be reached, 2 for usage, 130 for Ctrl+C, else 1. Every message is
 * scrubbed of the secrets `fio` knows (the libraries' own messages already carry none).
 */
export function describeError(error: unknown, context: ErrorContext): ErrorReport {
  const report = classify(error, context);
  return { exitCode: report.exitCode, message: scrubSecrets(report.message, context.secrets) };
}

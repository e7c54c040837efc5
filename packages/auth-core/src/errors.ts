import { scrubSecrets } from './redact.js';

/** Options shared by every {@link AuthError}. */
export interface AuthErrorOptions {
  /** Stable, machine-readable code to branch on (e.g. `invalid_client`, `token_store_corrupt`). */
  code: string;
  /** The underlying error, if any. Never an object that holds a secret. */
  cause?: unknown;
}

/**
 * Base class of every error this package (and the auth flow packages built on it) throws. Branch on
 * {@link AuthError.code}; the message says what happened and what to do. Messages never contain a secret.
 */
export class AuthError extends Error {
  override readonly name: string = 'AuthError';
  /** Stable, machine-readable code. */
  readonly code: string;

  constructor(message: string, options: AuthErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
  }

  /** A log-friendly summary (`JSON.stringify(error)`), without `cause` or `stack`. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message };
  }
}

/** What the token-store layer could not do. */
export type TokenStoreErrorCode = 'token_store_corrupt' | 'token_store_io' | 'token_store_invalid_value';

/** Options for {@link TokenStoreError}. */
export interface TokenStoreErrorOptions {
  code: TokenStoreErrorCode;
  /** The file involved, for file-backed stores. */
  file?: string;
  cause?: unknown;
}

/**
 * A token store could not read, parse or write an entry. For a corrupt entry the message names the file and
 * says that deleting it forces a new sign-in.
 */
export class TokenStoreError extends AuthError {
  override readonly name: string = 'TokenStoreError';
  /** The file involved, for file-backed stores. */
  readonly file: string | undefined;

  constructor(message: string, options: TokenStoreErrorOptions) {
    super(message, options);
    this.file = options.file;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), file: this.file };
  }
}

/** Everything known about a failed IMS request; input of {@link ImsError} and {@link imsErrorFrom}. */
export interface ImsErrorInit {
  /** The OAuth / IMS error code (RFC 6749 §5.2), or `invalid_response`, `network_error`, `timeout`. */
  error: string;
  /** IMS's `error_description`, if any. Scrubbed of `secrets` before it is stored. */
  errorDescription?: string | undefined;
  /** HTTP status; 0 when no response arrived (network error, timeout). */
  status: number;
  /** Absolute URL of the IMS endpoint (no query string is ever shown). */
  endpoint: string;
  /** What was being done, for the message, e.g. `token request (grant_type=client_credentials)`. */
  operation?: string | undefined;
  /** The `grant_type` sent, if this was a token request. */
  grantType?: string | undefined;
  /** The scopes sent, if any (scopes are not secret; they are shown to help fix `invalid_scope`). */
  scopes?: readonly string[] | undefined;
  /** How many attempts were made in total (1 = no retry). Default 1. */
  attempts?: number | undefined;
  /** Whether trying again later may succeed. Default: network error, timeout, HTTP 429 or 5xx. */
  retryable?: boolean | undefined;
  /** The per-attempt timeout, for `timeout` messages. */
  timeoutMs?: number | undefined;
  /**
   * The whole message, replacing the generated "Adobe IMS … failed (HTTP …)" wording. For an error found
   * without a failed IMS response (nobody signed in, an error IMS put on the redirect): say what happened and
   * what to do. Scrubbed of `secrets` like the generated one.
   */
  message?: string | undefined;
  /** How long IMS asked us to wait (HTTP `Retry-After`), if it said. */
  retryAfterMs?: number | undefined;
  /**
   * Every secret the request carried (client secret, code, PKCE verifier, refresh token…). They are removed
   * from all text kept on the error and are not stored.
   */
  secrets?: readonly (string | undefined)[] | undefined;
  cause?: unknown;
}

function isTransientStatus(status: number): boolean {
  return status === 0 || status === 429 || status >= 500;
}

function originOf(endpoint: string): string {
  try {
    return new URL(endpoint).origin;
  } catch {
    return endpoint;
  }
}

function withoutQuery(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    return `${url.origin}${url.pathname}`;
  } catch {
    return endpoint.split('?')[0] ?? endpoint;
  }
}

const DEVELOPER_CONSOLE = 'the Adobe Developer Console (https://developer.adobe.com/console)';

/** What to do about an IMS failure; wording follows RFC 6749 §5.2 error meanings and Adobe IMS docs. */
function hintFor(init: ImsErrorInit, attempts: number): string {
  const tries = attempts === 1 ? 'once' : `${attempts} times`;
  switch (init.error) {
    case 'invalid_grant':
      return (
        'The authorization code or refresh token is invalid, expired, revoked or was already used. The user ' +
        'must sign in again: start a new sign-in (authorization) flow. Retrying this request cannot succeed.'
      );
    case 'invalid_client':
      return (
        `Check the client ID and client secret of the credential in ${DEVELOPER_CONSOLE} (your project → ` +
        'the OAuth credential); if the secret was rotated, use the new one.'
      );
    case 'invalid_scope': {
      const sent = init.scopes?.length ? `"${init.scopes.join(' ')}"` : 'none';
      return (
        `Scopes sent: ${sent}. Request only scopes enabled on the credential, and add or enable missing ones in ` +
        `${DEVELOPER_CONSOLE}: the Frame.io API must be added to the project. Server-to-server credentials ` +
        'use "openid AdobeID frame.s2s.all"; user credentials (Web App, Single-Page App, Native App) must not ' +
        'request "frame.s2s.all".'
      );
    }
    case 'invalid_request':
      return (
        'IMS found the request malformed or missing a parameter; see the description. Check that ' +
        "redirect_uri matches the credential's Redirect URI pattern, that a PKCE code_verifier is 43-128 " +
        'characters, and that the parameters this grant type requires are present.'
      );
    case 'unauthorized_client':
    case 'unsupported_grant_type':
      return (
        `This credential may not use grant_type "${init.grantType ?? 'unknown'}". Check the credential type ` +
        `in ${DEVELOPER_CONSOLE}: client_credentials needs an OAuth Server-to-Server credential; ` +
        'authorization_code and refresh_token need an OAuth user credential (Web App, Single-Page App or ' +
        'Native App), and only Web App credentials are issued refresh tokens.'
      );
    case 'access_denied':
      return (
        'Access was denied. Ask the user to sign in again and approve access; for server-to-server ' +
        "credentials, check the credential's product profiles in the Adobe Admin Console."
      );
    case 'unsupported_token_type':
      return (
        'IMS cannot revoke this kind of token. Pass token_type_hint "access_token" or "refresh_token" to ' +
        'match the token being revoked.'
      );
  }
  if (init.status === 429) {
    return (
      `Adobe IMS is throttling this client (tried ${tries}). Wait before trying again, and reuse cached ` +
      'tokens instead of requesting a new one per call: Adobe throttles integrations that mint too many tokens.'
    );
  }
  if (isTransientStatus(init.status)) {
    return (
      `Adobe IMS is unavailable or unreachable (tried ${tries}). Try again later; if it persists, check that ` +
      `this machine can reach ${originOf(init.endpoint)} (network, proxy, firewall) and ` +
      'https://status.adobe.com.'
    );
  }
  if (init.error === 'invalid_response') {
    return (
      'The response is not an OAuth 2.0 token or error response. Check that imsBaseUrl points to Adobe IMS ' +
      '(default https://ims-na1.adobelogin.com) and that no proxy rewrites the response.'
    );
  }
  return `Check the error description and the credential in ${DEVELOPER_CONSOLE}.`;
}

function describeStatus(init: ImsErrorInit): string {
  if (init.status !== 0) return `HTTP ${init.status}`;
  if (init.error === 'timeout') {
    return init.timeoutMs === undefined ? 'timed out' : `timed out after ${init.timeoutMs} ms`;
  }
  return 'network error, no HTTP response';
}

/**
 * Adobe IMS refused or failed a request (token, revoke). `error` is the OAuth error code (RFC 6749 §5.2) or
 * one of `invalid_response`, `network_error`, `timeout`; `status` is 0 when no response arrived. The
 * message names the endpoint, status and error and says what to do. Secrets the request sent are scrubbed.
 */
export class ImsError extends AuthError {
  override readonly name: string = 'ImsError';
  /** The OAuth / IMS error code, e.g. `invalid_client`; also available as {@link AuthError.code}. */
  readonly error: string;
  /** IMS's `error_description` (secrets removed), if any. */
  readonly errorDescription: string | undefined;
  /** HTTP status; 0 for a network error or timeout. */
  readonly status: number;
  /** Whether trying again later may succeed (network error, timeout, HTTP 429 or 5xx). */
  readonly retryable: boolean;
  /** How many attempts were made, including retries. */
  readonly attempts: number;
  /** The IMS endpoint URL (without query string). */
  readonly endpoint: string;
  /** The `grant_type` sent, for token requests. */
  readonly grantType: string | undefined;
  /** The scopes sent, if any. */
  readonly scopes: readonly string[] | undefined;
  /** How long IMS asked clients to wait (HTTP `Retry-After`), in ms, if it said. */
  readonly retryAfterMs: number | undefined;

  constructor(init: ImsErrorInit) {
    const secrets = init.secrets ?? [];
    const error = scrubSecrets(init.error, secrets);
    const errorDescription =
      init.errorDescription === undefined ? undefined : scrubSecrets(init.errorDescription, secrets);
    const attempts = init.attempts ?? 1;
    const endpoint = withoutQuery(init.endpoint);
    const safe: ImsErrorInit = { ...init, error, errorDescription, endpoint, secrets: undefined };
    const operation = init.operation ?? 'request';
    const detail = errorDescription ? `: ${errorDescription}` : '';
    const attemptNote = attempts > 1 ? ` after ${attempts} attempts` : '';
    const message =
      init.message ??
      `Adobe IMS ${operation} to ${endpoint} failed${attemptNote} (${describeStatus(safe)}, ` +
        `error "${error}")${detail}. ${hintFor(safe, attempts)}`;
    super(scrubSecrets(message, secrets), { code: error, cause: init.cause });
    this.error = error;
    this.errorDescription = errorDescription;
    this.status = init.status;
    this.retryable = init.retryable ?? isTransientStatus(init.status);
    this.attempts = attempts;
    this.endpoint = endpoint;
    this.grantType = init.grantType;
    this.scopes = init.scopes;
    this.retryAfterMs = init.retryAfterMs;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      error: this.error,
      errorDescription: this.errorDescription,
      status: this.status,
      retryable: this.retryable,
      attempts: this.attempts,
      endpoint: this.endpoint,
      grantType: this.grantType,
      scopes: this.scopes,
      retryAfterMs: this.retryAfterMs,
    };
  }
}

/**
 * The user must sign in again; retrying cannot help, so it is never retried. Either IMS answered
 * `invalid_grant` (the authorization code or refresh token is invalid, expired, revoked or was already used,
 * RFC 6749 §5.2), or a flow found a local reason before any request: see
 * {@link ReauthenticationRequiredError.local}.
 */
export class ReauthenticationRequiredError extends ImsError {
  override readonly name: string = 'ReauthenticationRequiredError';

  constructor(init: Omit<ImsErrorInit, 'error' | 'retryable'> & { error?: string }) {
    super({ ...init, error: init.error ?? 'invalid_grant', retryable: false });
  }

  /**
   * A sign-in is required for a reason found locally, without an IMS request: e.g. `not_signed_in` (no
   * tokens stored) or `no_refresh_token` (the access token expired and there is nothing to renew it with).
   * `status` is 0 and `message` is used as given, so it should say what to do.
   *
   * @param code The error code, available as `code` and `error`.
   * @param endpoint The IMS token endpoint the user's tokens come from.
   */
  static local(code: string, message: string, endpoint: string): ReauthenticationRequiredError {
    return new ReauthenticationRequiredError({ error: code, status: 0, endpoint, message });
  }
}

/**
 * Builds the right error class for an IMS failure: {@link ReauthenticationRequiredError} for `invalid_grant`,
 * {@link ImsError} otherwise. Flow packages use it for errors IMS returns on the redirect too.
 */
export function imsErrorFrom(init: ImsErrorInit): ImsError {
  return init.error === 'invalid_grant' ? new ReauthenticationRequiredError(init) : new ImsError(init);
}

// The browser redirect of the authorization code grant (RFC 6749 §4.1) on Adobe IMS, shared by the Web App
// and PKCE flows: the authorization URL, `state`, reading the callback, and the redirect URI rule.
// Browser-safe: WebCrypto and URL only.
import { AuthError, ImsError } from './errors.js';
import { imsEndpoints } from './ims.js';
import { formatScopes } from './scopes.js';

/**
 * The user scopes requested when a flow is given none: what Frame.io staff advise for V4 user sign-in,
 * "openid additional_info.roles offline_access profile email" (https://forum.frame.io/t/3217), also
 * frameio-kit's default. `offline_access` is what gets a refresh token (where the credential type allows one).
 * Some credentials also need `AdobeID`; pass `scopes` then.
 */
export const DEFAULT_USER_SCOPES: readonly string[] = Object.freeze([
  'openid',
  'profile',
  'email',
  'offline_access',
  'additional_info.roles',
]);

/** IMS accepts `state` values up to this length on `/ims/authorize/v2` (Adobe UserAuthentication/ims.md). */
export const MAX_STATE_LENGTH = 4096;

/**
 * `globalThis.crypto`, checked to have `getRandomValues` and `subtle`.
 *
 * @throws {AuthError} `crypto_unavailable` when WebCrypto is missing (old runtime, or an insecure page).
 */
export function requireWebCrypto(): Crypto {
  const crypto = globalThis.crypto;
  if (!crypto?.getRandomValues || !crypto.subtle) {
    throw new AuthError(
      'WebCrypto (globalThis.crypto with getRandomValues and subtle) is not available. Use Node.js 20 or ' +
        'later, or a browser page served over https (or from localhost): crypto.subtle needs a secure context.',
      { code: 'crypto_unavailable' },
    );
  }
  return crypto;
}

/** Base64url without padding (RFC 4648 §5; RFC 7636 Appendix A). */
export function base64UrlEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * A new OAuth `state`: 256 random bits from `crypto.getRandomValues`, base64url-encoded. RFC 6749 §10.10
 * asks that it cannot be guessed, since it is the CSRF protection of the redirect (§10.12).
 */
export function generateState(): string {
  return base64UrlEncode(requireWebCrypto().getRandomValues(new Uint8Array(32)));
}

/** Input of {@link buildAuthorizationUrl}. */
export interface AuthorizationUrlInput {
  /** Adobe IMS base URL. Default `IMS_BASE_URL`. */
  imsBaseUrl?: string | undefined;
  clientId: string;
  redirectUri: string;
  /** The scopes to request; at least one. */
  scopes: string | readonly string[];
  /** The `state` to send (≤ {@link MAX_STATE_LENGTH} characters). Default {@link generateState}. */
  state?: string | undefined;
  /** Pre-fills the sign-in form (`login_hint`). */
  loginHint?: string | undefined;
  /** IMS `prompt`: `login` forces the sign-in form; `none` never shows a page (OIDC). */
  prompt?: 'none' | 'login' | undefined;
  /** Flow-specific parameters (e.g. PKCE's `code_challenge`); `undefined` values are left out. */
  extraParams?: Readonly<Record<string, string | undefined>> | undefined;
}

/** The URL to send the user to, and the `state` to keep until the callback. */
export interface AuthorizationUrl {
  url: string;
  state: string;
}

/**
 * Builds the `/ims/authorize/v2` URL (Adobe UserAuthentication/ims.md; RFC 6749 §4.1.1) with `client_id`,
 * `redirect_uri`, `response_type=code`, `scope` and `state`. Spaces are encoded as `%20` (RFC 3986), which
 * every server decodes; `+` is form encoding only.
 *
 * @throws {AuthError} `invalid_options` for an empty or over-long `state`, no scopes, or an unknown `prompt`.
 */
export function buildAuthorizationUrl(input: AuthorizationUrlInput): AuthorizationUrl {
  const state = input.state ?? generateState();
  if (typeof state !== 'string' || state === '' || state.length > MAX_STATE_LENGTH) {
    throw new AuthError(
      `getAuthorizationUrl: state must be a non-empty string of at most ${MAX_STATE_LENGTH} characters ` +
        '(the IMS limit); leave it out to get a random one.',
      { code: 'invalid_options' },
    );
  }
  const scope = formatScopes(input.scopes);
  if (scope === '') {
    throw new AuthError(
      'getAuthorizationUrl: scopes is empty; IMS needs at least one scope, e.g. "openid". Leave it out to ' +
        "use the instance's scopes.",
      { code: 'invalid_options' },
    );
  }
  if (input.prompt !== undefined && input.prompt !== 'none' && input.prompt !== 'login') {
    throw new AuthError('getAuthorizationUrl: prompt must be "none" or "login" (IMS supports no others).', {
      code: 'invalid_options',
    });
  }
  const params: Record<string, string | undefined> = {
    client_id: input.clientId,
    redirect_uri: input.redirectUri,
    // IMS defaults response_type to code; sent anyway so the request is explicit.
    response_type: 'code',
    scope,
    state,
    ...input.extraParams,
    login_hint: input.loginHint || undefined,
    prompt: input.prompt,
  };
  const query = Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  return { url: `${imsEndpoints(input.imsBaseUrl).authorize}?${query}`, state };
}

/** Why a {@link StateMismatchError} was thrown. */
export type StateMismatchCode = 'state_missing' | 'state_mismatch';

/**
 * The `state` of an authorization callback is missing or differs from the one stored when the user was sent
 * to sign in. The callback may be forged (cross-site request forgery, RFC 6749 §10.12), so its code was NOT
 * exchanged; nothing was sent to IMS. `code` is `state_missing` or `state_mismatch`.
 */
export class StateMismatchError extends AuthError {
  override readonly name: string = 'StateMismatchError';
  declare readonly code: StateMismatchCode;

  constructor(message: string, code: StateMismatchCode) {
    super(message, { code });
  }
}

/** Compares in time independent of where the strings differ, so `state` cannot be guessed byte by byte. */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let index = 0; index < a.length; index += 1) difference |= a.charCodeAt(index) ^ b.charCodeAt(index);
  return difference === 0;
}

/** Options of {@link assertStateMatches}. */
export interface AssertStateOptions {
  /** Where the app keeps `state` until the callback, for the messages. Default "in the user's session". */
  stateStorage?: string | undefined;
  /** Builds the error to throw. Default `new StateMismatchError(message, code)`. */
  createError?: ((message: string, code: StateMismatchCode) => Error) | undefined;
}

/**
 * Refuses a callback whose `state` is missing or differs from the stored one (RFC 6749 §10.12), before any
 * request is made. The comparison takes constant time; neither value is quoted in the message.
 *
 * @throws {StateMismatchError} `state_missing` (either value absent) or `state_mismatch`.
 */
export function assertStateMatches(
  state: unknown,
  expectedState: unknown,
  options: AssertStateOptions = {},
): void {
  const storage = options.stateStorage ?? "in the user's session";
  const fail = (message: string, code: StateMismatchCode): Error =>
    options.createError ? options.createError(message, code) : new StateMismatchError(message, code);
  if (typeof expectedState !== 'string' || expectedState === '') {
    throw fail(
      'exchangeCode: expectedState is missing. Pass the state that getAuthorizationUrl() returned for this ' +
        `sign-in (keep it ${storage} until the callback); without it the callback cannot be told apart from a ` +
        'forged one (CSRF, RFC 6749 §10.12). The code was not exchanged.',
      'state_missing',
    );
  }
  if (typeof state !== 'string' || state === '') {
    throw fail(
      'exchangeCode: the callback has no state parameter, so it may be forged (CSRF, RFC 6749 §10.12). The ' +
        'code was not exchanged: start a new sign-in, and pass the callback URL to parseCallback() so its ' +
        'state is read.',
      'state_missing',
    );
  }
  if (!constantTimeEqual(state, expectedState)) {
    throw fail(
      "exchangeCode: the callback's state differs from the one this sign-in started with. The callback may " +
        'be forged (CSRF, RFC 6749 §10.12) or belong to another sign-in (e.g. in another tab). The code was ' +
        'not exchanged: start a new sign-in with getAuthorizationUrl() and pass the state it returns as ' +
        'expectedState.',
      'state_mismatch',
    );
  }
}

/** What an authorization callback carries (RFC 6749 §4.1.2). */
export interface AuthorizationCallback {
  /** The single-use authorization code. A secret until it is exchanged: never log it. */
  code: string;
  /** The `state` IMS echoed back; `undefined` if the callback has none (then `exchangeCode` refuses it). */
  state: string | undefined;
}

/** Options of {@link parseCallback}. */
export interface ParseCallbackOptions {
  /** The IMS host the user signed in at, named in errors. Default `IMS_BASE_URL`. */
  imsBaseUrl?: string | undefined;
  /**
   * The `response_mode` of the authorization request: `query` reads only the query, `fragment` only the
   * fragment. Default: the query (IMS's default for `response_type=code`), or the fragment when the query
   * has neither `code` nor `error`. The two are never merged, so one cannot add to the other.
   */
  responseMode?: 'query' | 'fragment' | undefined;
  /**
   * Accept a path with query, such as Express's `req.originalUrl` (server-side callbacks). Default false:
   * an absolute URL is required.
   */
  acceptPath?: boolean | undefined;
}

/** Longest `error_description` quoted from a callback URL, which anyone can craft. */
const MAX_DESCRIPTION_LENGTH = 300;

/** What to do about an error IMS sent back on the redirect (RFC 6749 §4.1.2.1 codes; OIDC `prompt` codes). */
function callbackHint(error: string): string {
  switch (error) {
    case 'access_denied':
      return (
        'The user declined, or is not allowed to use this app. Show a message and offer to sign in again and ' +
        'approve access. While the Adobe Developer Console project is "In Development", only its beta users ' +
        'can sign in.'
      );
    case 'login_required':
    case 'consent_required':
    case 'interaction_required':
      return (
        'The authorization URL asked for prompt "none", but the user must sign in or approve access. Send ' +
        'the user to a new authorization URL without prompt "none".'
      );
    case 'invalid_scope':
      return (
        'A requested scope is not enabled on the credential. Request only scopes the OAuth credential has ' +
        '(the Frame.io API must be added to the project in the Adobe Developer Console); never request ' +
        '"frame.s2s.all" in a user sign-in.'
      );
    case 'server_error':
    case 'temporarily_unavailable':
      return 'Adobe IMS had a temporary problem. Send the user to a new authorization URL in a moment.';
    default:
      return (
        'Check the client ID and that redirectUri matches a Redirect URI pattern of the credential in the ' +
        'Adobe Developer Console, then send the user to a new authorization URL.'
      );
  }
}

/**
 * Adobe IMS redirected back with `error=…&error_description=…` instead of a code (RFC 6749 §4.1.2.1), e.g.
 * `access_denied` when the user declined. `error` holds IMS's code; the message says what to do, quoting at
 * most 300 characters of the description. `retryable` is true for `server_error` and
 * `temporarily_unavailable`.
 */
export class AuthorizationCallbackError extends ImsError {
  override readonly name: string = 'AuthorizationCallbackError';

  constructor(init: { error: string; errorDescription: string | undefined; endpoint: string }) {
    const description =
      init.errorDescription && init.errorDescription.length > MAX_DESCRIPTION_LENGTH
        ? `${init.errorDescription.slice(0, MAX_DESCRIPTION_LENGTH)}…`
        : init.errorDescription;
    super({
      error: init.error,
      errorDescription: description,
      // IMS answered the authorization request with a 302 to the redirect URI carrying the error.
      status: 302,
      endpoint: init.endpoint,
      operation: 'authorization',
      retryable: init.error === 'server_error' || init.error === 'temporarily_unavailable',
      // ImsError words its message for token requests; this error comes from the browser redirect.
      message:
        `Adobe IMS sign-in failed: the authorization endpoint redirected back with error "${init.error}"` +
        `${description ? ` (${description})` : ''}. ${callbackHint(init.error)}`,
    });
  }
}

/** The parameters of the callback per `responseMode` (see {@link ParseCallbackOptions.responseMode}). */
function callbackParams(url: URL, responseMode: ParseCallbackOptions['responseMode']): URLSearchParams {
  const query = url.searchParams;
  const fragment = new URLSearchParams(url.hash.slice(1));
  if (responseMode === 'query') return query;
  if (responseMode === 'fragment') return fragment;
  return query.has('code') || query.has('error') ? query : fragment;
}

/**
 * Reads the authorization callback (the URL IMS redirected the browser, or the OS for a Native App's
 * `adobe+<hash>://callback`, to): `code` and `state`, or `error` (RFC 6749 §4.1.2, §4.1.2.1). The URL is
 * never quoted in errors: it may carry a code.
 *
 * @throws {AuthorizationCallbackError} IMS sent an error, e.g. `access_denied` (the user declined).
 * @throws {AuthError} `invalid_callback`: the URL cannot be parsed or has neither `code` nor `error`.
 */
export function parseCallback(
  callbackUrl: string | URL,
  options: ParseCallbackOptions = {},
): AuthorizationCallback {
  let url: URL;
  try {
    // The base only serves paths such as req.originalUrl; its host is never used.
    url = options.acceptPath
      ? new URL(String(callbackUrl), 'http://callback.invalid')
      : new URL(String(callbackUrl));
  } catch {
    throw new AuthError(
      `parseCallback: the callback URL cannot be parsed${options.acceptPath ? '' : ' as an absolute URL'}. ` +
        'Pass the full URL IMS redirected to, with its query string (e.g. location.href in a browser, ' +
        'req.originalUrl in Express, request.url in a Fetch API handler, or the adobe+<hash>://callback?… URL ' +
        'the OS opened).',
      { code: 'invalid_callback' },
    );
  }
  const params = callbackParams(url, options.responseMode);
  const error = params.get('error');
  if (error) {
    throw new AuthorizationCallbackError({
      error,
      errorDescription: params.get('error_description') ?? undefined,
      endpoint: imsEndpoints(options.imsBaseUrl).authorize,
    });
  }
  const code = params.get('code');
  if (!code) {
    const where =
      url.host === 'callback.invalid' ? url.pathname : `${url.protocol}//${url.host}${url.pathname}`;
    throw new AuthError(
      `parseCallback: the callback URL (${where}) has neither a code nor an error parameter. Pass the URL ` +
        'exactly as Adobe IMS redirected to it, including the query string (e.g. req.originalUrl in Express, ' +
        'not req.path), and check that redirectUri points to this page.',
      { code: 'invalid_callback' },
    );
  }
  return { code, state: params.get('state') ?? undefined };
}

/** Hosts of a loopback redirect URI that may use plain http (RFC 8252 §7.3, §8.3). */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
/** Schemes that run or read something locally instead of handing the URL to an app. */
const UNSAFE_SCHEMES = new Set(['javascript:', 'data:', 'file:', 'blob:', 'vbscript:', 'about:']);

/** Options of {@link isAllowedRedirectUri}. */
export interface RedirectUriRule {
  /** Also allow a private-use scheme such as a Native App's `adobe+<hash>://callback` (RFC 8252 §7.1). */
  allowPrivateUseScheme?: boolean | undefined;
}

/**
 * Whether `redirectUri` may be sent to IMS: absolute and without a fragment (RFC 6749 §3.1.2), and `https:`,
 * or `http:` only on a loopback host (127.0.0.1, [::1], localhost; RFC 8252 §7.3), or, when allowed, a
 * private-use scheme (RFC 8252 §7.1). IMS silently falls back to the credential's Default Redirect URI on a
 * mismatch, so a bad value is refused up front.
 */
export function isAllowedRedirectUri(redirectUri: string, rule: RedirectUriRule = {}): boolean {
  if (typeof redirectUri !== 'string' || redirectUri.includes('#')) return false;
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  if (url.protocol === 'http:') return LOOPBACK_HOSTS.has(url.hostname);
  return (
    rule.allowPrivateUseScheme === true &&
    /^[a-z][a-z0-9+.-]*:\/\//i.test(redirectUri) &&
    !UNSAFE_SCHEMES.has(url.protocol)
  );
}

import {
  type AuthorizationCallback,
  buildAuthorizationUrl,
  parseCallback as parseAuthorizationCallback,
} from '@frameio-v4/auth-core';

export { type AuthorizationCallback, MAX_STATE_LENGTH } from '@frameio-v4/auth-core';

/** Options of `getAuthorizationUrl()`. */
export interface AuthorizationUrlOptions {
  /**
   * The CSRF token to send as `state` (RFC 6749 §10.12). Default: 256 random bits from
   * `crypto.getRandomValues`, base64url-encoded. Store the returned `state` with the user's session.
   */
  state?: string;
  /** Scopes for this sign-in (string or list, space- or comma-separated). Default: the instance's scopes. */
  scopes?: string | readonly string[];
  /** Pre-fills the sign-in form (`login_hint`), e.g. the user's email address. */
  loginHint?: string;
  /**
   * IMS `prompt`: `'login'` forces the sign-in form even when the user has an Adobe session; `'none'` never
   * shows a page and fails with `login_required` / `consent_required` if one would be needed.
   */
  prompt?: 'none' | 'login';
}

/** What `getAuthorizationUrl()` returns. */
export interface AuthorizationRequest {
  /** Redirect the user's browser here (`/ims/authorize/v2`). */
  url: string;
  /** Keep it in the user's session (e.g. a signed, HttpOnly cookie) and pass it to `exchangeCode` as `expectedState`. */
  state: string;
}

/** Options of {@link parseCallback}. */
export interface ParseCallbackOptions {
  /** The IMS host the user signed in at, named in errors. Default `IMS_BASE_URL`. */
  imsBaseUrl?: string | undefined;
}

/**
 * Reads the authorization callback (the request IMS redirected the browser to): `?code=…&state=…`, or
 * `?error=…&error_description=…` (RFC 6749 §4.1.2, §4.1.2.1). Accepts an absolute URL, a `URL`, or a
 * path with query such as Express's `req.originalUrl`. The fragment is read only when the query has neither
 * `code` nor `error`.
 *
 * @throws {AuthorizationCallbackError} IMS sent an error, e.g. `access_denied` (the user declined).
 * @throws {AuthError} `invalid_callback`: the URL has neither `code` nor `error`.
 */
export function parseCallback(
  callbackUrl: string | URL,
  options: ParseCallbackOptions = {},
): AuthorizationCallback {
  return parseAuthorizationCallback(callbackUrl, { imsBaseUrl: options.imsBaseUrl, acceptPath: true });
}

/** Builds the `/ims/authorize/v2` URL for the Web App flow (no PKCE: the client secret authenticates). */
export function webAppAuthorizationUrl(input: {
  imsBaseUrl: string | undefined;
  clientId: string;
  redirectUri: string;
  scopes: readonly string[];
  options: AuthorizationUrlOptions;
}): AuthorizationRequest {
  const { options } = input;
  return buildAuthorizationUrl({
    imsBaseUrl: input.imsBaseUrl,
    clientId: input.clientId,
    redirectUri: input.redirectUri,
    scopes: options.scopes ?? input.scopes,
    state: options.state,
    loginHint: options.loginHint,
    prompt: options.prompt,
  });
}

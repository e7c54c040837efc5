import {
  type AuthorizationCallback,
  parseCallback as parseAuthorizationCallback,
} from '@frameio-v4/auth-core';

export type { AuthorizationCallback } from '@frameio-v4/auth-core';

/** Options of {@link parseCallback}. */
export interface ParseCallbackOptions {
  /** The IMS the sign-in went to, named in errors. Default `IMS_BASE_URL`. */
  imsBaseUrl?: string | undefined;
}

/**
 * Reads the authorization response from the URL the browser (or the OS, for a Native App's
 * `adobe+<hash>://callback` scheme) was redirected to: `code` and `state` from the query, or from the
 * fragment when the query has neither `code` nor `error` (the two are never merged).
 *
 * @param url The full redirect URL, e.g. `location.href`, or `adobe+abc123://callback?code=…&state=…`.
 * @throws {ImsError} IMS answered with `error` (RFC 6749 §4.1.2.1), e.g. `access_denied` when the user
 *   declined; the message says what to do. It is auth-core's `AuthorizationCallbackError`.
 * @throws {AuthError} `invalid_callback` when the URL cannot be parsed or carries neither `code` nor `error`.
 */
export function parseCallback(url: string | URL, options: ParseCallbackOptions = {}): AuthorizationCallback {
  // An absolute URL only: a browser page or the OS always has one, and a path would hide a wrong argument.
  return parseAuthorizationCallback(url, { imsBaseUrl: options.imsBaseUrl });
}

import type { AccessToken, GetTokenOptions, TokenSource } from '@frameio-v4/auth-core';

/**
 * What `createFrameioClient({ auth })` accepts: a {@link TokenSource} (every `@frameio-v4/auth-*` flow is
 * one), an access token string, or a function that resolves to the current access token string.
 */
export type AuthOption = TokenSource | string | ((options: GetTokenOptions) => string | Promise<string>);

const ACCEPTED_AUTH_KINDS =
  'Pass a TokenSource (e.g. from @frameio-v4/auth-*), an access token string, or a function returning ' +
  'Promise<string>.';

// Callers often paste the whole header value; `Authorization: Bearer <token>` is added by the client.
const BEARER_PREFIX = /^\s*bearer\s+/i;

function toAccessToken(value: unknown, origin: string): AccessToken {
  if (typeof value !== 'string') {
    throw new TypeError(
      `${origin} must be an access token string, got ${typeof value}. ${ACCEPTED_AUTH_KINDS}`,
    );
  }
  const token = value.replace(BEARER_PREFIX, '').trim();
  if (token === '') {
    throw new TypeError(`${origin} is empty: provide the Frame.io access token. ${ACCEPTED_AUTH_KINDS}`);
  }
  return { token };
}

function isTokenSource(value: unknown): value is TokenSource {
  return typeof value === 'object' && value !== null && typeof (value as TokenSource).getToken === 'function';
}

/** Turns any accepted `auth` option into a TokenSource the transport can call. */
export function toTokenSource(auth: unknown): TokenSource {
  if (isTokenSource(auth)) return auth;
  if (typeof auth === 'string') {
    const fixed = Promise.resolve(toAccessToken(auth, 'createFrameioClient: `auth`'));
    // A static token cannot be refreshed: forceRefresh yields the same token, so a 401 is returned as is.
    return { getToken: () => fixed };
  }
  if (typeof auth === 'function') {
    const supplier = auth as (options: GetTokenOptions) => unknown;
    return {
      getToken: async (options = {}) =>
        toAccessToken(await supplier(options), 'The value returned by the `auth` function'),
    };
  }
  const problem =
    auth === undefined || auth === null
      ? 'is required'
      : `is not supported (got ${typeof auth === 'object' ? 'an object without getToken()' : typeof auth})`;
  throw new TypeError(`createFrameioClient: \`auth\` ${problem}. ${ACCEPTED_AUTH_KINDS}`);
}

import {
  type AccessToken,
  type GetTokenOptions,
  installSafeInspect,
  REDACTED,
  type TokenSource,
} from '@frameio-v4/auth-core';

/**
 * The header Frame.io V4 needs next to a legacy developer token. Source: the Frame.io V4 migration guide,
 * https://next.developer.frame.io/platform/v4/docs/resources/migration
 */
export const LEGACY_TOKEN_HEADER = 'x-frameio-legacy-token-auth';

/** Why a token was refused by {@link LegacyTokenAuth}; see {@link InvalidLegacyTokenError.reason}. */
export type InvalidLegacyTokenReason =
  /** No token, an empty string or only whitespace. */
  | 'missing'
  /** The token starts with `Bearer `. */
  | 'bearer_prefix'
  /** The token contains whitespace (often a trailing newline from a file or environment variable). */
  | 'whitespace'
  /** The token contains a control or non-ASCII character (often a smart quote or zero-width space). */
  | 'invalid_character'
  /** The token is a JWT, i.e. an Adobe IMS access token rather than a legacy developer token. */
  | 'ims_access_token';

/**
 * `new LegacyTokenAuth({ token })` was given something that is not a usable legacy developer token. It is a
 * `TypeError` (a wrong argument, found before any request) with `code` `invalid_legacy_token` and a
 * {@link InvalidLegacyTokenError.reason}. The message says what to fix and never contains the token.
 */
export class InvalidLegacyTokenError extends TypeError {
  override readonly name = 'InvalidLegacyTokenError';
  /** Always `invalid_legacy_token`. */
  readonly code = 'invalid_legacy_token';
  /** What is wrong with the token. */
  readonly reason: InvalidLegacyTokenReason;

  constructor(message: string, reason: InvalidLegacyTokenReason) {
    super(message);
    this.reason = reason;
  }

  /** A log-friendly summary (`JSON.stringify(error)`). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, reason: this.reason, message: this.message };
  }
}

/** Options of {@link LegacyTokenAuth}. */
export interface LegacyTokenAuthOptions {
  /** The legacy Frame.io developer token, without a `Bearer ` prefix. Kept private and never printed. */
  token: string;
}

/** What `JSON.stringify`, `util.inspect` and `String()` show of a {@link LegacyTokenAuth}. */
export type LegacyTokenAuthSummary = {
  /** Always `[redacted]`. */
  token: string;
  /** The header sent with the token. */
  header: typeof LEGACY_TOKEN_HEADER;
};

const WHERE =
  'Pass the legacy developer token created on the Frame.io developer site, e.g. from an environment variable.';

// A JWT (RFC 7519 §3): three base64url segments; the header is a JSON object, so it starts with `eyJ` ("{").
const JWT = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const BEARER_PREFIX = /^\s*bearer(?:\s|$)/i;
const WHITESPACE = /\s/u;

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Throws {@link InvalidLegacyTokenError} for anything that cannot be a legacy token; never quotes it. */
function checkLegacyToken(token: unknown): string {
  if (typeof token !== 'string' || token.trim() === '') {
    const got =
      token === undefined
        ? 'it is missing'
        : typeof token !== 'string'
          ? `got ${token === null ? 'null' : `a ${typeof token}`}`
          : token === ''
            ? 'got an empty string'
            : 'got only whitespace';
    throw new InvalidLegacyTokenError(`LegacyTokenAuth: token is required (${got}). ${WHERE}`, 'missing');
  }
  if (BEARER_PREFIX.test(token)) {
    throw new InvalidLegacyTokenError(
      'LegacyTokenAuth: the token starts with "Bearer ". Pass the token without the prefix: the client sends ' +
        '`Authorization: Bearer <token>` itself.',
      'bearer_prefix',
    );
  }
  const chars = [...token];
  for (const [index, char] of chars.entries()) {
    const position = `${codePoint(char)} at character ${index + 1} of ${chars.length}`;
    if (WHITESPACE.test(char)) {
      throw new InvalidLegacyTokenError(
        `LegacyTokenAuth: the token contains whitespace (${position}), often a trailing newline read from a ` +
          'file or environment variable. Remove it: a developer token never contains whitespace.',
        'whitespace',
      );
    }
    const code = char.codePointAt(0) ?? 0;
    // Tokens are sent in an HTTP header, where only visible ASCII is safe (RFC 9110 §5.5, RFC 6750 §2.1).
    if (code < 0x21 || code > 0x7e) {
      throw new InvalidLegacyTokenError(
        `LegacyTokenAuth: the token contains a control or non-ASCII character (${position}), e.g. a smart ` +
          'quote or an invisible character picked up while copying. Copy the token again as plain text.',
        'invalid_character',
      );
    }
  }
  if (JWT.test(token)) {
    throw new InvalidLegacyTokenError(
      'LegacyTokenAuth: this is an IMS access token, not a legacy developer token: pass it directly as ' +
        '`createFrameioClient({ auth: token })`, or use an auth flow from @frameio-v4/auth-s2s, ' +
        'auth-webapp or auth-pkce so it is renewed before it expires. Do not send IMS tokens with the ' +
        `${LEGACY_TOKEN_HEADER} header.`,
      'ims_access_token',
    );
  }
  return token;
}

/**
 * Auth with a legacy Frame.io developer token on the V4 API: every request carries
 * `Authorization: Bearer <token>` and `x-frameio-legacy-token-auth: true`.
 *
 * Frame.io's V4 migration guide says legacy developer tokens keep working on V4-migrated accounts that are
 * not yet administered in the Adobe Admin Console when that header is sent
 * (https://next.developer.frame.io/platform/v4/docs/resources/migration); an older Adobe migration guide says
 * they do not work on V4 accounts. A 401 therefore means the token is wrong or revoked, or the account no
 * longer accepts legacy tokens: move to an Adobe IMS flow (`@frameio-v4/auth-s2s`, `auth-webapp`,
 * `auth-pkce`).
 *
 * The token never expires and is never refreshed, so the client returns a 401 to the caller instead of
 * retrying. Runs in browsers and Node (no `node:` imports).
 *
 * @example
 * const auth = new LegacyTokenAuth({ token: process.env.FRAMEIO_LEGACY_TOKEN! });
 * const client = createFrameioClient({ auth });
 * const { data } = await client.GET('/v4/me');
 *
 * @throws {InvalidLegacyTokenError} The token is missing or malformed (see
 *   {@link InvalidLegacyTokenError.reason}).
 */
export class LegacyTokenAuth implements TokenSource {
  readonly #token: string;

  constructor(options: LegacyTokenAuthOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidLegacyTokenError(
        `LegacyTokenAuth: pass an options object { token }, e.g. new LegacyTokenAuth({ token }). ${WHERE}`,
        'missing',
      );
    }
    this.#token = checkLegacyToken(options.token);
    installSafeInspect(this, () => this.#summary(), 'LegacyTokenAuth');
  }

  /**
   * Resolves to the token with the `x-frameio-legacy-token-auth: true` header and no `expiresAt`. Always the
   * same token: `forceRefresh` cannot produce another one. Rejects with `signal.reason` if `signal` is aborted.
   */
  async getToken(options?: GetTokenOptions): Promise<AccessToken> {
    const signal = options?.signal;
    if (signal?.aborted) throw signal.reason;
    // A fresh object per call, so a caller that edits it cannot change later requests.
    return { token: this.#token, headers: { [LEGACY_TOKEN_HEADER]: 'true' } };
  }

  /** A safe summary for logs; the token is shown as `[redacted]`. */
  toJSON(): LegacyTokenAuthSummary {
    return this.#summary();
  }

  #summary(): LegacyTokenAuthSummary {
    return { token: REDACTED, header: LEGACY_TOKEN_HEADER };
  }
}

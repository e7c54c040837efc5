import {
  type AccessToken,
  AuthError,
  accessTokenFromResponse,
  DEFAULT_IMS_RETRIES,
  DEFAULT_IMS_TIMEOUT_MS,
  type GetTokenOptions,
  IMS_BASE_URL,
  IMS_PATHS,
  type ImsClient,
  imsEndpoints,
  installSafeInspect,
  normalizeScopes,
  requestImsToken,
  type ScopesInput,
  TokenCache,
  type TokenSource,
  type TokenStore,
  type TokenStoreErrorContext,
} from '@frameio-v4/auth-core';

/**
 * The scopes a Frame.io server-to-server credential is granted: `openid AdobeID frame.s2s.all`. Source: the V4
 * OpenAPI spec, `components.securitySchemes.s2s_auth.flows.clientCredentials.scopes`
 * (https://api.frame.io/v4/openapi.json).
 */
export const DEFAULT_S2S_SCOPES: readonly string[] = Object.freeze(['openid', 'AdobeID', 'frame.s2s.all']);

/** Options of {@link ServerToServerAuth}. */
export interface ServerToServerAuthOptions {
  /**
   * Client ID of the OAuth Server-to-Server credential (Adobe Developer Console → your project → OAuth
   * Server-to-Server). Surrounding whitespace is removed.
   */
  clientId: string;
  /**
   * Client secret of the same credential. Kept in a private field and never printed or logged. Surrounding
   * whitespace (e.g. a newline read from a file) is removed.
   */
  clientSecret: string;
  /**
   * Scopes to request, as a list or a space- or comma-separated string; sent space-separated. Default
   * {@link DEFAULT_S2S_SCOPES} (`openid AdobeID frame.s2s.all`).
   */
  scopes?: ScopesInput;
  /** Adobe IMS base URL. Default `https://ims-na1.adobelogin.com`; e.g. the stage host or an emulator. */
  imsBaseUrl?: string;
  /** The `fetch` used for IMS requests (default the global one), e.g. one that goes through a proxy. */
  fetch?: typeof fetch;
  /**
   * A store shared with other instances or processes, so they reuse one token instead of each minting their
   * own (Adobe throttles integrations that mint too many). The key is {@link ServerToServerAuth.storeKey}.
   * Anyone who can read the store can use the token: keep it as private as the client secret.
   */
  store?: TokenStore<AccessToken>;
  /** Called when the store fails or holds junk; the auth carries on without it. Default: ignore. */
  onStoreError?: (error: unknown, context: TokenStoreErrorContext) => void;
  /**
   * Mint a new token this long before the current one expires, in ms. Default 5 minutes (capped at half the
   * token's lifetime by `TokenCache`).
   */
  refreshMarginMs?: number;
  /** Current time in epoch ms. Default `Date.now`; inject a clock in tests. */
  now?: () => number;
  /** Timeout of each IMS request attempt, in ms. Default 30 000. */
  timeoutMs?: number;
  /** Retries of transient IMS failures (network error, timeout, 429, 5xx). Default 2. */
  retries?: number;
}

/** What `JSON.stringify`, `util.inspect` and `String()` show of a {@link ServerToServerAuth}: never a secret. */
export type ServerToServerAuthSummary = {
  clientId: string;
  scopes: readonly string[];
  imsBaseUrl: string;
  /** Whether a token is cached in this instance. */
  cached: boolean;
  /** When the cached token expires (epoch ms), if one is cached. */
  expiresAt: number | undefined;
};

const CONSOLE =
  'Adobe Developer Console (https://developer.adobe.com/console) → your project → OAuth Server-to-Server credential';

/** Says what was passed without ever quoting it: the value may be a secret. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'it is missing';
  if (value === null) return 'got null';
  if (typeof value !== 'string') return `got a ${typeof value}`;
  return value === '' ? 'got an empty string' : 'got only whitespace';
}

function requiredString(value: unknown, name: string, where: string): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed === '') {
    throw new TypeError(`ServerToServerAuth: ${name} is required (${describeValue(value)}). ${where}`);
  }
  return trimmed;
}

function resolveScopes(input: unknown): string[] {
  if (input === undefined) return [...DEFAULT_S2S_SCOPES];
  const valid =
    typeof input === 'string' || (Array.isArray(input) && input.every((scope) => typeof scope === 'string'));
  const scopes = valid ? normalizeScopes(input as ScopesInput) : [];
  if (scopes.length === 0) {
    throw new TypeError(
      'ServerToServerAuth: scopes must be a non-empty list or a space- or comma-separated string, e.g. ' +
        `"${DEFAULT_S2S_SCOPES.join(',')}"; leave it out to use that default.`,
    );
  }
  return scopes;
}

function checkRequestOptions(timeoutMs: number | undefined, retries: number | undefined): void {
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new AuthError(
      `ServerToServerAuth: timeoutMs must be a positive number of milliseconds (default ${DEFAULT_IMS_TIMEOUT_MS}).`,
      { code: 'invalid_options' },
    );
  }
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0)) {
    throw new AuthError(
      `ServerToServerAuth: retries must be a whole number ≥ 0 (default ${DEFAULT_IMS_RETRIES}).`,
      { code: 'invalid_options' },
    );
  }
}

/**
 * Adobe IMS server-to-server auth (OAuth 2.0 client credentials, RFC 6749 §4.4) for the Frame.io V4 API.
 * Available to Frame.io V4 accounts administered in the Adobe Admin Console.
 *
 * - Mints a token at `POST /ims/token/v3` with `client_id`, `client_secret`, `grant_type=client_credentials`
 *   and `scope` as form fields (client_secret_post), as Adobe's implementation guide shows:
 *   https://developer.adobe.com/developer-console/docs/guides/authentication/ServerToServerAuthentication/implementation/
 * - Caches it until it expires minus `refreshMarginMs`; concurrent callers share one request. S2S tokens have
 *   no refresh token: an expiring, expired or rejected (401) token is simply replaced by a new one.
 * - Transient IMS failures are retried a bounded number of times; IMS errors become `ImsError`.
 *
 * @example
 * const auth = new ServerToServerAuth({
 *   clientId: process.env.FRAMEIO_CLIENT_ID!,
 *   clientSecret: process.env.FRAMEIO_CLIENT_SECRET!,
 * });
 * const client = createFrameioClient({ auth });
 * const { data } = await client.GET('/v4/me');
 *
 * @throws {TypeError} `clientId` or `clientSecret` is missing or empty, or `scopes` is empty.
 * @throws {AuthError} code `invalid_options`: `imsBaseUrl`, `timeoutMs`, `retries` or `refreshMarginMs` is
 *   invalid.
 */
export class ServerToServerAuth implements TokenSource {
  /** The credential's client ID (not a secret). */
  readonly clientId: string;
  /** The scopes requested, normalised. */
  readonly scopes: readonly string[];
  /** The IMS base URL used, without a trailing slash. */
  readonly imsBaseUrl: string;
  /**
   * This credential's key in `store`: `frameio-v4:s2s:<imsBaseUrl>:<clientId>:<scopes, sorted>`. It never
   * contains the secret, and instances with the same credential and scopes share it.
   */
  readonly storeKey: string;

  readonly #clientSecret: string;
  readonly #cache: TokenCache;

  constructor(options: ServerToServerAuthOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(
        'ServerToServerAuth: pass an options object { clientId, clientSecret }; copy both from the ' +
          `${CONSOLE}.`,
      );
    }
    this.clientId = requiredString(options.clientId, 'clientId', `Copy the Client ID from the ${CONSOLE}.`);
    this.#clientSecret = requiredString(
      options.clientSecret,
      'clientSecret',
      `Copy the client secret from the ${CONSOLE} ("Retrieve client secret") and pass it from an ` +
        'environment variable or a secret manager, never from source code.',
    );
    this.scopes = Object.freeze(resolveScopes(options.scopes));
    // Throws AuthError invalid_options now rather than on the first request. Normalised (no trailing slash)
    // so the store key does not depend on how the URL was written.
    const tokenUrl = imsEndpoints(options.imsBaseUrl ?? IMS_BASE_URL).token;
    this.imsBaseUrl = tokenUrl.slice(0, -IMS_PATHS.token.length);
    checkRequestOptions(options.timeoutMs, options.retries);
    // Sorted so instances asking for the same scopes in another order share one token.
    this.storeKey = `frameio-v4:s2s:${this.imsBaseUrl}:${this.clientId}:${[...this.scopes].sort().join(' ')}`;

    const now = options.now ?? Date.now;
    const client: ImsClient = {
      clientId: this.clientId,
      clientSecret: this.#clientSecret,
      authMethod: 'client_secret_post',
    };
    const { imsBaseUrl, scopes } = this;
    const { fetch: fetchImpl, timeoutMs, retries } = options;
    this.#cache = new TokenCache({
      description: `ServerToServerAuth(client ${this.clientId})`,
      refreshMarginMs: options.refreshMarginMs,
      now,
      store: options.store,
      storeKey: options.store ? this.storeKey : undefined,
      onStoreError: options.onStoreError,
      fetchToken: async ({ signal }) =>
        accessTokenFromResponse(
          await requestImsToken({
            grantType: 'client_credentials',
            client,
            scopes,
            imsBaseUrl,
            fetch: fetchImpl,
            signal,
            timeoutMs,
            retries,
            now,
          }),
          now(),
        ),
    });
    installSafeInspect(this, () => this.#summary(), 'ServerToServerAuth');
  }

  /**
   * Returns a token that is not about to expire, minting one at IMS if needed. Concurrent calls share one
   * IMS request.
   *
   * - `signal` abandons this call's wait only (it rejects with `signal.reason`); a shared request goes on.
   * - `forceRefresh: true` mints a new token even if the cached one is still fresh.
   *
   * @throws {ImsError} IMS refused (`invalid_client`, `invalid_scope`, `unauthorized_client`…) or stayed
   *   unavailable after the retries (`retryable: true`).
   */
  getToken(options?: GetTokenOptions): Promise<AccessToken> {
    return this.#cache.getToken(options);
  }

  /**
   * The API rejected `token` (401): drop it, here and in the store, so the next `getToken()` mints a new one.
   * A token that was already replaced is ignored, so many concurrent 401s cause one new token.
   */
  invalidate(token: AccessToken): void {
    this.#cache.invalidate(token);
  }

  /** A safe summary for logs: client ID, scopes, IMS URL and cache state; never the secret or the token. */
  toJSON(): ServerToServerAuthSummary {
    return this.#summary();
  }

  #summary(): ServerToServerAuthSummary {
    const { cached, expiresAt } = this.#cache.toJSON();
    return { clientId: this.clientId, scopes: this.scopes, imsBaseUrl: this.imsBaseUrl, cached, expiresAt };
  }
}

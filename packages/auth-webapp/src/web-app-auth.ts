import {
  type AccessToken,
  AuthError,
  DEFAULT_IMS_RETRIES,
  DEFAULT_IMS_TIMEOUT_MS,
  DEFAULT_ROTATION_GRACE_MS,
  DEFAULT_USER_SCOPES,
  type GetTokenOptions,
  imsEndpoints,
  installSafeInspect,
  isAllowedRedirectUri,
  MemoryTokenStore,
  normalizeScopes,
  type ScopesInput,
  type TokenSource,
  type TokenStore,
} from '@frameio-v4/auth-core';
import {
  type AuthorizationCallback,
  type AuthorizationRequest,
  type AuthorizationUrlOptions,
  parseCallback,
} from './authorization.js';
import type { WebAppTokenExport, WebAppTokenImport } from './record.js';
import {
  type ExchangeCodeOptions,
  type RevokeOptions,
  type SessionConfig,
  type SignInResult,
  WebAppUserSession,
} from './session.js';

/**
 * Scopes requested by default: `openid profile email offline_access additional_info.roles`, as Frame.io staff
 * advise for user sign-in (https://forum.frame.io/t/3217). `offline_access` is what gets a refresh token.
 * Some integrations also need `AdobeID`; pass `scopes` to add it. The same list as auth-core's
 * `DEFAULT_USER_SCOPES`.
 */
export const DEFAULT_WEB_APP_SCOPES: readonly string[] = DEFAULT_USER_SCOPES;

/** The user key the top-level `WebAppAuth` methods act on, for single-user apps. */
export const DEFAULT_USER_KEY = 'default';

/** How the client secret is sent to IMS (RFC 6749 §2.3.1). */
export type WebAppClientAuthMethod = 'client_secret_basic' | 'client_secret_post';

/** Options of {@link WebAppAuth}. */
export interface WebAppAuthOptions {
  /** Client ID of the OAuth Web App credential (Adobe Developer Console). */
  clientId: string;
  /** Client secret of the credential. Kept private; never printed. */
  clientSecret: string;
  /**
   * Where IMS sends the user back, e.g. `https://app.example.com/auth/callback`. It must match a Redirect URI
   * pattern of the credential, else IMS silently uses the credential's Default Redirect URI. https, or http
   * only on a loopback host (127.0.0.1, [::1], localhost) for local development.
   */
  redirectUri: string;
  /** Scopes to request (string or list, space- or comma-separated). Default {@link DEFAULT_WEB_APP_SCOPES}. */
  scopes?: ScopesInput;
  /**
   * Where each user's tokens are kept. Default: a new `MemoryTokenStore` (lost on restart). Use a shared,
   * private store (`FileTokenStore`, Redis, a database) when several processes serve the same users.
   */
  store?: TokenStore;
  /** `client_secret_basic` (default, as Adobe's Web App guide shows) or `client_secret_post`. */
  clientAuthMethod?: WebAppClientAuthMethod;
  /** Adobe IMS host. Default `https://ims-na1.adobelogin.com`. */
  imsBaseUrl?: string;
  /** `fetch` used for IMS requests. Default the global one. */
  fetch?: typeof fetch;
  /** Refresh this long before expiry (capped at half the token's lifetime). Default 5 minutes. */
  refreshMarginMs?: number;
  /** Clock in epoch ms (token expiry). Default `Date.now`; inject one in tests. */
  now?: () => number;
  /** Per-attempt timeout of IMS requests. Default 30 s. */
  timeoutMs?: number;
  /** Retries of transient IMS failures (network, timeout, 429, 5xx). Default 2. */
  retries?: number;
  /**
   * When IMS rejects a refresh token, how long to keep re-reading the store for a token another process
   * has just rotated (and not yet written) before giving up and deleting the record. Default 1 s
   * (`DEFAULT_ROTATION_GRACE_MS`).
   */
  rotationGraceMs?: number;
}

function invalidOption(message: string): AuthError {
  return new AuthError(`WebAppAuth: ${message}`, { code: 'invalid_options' });
}

/** https, or http on a loopback host for local development (RFC 8252 §7.3); no fragment (RFC 6749 §3.1.2). */
function checkRedirectUri(value: unknown): string {
  if (typeof value === 'string' && value.includes('#')) {
    throw invalidOption('redirectUri must not contain a fragment (RFC 6749 §3.1.2).');
  }
  if (typeof value !== 'string' || !isAllowedRedirectUri(value)) {
    // IMS silently sends the user to the credential's Default Redirect URI when this does not match.
    throw invalidOption(
      'redirectUri must be the absolute https URL of your callback route (e.g. ' +
        '"https://app.example.com/auth/callback"), matching a Redirect URI pattern of the credential; plain ' +
        'http is allowed only on 127.0.0.1, [::1] or localhost, for local development.',
    );
  }
  return value;
}

function checkOptionalNumber(name: string, value: unknown, hint: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalidOption(`${name} must be a number ≥ 0 (${hint}).`);
  }
  return value;
}

/**
 * Adobe IMS OAuth Web App credential (a confidential client): sign-in with the authorization code grant
 * (RFC 6749 §4.1) and automatic, rotation-safe refresh, for Express, Fastify, Next.js and other servers.
 *
 * It is a `TokenSource` for the default user (`'default'`): `createFrameioClient({ auth })`. For many users,
 * `auth.forUser(key)` returns each user's session, which has the same methods.
 *
 * Endpoints: `/ims/authorize/v2`, `/ims/token/v3`, `/ims/revoke`
 * (https://developer.adobe.com/developer-console/docs/guides/authentication/UserAuthentication/ims/).
 *
 * @example
 * const auth = new WebAppAuth({ clientId, clientSecret, redirectUri: 'https://app.example.com/callback' });
 * // GET /login
 * const { url, state } = auth.getAuthorizationUrl();
 * session.oauthState = state; // redirect to url
 * // GET /callback
 * const { code, state: returned } = auth.parseCallback(req.originalUrl);
 * await auth.forUser(userId).exchangeCode({ code, state: returned, expectedState: session.oauthState });
 * const client = createFrameioClient({ auth: auth.forUser(userId) });
 */
export class WebAppAuth implements TokenSource {
  /** Client ID of the credential. */
  readonly clientId: string;
  /** The callback URL sent as `redirect_uri`. */
  readonly redirectUri: string;
  /** The scopes requested by default. */
  readonly scopes: readonly string[];
  readonly #config: SessionConfig;
  readonly #sessions = new Map<string, WeakRef<WebAppUserSession>>();
  // Forgets a user's map entry once nobody holds the session; the store keeps the tokens.
  readonly #forget = new FinalizationRegistry<string>((userKey) => {
    if (this.#sessions.get(userKey)?.deref() === undefined) this.#sessions.delete(userKey);
  });
  readonly #defaultSession: WebAppUserSession;

  /** @throws {AuthError} `invalid_options` naming the missing or invalid option. */
  constructor(options: WebAppAuthOptions) {
    if (typeof options !== 'object' || options === null) {
      throw invalidOption('pass { clientId, clientSecret, redirectUri } from the OAuth Web App credential.');
    }
    const { clientId, clientSecret } = options;
    if (typeof clientId !== 'string' || clientId === '') {
      throw invalidOption(
        'clientId is required: copy it from the OAuth Web App credential in the Adobe Developer Console.',
      );
    }
    if (typeof clientSecret !== 'string' || clientSecret === '') {
      throw invalidOption(
        'clientSecret is required: copy it from the OAuth Web App credential in the Adobe Developer Console ' +
          '(a Single-Page App or Native App credential has none: use @frameio-v4/auth-pkce instead).',
      );
    }
    const redirectUri = checkRedirectUri(options.redirectUri);
    const scopes = normalizeScopes(options.scopes ?? DEFAULT_WEB_APP_SCOPES);
    if (scopes.length === 0) throw invalidOption('scopes is empty; leave it out for the default scopes.');
    const authMethod = options.clientAuthMethod ?? 'client_secret_basic';
    if (authMethod !== 'client_secret_basic' && authMethod !== 'client_secret_post') {
      throw invalidOption(
        'clientAuthMethod must be "client_secret_basic" (default) or "client_secret_post".',
      );
    }
    const store = options.store ?? new MemoryTokenStore();
    if (
      typeof store !== 'object' ||
      store === null ||
      typeof store.get !== 'function' ||
      typeof store.set !== 'function' ||
      typeof store.delete !== 'function'
    ) {
      throw invalidOption('store must be a TokenStore with get, set and delete methods.');
    }
    if (options.fetch !== undefined && typeof options.fetch !== 'function') {
      throw invalidOption('fetch must be a fetch function.');
    }
    if (options.now !== undefined && typeof options.now !== 'function') {
      throw invalidOption('now must be a function returning epoch milliseconds.');
    }
    const rotationGraceMs =
      checkOptionalNumber('rotationGraceMs', options.rotationGraceMs, 'milliseconds, default 1000') ??
      DEFAULT_ROTATION_GRACE_MS;
    checkOptionalNumber('refreshMarginMs', options.refreshMarginMs, 'milliseconds, default 300000');
    const { timeoutMs, retries } = options;
    if (
      timeoutMs !== undefined &&
      (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0)
    ) {
      throw invalidOption(
        `timeoutMs must be a positive number of milliseconds (default ${DEFAULT_IMS_TIMEOUT_MS}); got ${String(timeoutMs)}.`,
      );
    }
    if (retries !== undefined && (typeof retries !== 'number' || !Number.isInteger(retries) || retries < 0)) {
      throw invalidOption(
        `retries must be a whole number ≥ 0 (default ${DEFAULT_IMS_RETRIES}); got ${String(retries)}.`,
      );
    }

    // Validates imsBaseUrl now rather than at the first request.
    imsEndpoints(options.imsBaseUrl);

    this.clientId = clientId;
    this.redirectUri = redirectUri;
    this.scopes = Object.freeze([...scopes]);
    this.#config = installSafeInspect(
      {
        clientId,
        client: { clientId, clientSecret, authMethod },
        redirectUri,
        scopes: this.scopes,
        store,
        imsBaseUrl: options.imsBaseUrl,
        fetch: options.fetch,
        refreshMarginMs: options.refreshMarginMs,
        now: options.now ?? Date.now,
        timeoutMs: options.timeoutMs,
        retries: options.retries,
        rotationGraceMs,
      } satisfies SessionConfig,
      () => ({ clientId }),
      'WebAppAuthConfig',
    );
    this.#defaultSession = this.forUser(DEFAULT_USER_KEY);
    installSafeInspect(
      this,
      () => ({ clientId, redirectUri, scopes: [...this.scopes], clientAuthMethod: authMethod }),
      'WebAppAuth',
    );
  }

  /**
   * The session of one user of your app, e.g. `auth.forUser(user.id)`: a `TokenSource` for
   * `createFrameioClient({ auth })` with the sign-in methods for that user. Tokens are stored under a key made
   * of the client ID and `userKey`. The same key returns the same object while you hold a reference, so
   * concurrent requests share its cached token and refresh.
   *
   * `userKey` appears in `util.inspect`/`JSON.stringify` of the session: use your stable user id, not a
   * session cookie value.
   *
   * @throws {AuthError} `invalid_options` if `userKey` is not a non-empty string.
   */
  forUser(userKey: string): WebAppUserSession {
    if (typeof userKey !== 'string' || userKey === '') {
      throw invalidOption('forUser(userKey): userKey must be a non-empty string, e.g. your user id.');
    }
    const existing = this.#sessions.get(userKey)?.deref();
    if (existing) return existing;
    const session = new WebAppUserSession(this.#config, userKey);
    this.#sessions.set(userKey, new WeakRef(session));
    this.#forget.register(session, userKey);
    return session;
  }

  /** `getToken` of the default user; see {@link WebAppUserSession.getToken}. */
  getToken(options?: GetTokenOptions): Promise<AccessToken> {
    return this.#defaultSession.getToken(options);
  }

  /** `invalidate` of the default user; see {@link WebAppUserSession.invalidate}. */
  invalidate(token: AccessToken): void {
    this.#defaultSession.invalidate(token);
  }

  /**
   * The `/ims/authorize/v2` URL to redirect the user to, with `client_id`, `redirect_uri`,
   * `response_type=code`, `scope` and `state` (random unless given). Keep `state` in the user's session
   * (e.g. a signed HttpOnly cookie) and pass it to `exchangeCode` as `expectedState`.
   */
  getAuthorizationUrl(options?: AuthorizationUrlOptions): AuthorizationRequest {
    return this.#defaultSession.getAuthorizationUrl(options);
  }

  /**
   * Reads `code` and `state` from the callback URL.
   *
   * @throws {AuthorizationCallbackError} IMS redirected back with an error such as `access_denied`.
   */
  parseCallback(callbackUrl: string | URL): AuthorizationCallback {
    return parseCallback(callbackUrl, { imsBaseUrl: this.#config.imsBaseUrl });
  }

  /** `exchangeCode` for the default user; see {@link WebAppUserSession.exchangeCode}. */
  exchangeCode(options: ExchangeCodeOptions): Promise<SignInResult> {
    return this.#defaultSession.exchangeCode(options);
  }

  /** `revoke` for the default user; see {@link WebAppUserSession.revoke}. */
  revoke(options?: RevokeOptions): Promise<void> {
    return this.#defaultSession.revoke(options);
  }

  /** `isSignedIn` for the default user; see {@link WebAppUserSession.isSignedIn}. */
  isSignedIn(): Promise<boolean> {
    return this.#defaultSession.isSignedIn();
  }

  /**
   * `exportTokens` for the default user; see {@link WebAppUserSession.exportTokens}. The result CONTAINS
   * SECRETS.
   */
  exportTokens(): Promise<WebAppTokenExport | undefined> {
    return this.#defaultSession.exportTokens();
  }

  /** `importTokens` for the default user; see {@link WebAppUserSession.importTokens}. */
  importTokens(tokens: WebAppTokenExport | WebAppTokenImport): Promise<void> {
    return this.#defaultSession.importTokens(tokens);
  }
}

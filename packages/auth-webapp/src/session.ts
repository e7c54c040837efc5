import {
  type AccessToken,
  AuthError,
  assertStateMatches,
  type GetTokenOptions,
  type ImsClient,
  installSafeInspect,
  type TokenSource,
  type TokenStore,
  type UserRevokeOptions,
  type UserSignIn,
  UserTokenSession,
} from '@frameio-v4/auth-core';
import {
  type AuthorizationRequest,
  type AuthorizationUrlOptions,
  webAppAuthorizationUrl,
} from './authorization.js';
import { type SignInRequiredCode, SignInRequiredError } from './errors.js';
import { recordFromImport, type WebAppTokenExport, type WebAppTokenImport } from './record.js';

/** Everything a session needs, resolved once by `WebAppAuth`. Holds the client secret: never exposed. */
export interface SessionConfig {
  readonly clientId: string;
  readonly client: ImsClient;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly store: TokenStore;
  readonly imsBaseUrl: string | undefined;
  readonly fetch: typeof fetch | undefined;
  readonly refreshMarginMs: number | undefined;
  readonly now: () => number;
  readonly timeoutMs: number | undefined;
  readonly retries: number | undefined;
  readonly rotationGraceMs: number;
}

/** Arguments of `exchangeCode()`. */
export interface ExchangeCodeOptions {
  /** The `code` from the callback (see `parseCallback`). */
  code: string;
  /** The `state` from the callback. */
  state: string | undefined;
  /** The `state` you stored when you sent the user to sign in. A missing or different value is refused. */
  expectedState: string;
  /**
   * The scopes the authorization URL asked for, recorded when IMS does not echo `scope`. Default: the
   * instance's scopes.
   */
  scopes?: string | readonly string[];
  /** Aborts the token request. */
  signal?: AbortSignal;
}

/**
 * What a successful `exchangeCode()` tells you, without secrets: `{ scopes, expiresAt, hasRefreshToken }`.
 * `hasRefreshToken: false` means `offline_access` was not granted: when the access token expires (IMS: after
 * 24 h) the user must sign in again.
 */
export type SignInResult = UserSignIn;

/** Options of `revoke()`: `signal` aborts the revocation requests (the stored tokens are deleted anyway). */
export type RevokeOptions = UserRevokeOptions;

/** What the user must do when they have to sign in for a reason found locally. */
const SIGN_IN_REQUIRED_MESSAGES: Record<SignInRequiredCode, string> = {
  not_signed_in:
    'WebAppAuth: this user is not signed in: no tokens are stored for this client and user key (never ' +
    'signed in, signed out with revoke(), or removed after IMS rejected the refresh token). Send the ' +
    'user to getAuthorizationUrl() and call exchangeCode() on the callback.',
  no_refresh_token:
    'WebAppAuth: the access token expired and there is no refresh token, because the offline_access ' +
    'scope was not granted. Sign the user in again. To refresh without a new sign-in, request ' +
    'offline_access (it is in the default scopes) and make sure the credential allows it in the Adobe ' +
    'Developer Console.',
};

/**
 * One user's sign-in with an OAuth Web App credential: a `TokenSource` for `createFrameioClient({ auth })`
 * plus the sign-in, export and revoke operations for that user. Get it from `WebAppAuth.forUser(userKey)`;
 * the same key gives the same object while you hold it, so its cached token and in-flight refresh are shared.
 *
 * The tokens live in the instance's `TokenStore` under a key made of the client ID and the user key, kept by
 * auth-core's `UserTokenSession` (refresh with rotation, the cross-process rotation race, revocation).
 * `JSON.stringify`/`util.inspect` show `{ clientId, userKey }`.
 */
export class WebAppUserSession implements TokenSource {
  /** Your key for this user (e.g. your user id), as passed to `forUser`. */
  readonly userKey: string;
  readonly #config: SessionConfig;
  readonly #tokens: UserTokenSession;

  /** @internal Use `WebAppAuth.forUser(userKey)`. */
  constructor(config: SessionConfig, userKey: string) {
    this.userKey = userKey;
    this.#config = config;
    this.#tokens = new UserTokenSession({
      client: config.client,
      store: config.store,
      // Encoded so a ':' in the client ID or user key cannot make two users share a key.
      storeKey: `frameio-v4:auth-webapp:${encodeURIComponent(config.clientId)}:${encodeURIComponent(userKey)}`,
      description: `WebAppAuth(client ${config.clientId})`,
      imsBaseUrl: config.imsBaseUrl,
      fetch: config.fetch,
      timeoutMs: config.timeoutMs,
      retries: config.retries,
      now: config.now,
      refreshMarginMs: config.refreshMarginMs,
      rotationGraceMs: config.rotationGraceMs,
      signInRequiredError: (code, { tokenEndpoint }) =>
        new SignInRequiredError(code, tokenEndpoint, SIGN_IN_REQUIRED_MESSAGES[code]),
    });
    installSafeInspect(this, () => ({ clientId: config.clientId, userKey }), 'WebAppUserSession');
  }

  /** The key of this user's record in the store: `frameio-v4:auth-webapp:<client id>:<user key>` (URI-encoded parts). */
  get storeKey(): string {
    return this.#tokens.storeKey;
  }

  /**
   * A valid access token for this user, refreshed with the refresh token when it is about to expire. Many
   * concurrent calls share one refresh.
   *
   * @throws {SignInRequiredError} The user is not signed in, or the token expired and there is no refresh token.
   * @throws {ReauthenticationRequiredError} IMS rejected the refresh token (`invalid_grant`): the stored
   *   tokens were deleted and the user must sign in again.
   * @throws {ImsError} IMS refused or could not be reached (after bounded retries).
   */
  getToken(options?: GetTokenOptions): Promise<AccessToken> {
    return this.#tokens.getToken(options);
  }

  /** The API rejected `token` (HTTP 401): the next `getToken()` refreshes, unless it was already replaced. */
  invalidate(token: AccessToken): void {
    this.#tokens.invalidate(token);
  }

  /**
   * The URL to send the user to for sign-in, and the `state` to keep in the user's session until the
   * callback. Same as `WebAppAuth.getAuthorizationUrl`.
   */
  getAuthorizationUrl(options: AuthorizationUrlOptions = {}): AuthorizationRequest {
    const config = this.#config;
    return webAppAuthorizationUrl({
      imsBaseUrl: config.imsBaseUrl,
      clientId: config.clientId,
      redirectUri: config.redirectUri,
      scopes: config.scopes,
      options,
    });
  }

  /**
   * Checks `state` against `expectedState` (before any request: RFC 6749 §10.12), exchanges the code at
   * `/ims/token/v3` (`authorization_code` grant with `redirect_uri`, client secret sent as configured), and
   * stores this user's tokens, replacing any previous sign-in.
   *
   * @throws {StateMismatchError} `state` is missing or differs; nothing was sent to IMS.
   * @throws {ReauthenticationRequiredError} The code is invalid, expired or was already used (`invalid_grant`).
   * @throws {ImsError} e.g. `invalid_client` (wrong client secret), `invalid_request` (redirect URI mismatch).
   */
  async exchangeCode(options: ExchangeCodeOptions): Promise<SignInResult> {
    assertStateMatches(options?.state, options?.expectedState, {
      stateStorage: "in the user's session (e.g. a signed, HttpOnly cookie)",
    });
    if (typeof options.code !== 'string' || options.code === '') {
      throw new AuthError(
        'exchangeCode: code must be the non-empty code parameter of the callback; use parseCallback(url) to read it.',
        { code: 'invalid_options' },
      );
    }
    return this.#tokens.exchangeCode({
      code: options.code,
      // RFC 6749 §4.1.3: redirect_uri is required because the authorization request carried it.
      redirectUri: this.#config.redirectUri,
      scopes: options.scopes ?? this.#config.scopes,
      signal: options.signal,
    });
  }

  /**
   * Signs the user out: revokes the refresh token and the (unexpired) access token at `/ims/revoke`
   * (RFC 7009), then deletes the stored record. The record is deleted even if IMS cannot be reached (the error is thrown
   * afterwards: the tokens then stay valid at IMS until they expire). The next `getToken()` throws
   * {@link SignInRequiredError} (`not_signed_in`). Does nothing if the user is not signed in.
   */
  revoke(options: RevokeOptions = {}): Promise<void> {
    return this.#tokens.revoke(options);
  }

  /** Whether tokens are stored for this user that can still produce an access token. */
  isSignedIn(): Promise<boolean> {
    return this.#tokens.isSignedIn();
  }

  /**
   * This user's tokens as a plain JSON-serialisable object, or `undefined` when not signed in.
   *
   * It CONTAINS SECRETS (access and refresh tokens): that is its purpose, e.g. moving a session to another
   * store or process with `importTokens`. Never log it or send it to a browser.
   */
  async exportTokens(): Promise<WebAppTokenExport | undefined> {
    const record = await this.#tokens.exportTokens();
    if (!record) return undefined;
    return { version: 1, clientId: this.#config.clientId, ...record };
  }

  /**
   * Validates `tokens` (an `exportTokens()` result, or tokens for this client obtained elsewhere) and stores
   * them as this user's tokens, replacing any previous sign-in.
   *
   * @throws {AuthError} `invalid_tokens` naming the bad field (never its value), or tokens of another client.
   */
  async importTokens(tokens: WebAppTokenExport | WebAppTokenImport): Promise<void> {
    const config = this.#config;
    const record = recordFromImport(tokens, {
      clientId: config.clientId,
      defaultScopes: config.scopes,
      now: config.now(),
    });
    await this.#tokens.importTokens(record);
  }
}

// One signed-in user's tokens for the authorization code flows: code exchange (RFC 6749 §4.1.3, RFC 7636
// §4.5), refresh (RFC 6749 §6) and revocation (RFC 7009) on Adobe IMS
// (https://developer.adobe.com/developer-console/docs/guides/authentication/UserAuthentication/ims/).
import { sleep, waitFor } from './abort.js';
import { AuthError, ImsError, ReauthenticationRequiredError, TokenStoreError } from './errors.js';
import {
  accessTokenFromResponse,
  type ImsClient,
  type ImsTokenResponse,
  imsEndpoints,
  requestImsToken,
  revokeImsToken,
} from './ims.js';
import { installSafeInspect } from './redact.js';
import { normalizeScopes, type ScopesInput } from './scopes.js';
import {
  DEFAULT_REFRESH_MARGIN_MS,
  type FetchedAccessToken,
  TokenCache,
  type TokenFetchReason,
  type TokenStoreErrorContext,
} from './token-cache.js';
import type { TokenStore } from './token-store.js';
import type { AccessToken, GetTokenOptions, TokenSource } from './types.js';

/**
 * One user's tokens as a {@link UserTokenSession} keeps them in its store. Plain JSON data that CONTAINS
 * SECRETS (the access and refresh tokens): store it where only your app can read it.
 */
export interface UserTokenRecord {
  /** The bearer token for the Frame.io API. */
  accessToken: string;
  /** When `accessToken` expires, in epoch ms; absent when IMS gave no `expires_in` (then never). */
  expiresAt?: number | undefined;
  /** Present when IMS issued one (the `offline_access` scope). IMS rotates it on every refresh; the newest is kept. */
  refreshToken?: string | undefined;
  /** The scopes granted (IMS's `scope` when it sends one, else the scopes requested). */
  scopes: string[];
  /** When the access token was obtained, in epoch ms: its lifetime sets the refresh margin. */
  obtainedAt: number;
}

/** Why a user must sign in although IMS was not asked: see {@link UserTokenSessionOptions.signInRequiredError}. */
export type SignInRequiredReason =
  /** No tokens are stored for this user. */
  | 'not_signed_in'
  /** The access token expired and there is no refresh token to renew it. */
  | 'no_refresh_token';

/** What {@link UserTokenSessionOptions.signInRequiredError} receives besides the reason. */
export interface SignInRequiredContext {
  /** When the access token expired, for `no_refresh_token`. */
  readonly expiresAt: number | undefined;
  /** The IMS token endpoint, for the error's `endpoint`. */
  readonly tokenEndpoint: string;
}

/**
 * What a {@link UserTokenSession} does when its store fails or holds something that is not a token record:
 * - `'throw'`: the operation fails with the store's error, or a `TokenStoreError` coded `token_store_corrupt`.
 *   For servers, where a store outage must be seen and a process must not drift from the shared store.
 * - `'tolerate'`: reads fall back to the tokens this instance last read or wrote, and a renewal that cannot be
 *   written is kept in memory; both are reported to `onStoreError` (an unusable entry as
 *   `token_store_invalid_value`). For browsers, where Web Storage may be full or disabled. What the user calls
 *   explicitly (`exchangeCode`, `importTokens`, the delete in `revoke`) still throws.
 */
export type StoreFailurePolicy = 'throw' | 'tolerate';

/** Options of {@link UserTokenSession}. */
export interface UserTokenSessionOptions {
  /**
   * The OAuth client as IMS sees it: `client_secret_basic` or `client_secret_post` with the secret for a Web
   * App credential, `none` for a public client (Single-Page App, Native App).
   */
  client: ImsClient;
  /** Where the user's {@link UserTokenRecord} is kept. */
  store: TokenStore;
  /** The record's key in `store`; include the client ID and the user, so sessions never share one. */
  storeKey: string;
  /** A label without secrets for messages and `util.inspect`. Default `UserTokenSession(client <id>)`. */
  description?: string | undefined;
  /** Adobe IMS base URL. Default `https://ims-na1.adobelogin.com`. */
  imsBaseUrl?: string | undefined;
  /** `fetch` used for IMS requests. Default the global one. */
  fetch?: typeof fetch | undefined;
  /** Per-attempt timeout of IMS requests, in ms. Default 30 s. */
  timeoutMs?: number | undefined;
  /**
   * Retries of transient IMS failures (network error, timeout, 429, 5xx). Default 2. The code exchange is
   * retried only after a 429 with `Retry-After`: an authorization code works once (RFC 6749 §4.1.2).
   */
  retries?: number | undefined;
  /** Clock in epoch ms. Default `Date.now`; inject one in tests. */
  now?: (() => number) | undefined;
  /** Renew this long before expiry, capped at half the token's lifetime (as `TokenCache`). Default 5 min. */
  refreshMarginMs?: number | undefined;
  /**
   * When IMS rejects a refresh token (`invalid_grant`), how long to keep re-reading the store, backing off from
   * 25 ms, for tokens another process sharing it has just rotated but not yet written. Default
   * {@link DEFAULT_ROTATION_GRACE_MS}; 0 re-reads once.
   */
  rotationGraceMs?: number | undefined;
  /**
   * Write `clientId` into every stored record and use only records that carry this client's ID (auth-pkce's
   * record format). Default false: the key names the client. A record carrying another client's ID is never used.
   */
  recordClientId?: boolean | undefined;
  /** See {@link StoreFailurePolicy}. Default `'throw'`. */
  storeFailures?: StoreFailurePolicy | undefined;
  /** With `storeFailures: 'tolerate'`, told about each store failure the session carried on after. Default: ignore. */
  onStoreError?: ((error: unknown, context: TokenStoreErrorContext) => void) | undefined;
  /**
   * When IMS refuses the `refresh_token` grant to the credential (`unauthorized_client`,
   * `unsupported_grant_type`): `'throw'` the `ImsError` (default: a misconfigured credential must be seen), or
   * `'dropRefreshToken'` and use the access token until it expires (for credential types that may not be
   * allowed to refresh, as Adobe documents for Single-Page App and Native App credentials).
   */
  refreshGrantRefused?: 'throw' | 'dropRefreshToken' | undefined;
  /**
   * Builds the error thrown when the user must sign in for a local reason, so a flow can name its own sign-in
   * steps or throw its own subclass. Default: {@link ReauthenticationRequiredError.local} with a generic
   * message.
   */
  signInRequiredError?:
    | ((reason: SignInRequiredReason, context: SignInRequiredContext) => ReauthenticationRequiredError)
    | undefined;
}

/** What {@link UserTokenSession.exchangeCode} sends to IMS. */
export interface UserCodeExchange {
  /** The authorization code from the redirect. */
  code: string;
  /** The `redirect_uri` the authorization request carried (RFC 6749 §4.1.3 requires the same value). */
  redirectUri: string;
  /** The PKCE code verifier, for a sign-in that sent a code challenge (RFC 7636 §4.5). */
  codeVerifier?: string | undefined;
  /** The scopes the authorization request asked for, recorded if IMS does not say which it granted. */
  scopes: ScopesInput;
  /** Aborts the token request; the call rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
}

/** What a sign-in produced, without secrets. */
export interface UserSignIn {
  /** The scopes recorded. */
  scopes: string[];
  /** When the access token expires, in epoch ms. */
  expiresAt: number | undefined;
  /** Whether IMS issued a refresh token; without one the user must sign in again once the token expires. */
  hasRefreshToken: boolean;
}

/** Options of {@link UserTokenSession.revoke}. */
export interface UserRevokeOptions {
  /** Aborts the revocation requests; the stored record is deleted anyway. */
  signal?: AbortSignal | undefined;
}

/** The default {@link UserTokenSessionOptions.rotationGraceMs}: 1 s. */
export const DEFAULT_ROTATION_GRACE_MS = 1_000;

/** IMS errors that refuse the refresh grant to the credential rather than the token (RFC 6749 §5.2). */
const REFRESH_REFUSALS = new Set(['unauthorized_client', 'unsupported_grant_type']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** Whether `value` has the shape of a {@link UserTokenRecord} (its tokens are not checked with IMS). */
export function isUserTokenRecord(value: unknown): value is UserTokenRecord {
  if (!isPlainObject(value)) return false;
  const { accessToken, expiresAt, refreshToken, scopes, obtainedAt } = value;
  return (
    isNonEmptyString(accessToken) &&
    (expiresAt === undefined || isFiniteNumber(expiresAt)) &&
    (refreshToken === undefined || isNonEmptyString(refreshToken)) &&
    Array.isArray(scopes) &&
    scopes.every((scope) => typeof scope === 'string') &&
    isFiniteNumber(obtainedAt)
  );
}

/** A copy with only the record's fields, so nothing else a store or a caller added is kept or handed out. */
function copyRecord(record: UserTokenRecord): UserTokenRecord {
  const copy: UserTokenRecord = {
    accessToken: record.accessToken,
    scopes: [...record.scopes],
    obtainedAt: record.obtainedAt,
  };
  if (record.expiresAt !== undefined) copy.expiresAt = record.expiresAt;
  if (record.refreshToken !== undefined) copy.refreshToken = record.refreshToken;
  return copy;
}

type RotationLookup =
  | { readonly kind: 'gone' }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'replaced'; readonly record: UserTokenRecord };

function invalidOption(description: string, message: string): AuthError {
  return new AuthError(`${description}: ${message}`, { code: 'invalid_options' });
}

/**
 * The tokens of one user signed in with an authorization code flow (Web App, Single-Page App, Native App),
 * kept as a {@link UserTokenRecord} in a `TokenStore`. It is a `TokenSource`, and does what every such flow
 * needs once the user is back from IMS; a flow adds its authorization URL and its `state` / PKCE checks.
 *
 * - `exchangeCode` exchanges the code and stores the record, replacing any previous sign-in.
 * - `getToken` serves the access token and renews it with the refresh token before it expires, keeping the
 *   rotated refresh token; a `TokenCache` makes renewals single-flight and applies the refresh margin.
 * - Rotation race: when IMS rejects the refresh token because another process sharing the store rotated it
 *   first, the store is re-read (for up to `rotationGraceMs`) and that process's tokens are used. Otherwise
 *   the record is deleted (only if it still holds that refresh token) and `ReauthenticationRequiredError`
 *   (`invalid_grant`) is thrown.
 * - After a 401 (`invalidate`), a different fresh token another process stored is used; else the token is
 *   renewed. Without a refresh token the same token is handed back, so the caller gets that 401 (which may
 *   be a missing scope) rather than a misleading sign-in error.
 * - `revoke`, `isSignedIn`, `exportTokens` and `importTokens`.
 *
 * The store is the source of truth: every renewal re-reads it, so processes and tabs sharing it see each
 * other's rotations and sign-outs. Stores do not lock, so a narrow race remains. Tokens live in the store and
 * in private fields; `JSON.stringify`, `util.inspect` and `String()` show only `{ description, storeKey }`.
 *
 * @example
 * const session = new UserTokenSession({
 *   client: { clientId, authMethod: 'none' },
 *   store: new MemoryTokenStore(),
 *   storeKey: `my-app:${clientId}:${userId}`,
 * });
 * await session.exchangeCode({ code, codeVerifier, redirectUri, scopes: 'openid offline_access' });
 * const { token } = await session.getToken();
 */
export class UserTokenSession implements TokenSource {
  /** The record's key in the store. */
  readonly storeKey: string;
  readonly #client: ImsClient;
  readonly #store: TokenStore;
  readonly #description: string;
  readonly #imsBaseUrl: string | undefined;
  readonly #tokenEndpoint: string;
  readonly #fetch: typeof fetch | undefined;
  readonly #timeoutMs: number | undefined;
  readonly #retries: number | undefined;
  readonly #now: () => number;
  readonly #refreshMarginMs: number;
  readonly #rotationGraceMs: number;
  readonly #recordClientId: boolean;
  readonly #tolerant: boolean;
  readonly #onStoreError: UserTokenSessionOptions['onStoreError'];
  readonly #dropRefusedRefreshToken: boolean;
  readonly #signInRequiredError: NonNullable<UserTokenSessionOptions['signInRequiredError']>;
  readonly #cache: TokenCache;
  /** The access token the API last rejected (`invalidate`), until a fetch has dealt with it. */
  #rejected: string | undefined;
  /** With `storeFailures: 'tolerate'`: the record last read or written, for when the store fails. */
  #remembered: UserTokenRecord | undefined;
  /** Settles (never rejects) when the TokenCache's fetch in flight, if any, is done: `revoke` waits for it. */
  #obtaining: Promise<void> | undefined;

  /** @throws {AuthError} `invalid_options` naming the missing or invalid option. */
  constructor(options: UserTokenSessionOptions) {
    if (!isPlainObject(options)) {
      throw invalidOption('UserTokenSession', 'pass { client, store, storeKey }.');
    }
    const clientId = options.client?.clientId;
    if (!isNonEmptyString(clientId)) {
      throw invalidOption('UserTokenSession', "client.clientId is required: the credential's client ID.");
    }
    const description = options.description ?? `UserTokenSession(client ${clientId})`;
    const { store } = options;
    if (
      !isPlainObject(store) ||
      typeof store.get !== 'function' ||
      typeof store.set !== 'function' ||
      typeof store.delete !== 'function'
    ) {
      throw invalidOption(description, 'store must be a TokenStore with get, set and delete methods.');
    }
    if (!isNonEmptyString(options.storeKey)) {
      throw invalidOption(description, "storeKey must be a non-empty string naming this user's record.");
    }
    const rotationGraceMs = options.rotationGraceMs ?? DEFAULT_ROTATION_GRACE_MS;
    if (!isFiniteNumber(rotationGraceMs) || rotationGraceMs < 0) {
      throw invalidOption(
        description,
        `rotationGraceMs must be a number of milliseconds ≥ 0 (default ${DEFAULT_ROTATION_GRACE_MS}).`,
      );
    }
    const storeFailures = options.storeFailures ?? 'throw';
    if (storeFailures !== 'throw' && storeFailures !== 'tolerate') {
      throw invalidOption(description, 'storeFailures must be "throw" (default) or "tolerate".');
    }
    const refreshGrantRefused = options.refreshGrantRefused ?? 'throw';
    if (refreshGrantRefused !== 'throw' && refreshGrantRefused !== 'dropRefreshToken') {
      throw invalidOption(
        description,
        'refreshGrantRefused must be "throw" (default) or "dropRefreshToken".',
      );
    }
    this.storeKey = options.storeKey;
    this.#client = options.client;
    this.#store = store;
    this.#description = description;
    this.#imsBaseUrl = options.imsBaseUrl;
    // Also validates imsBaseUrl now rather than at the first request.
    this.#tokenEndpoint = imsEndpoints(options.imsBaseUrl).token;
    this.#fetch = options.fetch;
    this.#timeoutMs = options.timeoutMs;
    this.#retries = options.retries;
    this.#now = options.now ?? Date.now;
    this.#refreshMarginMs = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
    this.#rotationGraceMs = rotationGraceMs;
    this.#recordClientId = options.recordClientId ?? false;
    this.#tolerant = storeFailures === 'tolerate';
    this.#onStoreError = options.onStoreError;
    this.#dropRefusedRefreshToken = refreshGrantRefused === 'dropRefreshToken';
    this.#signInRequiredError =
      options.signInRequiredError ?? ((reason, context) => this.#defaultError(reason, context));
    this.#cache = new TokenCache({
      description,
      now: this.#now,
      // TokenCache also validates it.
      refreshMarginMs: this.#refreshMarginMs,
      fetchToken: ({ signal, reason }) => this.#tracked(this.#obtain(signal, reason)),
    });
    installSafeInspect(this, () => ({ description, storeKey: this.storeKey }), 'UserTokenSession');
  }

  /**
   * A valid access token, renewed with the refresh token when it is about to expire. Many concurrent calls
   * share one renewal.
   *
   * @throws {ReauthenticationRequiredError} nobody is signed in (`not_signed_in`); the token expired and there
   *   is no refresh token (`no_refresh_token`); or IMS rejected the refresh token (`invalid_grant`: the record
   *   was deleted).
   * @throws {ImsError} IMS refused or could not be reached (after bounded retries).
   */
  getToken(options?: GetTokenOptions): Promise<AccessToken> {
    return this.#cache.getToken(options);
  }

  /** The API rejected `token` (HTTP 401): the next `getToken()` replaces it, unless it was already replaced. */
  invalidate(token: AccessToken): void {
    if (typeof token?.token === 'string') this.#rejected = token.token;
    this.#cache.invalidate(token);
  }

  /**
   * Exchanges an authorization code at `/ims/token/v3` (`authorization_code` grant with `redirect_uri`, and
   * `code_verifier` when given; the client authenticates as configured) and stores the user's tokens,
   * replacing any previous sign-in. Check `state` (and anything else of the redirect) before calling it.
   *
   * @throws {ReauthenticationRequiredError} `invalid_grant`: the code is invalid, expired or was already used,
   *   or the verifier does not match it.
   * @throws {ImsError} any other IMS failure. The store's error when it cannot keep the tokens.
   */
  async exchangeCode(exchange: UserCodeExchange): Promise<UserSignIn> {
    if (!isNonEmptyString(exchange?.code) || !isNonEmptyString(exchange.redirectUri)) {
      throw invalidOption(
        this.#description,
        'exchangeCode needs the code from the redirect and the redirectUri of the authorization request.',
      );
    }
    const requested = normalizeScopes(exchange.scopes);
    const response = await requestImsToken({
      ...this.#imsOptions(exchange.signal),
      grantType: 'authorization_code',
      params: {
        code: exchange.code,
        code_verifier: exchange.codeVerifier,
        redirect_uri: exchange.redirectUri,
      },
    });
    const record = this.#recordFrom(response, requested, undefined);
    await this.#replace(record);
    return {
      scopes: [...record.scopes],
      expiresAt: record.expiresAt,
      hasRefreshToken: record.refreshToken !== undefined,
    };
  }

  /**
   * Signs the user out: revokes the refresh token and the unexpired access token at `/ims/revoke` (RFC 7009),
   * then deletes the stored record. The record is deleted even if IMS cannot be reached; the IMS error is
   * thrown afterwards (the tokens then stay valid at IMS until they expire). Does nothing if nobody is
   * signed in.
   *
   * A renewal in flight is waited for (until `signal` aborts) rather than cancelled, and the store is read
   * again after revoking: IMS rotates the refresh token on every renewal, so the tokens revoked must be the
   * newest, or the user who signed out would keep a live grant.
   */
  async revoke(options: UserRevokeOptions = {}): Promise<void> {
    const { signal } = options;
    const imsOptions = this.#imsOptions(signal);
    const revoked = new Set<string>();
    const results: PromiseSettledResult<void>[] = [];
    let signedIn = false;
    // Each round revokes the stored tokens not revoked yet, and the loop ends when there are none. It cannot
    // run forever: IMS issues new tokens only to a renewal that sent a refresh token before it was revoked.
    for (;;) {
      // Not cancelled: IMS may already have rotated the refresh token, and only the renewal's write tells
      // which one is live now.
      await this.#obtainingSettled(signal);
      const record = await this.#read();
      this.#restart();
      if (!record) break;
      signedIn = true;
      const revocations: Promise<void>[] = [];
      // Both, in parallel: revoking the refresh token should end the whole grant (RFC 7009 §2.1), and the
      // access token is revoked too in case IMS does not cascade. An expired one needs no revoking.
      const { refreshToken, accessToken } = record;
      if (refreshToken !== undefined && !revoked.has(refreshToken)) {
        revoked.add(refreshToken);
        revocations.push(
          revokeImsToken({ ...imsOptions, token: refreshToken, tokenTypeHint: 'refresh_token' }),
        );
      }
      if (!this.#isExpired(record) && !revoked.has(accessToken)) {
        revoked.add(accessToken);
        revocations.push(
          revokeImsToken({ ...imsOptions, token: accessToken, tokenTypeHint: 'access_token' }),
        );
      }
      if (revocations.length === 0) break;
      results.push(...(await Promise.allSettled(revocations)));
    }
    if (!signedIn) return;
    await this.#delete('throw');
    this.#restart();
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
  }

  /** Whether stored tokens can still produce an access token: unexpired, or renewable. No request is made. */
  async isSignedIn(): Promise<boolean> {
    const record = await this.#read();
    return record !== undefined && (record.refreshToken !== undefined || !this.#isExpired(record));
  }

  /**
   * A copy of the stored record, or `undefined` when nobody is signed in. It CONTAINS SECRETS (access and
   * refresh tokens): that is its purpose, e.g. moving a sign-in to another store or process.
   */
  async exportTokens(): Promise<UserTokenRecord | undefined> {
    const record = await this.#read();
    return record && copyRecord(record);
  }

  /**
   * Stores `record` as the user's tokens, replacing any previous sign-in.
   *
   * @throws {AuthError} `invalid_tokens` when `record` is not a {@link UserTokenRecord} (its values are not
   *   quoted). The store's error when it cannot keep the tokens.
   */
  async importTokens(record: UserTokenRecord): Promise<void> {
    if (!isUserTokenRecord(record)) {
      throw new AuthError(
        `${this.#description}: importTokens expects { accessToken, refreshToken?, expiresAt? (epoch ms), ` +
          'scopes: string[], obtainedAt (epoch ms) }, as exportTokens() returns it.',
        { code: 'invalid_tokens' },
      );
    }
    await this.#replace(copyRecord(record));
  }

  /** Stores a new sign-in's record. */
  async #replace(record: UserTokenRecord): Promise<void> {
    // Cleared before and after the write: a renewal of the previous sign-in must neither serve its token nor
    // write it over this one.
    this.#restart();
    await this.#write(record, 'throw');
    this.#restart();
  }

  #restart(): void {
    this.#cache.clear();
    this.#rejected = undefined;
  }

  /** Records `work` as the TokenCache's fetch in flight until it settles. */
  #tracked<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.#obtaining = settled;
    void settled.then(() => {
      if (this.#obtaining === settled) this.#obtaining = undefined;
    });
    return work;
  }

  /** Waits for the TokenCache's fetch in flight to settle, or until `signal` aborts (then it goes on alone). */
  async #obtainingSettled(signal: AbortSignal | undefined): Promise<void> {
    const obtaining = this.#obtaining;
    if (!obtaining) return;
    try {
      await waitFor(obtaining, signal);
    } catch {
      // Aborted: the caller no longer waits; the record is still deleted, as documented.
    }
  }

  /**
   * `fetchToken` of the TokenCache, called when its token is missing, inside its margin, or rejected: the
   * stored token if it is fresh (and not the rejected one), else a renewal.
   */
  async #obtain(signal: AbortSignal, reason: TokenFetchReason): Promise<FetchedAccessToken> {
    const rejected = this.#rejected;
    try {
      const record = await this.#read();
      if (signal.aborted) throw signal.reason;
      if (!record) throw this.#signInRequired('not_signed_in', undefined);
      // After a 401, a different token another process stored may be used. A plain forceRefresh (no 401
      // reported) always renews, as TokenCache's skips its store.
      const retrying = reason === 'forced' || reason === 'invalidated';
      const reusable = !retrying || (rejected !== undefined && record.accessToken !== rejected);
      if (reusable && this.#isFresh(record)) return this.#served(record);
      const renewed = await this.#renew(record, signal, true);
      // Not renewable: the access token serves until it expires. After a 401 the same token goes back, so the
      // caller gets that 401 (it may be a missing scope) instead of a misleading sign-in error.
      if (!this.#isExpired(renewed)) return this.#served(renewed);
      throw this.#signInRequired('no_refresh_token', renewed.expiresAt);
    } finally {
      if (this.#rejected === rejected) this.#rejected = undefined;
    }
  }

  /**
   * The record's access token for the TokenCache. `obtainedAt` goes with a fresh token only, so the cache's
   * margin is exact even for a token another process obtained; a token served past its margin (nothing to
   * renew it with) is then cached for half its remaining life instead of being re-read on every call.
   */
  #served(record: UserTokenRecord): FetchedAccessToken {
    const token: FetchedAccessToken = { token: record.accessToken };
    if (record.expiresAt !== undefined) token.expiresAt = record.expiresAt;
    if (this.#isFresh(record)) token.obtainedAt = record.obtainedAt;
    return token;
  }

  /**
   * The `refresh_token` grant (RFC 6749 §6). Returns `record` itself when it has no refresh token, and
   * without it when the credential may not refresh and `refreshGrantRefused` is `'dropRefreshToken'`.
   *
   * @param mayRetry Whether the tokens another process rotated may be renewed in turn if they expired too.
   */
  async #renew(record: UserTokenRecord, signal: AbortSignal, mayRetry: boolean): Promise<UserTokenRecord> {
    const { refreshToken } = record;
    if (refreshToken === undefined) return record;
    let response: ImsTokenResponse;
    try {
      response = await requestImsToken({
        ...this.#imsOptions(signal),
        grantType: 'refresh_token',
        params: { refresh_token: refreshToken },
      });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (error instanceof ReauthenticationRequiredError) {
        return this.#afterRejection(refreshToken, error, signal, mayRetry);
      }
      if (this.#dropRefusedRefreshToken && error instanceof ImsError && REFRESH_REFUSALS.has(error.error)) {
        const { refreshToken: _refused, ...withoutRefreshToken } = record;
        await this.#write(withoutRefreshToken, 'report');
        return withoutRefreshToken;
      }
      throw error;
    }
    // A sign-in or sign-out cleared the cache meanwhile: these tokens must not overwrite its record.
    if (signal.aborted) throw signal.reason;
    const renewed = this.#recordFrom(response, record.scopes, refreshToken);
    await this.#write(renewed, 'report');
    return renewed;
  }

  /**
   * IMS rejected `refreshToken` (`invalid_grant`). IMS rotates refresh tokens, so another process sharing
   * the store may have renewed first, which made ours invalid: then its tokens are used. Otherwise the
   * record is deleted and `rejection` thrown.
   */
  async #afterRejection(
    refreshToken: string,
    rejection: ReauthenticationRequiredError,
    signal: AbortSignal,
    mayRetry: boolean,
  ): Promise<UserTokenRecord> {
    const lookup = await this.#awaitRotation(refreshToken, signal);
    if (lookup.kind === 'gone') throw rejection;
    if (lookup.kind === 'unchanged') {
      await this.#deleteIfStill(refreshToken);
      throw rejection;
    }
    const latest = lookup.record;
    if (!this.#isExpired(latest) || latest.refreshToken === undefined) return latest;
    // The other process's access token has expired too: renew it, once.
    if (mayRetry) return this.#renew(latest, signal, false);
    throw rejection;
  }

  /**
   * Re-reads the store for up to `rotationGraceMs` (backing off from 25 ms) until it no longer holds the
   * rejected refresh token: the rejection can arrive before the process that won has written its tokens.
   */
  async #awaitRotation(rejectedRefreshToken: string, signal: AbortSignal): Promise<RotationLookup> {
    let waited = 0;
    let step = 25;
    for (;;) {
      const latest = await this.#read();
      if (!latest) return { kind: 'gone' };
      if (latest.refreshToken !== rejectedRefreshToken) return { kind: 'replaced', record: latest };
      if (waited >= this.#rotationGraceMs) return { kind: 'unchanged' };
      const delay = Math.min(step, this.#rotationGraceMs - waited);
      await sleep(delay, signal);
      waited += delay;
      step *= 2;
    }
  }

  /** Deletes the record if it still holds `refreshToken` (stores do not lock: a small race remains). */
  async #deleteIfStill(refreshToken: string): Promise<void> {
    const latest = await this.#read();
    if (latest?.refreshToken === refreshToken) await this.#delete('report');
  }

  #recordFrom(
    response: ImsTokenResponse,
    requestedScopes: readonly string[],
    previousRefreshToken: string | undefined,
  ): UserTokenRecord {
    const obtainedAt = this.#now();
    const { token, expiresAt } = accessTokenFromResponse(response, obtainedAt);
    const granted = typeof response.scope === 'string' ? normalizeScopes(response.scope) : [];
    const record: UserTokenRecord = {
      accessToken: token,
      scopes: granted.length > 0 ? granted : [...requestedScopes],
      obtainedAt,
    };
    if (expiresAt !== undefined) record.expiresAt = expiresAt;
    // IMS rotates the refresh token on every refresh (the refresh response in Adobe's IMS guide carries a new
    // one); a server that does not rotate sends none, so the old one is kept.
    const refreshToken = isNonEmptyString(response.refresh_token)
      ? response.refresh_token
      : previousRefreshToken;
    if (refreshToken !== undefined) record.refreshToken = refreshToken;
    return record;
  }

  /** The stored record. The store is the source of truth: another process may have renewed or deleted it. */
  async #read(): Promise<UserTokenRecord | undefined> {
    let value: unknown;
    try {
      value = await this.#store.get(this.storeKey);
    } catch (error) {
      return this.#carryOn(error, 'get');
    }
    if (value === undefined) {
      this.#remembered = undefined;
      return undefined;
    }
    const record = this.#parse(value);
    if (!record) return this.#carryOn(this.#unusableEntry(), 'get');
    // A write that failed earlier left older tokens in the store: the newer ones in memory win.
    const remembered = this.#remembered;
    if (remembered && remembered.obtainedAt > record.obtainedAt) return remembered;
    this.#remember(record);
    return record;
  }

  /**
   * @param onFailure `'throw'` for what the user asked for; `'report'` for a background write, which throws
   *   only with `storeFailures: 'throw'`.
   */
  async #write(record: UserTokenRecord, onFailure: 'throw' | 'report'): Promise<void> {
    this.#remember(record);
    const stored = this.#recordClientId ? { clientId: this.#client.clientId, ...record } : record;
    try {
      await this.#store.set(this.storeKey, stored);
    } catch (error) {
      if (onFailure === 'throw') throw error;
      this.#carryOn(error, 'set');
    }
  }

  async #delete(onFailure: 'throw' | 'report'): Promise<void> {
    this.#remembered = undefined;
    try {
      await this.#store.delete(this.storeKey);
    } catch (error) {
      if (onFailure === 'throw') throw error;
      this.#carryOn(error, 'delete');
    }
  }

  /** The stored value as a record of this client, or `undefined` (never throws, never quotes it). */
  #parse(value: unknown): UserTokenRecord | undefined {
    if (!isPlainObject(value)) return undefined;
    const { clientId } = value;
    const ownClient = clientId === undefined ? !this.#recordClientId : clientId === this.#client.clientId;
    return ownClient && isUserTokenRecord(value) ? copyRecord(value) : undefined;
  }

  #unusableEntry(): TokenStoreError {
    const problem =
      `${this.#description}: the store entry "${this.storeKey}" does not hold tokens of client ` +
      `"${this.#client.clientId}"`;
    return this.#tolerant
      ? new TokenStoreError(`${problem}; it is ignored. Use a storeKey of its own for each credential.`, {
          code: 'token_store_invalid_value',
        })
      : new TokenStoreError(
          `${problem}. Sign the user in again (exchangeCode overwrites it) or delete the entry; do not share ` +
            'this key with other code.',
          { code: 'token_store_corrupt' },
        );
  }

  /** A store failure: thrown with `storeFailures: 'throw'`; else reported, and the remembered record serves. */
  #carryOn(error: unknown, operation: TokenStoreErrorContext['operation']): UserTokenRecord | undefined {
    if (!this.#tolerant) throw error;
    try {
      this.#onStoreError?.(error, { operation, key: this.storeKey });
    } catch {
      // A throwing reporter must not turn a good token into a failure.
    }
    return this.#remembered;
  }

  #remember(record: UserTokenRecord): void {
    if (this.#tolerant) this.#remembered = record;
  }

  #isExpired(record: UserTokenRecord): boolean {
    return record.expiresAt !== undefined && this.#now() >= record.expiresAt;
  }

  /** Same rule as TokenCache: fresh until `expiresAt - min(refreshMarginMs, lifetime / 2)`. */
  #isFresh(record: UserTokenRecord): boolean {
    if (record.expiresAt === undefined) return true;
    const lifetime = Math.max(0, record.expiresAt - record.obtainedAt);
    const margin = Math.min(this.#refreshMarginMs, lifetime / 2);
    return this.#now() < record.expiresAt - margin;
  }

  #imsOptions(signal: AbortSignal | undefined) {
    return {
      client: this.#client,
      imsBaseUrl: this.#imsBaseUrl,
      fetch: this.#fetch,
      timeoutMs: this.#timeoutMs,
      retries: this.#retries,
      now: this.#now,
      signal,
    };
  }

  #signInRequired(
    reason: SignInRequiredReason,
    expiresAt: number | undefined,
  ): ReauthenticationRequiredError {
    return this.#signInRequiredError(reason, { expiresAt, tokenEndpoint: this.#tokenEndpoint });
  }

  #defaultError(reason: SignInRequiredReason, context: SignInRequiredContext): ReauthenticationRequiredError {
    if (reason === 'not_signed_in') {
      return ReauthenticationRequiredError.local(
        reason,
        `${this.#description}: nobody is signed in: no tokens are stored under "${this.storeKey}" (never ` +
          'signed in, signed out with revoke(), or removed after IMS rejected the refresh token). Sign the ' +
          'user in: send them to the authorization URL and exchange the code of the redirect.',
        context.tokenEndpoint,
      );
    }
    const when = context.expiresAt === undefined ? '' : ` at ${new Date(context.expiresAt).toISOString()}`;
    return ReauthenticationRequiredError.local(
      reason,
      `${this.#description}: the access token expired${when} and there is no refresh token to renew it (IMS ` +
        'issues one only with the offline_access scope, and only to credentials allowed to refresh). Sign ' +
        'the user in again.',
      context.tokenEndpoint,
    );
  }
}

import { waitFor } from './abort.js';
import { AuthError, TokenStoreError } from './errors.js';
import type { TokenStore } from './token-store.js';
import type { AccessToken, GetTokenOptions, TokenSource } from './types.js';

/** Why {@link TokenCache} asks for a new token. */
export type TokenFetchReason =
  /** Nothing is cached yet (first call, after `clear()`, or after a failed first fetch). */
  | 'initial'
  /** The cached token is inside its refresh margin or expired. */
  | 'expiring'
  /** A caller passed `forceRefresh: true`. */
  | 'forced'
  /** The API rejected the cached token and `invalidate(token)` was called. */
  | 'invalidated';

/** What {@link TokenCacheOptions.fetchToken} receives. */
export interface TokenFetchContext {
  /**
   * Owned by the cache, never by a caller: aborted only by {@link TokenCache.clear}. Pass it to `fetch` so a
   * cleared cache stops its request.
   */
  readonly signal: AbortSignal;
  /** Why a token is needed. */
  readonly reason: TokenFetchReason;
}

/** A token store operation that failed, as reported to {@link TokenCacheOptions.onStoreError}. */
export interface TokenStoreErrorContext {
  readonly operation: 'get' | 'set' | 'delete';
  readonly key: string;
}

/**
 * What {@link TokenCacheOptions.fetchToken} resolves to: an access token, plus `obtainedAt` (epoch ms) when it
 * was obtained earlier than now, e.g. read from a store of the source's own. The cache then measures the
 * token's lifetime, and so its refresh margin, from that time. `obtainedAt` is not handed to callers.
 */
export type FetchedAccessToken = AccessToken & { obtainedAt?: number | undefined };

/** Options of {@link TokenCache}. */
export interface TokenCacheOptions {
  /** Gets a new token from the source (e.g. Adobe IMS). Called at most once at a time per cache. */
  fetchToken: (context: TokenFetchContext) => Promise<FetchedAccessToken>;
  /**
   * How long before `expiresAt` to fetch a new token, in ms. Default 5 minutes. The margin used is
   * `min(refreshMarginMs, lifetime / 2)`, where lifetime is `expiresAt` minus the time the token was
   * obtained, so a short-lived token (e.g. 60 s) is still used for half its life instead of never.
   */
  refreshMarginMs?: number;
  /** Current time in epoch ms. Default `Date.now`; inject a clock in tests. */
  now?: () => number;
  /**
   * A store shared with other caches (e.g. other processes), so they reuse one token instead of each fetching
   * their own. The cache stores the token plus `obtainedAt` (epoch ms) under `storeKey`. A store does not
   * lock: caches that start at the same moment may each fetch once.
   */
  store?: TokenStore<AccessToken>;
  /** The key of this credential's token in `store`; required with `store`. */
  storeKey?: string;
  /** A label without secrets shown by `toJSON`/`util.inspect`/`toString`, e.g. `ServerToServerAuth(client a1b2…)`. */
  description?: string;
  /**
   * Called when the store fails or holds an unusable value. The cache carries on (it fetches a token, or
   * returns the one it fetched), so a broken store never loses a good token. Default: ignore.
   */
  onStoreError?: (error: unknown, context: TokenStoreErrorContext) => void;
}

/** The default {@link TokenCacheOptions.refreshMarginMs}: 5 minutes. */
export const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;

/** What the cache writes to a store: the token plus when it was obtained, for the half-lifetime margin. */
type StoredAccessToken = FetchedAccessToken;

interface CachedToken {
  readonly token: AccessToken;
  /** When the token was obtained (epoch ms); unknown for a stored token written by someone else. */
  readonly obtainedAt: number | undefined;
}

interface Refresh {
  readonly controller: AbortController;
  readonly promise: Promise<AccessToken>;
}

/** Safe summary of a {@link TokenCache}: never the token. */
export interface TokenCacheSummary {
  description: string;
  cached: boolean;
  expiresAt: number | undefined;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((header) => typeof header === 'string')
  );
}

function isAccessToken(value: unknown): value is StoredAccessToken {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.token === 'string' &&
    candidate.token !== '' &&
    (candidate.expiresAt === undefined || isFiniteNumber(candidate.expiresAt)) &&
    (candidate.obtainedAt === undefined || isFiniteNumber(candidate.obtainedAt)) &&
    (candidate.headers === undefined || isStringRecord(candidate.headers))
  );
}

/** The cache entry for a fetched token: `obtainedAt` as fetchToken reported it, else now. */
function fetchedEntry(fetched: StoredAccessToken, now: () => number): CachedToken {
  if (fetched.obtainedAt === undefined) return { token: fetched, obtainedAt: now() };
  const { obtainedAt, ...token } = fetched;
  return { token, obtainedAt };
}

/**
 * Caches an access token around a "fetch a token" function; every auth flow wraps its IMS call in one.
 *
 * - Serves the cached token until `expiresAt - margin` (margin: `min(refreshMarginMs, lifetime / 2)`); a
 *   token without `expiresAt` never expires.
 * - Single-flight: concurrent callers share one `fetchToken` call and get the same token.
 * - A caller's `signal` only abandons that caller's wait; the shared fetch goes on and its token is cached.
 * - A failed fetch is not cached: every waiter gets the error and the next call tries again.
 * - `invalidate(token)` (after a 401) makes the next call fetch, unless `token` was already replaced.
 * - The token is kept in a private field; `JSON.stringify`, `util.inspect` and `String()` show only
 *   `{ description, cached, expiresAt }`.
 *
 * @example
 * const cache = new TokenCache({
 *   description: 'ServerToServerAuth(client a1b2…)',
 *   fetchToken: async ({ signal }) =>
 *     accessTokenFromResponse(await requestImsToken({ grantType: 'client_credentials', client, scopes, signal })),
 * });
 * const { token } = await cache.getToken();
 */
export class TokenCache implements TokenSource {
  readonly #fetchToken: TokenCacheOptions['fetchToken'];
  readonly #refreshMarginMs: number;
  readonly #now: () => number;
  readonly #store: TokenStore<AccessToken> | undefined;
  readonly #storeKey: string;
  readonly #description: string;
  readonly #onStoreError: TokenCacheOptions['onStoreError'];

  #current: CachedToken | undefined;
  /** The token string `invalidate` dropped, until a different token replaces it. */
  #invalidatedToken: string | undefined;
  #inflight: Refresh | undefined;
  /** Bumped by `clear()`, so a fetch that started before it can never fill the cache. */
  #generation = 0;
  /** Pending compare-and-delete in the store after `invalidate`; refreshes wait for it. Never rejects. */
  #storeCleanup: Promise<void> = Promise.resolve();

  constructor(options: TokenCacheOptions) {
    const description = options.description ?? 'TokenCache';
    if (typeof options.fetchToken !== 'function') {
      throw new AuthError(`${description}: pass a fetchToken function to new TokenCache({ fetchToken }).`, {
        code: 'invalid_options',
      });
    }
    const margin = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
    if (!isFiniteNumber(margin) || margin < 0) {
      throw new AuthError(
        `${description}: refreshMarginMs must be a number of milliseconds ≥ 0 (default ${DEFAULT_REFRESH_MARGIN_MS}).`,
        { code: 'invalid_options' },
      );
    }
    if (options.store && !options.storeKey) {
      throw new AuthError(
        `${description}: a store needs a storeKey naming this credential's entry (e.g. 'frameio:s2s:<client id>'), ` +
          'so credentials sharing a store do not overwrite each other.',
        { code: 'invalid_options' },
      );
    }
    this.#fetchToken = options.fetchToken;
    this.#refreshMarginMs = margin;
    this.#now = options.now ?? Date.now;
    this.#store = options.store;
    this.#storeKey = options.storeKey ?? '';
    this.#description = description;
    this.#onStoreError = options.onStoreError;
  }

  /**
   * Returns a token that is not inside its refresh margin, fetching one if needed.
   *
   * - `signal`: rejects this call with `signal.reason` when it aborts (at once if already aborted); a fetch
   *   other callers share is not cancelled.
   * - `forceRefresh`: skips the cached token and waits for a fetch: the one in flight if there is one (it
   *   started after the cached token was obtained), otherwise a new one. Use it after the API answered 401;
   *   many concurrent forced calls share one fetch.
   */
  async getToken(options: GetTokenOptions = {}): Promise<AccessToken> {
    const { signal, forceRefresh = false } = options;
    if (signal?.aborted) throw signal.reason;
    const current = this.#current;
    if (!forceRefresh && current && this.#isFresh(current)) return current.token;
    // Any refresh in flight started after the caller's token was obtained, so it yields a newer one: a
    // forced call joins it rather than starting a second fetch.
    const refresh = this.#inflight ?? this.#startRefresh(forceRefresh ? 'forced' : this.#refreshReason());
    return waitFor(refresh.promise, signal);
  }

  /**
   * Compare-and-invalidate: if `token` is still the cached token, drop it so the next `getToken()` fetches a
   * new one (reason `'invalidated'`), and delete it from the store if the store still holds it. A token that
   * was already replaced is ignored, so many concurrent 401s cause one refresh.
   */
  invalidate(token: AccessToken): void {
    const current = this.#current;
    if (!current || current.token.token !== token.token) return;
    this.#current = undefined;
    this.#invalidatedToken = token.token;
    const store = this.#store;
    if (!store) return;
    const rejected = token.token;
    this.#storeCleanup = this.#storeCleanup.then(async () => {
      try {
        const stored = await store.get(this.#storeKey);
        if (isAccessToken(stored) && stored.token === rejected) await store.delete(this.#storeKey);
      } catch (error) {
        this.#reportStoreError(error, 'delete');
      }
    });
  }

  /**
   * Drops the cached token and cancels an in-flight fetch (its `context.signal` aborts and its waiters reject
   * with an `AuthError` coded `token_cache_cleared`). The store is left as is.
   */
  clear(): void {
    this.#generation += 1;
    this.#current = undefined;
    this.#invalidatedToken = undefined;
    const inflight = this.#inflight;
    this.#inflight = undefined;
    inflight?.controller.abort(
      new AuthError(
        `${this.#description}: the token cache was cleared while a token was being fetched. Call getToken() again for a new token.`,
        { code: 'token_cache_cleared' },
      ),
    );
  }

  /** A safe summary for logs: description, whether a token is cached and when it expires; never the token. */
  toJSON(): TokenCacheSummary {
    return {
      description: this.#description,
      cached: this.#current !== undefined,
      expiresAt: this.#current?.token.expiresAt,
    };
  }

  /** Same safe summary as {@link TokenCache.toJSON}, for `util.inspect` and `console.log` in Node. */
  [Symbol.for('nodejs.util.inspect.custom')](): TokenCacheSummary {
    return this.toJSON();
  }

  /** `TokenCache {"description":…,"cached":…,"expiresAt":…}`; never the token. */
  toString(): string {
    return `TokenCache ${JSON.stringify(this.toJSON())}`;
  }

  #refreshReason(): TokenFetchReason {
    if (this.#invalidatedToken !== undefined) return 'invalidated';
    return this.#current ? 'expiring' : 'initial';
  }

  #startRefresh(reason: TokenFetchReason): Refresh {
    const controller = new AbortController();
    const promise = this.#runRefresh(reason, controller.signal, this.#generation);
    const refresh: Refresh = { controller, promise };
    this.#inflight = refresh;
    // Registered before any waiter, so waiters see #inflight cleared. Also marks the rejection handled when
    // every waiter has gone.
    const settle = (): void => {
      if (this.#inflight === refresh) this.#inflight = undefined;
    };
    promise.then(settle, settle);
    return refresh;
  }

  async #runRefresh(reason: TokenFetchReason, signal: AbortSignal, generation: number): Promise<AccessToken> {
    if (this.#store) {
      // Without a store, fetchToken is called synchronously from getToken(); with one, a pending
      // compare-and-delete from invalidate() must finish before the store is read or written.
      await this.#storeCleanup;
      if (signal.aborted) throw signal.reason;
    }
    if (this.#store && reason !== 'forced') {
      const stored = await waitFor(this.#readStore(), signal);
      if (signal.aborted) throw signal.reason;
      if (stored && stored.token.token !== this.#invalidatedToken && this.#isFresh(stored)) {
        this.#accept(stored);
        return stored.token;
      }
    }
    const token = await waitFor(this.#fetchToken({ signal, reason }), signal);
    if (signal.aborted || generation !== this.#generation) throw signal.reason;
    if (!isAccessToken(token)) {
      throw new AuthError(
        `${this.#description}: fetchToken resolved to something that is not an access token (expected ` +
          '{ token: non-empty string, expiresAt?: epoch ms, headers?: Record<string, string> }). Fix the ' +
          'fetchToken function given to TokenCache.',
        { code: 'invalid_token' },
      );
    }
    const fetched = fetchedEntry(token, this.#now);
    this.#accept(fetched);
    if (this.#store) {
      try {
        const record: StoredAccessToken = { ...fetched.token, obtainedAt: fetched.obtainedAt };
        await this.#store.set(this.#storeKey, record);
      } catch (error) {
        this.#reportStoreError(error, 'set');
      }
    }
    return fetched.token;
  }

  async #readStore(): Promise<CachedToken | undefined> {
    let value: unknown;
    try {
      value = await this.#store?.get(this.#storeKey);
    } catch (error) {
      this.#reportStoreError(error, 'get');
      return undefined;
    }
    if (value === undefined) return undefined;
    if (!isAccessToken(value)) {
      this.#reportStoreError(
        new TokenStoreError(
          `${this.#description}: the store entry "${this.#storeKey}" is not an access token; it is ignored and ` +
            'overwritten by the next fetched token.',
          { code: 'token_store_invalid_value' },
        ),
        'get',
      );
      return undefined;
    }
    const { obtainedAt, ...token } = value;
    return { token, obtainedAt };
  }

  #accept(entry: CachedToken): void {
    this.#current = entry;
    if (this.#invalidatedToken !== entry.token.token) this.#invalidatedToken = undefined;
  }

  #isFresh(entry: CachedToken): boolean {
    const { expiresAt } = entry.token;
    if (expiresAt === undefined) return true;
    // Lifetime unknown (stored by someone else without obtainedAt): fall back to the full margin.
    const margin =
      entry.obtainedAt === undefined
        ? this.#refreshMarginMs
        : Math.min(this.#refreshMarginMs, Math.max(0, expiresAt - entry.obtainedAt) / 2);
    return this.#now() < expiresAt - margin;
  }

  #reportStoreError(error: unknown, operation: TokenStoreErrorContext['operation']): void {
    try {
      this.#onStoreError?.(error, { operation, key: this.#storeKey });
    } catch {
      // A throwing reporter must not turn a good token into a failure.
    }
  }
}

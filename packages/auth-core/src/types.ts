/** An access token and what a request needs to use it. */
export interface AccessToken {
  /** The bearer token, sent as `Authorization: Bearer <token>`. */
  token: string;
  /** When the token stops working, in epoch milliseconds; absent means it never expires. */
  expiresAt?: number;
  /** Extra headers this credential requires on every API request (e.g. `x-frameio-legacy-token-auth`). */
  headers?: Record<string, string>;
}

export interface GetTokenOptions {
  /** Aborts this caller's wait only; a refresh that other callers share goes on. */
  signal?: AbortSignal;
  /** Skip the cached token and fetch a new one (e.g. after the API rejected it with a 401). */
  forceRefresh?: boolean;
}

/** Where a client gets its access tokens. Every auth flow package implements it. */
export interface TokenSource {
  getToken(options?: GetTokenOptions): Promise<AccessToken>;
  /**
   * Tells the source the API rejected `token`, so the next `getToken()` fetches a new one. A token that was
   * already replaced is ignored, so many concurrent 401s cause one refresh.
   */
  invalidate?(token: AccessToken): void;
}

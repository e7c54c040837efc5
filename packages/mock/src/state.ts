import { RateLimiter } from './api/rate-limit.js';
import type { MockClient, MockUser, ResolvedConfig } from './config.js';
import { installSafeInspect } from './redact.js';
import { ResourceStore } from './resources/store.js';

/** An authorization code as the emulator stored it. The code value itself is never kept in a record. */
export interface AuthorizationCodeRecord {
  readonly id: string;
  readonly clientId: string;
  /** Frame.io id of the user who approved. */
  readonly userId: string;
  readonly scopes: readonly string[];
  /** The `redirect_uri` sent on authorize, if one was (then the token request must repeat it). */
  readonly redirectUri: string | undefined;
  readonly codeChallenge: string | undefined;
  readonly codeChallengeMethod: 'S256' | 'plain' | undefined;
  readonly nonce: string | undefined;
  /** All tokens issued from this code share it, so a reused code can revoke them together. */
  readonly grantId: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  usedAt: number | undefined;
}

interface TokenRecordBase {
  readonly id: string;
  readonly clientId: string;
  /** Frame.io id of the user (or S2S technical account) the token acts for. */
  readonly userId: string;
  readonly scopes: readonly string[];
  /** One authorization (code exchange or client credentials) and everything refreshed from it. */
  readonly grantId: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  revokedAt: number | undefined;
}

/** An access token the emulator issued (the value is not stored in the record). */
export interface AccessTokenRecord extends TokenRecordBase {
  readonly kind: 'access_token';
  /** Whether the token acts for a person or a server-to-server technical account. */
  readonly principal: 'user' | 'service';
  /** The refresh token issued alongside it, if any. */
  readonly refreshTokenId: string | undefined;
}

/** A refresh token the emulator issued (the value is not stored in the record). */
export interface RefreshTokenRecord extends TokenRecordBase {
  readonly kind: 'refresh_token';
  /** Set when a refresh rotated this token out; it is invalid from then on. */
  rotatedAt: number | undefined;
}

/** Either kind of token record. */
export type TokenRecord = AccessTokenRecord | RefreshTokenRecord;

/** A request the emulator received (path only: query strings may carry codes or secrets). */
export interface RequestLogEntry {
  readonly at: number;
  readonly host: 'ims' | 'api';
  readonly method: string;
  readonly path: string;
  readonly grantType: string | undefined;
  /** The fault that answered instead of the emulator, if any (`delay` faults are listed too). */
  readonly faults: readonly string[];
  status: number | undefined;
}

/** A consent page waiting for Approve / Deny. */
export interface PendingAuthorization {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly redirectUriWasSent: boolean;
  readonly responseMode: 'query' | 'fragment';
  readonly state: string | undefined;
  readonly scopes: readonly string[];
  readonly codeChallenge: string | undefined;
  readonly codeChallengeMethod: 'S256' | 'plain' | undefined;
  readonly nonce: string | undefined;
  readonly suggestedUserId: string | undefined;
  readonly expiresAt: number;
}

const GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials'] as const;

/** Token endpoint requests per `grant_type`; the three supported grants are always present. */
export type TokenRequestCounts = Record<(typeof GRANT_TYPES)[number], number> &
  Partial<Record<string, number>>;

/**
 * The emulator's in-memory store, shared by the IMS and API handlers. Inspect it in tests
 * (`state.tokenRequests.refresh_token`, `state.findToken(token)?.revokedAt`); mutate it only through handlers
 * or `mock.reset()`. Printing it shows counts only: token and code values live in private maps.
 *
 * The V4 resources (accounts down to comments, plus uploads) are in `resources`.
 */
export class MockState {
  /** Registered OAuth clients by client id. */
  readonly clients: ReadonlyMap<string, MockClient>;
  /** Seeded people by Frame.io user id, in seeding order (the first is the default sign-in). */
  readonly users: ReadonlyMap<string, MockUser>;
  /** Who `/v4/me` returns for the legacy developer token. */
  readonly legacyUser: MockUser;
  /** The V4 resources: accounts, workspaces, projects, folders, files, comments, shares, webhooks, uploads. */
  readonly resources: ResourceStore;
  /** @internal Rate-limit buckets per token and route. */
  readonly rateLimiter: RateLimiter;
  /** Token endpoint requests per `grant_type` (faulted ones included; `(missing)` when absent). */
  readonly tokenRequests: TokenRequestCounts = {
    authorization_code: 0,
    refresh_token: 0,
    client_credentials: 0,
  };

  readonly #requests: RequestLogEntry[] = [];

  readonly #codes = new Map<string, AuthorizationCodeRecord>();
  readonly #accessTokens = new Map<string, AccessTokenRecord>();
  readonly #refreshTokens = new Map<string, RefreshTokenRecord>();
  readonly #pendingAuthorizations = new Map<string, PendingAuthorization>();

  /** @param now the mock clock: resource timestamps, upload expiry and rate-limit buckets follow it. */
  constructor(config: ResolvedConfig, now: () => number = Date.now) {
    this.resources = new ResourceStore({
      now,
      idSeed: config.idSeed,
      uploadPartSize: config.uploadPartSize,
      keepUploadedBytes: config.keepUploadedBytes,
      transcodeDelayMs: config.transcodeDelayMs,
    });
    this.rateLimiter = new RateLimiter(config.rateLimit, now);
    this.clients = new Map(config.clients.map((client) => [client.clientId, client]));
    this.users = new Map(config.users.map((user) => [user.id, user]));
    this.legacyUser = config.legacyUser;
    installSafeInspect(this, 'MockState', () => ({
      clients: [...this.clients.keys()],
      users: [...this.users.values()].map((user) => user.email),
      codes: this.#codes.size,
      accessTokens: this.#accessTokens.size,
      refreshTokens: this.#refreshTokens.size,
      tokenRequests: { ...this.tokenRequests },
      requests: this.#requests.length,
      resources: this.resources,
    }));
  }

  /** Every request the handlers saw since the last reset, oldest first. */
  get requests(): readonly RequestLogEntry[] {
    return this.#requests;
  }

  /** @internal Records a request (the route layer sets `status` once the answer is known). */
  logRequest(entry: RequestLogEntry): void {
    this.#requests.push(entry);
  }

  /** Finds a user by Frame.io id, IMS user id or email (case-insensitive), including S2S and legacy users. */
  findUser(idOrEmail: string): MockUser | undefined {
    const needle = idOrEmail.toLowerCase();
    const candidates = [
      ...this.users.values(),
      this.legacyUser,
      ...[...this.clients.values()].flatMap((client) => (client.serviceUser ? [client.serviceUser] : [])),
    ];
    return candidates.find(
      (user) =>
        user.id.toLowerCase() === needle ||
        user.imsUserId.toLowerCase() === needle ||
        user.email.toLowerCase() === needle,
    );
  }

  /** The user who signs in when neither `login_hint` nor the consent page picks one. */
  get defaultUser(): MockUser {
    return this.users.values().next().value as MockUser;
  }

  /** Looks up an access or refresh token by its value, valid or not. */
  findToken(token: string): TokenRecord | undefined {
    return this.#accessTokens.get(token) ?? this.#refreshTokens.get(token);
  }

  /** Looks up an authorization code by its value, used or not. */
  findCode(code: string): AuthorizationCodeRecord | undefined {
    return this.#codes.get(code);
  }

  /** Every access token issued since the last reset. */
  accessTokens(): AccessTokenRecord[] {
    return [...this.#accessTokens.values()];
  }

  /** Every refresh token issued since the last reset. */
  refreshTokens(): RefreshTokenRecord[] {
    return [...this.#refreshTokens.values()];
  }

  /** Every authorization code issued since the last reset. */
  authorizationCodes(): AuthorizationCodeRecord[] {
    return [...this.#codes.values()];
  }

  /** The access token record if `token` is one, unexpired at `now` and not revoked. */
  validAccessToken(token: string, now: number): AccessTokenRecord | undefined {
    const record = this.#accessTokens.get(token);
    if (!record || record.revokedAt !== undefined || now >= record.expiresAt) return undefined;
    return record;
  }

  /** The refresh token record if `token` is one (any state): callers check expiry, rotation and revocation. */
  refreshTokenRecord(token: string): RefreshTokenRecord | undefined {
    return this.#refreshTokens.get(token);
  }

  /** @internal Stores an issued code. */
  addCode(code: string, record: AuthorizationCodeRecord): void {
    this.#codes.set(code, record);
  }

  /** @internal Stores an issued token. */
  addToken(token: string, record: TokenRecord): void {
    if (record.kind === 'access_token') this.#accessTokens.set(token, record);
    else this.#refreshTokens.set(token, record);
  }

  /**
   * Revokes every token of one grant: what a revoked refresh token or a reused authorization code leads to
   * (RFC 7009 §2.1, RFC 6749 §4.1.2). Returns how many tokens became invalid.
   */
  revokeGrant(grantId: string, now: number): number {
    let revoked = 0;
    for (const record of [...this.#accessTokens.values(), ...this.#refreshTokens.values()]) {
      if (record.grantId === grantId && record.revokedAt === undefined) {
        record.revokedAt = now;
        revoked++;
      }
    }
    return revoked;
  }

  /** @internal Stores a consent page waiting for a decision. */
  addPendingAuthorization(id: string, pending: PendingAuthorization): void {
    this.#pendingAuthorizations.set(id, pending);
  }

  /** @internal Removes and returns a pending consent (single use); `undefined` if unknown or expired. */
  takePendingAuthorization(id: string, now: number): PendingAuthorization | undefined {
    const pending = this.#pendingAuthorizations.get(id);
    this.#pendingAuthorizations.delete(id);
    return pending && now < pending.expiresAt ? pending : undefined;
  }

  /** @internal Counts a token endpoint request. */
  countTokenRequest(grantType: string | undefined): void {
    const key = grantType ?? '(missing)';
    this.tokenRequests[key] = (this.tokenRequests[key] ?? 0) + 1;
  }

  /**
   * Forgets every code, token, pending consent, counter, logged request, rate-limit bucket and V4 resource
   * (restarting the id stream); keeps clients and users. `mock.reset()` then runs the seed again.
   */
  reset(): void {
    this.resources.clear();
    this.rateLimiter.reset();
    this.#codes.clear();
    this.#accessTokens.clear();
    this.#refreshTokens.clear();
    this.#pendingAuthorizations.clear();
    this.#requests.length = 0;
    for (const key of Object.keys(this.tokenRequests)) delete this.tokenRequests[key];
    for (const grantType of GRANT_TYPES) this.tokenRequests[grantType] = 0;
  }
}

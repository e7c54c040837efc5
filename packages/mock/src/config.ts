import { checkRateLimitOptions, type RateLimitOptions } from './api/rate-limit.js';
import type { RandomSource } from './random.js';
import { hideSecretFields } from './redact.js';
import type { DefaultSeedIds, SeedFunction } from './seed.js';
import { DEFAULT_UPLOAD_PART_SIZE } from './uploads/upload.js';

/** A redirect URI the client may use: a string matches exactly, a RegExp must match the whole URI. */
export type RedirectUriPattern = string | RegExp;

/** Server-to-server (OAuth client credentials) demo credential. */
export interface ServerToServerCredential {
  clientId: string;
  clientSecret: string;
  /** Scopes this credential may be granted; also a ready-made `scope` for the token request. */
  scopes: string[];
}

/** Web App (confidential, authorization code + client secret) demo credential. */
export interface WebAppCredential {
  clientId: string;
  clientSecret: string;
  /** Accepted `redirect_uri` values. */
  redirectUris: RedirectUriPattern[];
  /** Scopes a user may grant this credential. */
  scopes: string[];
}

/** Single Page App (public, authorization code + PKCE) demo credential. */
export interface SpaCredential {
  clientId: string;
  redirectUris: RedirectUriPattern[];
  scopes: string[];
}

/** Native App (public, PKCE, `adobe+<hash>://callback` redirect) demo credential. */
export interface NativeCredential {
  clientId: string;
  /** The only accepted redirect URI, like the one Adobe assigns to a Native App credential. */
  redirectUri: string;
  scopes: string[];
}

/** The credentials the emulator accepts. Deterministic defaults; override any field through options. */
export interface DemoCredentials {
  serverToServer: ServerToServerCredential;
  webApp: WebAppCredential;
  spa: SpaCredential;
  native: NativeCredential;
  /** Legacy developer token, accepted by the API only with `x-frameio-legacy-token-auth: true`. */
  legacyToken: string;
}

/** A person (or service account) the emulator knows. `id` is the Frame.io user id returned by `/v4/me`. */
export interface MockUser {
  /** Frame.io user id (UUID), as in the V4 `Profile` schema. */
  id: string;
  /** IMS user id carried in tokens (`user_id`), e.g. `A11CE00000000001@AdobeID`. */
  imsUserId: string;
  email: string;
  name: string;
  avatarUrl: string | null;
}

/** A user to seed; `id` and `imsUserId` are derived from the position when left out. */
export interface MockUserInput {
  id?: string;
  imsUserId?: string;
  email: string;
  name: string;
  avatarUrl?: string | null;
}

/** Which IMS credential type a client is; decides the grants and client authentication it may use. */
export type MockClientType = 'server-to-server' | 'web-app' | 'spa' | 'native';

/** An OAuth client registered in the emulator (one per demo credential). */
export interface MockClient {
  clientId: string;
  /** Present for confidential clients (server-to-server, web app); public clients have none. */
  clientSecret?: string;
  /** Shown on the consent page. */
  name: string;
  type: MockClientType;
  redirectUris: RedirectUriPattern[];
  /** Used when the authorize request has no `redirect_uri`. */
  defaultRedirectUri?: string;
  allowedScopes: string[];
  /** The account a server-to-server client acts as (`/v4/me` for its tokens). */
  serviceUser?: MockUser;
}

/** How `GET /ims/authorize/v2` answers: redirect at once, show the consent page, or pick by `Accept`. */
export type AuthorizeMode = 'auto' | 'consent' | 'by-accept';

/**
 * Options of {@link createFrameioMock}; every field is optional. `SeedIds` is what a `seed` function returns
 * (`mock.seedIds`).
 */
export interface FrameioMockOptions<SeedIds = DefaultSeedIds> {
  /** Origin (and optional path prefix) the IMS handlers answer on. Default `https://ims-na1.adobelogin.com`. */
  imsBaseUrl?: string;
  /** Origin (and optional path prefix) the API handlers answer on. Default `https://api.frame.io`. */
  apiBaseUrl?: string;
  /** Time source in epoch ms (default `Date.now`); `mock.clock.advance()` adds to it. */
  now?: () => number;
  /** Random numbers in [0, 1) for fault `probability` (default `Math.random`; see `seededRandom`). */
  random?: RandomSource;
  /** How a `delay` fault waits (default `setTimeout`). Inject to control delays without real time. */
  sleep?: (ms: number) => Promise<void>;
  /** `'by-accept'` (default): consent page when `Accept` includes `text/html`, else an immediate redirect. */
  authorize?: AuthorizeMode;
  /** Access token lifetime. Default 24 h, as IMS. */
  accessTokenTtlMs?: number;
  /** Refresh token lifetime. Default 14 days, as IMS. */
  refreshTokenTtlMs?: number;
  /** Authorization code (and pending consent) lifetime. Default 10 min. */
  codeTtlMs?: number;
  /** Issue a new refresh token on every refresh and invalidate the old one. Default true (IMS rotates). */
  rotateRefreshTokens?: boolean;
  /**
   * Give SPA / Native (public) clients refresh tokens when `offline_access` is granted. Default true.
   * Adobe's docs say these credentials get none while the SDKs claim refresh works: set false to test that.
   */
  publicClientRefreshTokens?: boolean;
  /** Override any demo credential field. */
  credentials?: {
    serverToServer?: Partial<ServerToServerCredential>;
    webApp?: Partial<WebAppCredential>;
    spa?: Partial<SpaCredential>;
    native?: Partial<NativeCredential>;
    legacyToken?: string;
  };
  /** Seeded users (default Alice and Bob). The first is signed in when nothing else picks one. */
  users?: MockUserInput[];
  /**
   * The V4 resources to start with (and to restore on `mock.reset()`): default the built-in seed (one
   * account, two workspaces, a project tree with files, comments, a share and a webhook; ids in
   * `DEFAULT_SEED_IDS`); `false` for none; or a function that builds them with the seeder and returns the ids
   * the tests need (`mock.seedIds`).
   */
  seed?: false | SeedFunction<SeedIds>;
  /**
   * Seed of the stream resource ids are drawn from (UUIDs). Default 1: the same calls give the same ids on
   * every run. It never draws from `random`, so ids do not shift fault probabilities.
   */
  idSeed?: number;
  /**
   * Enforce V4-style rate limits: a leaky bucket of `limit` requests refilling over `windowMs` per token and
   * route; an empty bucket answers 429. Default off (the headers still count against 100 per minute).
   */
  rateLimit?: RateLimitOptions;
  /** Size of upload parts in `upload_urls` (the last part is smaller). Default 25 MiB. */
  uploadPartSize?: number;
  /**
   * Keep uploaded bytes in memory so `media_links.original` serves them and `mock.uploads.bytes()` returns
   * them. Default true; costs the uploaded size in memory. Set false for very large uploads.
   */
  keepUploadedBytes?: boolean;
  /** Time between an upload's last part and the file turning `transcoded` (media links appear). Default 0. */
  transcodeDelayMs?: number;
}

/** Loopback callbacks on any port and path (RFC 8252 §7.3), as local dev servers and CLIs use. */
const LOOPBACK_REDIRECT = /^http:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?(?:[/?#].*)?$/;
/** Any https callback: IMS requires https for non-loopback redirects. */
const HTTPS_REDIRECT = /^https:\/\/[^/?#\s]+(?:[/?#].*)?$/;

/** Scopes the V4 spec lists for user flows plus the ones IMS kits request (facts §2.1). */
const USER_SCOPES = [
  'openid',
  'AdobeID',
  'email',
  'profile',
  'offline_access',
  'additional_info',
  'additional_info.roles',
];

/** The S2S scopes from the V4 spec's `s2s_auth` security scheme (facts §2.1). */
const S2S_SCOPES = ['openid', 'AdobeID', 'frame.s2s.all'];

const DEFAULT_USERS: MockUserInput[] = [
  {
    id: 'a11ce000-0000-4000-8000-000000000001',
    imsUserId: 'A11CE00000000001@AdobeID',
    email: 'alice@example.com',
    name: 'Alice Example',
  },
  {
    id: 'b0b00000-0000-4000-8000-000000000002',
    imsUserId: 'B0B0000000000002@AdobeID',
    email: 'bob@example.com',
    name: 'Bob Example',
  },
];

/** Everything the handlers need, with defaults applied and checked once. */
export interface ResolvedConfig {
  imsBaseUrl: string;
  apiBaseUrl: string;
  authorize: AuthorizeMode;
  accessTokenTtlMs: number;
  refreshTokenTtlMs: number;
  codeTtlMs: number;
  rotateRefreshTokens: boolean;
  publicClientRefreshTokens: boolean;
  credentials: DemoCredentials;
  clients: MockClient[];
  users: MockUser[];
  /** Who `/v4/me` returns for the legacy developer token. */
  legacyUser: MockUser;
  idSeed: number;
  rateLimit: RateLimitOptions | undefined;
  uploadPartSize: number;
  keepUploadedBytes: boolean;
  transcodeDelayMs: number;
}

const HOUR_MS = 60 * 60 * 1000;

function normalizeBaseUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(
      `${name} must be an absolute http(s) URL such as 'https://api.frame.io', got '${value}'.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`${name} must use http: or https:, got '${url.protocol}'.`);
  }
  if (url.search || url.hash) {
    throw new TypeError(
      `${name} must not have a query or fragment; pass only the origin and an optional path.`,
    );
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function positiveMs(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive number of milliseconds, got ${String(value)}.`);
  }
  return value;
}

function resolveUsers(inputs: MockUserInput[]): MockUser[] {
  if (inputs.length === 0) {
    throw new TypeError('users must contain at least one user: the authorize endpoint signs one of them in.');
  }
  const users = inputs.map((input, index): MockUser => {
    const ordinal = String(index + 1).padStart(12, '0');
    return {
      id: input.id ?? `00000000-0000-4000-8000-${ordinal}`,
      imsUserId: input.imsUserId ?? `MOCKUSER${ordinal}@AdobeID`,
      email: input.email,
      name: input.name,
      avatarUrl: input.avatarUrl ?? null,
    };
  });
  for (const key of ['id', 'imsUserId', 'email'] as const) {
    const seen = new Set<string>();
    for (const user of users) {
      if (seen.has(user[key]))
        throw new TypeError(`users: two users share the ${key} '${user[key]}'; make it unique.`);
      seen.add(user[key]);
    }
  }
  return users;
}

/** Applies defaults to {@link FrameioMockOptions} and builds the client registry. Throws on bad options. */
export function resolveConfig(options: FrameioMockOptions<unknown>): ResolvedConfig {
  const overrides = options.credentials ?? {};
  const credentials: DemoCredentials = {
    serverToServer: hideSecretFields(
      {
        clientId: 'mock-s2s-client',
        clientSecret: 'mock-s2s-secret',
        scopes: [...S2S_SCOPES],
        ...overrides.serverToServer,
      },
      'ServerToServerCredential',
      ['clientSecret'],
    ),
    webApp: hideSecretFields(
      {
        clientId: 'mock-webapp-client',
        clientSecret: 'mock-webapp-secret',
        redirectUris: [HTTPS_REDIRECT, LOOPBACK_REDIRECT],
        scopes: [...USER_SCOPES],
        ...overrides.webApp,
      },
      'WebAppCredential',
      ['clientSecret'],
    ),
    spa: {
      clientId: 'mock-spa-client',
      redirectUris: [HTTPS_REDIRECT, LOOPBACK_REDIRECT],
      scopes: [...USER_SCOPES],
      ...overrides.spa,
    },
    native: {
      clientId: 'mock-native-client',
      redirectUri: 'adobe+0f1e2d3c://callback',
      scopes: [...USER_SCOPES],
      ...overrides.native,
    },
    legacyToken: overrides.legacyToken ?? 'mock-legacy-token',
  };
  hideSecretFields(credentials, 'DemoCredentials', ['legacyToken']);

  const users = resolveUsers(options.users ?? DEFAULT_USERS);
  const { serverToServer, webApp, spa, native } = credentials;
  const clients: MockClient[] = [
    {
      clientId: serverToServer.clientId,
      clientSecret: serverToServer.clientSecret,
      name: 'Mock Server-to-Server App',
      type: 'server-to-server',
      redirectUris: [],
      allowedScopes: serverToServer.scopes,
      serviceUser: {
        id: '5e41ce00-0000-4000-8000-000000000003',
        imsUserId: 'MOCKS2S000000003@techacct.adobe.com',
        email: `${serverToServer.clientId}@techacct.adobe.com`,
        name: 'Mock S2S technical account',
        avatarUrl: null,
      },
    },
    {
      clientId: webApp.clientId,
      clientSecret: webApp.clientSecret,
      name: 'Mock Web App',
      type: 'web-app',
      redirectUris: webApp.redirectUris,
      allowedScopes: webApp.scopes,
    },
    {
      clientId: spa.clientId,
      name: 'Mock Single Page App',
      type: 'spa',
      redirectUris: spa.redirectUris,
      allowedScopes: spa.scopes,
    },
    {
      clientId: native.clientId,
      name: 'Mock Native App',
      type: 'native',
      redirectUris: [native.redirectUri],
      defaultRedirectUri: native.redirectUri,
      allowedScopes: native.scopes,
    },
  ];
  const clientIds = new Set<string>();
  for (const client of clients) {
    if (clientIds.has(client.clientId)) {
      throw new TypeError(
        `credentials: two credentials use the clientId '${client.clientId}'; make them unique.`,
      );
    }
    clientIds.add(client.clientId);
    hideSecretFields(client, 'MockClient', ['clientSecret']);
  }

  const authorize = options.authorize ?? 'by-accept';
  if (!['auto', 'consent', 'by-accept'].includes(authorize)) {
    throw new TypeError(`authorize must be 'auto', 'consent' or 'by-accept', got '${String(authorize)}'.`);
  }

  checkRateLimitOptions(options.rateLimit);
  const uploadPartSize = options.uploadPartSize ?? DEFAULT_UPLOAD_PART_SIZE;
  if (!Number.isInteger(uploadPartSize) || uploadPartSize < 1) {
    throw new RangeError(
      `uploadPartSize must be a positive integer number of bytes, got ${String(uploadPartSize)}.`,
    );
  }
  const idSeed = options.idSeed ?? 1;
  if (!Number.isInteger(idSeed)) throw new TypeError(`idSeed must be an integer, got ${String(idSeed)}.`);
  const transcodeDelayMs = options.transcodeDelayMs ?? 0;
  if (!Number.isFinite(transcodeDelayMs) || transcodeDelayMs < 0) {
    throw new RangeError(
      `transcodeDelayMs must be a number of milliseconds >= 0, got ${String(transcodeDelayMs)}.`,
    );
  }
  if (options.seed !== undefined && options.seed !== false && typeof options.seed !== 'function') {
    throw new TypeError(
      'seed must be false (no resources) or a function (seed) => ids; leave it out for the default seed.',
    );
  }

  return {
    idSeed,
    rateLimit: options.rateLimit,
    uploadPartSize,
    keepUploadedBytes: options.keepUploadedBytes ?? true,
    transcodeDelayMs,
    imsBaseUrl: normalizeBaseUrl('imsBaseUrl', options.imsBaseUrl ?? 'https://ims-na1.adobelogin.com'),
    apiBaseUrl: normalizeBaseUrl('apiBaseUrl', options.apiBaseUrl ?? 'https://api.frame.io'),
    authorize,
    accessTokenTtlMs: positiveMs('accessTokenTtlMs', options.accessTokenTtlMs, 24 * HOUR_MS),
    refreshTokenTtlMs: positiveMs('refreshTokenTtlMs', options.refreshTokenTtlMs, 14 * 24 * HOUR_MS),
    codeTtlMs: positiveMs('codeTtlMs', options.codeTtlMs, 10 * 60 * 1000),
    rotateRefreshTokens: options.rotateRefreshTokens ?? true,
    publicClientRefreshTokens: options.publicClientRefreshTokens ?? true,
    credentials,
    clients,
    users,
    legacyUser: {
      id: '1e9ac000-0000-4000-8000-000000000004',
      imsUserId: 'MOCKLEGACY000004@AdobeID',
      email: 'legacy-token@example.com',
      name: 'Legacy developer token user',
      avatarUrl: null,
    },
  };
}

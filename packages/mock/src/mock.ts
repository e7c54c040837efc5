import type { RequestHandler } from 'msw';
import { apiRoutes } from './api/handlers.js';
import { createClock, type MockClock } from './clock.js';
import { type DemoCredentials, type FrameioMockOptions, resolveConfig } from './config.js';
import type { MockContext } from './context.js';
import { createFaultEngine, type FaultRegistry } from './faults.js';
import { imsRoutes } from './ims/handlers.js';
import { toScopeList } from './ims/scopes.js';
import { issueTokens } from './ims/tokens.js';
import { createJwtSigner } from './jwt.js';
import { randomToken } from './random.js';
import { installSafeInspect } from './redact.js';
import { createRouteHandler } from './route.js';
import {
  createSeeder,
  type DefaultSeedIds,
  defaultSeed,
  type MockSeeder,
  type SeedFunction,
} from './seed.js';
import { MockState } from './state.js';
import { createDirectUploads, DIRECT_UPLOADS } from './uploads/direct.js';
import { createUploadsApi, type MockUploads } from './uploads/inspect.js';
import { putPartRoute, uploadRoutes } from './uploads/routes.js';

/** Arguments of {@link FrameioMock.issueAccessToken}. */
export interface IssueAccessTokenInput {
  /** A client id from `mock.credentials`. */
  clientId: string;
  /**
   * Frame.io id, IMS id or email of the user. Default: the S2S technical account for the server-to-server
   * client, else the first seeded user.
   */
  userId?: string;
  /** Granted scopes, as a list or a space/comma separated string. */
  scopes: readonly string[] | string;
  /** Lifetime; default `accessTokenTtlMs`. */
  expiresInMs?: number;
}

/**
 * An in-memory Adobe IMS + Frame.io V4 emulator. `SeedIds` is what the seed returned: the default seed's
 * well-known ids, or your seed function's result.
 */
export interface FrameioMock<SeedIds = DefaultSeedIds> {
  /** msw handlers for IMS (on `imsBaseUrl`) and the API (on `apiBaseUrl`): `setupServer(...mock.handlers)`. */
  readonly handlers: RequestHandler[];
  /** Clients, users, codes, tokens and request counters, for assertions. */
  readonly state: MockState;
  /** The emulator's time; `clock.advance(ms)` expires codes and tokens without waiting. */
  readonly clock: MockClock;
  /** Fault injection shared by every route. */
  readonly faults: FaultRegistry;
  /** The credentials the emulator accepts. */
  readonly credentials: DemoCredentials;
  /** Base URL of the IMS routes (`/ims/authorize/v2`, `/ims/token/v3`, `/ims/revoke`). */
  readonly imsBaseUrl: string;
  /** Base URL of the API routes (`/v4/...`). */
  readonly apiBaseUrl: string;
  /** The ids the seed returned (`DEFAULT_SEED_IDS` for the default seed, `undefined` with `seed: false`). */
  readonly seedIds: SeedIds;
  /** Builders that add V4 resources (accounts, projects, files, …) to the running emulator. */
  readonly seed: MockSeeder;
  /** What arrived at the upload URLs: parts, completion and the bytes. */
  readonly uploads: MockUploads;
  /** Mints a valid access token without going through a flow, e.g. to test API calls directly. */
  issueAccessToken(input: IssueAccessTokenInput): Promise<string>;
  /**
   * Forgets codes, tokens, counters, the request log and rate-limit buckets, removes every fault rule, and
   * puts the V4 resources back to the seed (same ids again).
   */
  reset(): void;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Creates an Adobe IMS + Frame.io V4 emulator. Pass its `handlers` to msw's `setupServer` (Node) or
 * `setupWorker` (browser), or serve it over HTTP with `startMockServer` from `@frameio-v4/mock/node`.
 *
 * @throws TypeError / RangeError when an option is invalid (the message says which and what to pass), or
 *   what a seed function throws.
 */
export function createFrameioMock(
  options: FrameioMockOptions<unknown> & { seed: false },
): FrameioMock<undefined>;
export function createFrameioMock<SeedIds = DefaultSeedIds>(
  options?: FrameioMockOptions<SeedIds>,
): FrameioMock<SeedIds>;
// Last, so `Parameters<typeof createFrameioMock>` names the default options.
export function createFrameioMock(options?: FrameioMockOptions): FrameioMock;
export function createFrameioMock(options: FrameioMockOptions<unknown> = {}): FrameioMock<unknown> {
  const config = resolveConfig(options);
  const clock = createClock(options.now);
  const random = options.random ?? Math.random;
  const faults = createFaultEngine(random);
  const state = new MockState(config, () => clock.now());
  const seeder = createSeeder(state.resources, state);
  const seedFunction: SeedFunction<unknown> | undefined =
    options.seed === false ? undefined : (options.seed ?? defaultSeed);
  const runSeed = () => seedFunction?.(seeder);
  let seedIds = runSeed();
  const context: MockContext = {
    config,
    state,
    clock,
    faults,
    random,
    sleep: options.sleep ?? defaultSleep,
    signer: createJwtSigner(),
  };
  const handlers = [...apiRoutes(), ...uploadRoutes(), ...imsRoutes()].map((route) =>
    createRouteHandler(context, route),
  );

  const mock: FrameioMock<unknown> = {
    handlers,
    state,
    clock,
    faults: { add: (rule) => faults.add(rule), clear: () => faults.clear(), list: () => faults.list() },
    credentials: config.credentials,
    imsBaseUrl: config.imsBaseUrl,
    apiBaseUrl: config.apiBaseUrl,
    get seedIds() {
      return seedIds;
    },
    seed: seeder,
    uploads: createUploadsApi(state.resources),
    async issueAccessToken(input) {
      const client = state.clients.get(input.clientId);
      if (!client) {
        throw new TypeError(
          `issueAccessToken: unknown clientId '${input.clientId}'; use one of ${[...state.clients.keys()].join(', ')}.`,
        );
      }
      const user =
        input.userId !== undefined
          ? state.findUser(input.userId)
          : client.type === 'server-to-server'
            ? client.serviceUser
            : state.defaultUser;
      if (!user) {
        throw new TypeError(
          `issueAccessToken: no user '${input.userId ?? ''}'; pass a Frame.io id, IMS id or email of a seeded user.`,
        );
      }
      const issued = await issueTokens(context, {
        client,
        user,
        principal: client.serviceUser !== undefined && user === client.serviceUser ? 'service' : 'user',
        scopes: toScopeList(input.scopes),
        grantId: randomToken(12),
        withRefreshToken: false,
        withIdToken: false,
        ...(input.expiresInMs !== undefined ? { accessTokenTtlMs: input.expiresInMs } : {}),
      });
      return issued.accessToken;
    },
    reset() {
      state.reset();
      faults.clear();
      seedIds = runSeed();
    },
  };
  // Not enumerable: an internal hook for startMockServer, invisible when the mock is spread or printed.
  Object.defineProperty(mock, DIRECT_UPLOADS, { value: createDirectUploads(context, putPartRoute()) });
  return installSafeInspect(mock, 'FrameioMock', () => ({
    imsBaseUrl: config.imsBaseUrl,
    apiBaseUrl: config.apiBaseUrl,
    handlers: handlers.length,
    faults: faults.list().length,
    state,
  }));
}

/** Shorthand for `createFrameioMock(options).handlers`: `setupServer(...createMockHandlers())`. */
export function createMockHandlers<SeedIds = DefaultSeedIds>(
  options?: FrameioMockOptions<SeedIds>,
): RequestHandler[] {
  return createFrameioMock(options).handlers;
}

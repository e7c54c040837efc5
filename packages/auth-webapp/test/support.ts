import { createFrameioClient, type FrameioClient } from '@frameio-v4/api';
import type { TokenSource } from '@frameio-v4/auth-core';
import { createFrameioMock, type FrameioMock, type FrameioMockOptions } from '@frameio-v4/mock';
import { useMswServer } from '@frameio-v4/test-support/msw';
import { WebAppAuth, type WebAppAuthOptions, type WebAppUserSession } from '../src/index.js';

/** An https callback, accepted by the mock's default Web App redirect URI patterns. */
export const REDIRECT_URI = 'https://app.example.com/auth/callback';

export const ALICE = 'alice@example.com';
export const BOB = 'bob@example.com';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** The mock's clock starts here and moves only with `mock.clock.advance`, so expiry math is exact. */
export const START_MS = Date.UTC(2026, 0, 1);

/**
 * One msw server per test file (`onUnhandledRequest: 'error'`); each test starts its own IMS + API emulator
 * with `startMock()` (clock frozen at {@link START_MS}), whose handlers are removed after the test.
 */
export function useMockIms(): { startMock(options?: FrameioMockOptions): FrameioMock } {
  const server = useMswServer();
  return {
    startMock(options) {
      const mock = createFrameioMock({ now: () => START_MS, ...options });
      server.use(...mock.handlers);
      return mock;
    },
  };
}

/** A WebAppAuth for the mock's Web App credential, on the mock's clock. */
export function webAppAuth(mock: FrameioMock, overrides: Partial<WebAppAuthOptions> = {}): WebAppAuth {
  const { clientId, clientSecret } = mock.credentials.webApp;
  return new WebAppAuth({
    clientId,
    clientSecret,
    redirectUri: REDIRECT_URI,
    imsBaseUrl: mock.imsBaseUrl,
    now: () => mock.clock.now(),
    ...overrides,
  });
}

/**
 * Opens the authorization URL like a browser whose user is already signed in at IMS (the mock approves at
 * once when Accept is not text/html) and returns the callback URL from the redirect's Location.
 */
export async function followAuthorization(url: string): Promise<string> {
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) {
    throw new Error(`the authorize endpoint answered ${response.status} without a redirect`);
  }
  return location;
}

/** Full sign-in of `loginHint` into `session`: authorization URL → redirect → parseCallback → exchangeCode. */
export async function signIn(
  auth: WebAppAuth,
  session: WebAppUserSession | WebAppAuth,
  loginHint: string,
  scopes?: string,
) {
  const { url, state } = session.getAuthorizationUrl({ loginHint, ...(scopes ? { scopes } : {}) });
  const callback = await followAuthorization(url);
  const { code, state: returnedState } = auth.parseCallback(callback);
  return session.exchangeCode({
    code,
    state: returnedState,
    expectedState: state,
    ...(scopes ? { scopes } : {}),
  });
}

/** A Frame.io client on the mock's API host. */
export function frameio(mock: FrameioMock, auth: TokenSource): FrameioClient {
  return createFrameioClient({ auth, baseUrl: mock.apiBaseUrl });
}

/** GET /v4/me through the client; returns the email of the user the API saw. */
export async function whoAmI(mock: FrameioMock, auth: TokenSource): Promise<string | undefined> {
  const { data, error, response } = await frameio(mock, auth).GET('/v4/me');
  if (error) throw new Error(`GET /v4/me failed with HTTP ${response.status}`);
  return data?.data.email ?? undefined;
}

/** Token endpoint requests and their grant types, from the mock's request log. */
export function imsRequests(mock: FrameioMock): { path: string; grantType: string | undefined }[] {
  return mock.state.requests
    .filter((entry) => entry.host === 'ims')
    .map((entry) => ({ path: entry.path, grantType: entry.grantType }));
}

/** The raw HTTP status of GET /v4/me with `token`, bypassing any auth logic. */
export async function meStatus(mock: FrameioMock, token: string): Promise<number> {
  const response = await fetch(`${mock.apiBaseUrl}/v4/me`, { headers: { authorization: `Bearer ${token}` } });
  // Read, not cancelled: cancelling an msw-mocked body never settles (mswjs/interceptors#799).
  await response.text();
  return response.status;
}

/** Calls `fn` and returns what it threw; fails if it did not throw. */
export async function caught(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

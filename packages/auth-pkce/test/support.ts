import { createFrameioMock, type FrameioMock, type FrameioMockOptions } from '@frameio-v4/mock';
import { useMswServer } from '@frameio-v4/test-support/msw';
import type { SetupServer } from 'msw/node';
import { expect } from 'vitest';
import type { AuthorizationRequest, AuthorizationUrlOptions, PkceAuth, PkceSession } from '../src/index.js';

/** An https redirect URI the mock's SPA credential accepts. */
export const SPA_REDIRECT_URI = 'https://app.example.com/callback';

/** A fixed start time, so the emulator and the auth class share one clock that tests move forward. */
export const START_TIME = 1_700_000_000_000;

/**
 * One msw server per test file (`onUnhandledRequest: 'error'`); each test starts its own emulator, whose
 * clock starts at {@link START_TIME}. Pass `now: () => mock.clock.now()` to the auth class to share it.
 */
export function useMockIms(): {
  start(options?: FrameioMockOptions): FrameioMock;
  server: SetupServer;
} {
  const server = useMswServer();
  return {
    server,
    start(options = {}) {
      const mock = createFrameioMock({ now: () => START_TIME, ...options });
      server.use(...mock.handlers);
      return mock;
    },
  };
}

/** What a completed sign-in produced (secrets included, for the tests' own checks). */
export interface SignIn {
  request: AuthorizationRequest;
  location: string;
  code: string;
  session: PkceSession;
}

/**
 * A full sign-in the way a browser does it: GET the authorize URL (the mock approves at once when Accept is
 * not text/html), read the redirect's Location, parse it and exchange the code.
 */
export async function signIn(auth: PkceAuth, options: AuthorizationUrlOptions = {}): Promise<SignIn> {
  const request = await auth.getAuthorizationUrl(options);
  const location = await authorizeRedirect(request.url);
  const callback = auth.parseCallback(location);
  const session = await auth.exchangeCode({
    code: callback.code,
    codeVerifier: request.codeVerifier,
    state: callback.state,
    expectedState: request.state,
  });
  return { request, location, code: callback.code, session };
}

/** Follows nothing: returns the Location of the authorize endpoint's 302. */
export async function authorizeRedirect(url: string): Promise<string> {
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const location = response.headers.get('location');
  if (!location) throw new Error('the authorize endpoint sent no Location');
  return location;
}

/** Resolves with what `promise` rejected with; fails the test if it resolved. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

/** A Web Storage stand-in backed by a Map (Node has no sessionStorage). */
export class MapStorage {
  readonly entries = new Map<string, string>();
  getItem(key: string): string | null {
    return this.entries.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.entries.set(key, value);
  }
  removeItem(key: string): void {
    this.entries.delete(key);
  }
}

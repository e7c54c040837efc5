import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** The API origin the tests mock. */
export const API = 'https://api.frame.io';

/** Starts an msw server for the test file; any request without a handler fails the test. */
export function useMswServer(): ReturnType<typeof setupServer> {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

/** A `/v4/me` body. */
export const ME = { data: { id: 'user-1', name: 'Ada', email: 'ada@example.com', avatar_url: null } };

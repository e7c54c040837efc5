import { inspect } from 'node:util';
import { createFrameioClient, type FrameioClient } from '@frameio-v4/api';
import { createFrameioMock, type FrameioMock, type FrameioMockOptions } from '@frameio-v4/mock';
import { useMswServer } from '@frameio-v4/test-support/msw';
import { expect } from 'vitest';
import { ServerToServerAuth, type ServerToServerAuthOptions } from '../src/index.js';

/** A fixed start time, so the mock and the auth share one clock that only `mock.clock.advance` moves. */
export const START = Date.UTC(2026, 0, 15, 12, 0, 0);

/** One IMS token request as `fetch` saw it. */
export interface RecordedImsRequest {
  url: string;
  headers: Headers;
  form: URLSearchParams;
}

/** The pieces of one end-to-end scenario. */
export interface Scenario {
  mock: FrameioMock;
  auth: ServerToServerAuth;
  client: FrameioClient;
  clientId: string;
  clientSecret: string;
  /** Token requests the auth sent, as they left `fetch`. */
  imsRequests: RecordedImsRequest[];
  /** Every `access_token` IMS returned, for secret scans. */
  issuedTokens: string[];
  /** Client-credentials requests the emulator received (faulted ones included). */
  tokenRequests(): number;
  /** API requests the emulator answered with `status`. */
  apiResponses(status: number): number;
  /** Another auth + client on the same emulator, e.g. a second process sharing a store. */
  connect(options?: Partial<ServerToServerAuthOptions>): { auth: ServerToServerAuth; client: FrameioClient };
}

/**
 * One msw server per test file with `onUnhandledRequest: 'error'`; each test gets a fresh emulator whose
 * handlers are removed afterwards.
 */
export function useEmulator(): (
  options?: Partial<ServerToServerAuthOptions>,
  mockOptions?: FrameioMockOptions,
) => Scenario {
  const server = useMswServer();

  return (options = {}, mockOptions = {}) => {
    const mock = createFrameioMock({ now: () => START, ...mockOptions });
    server.use(...mock.handlers);
    const { clientId, clientSecret } = mock.credentials.serverToServer;
    const imsRequests: RecordedImsRequest[] = [];
    const issuedTokens: string[] = [];
    // Records what the auth sends and receives at the HTTP boundary; the emulator does the answering.
    const recordingFetch: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      imsRequests.push({
        url: request.url,
        headers: request.headers,
        form: new URLSearchParams(await request.clone().text()),
      });
      const response = await fetch(request);
      const body: unknown = await response
        .clone()
        .json()
        .catch(() => undefined);
      if (typeof body === 'object' && body !== null && 'access_token' in body) {
        issuedTokens.push(String(body.access_token));
      }
      return response;
    };
    const connect = (overrides: Partial<ServerToServerAuthOptions> = {}) => {
      const auth = new ServerToServerAuth({
        clientId,
        clientSecret,
        imsBaseUrl: mock.imsBaseUrl,
        now: mock.clock.now,
        fetch: recordingFetch,
        ...options,
        ...overrides,
      });
      return { auth, client: createFrameioClient({ auth, baseUrl: mock.apiBaseUrl }) };
    };
    const { auth, client } = connect();
    return {
      mock,
      auth,
      client,
      clientId,
      clientSecret,
      imsRequests,
      issuedTokens,
      tokenRequests: () => mock.state.tokenRequests.client_credentials ?? 0,
      apiResponses: (status) =>
        mock.state.requests.filter((entry) => entry.host === 'api' && entry.status === status).length,
      connect,
    };
  };
}

/** Resolves with what `promise` rejected with; fails the test if it resolved. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

/** Every way a user might print a value. */
export function renderings(value: unknown): Record<string, string> {
  const error = value instanceof Error ? value : undefined;
  return {
    string: String(value),
    json: JSON.stringify(value) ?? '',
    inspect: inspect(value, { depth: 10, showHidden: true }),
    inspectRaw: inspect(value, { depth: 10, showHidden: true, customInspect: false }),
    message: error?.message ?? '',
    stack: error?.stack ?? '',
  };
}

/** Asserts no secret (raw or URL-encoded) appears in any rendering of `value`. */
export function expectNoSecrets(value: unknown, secrets: readonly string[]): void {
  const forbidden = secrets.flatMap((secret) => [secret, encodeURIComponent(secret)]);
  for (const [how, text] of Object.entries(renderings(value))) {
    for (const secret of forbidden) {
      expect(text.includes(secret), `${how} rendering contains a secret: ${text}`).toBe(false);
    }
  }
}

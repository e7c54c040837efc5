import { inspect } from 'node:util';
import { createFrameioClient } from '@frameio-v4/api';
import { HttpResponse, http } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryTokenStore, PkceAuth, type PkceTokens, SessionStorageTokenStore } from '../src/index.js';
import { authorizeRedirect, MapStorage, rejection, SPA_REDIRECT_URI, signIn, useMockIms } from './support.js';

const { start, server } = useMockIms();
const DAY_MS = 24 * 60 * 60 * 1000;

/** Every secret a test created or received. */
const secrets = new Set<string>();
/** Everything written to the console or stderr while the test ran. */
let consoleOutput: string[] = [];

function remember(...values: (string | undefined)[]): void {
  for (const value of values) if (value) secrets.add(value);
}

async function rememberTokens(auth: PkceAuth): Promise<void> {
  const tokens = (await auth.exportTokens()) as PkceTokens | undefined;
  remember(tokens?.accessToken, tokens?.refreshToken);
}

/** Every way a user might print a value. */
function renderings(value: unknown): Record<string, string> {
  const error = value instanceof Error ? value : undefined;
  return {
    string: String(value),
    json: JSON.stringify(value) ?? '',
    inspect: inspect(value, { depth: 10, showHidden: true }),
    inspectPlain: inspect(value, { depth: 10, showHidden: true, customInspect: false }),
    message: error?.message ?? '',
    stack: error?.stack ?? '',
    cause: error?.cause === undefined ? '' : inspect(error.cause, { depth: 10, showHidden: true }),
  };
}

function expectNoSecrets(value: unknown, label: string): void {
  expect(secrets.size).toBeGreaterThan(0);
  for (const [how, text] of Object.entries(renderings(value))) {
    for (const secret of secrets) {
      for (const form of [secret, encodeURIComponent(secret)]) {
        expect(text.includes(form), `${label} (${how}) contains a secret: ${text}`).toBe(false);
      }
    }
  }
}

beforeEach(() => {
  secrets.clear();
  consoleOutput = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleOutput.push(args.map((arg) => inspect(arg, { depth: 10 })).join(' '));
    });
  }
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
    consoleOutput.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  for (const line of consoleOutput) expectNoSecrets(line, 'console output');
});

function spaAuth(
  mock: ReturnType<typeof start>,
  extra: Partial<ConstructorParameters<typeof PkceAuth>[0]> = {},
) {
  return new PkceAuth({
    clientId: mock.credentials.spa.clientId,
    redirectUri: SPA_REDIRECT_URI,
    now: () => mock.clock.now(),
    ...extra,
  });
}

describe('no secret in errors, logs or printed objects', () => {
  it('through sign-in, renewal, failures and revoke', async () => {
    const mock = start();
    const storage = new MapStorage();
    const auth = spaAuth(mock, { store: new SessionStorageTokenStore({ storage }) });
    const errors: unknown[] = [];

    const { request, code } = await signIn(auth);
    remember(request.codeVerifier, code);
    await rememberTokens(auth);
    mock.clock.advance(DAY_MS);
    await createFrameioClient({ auth }).GET('/v4/me');
    await rememberTokens(auth);

    // A code exchanged with the wrong verifier, then with the right one, then again (reuse).
    const other = await auth.getAuthorizationUrl();
    const next = await auth.getAuthorizationUrl();
    const nextCode = auth.parseCallback(await authorizeRedirect(next.url)).code;
    remember(other.codeVerifier, next.codeVerifier, nextCode);
    const secondAuth = spaAuth(mock);
    const exchange = (codeVerifier: string) =>
      secondAuth.exchangeCode({ code: nextCode, codeVerifier, state: next.state, expectedState: next.state });
    errors.push(await rejection(exchange(other.codeVerifier)));
    await exchange(next.codeVerifier);
    await rememberTokens(secondAuth);
    errors.push(await rejection(exchange(next.codeVerifier)));
    // A forged state.
    errors.push(
      await rejection(
        auth.exchangeCode({
          code: nextCode,
          codeVerifier: next.codeVerifier,
          state: 'x',
          expectedState: next.state,
        }),
      ),
    );
    // A stale refresh token.
    const stale = (await auth.exportTokens()) as PkceTokens;
    mock.clock.advance(DAY_MS);
    await auth.getToken();
    await rememberTokens(auth);
    const staleAuth = spaAuth(mock);
    await staleAuth.importTokens(stale);
    errors.push(await rejection(staleAuth.getToken()));

    await auth.revoke();
    errors.push(await rejection(auth.getToken()));
    errors.push(await rejection(createFrameioClient({ auth }).GET('/v4/me')));

    expect(errors).toHaveLength(6);
    for (const [index, error] of errors.entries()) expectNoSecrets(error, `error ${index}`);
    for (const value of [
      auth,
      secondAuth,
      staleAuth,
      new SessionStorageTokenStore({ storage }),
      new MemoryTokenStore(),
    ]) {
      expectNoSecrets(value, 'auth object');
    }
  });

  it('when an expired session has no refresh token', async () => {
    const mock = start({ publicClientRefreshTokens: false });
    const auth = spaAuth(mock);
    const { request, code } = await signIn(auth);
    remember(request.codeVerifier, code);
    await rememberTokens(auth);
    mock.clock.advance(DAY_MS);

    expectNoSecrets(await rejection(auth.getToken()), 'no_refresh_token error');
    expectNoSecrets(auth, 'auth');
  });

  it('when IMS echoes every parameter it received in its error (JSON and HTML)', async () => {
    const mock = start();
    const auth = spaAuth(mock, { retries: 0 });
    const { request, code } = await signIn(auth);
    remember(request.codeVerifier, code);
    await rememberTokens(auth);
    const next = await auth.getAuthorizationUrl();
    const nextCode = auth.parseCallback(await authorizeRedirect(next.url)).code;
    remember(next.codeVerifier, nextCode);

    let html = false;
    server.use(
      http.post(`${mock.imsBaseUrl}/ims/token/v3`, async ({ request: received }) => {
        const body = await received.text();
        const echo = `${body} | ${decodeURIComponent(body)} | ${[...new URLSearchParams(body).values()].join(' ')}`;
        return html
          ? new HttpResponse(`<html><body>${echo}</body></html>`, {
              status: 502,
              headers: { 'content-type': 'text/html' },
            })
          : HttpResponse.json({ error: 'invalid_request', error_description: echo }, { status: 400 });
      }),
    );

    const errors: unknown[] = [];
    const exchange = () =>
      auth.exchangeCode({
        code: nextCode,
        codeVerifier: next.codeVerifier,
        state: next.state,
        expectedState: next.state,
      });
    errors.push(await rejection(exchange()));
    mock.clock.advance(DAY_MS);
    errors.push(await rejection(auth.getToken()));
    html = true;
    errors.push(await rejection(exchange()));
    errors.push(await rejection(auth.getToken()));

    for (const [index, error] of errors.entries()) {
      expect(error).toHaveProperty('status');
      expectNoSecrets(error, `echo error ${index}`);
    }
  });
});

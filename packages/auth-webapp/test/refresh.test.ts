import {
  ImsError,
  ReauthenticationRequiredError,
  requestImsToken,
  revokeImsToken,
} from '@frameio-v4/auth-core';
import type { FrameioMock } from '@frameio-v4/mock';
import { describe, expect, test } from 'vitest';
import { SignInRequiredError, type WebAppAuth } from '../src/index.js';
import {
  ALICE,
  BOB,
  caught,
  DAY_MS,
  frameio,
  meStatus,
  signIn,
  useMockIms,
  webAppAuth,
  whoAmI,
} from './support.js';

const { startMock } = useMockIms();

/** The stored tokens of the default user; fails if not signed in. */
async function tokensOf(auth: WebAppAuth) {
  const tokens = await auth.exportTokens();
  if (!tokens) throw new Error('not signed in');
  return tokens;
}

/** A fetch that records the form body of every request, for asserting what was sent to IMS. */
function recordingFetch(): { fetch: typeof fetch; forms: URLSearchParams[] } {
  const forms: URLSearchParams[] = [];
  return {
    forms,
    fetch: (input, init) => {
      forms.push(new URLSearchParams(String(init?.body ?? '')));
      return fetch(input, init);
    },
  };
}

function refreshWith(mock: FrameioMock, refreshToken: string) {
  const { clientId, clientSecret } = mock.credentials.webApp;
  return requestImsToken({
    imsBaseUrl: mock.imsBaseUrl,
    grantType: 'refresh_token',
    params: { refresh_token: refreshToken },
    client: { clientId, clientSecret, authMethod: 'client_secret_basic' },
    retries: 0,
  });
}

describe('refresh', () => {
  test('after expiry the next request refreshes transparently, with exactly one refresh request', async () => {
    const mock = startMock();
    const auth = webAppAuth(mock);
    await signIn(auth, auth, ALICE);
    const before = await tokensOf(auth);
    expect(await whoAmI(mock, auth)).toBe(ALICE);
    expect(mock.state.tokenRequests.refresh_token).toBe(0);

    mock.clock.advance(DAY_MS);
    expect(await meStatus(mock, before.accessToken)).toBe(401);
    expect(await whoAmI(mock, auth)).toBe(ALICE);
    expect(await whoAmI(mock, auth)).toBe(ALICE);
    expect(mock.state.tokenRequests.refresh_token).toBe(1);
    const after = await tokensOf(auth);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.expiresAt).toBe(mock.clock.now() + DAY_MS);
  });

  test('refreshes inside the refresh margin, before the token expires', async () => {
    const mock = startMock();
    const auth = webAppAuth(mock, { refreshMarginMs: 10 * 60_000 });
    await signIn(auth, auth, ALICE);
    mock.clock.advance(DAY_MS - 11 * 60_000);
    await whoAmI(mock, auth);
    expect(mock.state.tokenRequests.refresh_token).toBe(0);
    mock.clock.advance(2 * 60_000);
    await whoAmI(mock, auth);
    expect(mock.state.tokenRequests.refresh_token).toBe(1);
  });

  test('keeps the rotated refresh token: the second refresh uses it, the old one is rejected by IMS', async () => {
    const mock = startMock();
    const recorder = recordingFetch();
    const auth = webAppAuth(mock, { fetch: recorder.fetch });
    await signIn(auth, auth, ALICE);
    const first = (await tokensOf(auth)).refreshToken;

    mock.clock.advance(DAY_MS);
    await whoAmI(mock, auth);
    const second = (await tokensOf(auth)).refreshToken;
    expect(second).toBeDefined();
    expect(second).not.toBe(first);

    mock.clock.advance(DAY_MS);
    expect(await whoAmI(mock, auth)).toBe(ALICE);
    const refreshes = recorder.forms.filter((form) => form.get('grant_type') === 'refresh_token');
    expect(refreshes.map((form) => form.get('refresh_token'))).toEqual([first, second]);
    expect((await tokensOf(auth)).refreshToken).not.toBe(second);

    const reuse = await caught(() => refreshWith(mock, first ?? ''));
    expect(reuse).toBeInstanceOf(ReauthenticationRequiredError);
  });

  test('100 concurrent requests on an expired token make one token request', async () => {
    const mock = startMock();
    const auth = webAppAuth(mock);
    const user = auth.forUser('busy-user');
    await signIn(auth, user, BOB);
    mock.clock.advance(DAY_MS + 1);

    const client = frameio(mock, user);
    const results = await Promise.all(Array.from({ length: 100 }, () => client.GET('/v4/me')));
    expect(results.every((result) => result.data?.data.email === BOB)).toBe(true);
    expect(mock.state.tokenRequests.refresh_token).toBe(1);
  });

  test('a transient IMS failure on refresh is retried; a persistent one keeps the user signed in', async () => {
    const mock = startMock();
    const auth = webAppAuth(mock, { retries: 1 });
    await signIn(auth, auth, ALICE);
    mock.clock.advance(DAY_MS);

    mock.faults.add({
      match: { grantType: 'refresh_token' },
      fault: { kind: 'status', status: 503 },
    });
    expect(await whoAmI(mock, auth)).toBe(ALICE);
    expect(mock.state.tokenRequests.refresh_token).toBe(2);

    mock.clock.advance(DAY_MS);
    const outage = mock.faults.add({
      match: { grantType: 'refresh_token' },
      fault: { kind: 'status', status: 503 },
      times: Number.POSITIVE_INFINITY,
    });
    const error = await caught(() => whoAmI(mock, auth));
    expect(error).toBeInstanceOf(ImsError);
    expect(error).not.toBeInstanceOf(ReauthenticationRequiredError);
    expect(error).toMatchObject({ status: 503, retryable: true, attempts: 2 });
    expect((error as Error).message).toMatch(/Try again later/);
    expect(await auth.isSignedIn()).toBe(true);

    outage.remove();
    expect(await whoAmI(mock, auth)).toBe(ALICE);
  });
});

describe('when a refresh is impossible', () => {
  test('without offline_access there is no refresh token; after expiry: SignInRequiredError, no request', async () => {
    const mock = startMock();
    const auth = webAppAuth(mock, { scopes: 'openid profile email additional_info.roles' });
    const result = await signIn(auth, auth, ALICE);
    expect(result.hasRefreshToken).toBe(false);
    expect((await tokensOf(auth)).refreshToken).toBeUndefined();
    expect(await whoAmI(mock, auth)).toBe(ALICE);

    mock.clock.advance(DAY_MS);
    const error = await caught(() => whoAmI(mock, auth));
    expect(error).toBeInstanceOf(SignInRequiredError);
    expect(error).toBeInstanceOf(ReauthenticationRequiredError);
    expect(error).toMatchObject({ code: 'no_refresh_token', retryable: false });
    expect((error as Error).message).toMatch(/offline_access.*Sign the user in again/s);
    expect(mock.state.tokenRequests.refresh_token).toBe(0);
    expect(await auth.isSignedIn()).toBe(false);
  });

  test('a refresh token IMS rejects (revoked elsewhere): the record is deleted and sign-in is required', async () => {
    const mock = startMock();
    const auth = webAppAuth(mock, { rotationGraceMs: 50 });
    await signIn(auth, auth, ALICE);
    const { refreshToken } = await tokensOf(auth);
    // As if the user removed the app under account.adobe.com → Connected Applications.
    const { clientId, clientSecret } = mock.credentials.webApp;
    await revokeImsToken({
      imsBaseUrl: mock.imsBaseUrl,
      token: refreshToken ?? '',
      client: { clientId, clientSecret, authMethod: 'client_secret_basic' },
    });
    mock.clock.advance(DAY_MS);

    const error = await caught(() => whoAmI(mock, auth));
    expect(error).toBeInstanceOf(ReauthenticationRequiredError);
    expect(error).toMatchObject({ error: 'invalid_grant', status: 400 });
    expect((error as Error).message).toMatch(/sign in again/);
    expect(await auth.exportTokens()).toBeUndefined();
    expect(await auth.isSignedIn()).toBe(false);
    // Not retried: one refresh request.
    expect(mock.state.tokenRequests.refresh_token).toBe(1);

    const next = await caught(() => auth.getToken());
    expect(next).toMatchObject({ name: 'SignInRequiredError', code: 'not_signed_in' });
    expect(mock.state.tokenRequests.refresh_token).toBe(1);
  });
});

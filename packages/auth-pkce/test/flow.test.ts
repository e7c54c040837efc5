import { createFrameioClient } from '@frameio-v4/api';
import { describe, expect, it } from 'vitest';
import {
  ImsError,
  MemoryTokenStore,
  NativeAppAuth,
  PkceAuth,
  type PkceTokens,
  ReauthenticationRequiredError,
  SPAAuth,
  StateMismatchError,
  type TokenStore,
} from '../src/index.js';
import { authorizeRedirect, rejection, SPA_REDIRECT_URI, signIn, useMockIms } from './support.js';

const { start } = useMockIms();
const DAY_MS = 24 * 60 * 60 * 1000;

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

async function me(auth: PkceAuth | string) {
  return createFrameioClient({ auth }).GET('/v4/me');
}

describe('sign-in end to end (SPA credential)', () => {
  it('signs in with PKCE and calls GET /v4/me as the signed-in user', async () => {
    const mock = start();
    const auth = spaAuth(mock);
    expect(await auth.isSignedIn()).toBe(false);

    const { session, request } = await signIn(auth, { loginHint: 'bob@example.com' });

    const authorizeUrl = new URL(request.url);
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(session).toEqual({
      scopes: ['openid', 'profile', 'email', 'offline_access', 'additional_info.roles'],
      expiresAt: mock.clock.now() + DAY_MS,
      refreshable: true,
    });
    expect(await auth.isSignedIn()).toBe(true);
    const { data, error } = await me(auth);
    expect(error).toBeUndefined();
    expect(data?.data.email).toBe('bob@example.com');
    expect(mock.state.tokenRequests.authorization_code).toBe(1);
  });

  it('SPAAuth and NativeAppAuth are PkceAuth under the official SDK names', () => {
    expect(SPAAuth).toBe(PkceAuth);
    expect(NativeAppAuth).toBe(PkceAuth);
  });

  it('a code exchanged with another verifier is refused with invalid_grant (ReauthenticationRequiredError)', async () => {
    const mock = start();
    const auth = spaAuth(mock);
    const first = await auth.getAuthorizationUrl();
    const other = await auth.getAuthorizationUrl();
    const callback = auth.parseCallback(await authorizeRedirect(first.url));

    const error = await rejection(
      auth.exchangeCode({
        code: callback.code,
        codeVerifier: other.codeVerifier,
        state: callback.state,
        expectedState: first.state,
      }),
    );

    expect(error).toBeInstanceOf(ReauthenticationRequiredError);
    expect(error).toMatchObject({ code: 'invalid_grant', status: 400, grantType: 'authorization_code' });
    expect((error as Error).message).toMatch(/sign in again/);
    expect(await auth.isSignedIn()).toBe(false);
  });

  it('a state mismatch is rejected before any request reaches IMS', async () => {
    const mock = start();
    const auth = spaAuth(mock);
    const request = await auth.getAuthorizationUrl();
    const callback = auth.parseCallback(await authorizeRedirect(request.url));
    const requestsBefore = mock.state.requests.length;

    for (const [state, code] of [
      ['forged-state', 'state_mismatch'],
      [undefined, 'state_missing'],
    ] as const) {
      const error = await rejection(
        auth.exchangeCode({
          code: callback.code,
          codeVerifier: request.codeVerifier,
          state,
          expectedState: request.state,
        }),
      );
      expect(error).toBeInstanceOf(StateMismatchError);
      expect(error).toMatchObject({ code });
    }
    expect(mock.state.requests.length).toBe(requestsBefore);
    expect(mock.state.tokenRequests.authorization_code).toBe(0);
  });

  it('an error on the redirect (the user denied access) becomes a typed ImsError', async () => {
    const mock = start();
    const auth = spaAuth(mock);
    const error = await rejection(
      (async () =>
        auth.parseCallback(
          `${SPA_REDIRECT_URI}?error=access_denied&error_description=The+user+denied+the+request.&state=s`,
        ))(),
    );
    expect(error).toBeInstanceOf(ImsError);
    expect(error).toMatchObject({ code: 'access_denied', errorDescription: 'The user denied the request.' });
    expect((error as Error).message).toMatch(/sign in again and approve/);
  });
});

describe('IMS failures are typed errors that say what to do', () => {
  async function exchangeWithFault(
    fault: Parameters<ReturnType<typeof start>['faults']['add']>[0]['fault'],
    extra: Partial<ConstructorParameters<typeof PkceAuth>[0]> = {},
  ) {
    const mock = start();
    mock.faults.add({ match: { path: '/ims/token/v3' }, fault, times: Number.POSITIVE_INFINITY });
    const auth = spaAuth(mock, { retries: 1, ...extra });
    const request = await auth.getAuthorizationUrl();
    const callback = auth.parseCallback(await authorizeRedirect(request.url));
    const error = await rejection(
      auth.exchangeCode({
        code: callback.code,
        codeVerifier: request.codeVerifier,
        state: callback.state,
        expectedState: request.state,
      }),
    );
    return { error: error as ImsError, mock };
  }

  it('invalid_client: check the credential, not retried', async () => {
    const { error, mock } = await exchangeWithFault({ kind: 'ims-error', error: 'invalid_client' });
    expect(error).toBeInstanceOf(ImsError);
    expect(error).toMatchObject({ code: 'invalid_client', status: 401, retryable: false, attempts: 1 });
    expect(error.message).toMatch(/Adobe Developer Console/);
    expect(mock.state.tokenRequests.authorization_code).toBe(1);
  });

  it('invalid_scope lists the scopes that were sent', async () => {
    const { error } = await exchangeWithFault({ kind: 'ims-error', error: 'invalid_scope' });
    expect(error).toMatchObject({ code: 'invalid_scope' });
  });

  it('a 5xx with an HTML body is not retried (the code works once): retryable, start the sign-in again', async () => {
    const { error, mock } = await exchangeWithFault({ kind: 'non-json', status: 502 });
    expect(error).toBeInstanceOf(ImsError);
    expect(error).not.toBeInstanceOf(ReauthenticationRequiredError);
    expect(error).toMatchObject({ code: 'invalid_response', status: 502, retryable: true, attempts: 1 });
    expect(error.message).toMatch(/start the sign-in again/);
    expect(error.message).toMatch(/status\.adobe\.com/);
    expect(mock.state.tokenRequests.authorization_code).toBe(1);
  });

  it('a request that hangs times out, and is not retried either', async () => {
    const { error, mock } = await exchangeWithFault({ kind: 'delay', ms: 1_000 }, { timeoutMs: 100 });
    expect(error).toMatchObject({ code: 'timeout', status: 0, retryable: true, attempts: 1 });
    expect(error.message).toMatch(/timed out after 100 ms.*start the sign-in again/);
    expect(mock.state.tokenRequests.authorization_code).toBe(1);
  });
});

describe('native app credential (adobe+<hash>://callback)', () => {
  it('parses the OS-level redirect and exchanges the code', async () => {
    const mock = start({ credentials: { native: { redirectUri: 'adobe+abc123://callback' } } });
    const auth = new NativeAppAuth({
      clientId: mock.credentials.native.clientId,
      redirectUri: 'adobe+abc123://callback',
      now: () => mock.clock.now(),
    });
    const { location } = await signIn(auth);
    expect(location.startsWith('adobe+abc123://callback?')).toBe(true);

    const { data } = await me(auth);
    expect(data?.data.email).toBe('alice@example.com');
  });
});

describe('renewal', () => {
  it('renews an expired access token with the refresh token, once', async () => {
    const mock = start();
    const auth = spaAuth(mock);
    await signIn(auth);
    const first = await auth.getToken();

    mock.clock.advance(DAY_MS);
    const { data } = await me(auth);

    expect(data?.data.email).toBe('alice@example.com');
    expect(mock.state.tokenRequests.refresh_token).toBe(1);
    expect((await auth.getToken()).token).not.toBe(first.token);
    expect(mock.state.tokenRequests.refresh_token).toBe(1);
  });

  it('keeps the rotated refresh token: the next renewal uses it, and the old one is rejected', async () => {
    const mock = start();
    const auth = spaAuth(mock);
    await signIn(auth);
    const beforeRotation = (await auth.exportTokens()) as PkceTokens;

    mock.clock.advance(DAY_MS);
    await auth.getToken();
    const afterRotation = (await auth.exportTokens()) as PkceTokens;
    expect(afterRotation.refreshToken).toBeDefined();
    expect(afterRotation.refreshToken).not.toBe(beforeRotation.refreshToken);

    mock.clock.advance(DAY_MS);
    const { data } = await me(auth);
    expect(data?.data.email).toBe('alice@example.com');
    expect(mock.state.tokenRequests.refresh_token).toBe(2);

    // Someone still holding the first refresh token (e.g. an old export) must sign in again.
    const stale = spaAuth(mock);
    await stale.importTokens(beforeRotation);
    const error = await rejection(stale.getToken());
    expect(error).toBeInstanceOf(ReauthenticationRequiredError);
    expect(error).toMatchObject({ code: 'invalid_grant' });
    expect(await stale.isSignedIn()).toBe(false);
  });

  it('100 concurrent requests on an expired token make one refresh request', async () => {
    const mock = start();
    const auth = spaAuth(mock);
    await signIn(auth);
    mock.clock.advance(DAY_MS + 1);

    const client = createFrameioClient({ auth });
    const results = await Promise.all(Array.from({ length: 100 }, () => client.GET('/v4/me')));

    expect(results.every((result) => result.data?.data.email === 'alice@example.com')).toBe(true);
    expect(mock.state.tokenRequests.refresh_token).toBe(1);
  });

  it('without refresh tokens for public clients, an expired token requires a new sign-in', async () => {
    const mock = start({ publicClientRefreshTokens: false });
    const auth = spaAuth(mock);
    const { session } = await signIn(auth);
    expect(session.refreshable).toBe(false);

    mock.clock.advance(DAY_MS - 60_000);
    expect((await me(auth)).data?.data.email).toBe('alice@example.com');

    mock.clock.advance(60_000);
    const error = await rejection(me(auth));
    expect(error).toBeInstanceOf(ReauthenticationRequiredError);
    expect(error).toMatchObject({ code: 'no_refresh_token' });
    expect((error as Error).message).toMatch(/no refresh token.*sign in again/s);
    expect(mock.state.tokenRequests.refresh_token).toBe(0);
    expect(await auth.isSignedIn()).toBe(false);
  });

  it('when IMS refuses the refresh grant for the credential, the token is used until it expires', async () => {
    const mock = start();
    mock.faults.add({
      match: { grantType: 'refresh_token' },
      fault: { kind: 'ims-error', error: 'unauthorized_client' },
    });
    const auth = spaAuth(mock);
    await signIn(auth);
    const signedInToken = (await auth.getToken()).token;

    // Inside the 5-minute refresh margin: a renewal is tried, refused, and the still-valid token is used.
    mock.clock.advance(DAY_MS - 60_000);
    expect((await auth.getToken()).token).toBe(signedInToken);
    expect(mock.state.tokenRequests.refresh_token).toBe(1);

    mock.clock.advance(60_000);
    const error = await rejection(auth.getToken());
    expect(error).toMatchObject({ code: 'no_refresh_token' });
    expect(mock.state.tokenRequests.refresh_token).toBe(1);
  });

  it('retries a transient IMS failure during renewal', async () => {
    const mock = start();
    mock.faults.add({ match: { grantType: 'refresh_token' }, fault: { kind: 'status', status: 503 } });
    const auth = spaAuth(mock, { retries: 1 });
    await signIn(auth);
    mock.clock.advance(DAY_MS);

    expect((await me(auth)).data?.data.email).toBe('alice@example.com');
    expect(mock.state.tokenRequests.refresh_token).toBe(2);
  });

  it('recovers when another process sharing the store rotated the refresh token first', async () => {
    const mock = start();
    const shared = new MemoryTokenStore();
    const first = spaAuth(mock, { store: shared });
    await signIn(first);
    mock.clock.advance(DAY_MS);
    const storeKey = `auth-pkce:${mock.credentials.spa.clientId}`;
    const staleView = await shared.get(storeKey);
    // The second process read the store before the first one wrote its renewal.
    let reads = 0;
    const secondStore: TokenStore = {
      get: async (key) => (reads++ === 0 ? staleView : shared.get(key)),
      set: (key, value) => shared.set(key, value),
      delete: (key) => shared.delete(key),
    };
    const second = spaAuth(mock, { store: secondStore });

    const renewedByFirst = await first.getToken();
    const seenBySecond = await second.getToken();

    expect(seenBySecond.token).toBe(renewedByFirst.token);
    expect(mock.state.tokenRequests.refresh_token).toBe(2);
    expect((await me(second)).data?.data.email).toBe('alice@example.com');
  });
});

describe('revoke, export and import', () => {
  it('revoke signs out at IMS: the old access token gets 401 and getToken asks for a new sign-in', async () => {
    const mock = start();
    const auth = spaAuth(mock);
    await signIn(auth);
    const { accessToken, refreshToken } = (await auth.exportTokens()) as PkceTokens;

    await auth.revoke();

    expect(await auth.isSignedIn()).toBe(false);
    expect(mock.state.findToken(refreshToken as string)?.revokedAt).toBeDefined();
    const { response } = await me(accessToken);
    expect(response.status).toBe(401);
    const error = await rejection(me(auth));
    expect(error).toBeInstanceOf(ReauthenticationRequiredError);
    expect(error).toMatchObject({ code: 'not_signed_in' });
  });

  it('exported tokens work in another instance (another process) and keep renewing there', async () => {
    const mock = start();
    const auth = spaAuth(mock);
    await signIn(auth);
    const exported = JSON.parse(JSON.stringify(await auth.exportTokens())) as PkceTokens;

    const elsewhere = spaAuth(mock);
    await elsewhere.importTokens(exported);
    expect((await me(elsewhere)).data?.data.email).toBe('alice@example.com');
    mock.clock.advance(DAY_MS);
    expect((await me(elsewhere)).data?.data.email).toBe('alice@example.com');
    expect(mock.state.tokenRequests.refresh_token).toBe(1);
  });

  it('refuses tokens of another client or of the wrong shape, without quoting them', async () => {
    const mock = start();
    const auth = spaAuth(mock);
    const foreign = { clientId: 'other-client', accessToken: 'at-value', scopes: [], obtainedAt: 1 };
    await expect(auth.importTokens(foreign)).rejects.toMatchObject({ code: 'invalid_tokens' });
    const malformed = { accessToken: 'at-value' } as unknown as PkceTokens;
    const error = await rejection(auth.importTokens(malformed));
    expect(error).toMatchObject({ code: 'invalid_tokens' });
    expect((error as Error).message).not.toContain('at-value');
  });
});

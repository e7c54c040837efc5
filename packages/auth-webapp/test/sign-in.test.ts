import { ImsError, ReauthenticationRequiredError } from '@frameio-v4/auth-core';
import { describe, expect, test } from 'vitest';
import {
  AuthorizationCallbackError,
  DEFAULT_WEB_APP_SCOPES,
  parseCallback,
  SignInRequiredError,
  StateMismatchError,
} from '../src/index.js';
import {
  ALICE,
  BOB,
  caught,
  DAY_MS,
  followAuthorization,
  imsRequests,
  REDIRECT_URI,
  START_MS,
  signIn,
  useMockIms,
  webAppAuth,
  whoAmI,
} from './support.js';

const { startMock } = useMockIms();

describe('authorization URL', () => {
  test('carries client_id, redirect_uri, response_type=code, the default scopes and a random state', () => {
    const mock = startMock();
    const auth = webAppAuth(mock);
    const { url, state } = auth.getAuthorizationUrl();
    const parsed = new URL(url);
    expect(`${parsed.origin}${parsed.pathname}`).toBe(`${mock.imsBaseUrl}/ims/authorize/v2`);
    expect(parsed.searchParams.get('client_id')).toBe(mock.credentials.webApp.clientId);
    expect(parsed.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(parsed.searchParams.get('response_type')).toBe('code');
    expect(parsed.searchParams.get('scope')).toBe(
      'openid profile email offline_access additional_info.roles',
    );
    expect(parsed.searchParams.get('scope')?.split(' ')).toEqual([...DEFAULT_WEB_APP_SCOPES]);
    // Spaces as %20, not '+', so any server decodes them.
    expect(url).toContain('scope=openid%20profile');
    expect(parsed.searchParams.get('state')).toBe(state);
    // 32 random bytes, base64url: ≥ 128 bits and URL-safe.
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(auth.getAuthorizationUrl().state).not.toBe(state);
  });

  test('takes state, scopes, loginHint and prompt per call', () => {
    const mock = startMock();
    const { url, state } = webAppAuth(mock).getAuthorizationUrl({
      state: 'my-csrf-token',
      scopes: 'openid,AdobeID,offline_access',
      loginHint: BOB,
      prompt: 'login',
    });
    const params = new URL(url).searchParams;
    expect(state).toBe('my-csrf-token');
    expect(params.get('state')).toBe('my-csrf-token');
    expect(params.get('scope')).toBe('openid AdobeID offline_access');
    expect(params.get('login_hint')).toBe(BOB);
    expect(params.get('prompt')).toBe('login');
  });
});

describe('sign-in end to end', () => {
  test('sign-in, then GET /v4/me through createFrameioClient returns the signed-in user', async () => {
    const mock = startMock();
    const auth = webAppAuth(mock);
    const result = await signIn(auth, auth, BOB);
    expect(result).toMatchObject({ hasRefreshToken: true, scopes: [...DEFAULT_WEB_APP_SCOPES] });
    expect(result.expiresAt).toBe(START_MS + DAY_MS);
    expect(await auth.isSignedIn()).toBe(true);
    expect(await whoAmI(mock, auth)).toBe(BOB);
    expect(mock.state.tokenRequests.authorization_code).toBe(1);
  });

  test('two users on one instance each see their own /v4/me', async () => {
    const mock = startMock();
    const auth = webAppAuth(mock);
    await signIn(auth, auth.forUser('user-1'), ALICE);
    await signIn(auth, auth.forUser('user-2'), BOB);
    const [first, second] = await Promise.all([
      whoAmI(mock, auth.forUser('user-1')),
      whoAmI(mock, auth.forUser('user-2')),
    ]);
    expect(first).toBe(ALICE);
    expect(second).toBe(BOB);
    // The default user is a separate key: nobody signed it in.
    expect(await auth.isSignedIn()).toBe(false);
  });

  test('client_secret_basic is the default; client_secret_post sends the secret in the body', async () => {
    const mock = startMock();
    const seen: { authorization: string | null; body: URLSearchParams }[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      seen.push({
        authorization: new Headers(init?.headers).get('authorization'),
        body: new URLSearchParams(String(init?.body)),
      });
      return fetch(input, init);
    };
    const basic = webAppAuth(mock, { fetch: recordingFetch });
    await signIn(basic, basic, ALICE);
    const post = webAppAuth(mock, { fetch: recordingFetch, clientAuthMethod: 'client_secret_post' });
    await signIn(post, post, ALICE);

    expect(seen[0]?.authorization).toMatch(/^Basic /);
    expect(seen[0]?.body.has('client_secret')).toBe(false);
    expect(seen[0]?.body.get('grant_type')).toBe('authorization_code');
    expect(seen[0]?.body.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(seen[1]?.authorization).toBeNull();
    expect(seen[1]?.body.get('client_id')).toBe(mock.credentials.webApp.clientId);
    expect(seen[1]?.body.get('client_secret')).toBe(mock.credentials.webApp.clientSecret);
    expect(await whoAmI(mock, post)).toBe(ALICE);
  });
});

describe('CSRF: state is checked before any request', () => {
  test('a state mismatch is refused and no request reaches IMS', async () => {
    const mock = startMock();
    const auth = webAppAuth(mock);
    const { url } = auth.getAuthorizationUrl({ loginHint: ALICE });
    const { code, state } = auth.parseCallback(await followAuthorization(url));
    const before = imsRequests(mock).length;

    const error = await caught(() => auth.exchangeCode({ code, state, expectedState: 'another-sign-in' }));
    expect(error).toBeInstanceOf(StateMismatchError);
    expect(error).toMatchObject({ code: 'state_mismatch' });
    expect((error as Error).message).toMatch(/CSRF.*start a new sign-in/s);
    expect(imsRequests(mock).length).toBe(before);
    expect(mock.state.tokenRequests.authorization_code).toBe(0);
    expect(await auth.isSignedIn()).toBe(false);
  });

  test('a callback without state, or a missing expectedState, is refused before any request', async () => {
    const mock = startMock();
    const auth = webAppAuth(mock);
    const { url, state } = auth.getAuthorizationUrl({ loginHint: ALICE });
    const { code } = auth.parseCallback(await followAuthorization(url));

    const noState = await caught(() => auth.exchangeCode({ code, state: undefined, expectedState: state }));
    expect(noState).toMatchObject({ name: 'StateMismatchError', code: 'state_missing' });
    const noExpected = await caught(() =>
      auth.exchangeCode({ code, state, expectedState: undefined as unknown as string }),
    );
    expect(noExpected).toMatchObject({ name: 'StateMismatchError', code: 'state_missing' });
    expect((noExpected as Error).message).toContain('getAuthorizationUrl()');
    expect(mock.state.tokenRequests.authorization_code).toBe(0);
  });
});

describe('IMS refusals become typed errors', () => {
  test('reusing a code is invalid_grant: ReauthenticationRequiredError', async () => {
    const mock = startMock();
    const auth = webAppAuth(mock);
    const { url, state } = auth.getAuthorizationUrl({ loginHint: ALICE });
    const { code, state: returned } = auth.parseCallback(await followAuthorization(url));
    await auth.forUser('first').exchangeCode({ code, state: returned, expectedState: state });

    const error = await caught(() =>
      auth.forUser('second').exchangeCode({ code, state: returned, expectedState: state }),
    );
    expect(error).toBeInstanceOf(ReauthenticationRequiredError);
    expect(error).toMatchObject({ error: 'invalid_grant', status: 400 });
    expect((error as Error).message).toMatch(/sign in again/);
    expect(await auth.forUser('second').isSignedIn()).toBe(false);
  });

  test('a wrong client secret is invalid_client with what to check', async () => {
    const mock = startMock();
    const auth = webAppAuth(mock, { clientSecret: 'not-the-secret-of-this-credential' });
    const error = await caught(() => signIn(auth, auth, ALICE));
    expect(error).toBeInstanceOf(ImsError);
    expect(error).not.toBeInstanceOf(ReauthenticationRequiredError);
    expect(error).toMatchObject({ error: 'invalid_client', status: 401, retryable: false });
    expect((error as Error).message).toMatch(/client ID and client secret.*Adobe Developer Console/s);
    expect((error as Error).message).not.toContain('not-the-secret-of-this-credential');
    // invalid_client is not transient: one attempt.
    expect(mock.state.tokenRequests.authorization_code).toBe(1);
  });

  test('a transient IMS failure during the exchange is not retried (a code works once): sign in again', async () => {
    const mock = startMock();
    mock.faults.add({ match: { path: '/ims/token/v3' }, fault: { kind: 'status', status: 503 } });
    const auth = webAppAuth(mock);
    const error = await caught(() => signIn(auth, auth, ALICE));
    expect(error).toBeInstanceOf(ImsError);
    expect(error).toMatchObject({ status: 503, retryable: true, attempts: 1 });
    expect((error as Error).message).toMatch(/start the sign-in again/);
    expect(mock.state.tokenRequests.authorization_code).toBe(1);
    await signIn(auth, auth, ALICE);
    expect(await whoAmI(mock, auth)).toBe(ALICE);
  });
});

describe('parseCallback', () => {
  test('the user denies on the consent page: access_denied becomes a typed error saying what to do', async () => {
    const mock = startMock();
    const auth = webAppAuth(mock);
    const { url } = auth.getAuthorizationUrl();
    const page = await fetch(url, { headers: { accept: 'text/html' } });
    const html = await page.text();
    const requestId = /name="request_id" value="([^"]+)"/.exec(html)?.[1];
    expect(requestId).toBeDefined();
    const denied = await fetch(`${mock.imsBaseUrl}/ims/authorize/v2/consent`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request_id: requestId ?? '', decision: 'deny' }),
      redirect: 'manual',
    });
    const callback = denied.headers.get('location') ?? '';

    const error = await caught(() => auth.parseCallback(callback));
    expect(error).toBeInstanceOf(AuthorizationCallbackError);
    expect(error).toBeInstanceOf(ImsError);
    expect(error).toMatchObject({ code: 'access_denied', error: 'access_denied', retryable: false });
    expect((error as Error).message).toMatch(/declined.*offer to sign in again/s);
    expect((error as Error).message).toContain('The user denied the request.');
    expect(mock.state.tokenRequests.authorization_code).toBe(0);
  });

  test('reads code and state from a path with query (req.originalUrl) or a URL object', () => {
    expect(parseCallback('/auth/callback?code=abc&state=xyz')).toEqual({ code: 'abc', state: 'xyz' });
    expect(parseCallback(new URL('https://app.example.com/cb?code=abc'))).toEqual({
      code: 'abc',
      state: undefined,
    });
    expect(parseCallback('https://app.example.com/cb#code=frag&state=s')).toEqual({
      code: 'frag',
      state: 's',
    });
  });

  test('prompt=none errors and server errors say what to do; a URL without code is refused', () => {
    const login = (() => {
      try {
        parseCallback('/cb?error=login_required&state=s');
      } catch (error) {
        return error;
      }
    })();
    expect(login).toMatchObject({ code: 'login_required', retryable: false });
    expect((login as Error).message).toContain('without prompt "none"');

    const unavailable = (() => {
      try {
        parseCallback('/cb?error=temporarily_unavailable');
      } catch (error) {
        return error;
      }
    })();
    expect(unavailable).toMatchObject({ code: 'temporarily_unavailable', retryable: true });

    expect(() => parseCallback('/cb?state=only')).toThrow(/neither a code nor an error/);
  });
});

describe('not signed in', () => {
  test('getToken before sign-in throws SignInRequiredError (a ReauthenticationRequiredError) with no request', async () => {
    const mock = startMock();
    const auth = webAppAuth(mock);
    const error = await caught(() => whoAmI(mock, auth.forUser('nobody')));
    expect(error).toBeInstanceOf(SignInRequiredError);
    expect(error).toBeInstanceOf(ReauthenticationRequiredError);
    expect(error).toMatchObject({ code: 'not_signed_in' });
    expect((error as Error).message).toMatch(/not signed in.*getAuthorizationUrl\(\).*exchangeCode\(\)/s);
    expect(imsRequests(mock)).toEqual([]);
    expect(mock.state.requests.filter((entry) => entry.host === 'api')).toEqual([]);
  });
});

describe('options', () => {
  test('missing or invalid options are refused with the option named', () => {
    const mock = startMock();
    expect(() => webAppAuth(mock, { clientSecret: '' })).toThrow(/clientSecret is required/);
    expect(() => webAppAuth(mock, { clientId: '' })).toThrow(/clientId is required/);
    expect(() => webAppAuth(mock, { redirectUri: '/callback' })).toThrow(/redirectUri must be the absolute/);
    expect(() => webAppAuth(mock, { clientAuthMethod: 'none' as unknown as 'client_secret_post' })).toThrow(
      /clientAuthMethod/,
    );
    expect(() => webAppAuth(mock).forUser('')).toThrow(/userKey must be a non-empty string/);
    expect(() => webAppAuth(mock).getAuthorizationUrl({ state: 'x'.repeat(4097) })).toThrow(/4096/);
  });
});

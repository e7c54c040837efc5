import { ImsError, ReauthenticationRequiredError, requestImsToken } from '@frameio-v4/auth-core';
import { describe, expect, test } from 'vitest';
import { SignInRequiredError } from '../src/index.js';
import {
  ALICE,
  BOB,
  caught,
  imsRequests,
  meStatus,
  signIn,
  useMockIms,
  webAppAuth,
  whoAmI,
} from './support.js';

const { startMock } = useMockIms();

describe('revoke', () => {
  test('revokes both tokens at IMS, deletes the record; then a typed error, and the old token gets 401', async () => {
    const mock = startMock();
    const recorded: { authorization: string | null; form: URLSearchParams }[] = [];
    const auth = webAppAuth(mock, {
      fetch: (input, init) => {
        recorded.push({
          authorization: new Headers(init?.headers).get('authorization'),
          form: new URLSearchParams(String(init?.body ?? '')),
        });
        return fetch(input, init);
      },
    });
    const session = auth.forUser('u-1');
    await signIn(auth, session, ALICE);
    expect(await whoAmI(mock, session)).toBe(ALICE);
    const tokens = await session.exportTokens();
    recorded.length = 0;

    await session.revoke();
    expect(imsRequests(mock).filter((entry) => entry.path === '/ims/revoke')).toHaveLength(2);
    // RFC 7009 §2.1 with Basic client authentication, both tokens with their type hints.
    expect(recorded.map(({ form }) => [form.get('token_type_hint'), form.get('token')])).toEqual([
      ['refresh_token', tokens?.refreshToken],
      ['access_token', tokens?.accessToken],
    ]);
    expect(recorded.every(({ authorization }) => authorization?.startsWith('Basic '))).toBe(true);
    expect(await session.isSignedIn()).toBe(false);
    expect(await session.exportTokens()).toBeUndefined();

    const error = await caught(() => whoAmI(mock, session));
    expect(error).toBeInstanceOf(SignInRequiredError);
    expect(error).toBeInstanceOf(ReauthenticationRequiredError);
    expect(error).toMatchObject({ code: 'not_signed_in' });
    expect(await meStatus(mock, tokens?.accessToken ?? '')).toBe(401);
    const { clientId, clientSecret } = mock.credentials.webApp;
    const refresh = await caught(() =>
      requestImsToken({
        imsBaseUrl: mock.imsBaseUrl,
        grantType: 'refresh_token',
        params: { refresh_token: tokens?.refreshToken },
        client: { clientId, clientSecret, authMethod: 'client_secret_basic' },
      }),
    );
    expect(refresh).toBeInstanceOf(ReauthenticationRequiredError);
  });

  test("revoking one user leaves another user's session alone", async () => {
    const mock = startMock();
    const auth = webAppAuth(mock);
    await signIn(auth, auth.forUser('a'), ALICE);
    await signIn(auth, auth.forUser('b'), BOB);
    await auth.forUser('a').revoke();
    expect(await auth.forUser('a').isSignedIn()).toBe(false);
    expect(await whoAmI(mock, auth.forUser('b'))).toBe(BOB);
  });

  test('when IMS cannot be reached the record is still deleted and the error says so', async () => {
    const mock = startMock();
    const auth = webAppAuth(mock, { retries: 0 });
    await signIn(auth, auth, ALICE);
    mock.faults.add({
      match: { path: '/ims/revoke' },
      fault: { kind: 'status', status: 503 },
      times: Number.POSITIVE_INFINITY,
    });
    const error = await caught(() => auth.revoke());
    expect(error).toBeInstanceOf(ImsError);
    expect(error).toMatchObject({ status: 503, retryable: true });
    expect(await auth.isSignedIn()).toBe(false);
  });

  test('revoke when not signed in sends nothing', async () => {
    const mock = startMock();
    await webAppAuth(mock).forUser('nobody').revoke();
    expect(imsRequests(mock)).toEqual([]);
  });
});

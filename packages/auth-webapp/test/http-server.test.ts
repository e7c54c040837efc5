// Over a real HTTP hop (startMockServer): the API client's 401 handling cancels the rejected response's body,
// which never settles on an msw-mocked response (mswjs/interceptors#799), so this file uses no msw.
import { revokeImsToken } from '@frameio-v4/auth-core';
import { type MockServer, startMockServer } from '@frameio-v4/mock/node';
import { afterEach, describe, expect, test } from 'vitest';
import { ALICE, DAY_MS, meStatus, START_MS, signIn, webAppAuth, whoAmI } from './support.js';

let server: MockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(): Promise<MockServer> {
  server = await startMockServer({ now: () => START_MS });
  return server;
}

describe('over HTTP (startMockServer)', () => {
  test('sign-in and GET /v4/me, then a refresh after expiry', async () => {
    const { mock, url } = await start();
    expect(mock.imsBaseUrl).toBe(url);
    const auth = webAppAuth(mock);
    await signIn(auth, auth, ALICE);
    expect(await whoAmI(mock, auth)).toBe(ALICE);
    mock.clock.advance(DAY_MS);
    expect(await whoAmI(mock, auth)).toBe(ALICE);
    expect(mock.state.tokenRequests.refresh_token).toBe(1);
  });

  test('a 401 from the API (access token revoked at IMS) refreshes once and replays the request', async () => {
    const { mock } = await start();
    const auth = webAppAuth(mock);
    await signIn(auth, auth, ALICE);
    expect(await whoAmI(mock, auth)).toBe(ALICE);
    const before = await auth.exportTokens();
    const { clientId, clientSecret } = mock.credentials.webApp;
    await revokeImsToken({
      imsBaseUrl: mock.imsBaseUrl,
      token: before?.accessToken ?? '',
      tokenTypeHint: 'access_token',
      client: { clientId, clientSecret, authMethod: 'client_secret_basic' },
    });
    expect(await meStatus(mock, before?.accessToken ?? '')).toBe(401);

    expect(await whoAmI(mock, auth)).toBe(ALICE);
    expect(mock.state.tokenRequests.refresh_token).toBe(1);
    expect((await auth.exportTokens())?.accessToken).not.toBe(before?.accessToken);
  });
});

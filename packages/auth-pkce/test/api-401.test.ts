// A 401 from the API for a token that has not expired yet (revoked at IMS), over real HTTP: the emulator runs
// as a node:http server.
import { createFrameioClient } from '@frameio-v4/api';
import { type MockServer, startMockServer } from '@frameio-v4/mock/node';
import { afterEach, describe, expect, it } from 'vitest';
import { PkceAuth } from '../src/index.js';
import { authorizeRedirect, START_TIME } from './support.js';

let server: MockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function signedIn(options: { publicClientRefreshTokens: boolean }) {
  server = await startMockServer({ authorize: 'auto', now: () => START_TIME, ...options });
  const { mock, imsBaseUrl, apiBaseUrl } = server;
  const auth = new PkceAuth({
    clientId: mock.credentials.spa.clientId,
    redirectUri: 'http://127.0.0.1:9/callback',
    imsBaseUrl,
    now: () => mock.clock.now(),
  });
  const request = await auth.getAuthorizationUrl();
  const { code, state } = auth.parseCallback(await authorizeRedirect(request.url));
  await auth.exchangeCode({ code, state, codeVerifier: request.codeVerifier, expectedState: request.state });
  const token = (await auth.getToken()).token;
  // RFC 7009: revoke this access token only; the refresh token stays valid.
  const revoked = await fetch(`${imsBaseUrl}/ims/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      token,
      token_type_hint: 'access_token',
      client_id: mock.credentials.spa.clientId,
    }),
  });
  expect(revoked.status).toBe(200);
  return { auth, mock, token, client: createFrameioClient({ auth, baseUrl: apiBaseUrl }) };
}

describe('a token the API rejects before it expires', () => {
  it('is renewed with the refresh token and the request replayed', async () => {
    const { auth, mock, token, client } = await signedIn({ publicClientRefreshTokens: true });

    const { data } = await client.GET('/v4/me');

    expect(data?.data.email).toBe('alice@example.com');
    expect(mock.state.tokenRequests.refresh_token).toBe(1);
    expect((await auth.getToken()).token).not.toBe(token);
  });

  it('without a refresh token, the 401 is handed back as is (it may be a scope problem, not a sign-in one)', async () => {
    const { mock, client } = await signedIn({ publicClientRefreshTokens: false });

    const { response, error } = await client.GET('/v4/me');

    expect(response.status).toBe(401);
    expect(error).toBeDefined();
    expect(mock.state.tokenRequests.refresh_token).toBe(0);
  });
});

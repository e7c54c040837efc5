// End to end over a real HTTP hop (node:http emulator server, undici fetch); no msw in this file. The 401
// scenarios live here: under msw, @frameio-v4/api's transport awaits `response.body.cancel()` on the
// discarded 401, which never settles for an msw-mocked body without Content-Length (see the report to the
// lead); over real HTTP the same code path works.

import { createFrameioClient } from '@frameio-v4/api';
import { revokeImsToken } from '@frameio-v4/auth-core';
import { type MockServer, startMockServer } from '@frameio-v4/mock/node';
import { afterEach, describe, expect, it } from 'vitest';
import { type AccessToken, MemoryTokenStore, ServerToServerAuth, type TokenStore } from '../src/index.js';
import { START } from './support.js';

let server: MockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function startEmulator() {
  server = await startMockServer({ now: () => START });
  const running = server;
  const { mock } = running;
  const { clientId, clientSecret } = mock.credentials.serverToServer;
  const connect = (store?: TokenStore<AccessToken>) => {
    const auth = new ServerToServerAuth({
      clientId,
      clientSecret,
      imsBaseUrl: running.imsBaseUrl,
      now: mock.clock.now,
      ...(store ? { store } : {}),
    });
    return { auth, client: createFrameioClient({ auth, baseUrl: running.apiBaseUrl }) };
  };
  return {
    mock,
    connect,
    tokenRequests: () => mock.state.tokenRequests.client_credentials ?? 0,
    apiResponses: (status: number) =>
      mock.state.requests.filter((entry) => entry.host === 'api' && entry.status === status).length,
    /** Revokes an access token at the emulator's IMS, as an admin or a leaked-token response would. */
    revoke: (token: string) =>
      revokeImsToken({
        token,
        client: { clientId, clientSecret, authMethod: 'client_secret_post' },
        imsBaseUrl: running.imsBaseUrl,
      }),
  };
}

describe('ServerToServerAuth over real HTTP: createFrameioClient({ auth }).GET("/v4/me")', () => {
  it('mints and caches a token for the S2S technical account', async () => {
    const { connect, tokenRequests, mock } = await startEmulator();
    const { client } = connect();

    const first = await client.GET('/v4/me');
    const second = await client.GET('/v4/me');

    expect(first.response.status).toBe(200);
    expect(first.data?.data.email).toBe(`${mock.credentials.serverToServer.clientId}@techacct.adobe.com`);
    expect(second.response.status).toBe(200);
    expect(tokenRequests()).toBe(1);
  });

  it('after a 401 for a revoked token, the client invalidates it and re-mints once', async () => {
    const { connect, tokenRequests, apiResponses, revoke } = await startEmulator();
    const { auth, client } = connect();
    await client.GET('/v4/me');
    const revoked = await auth.getToken();
    await revoke(revoked.token);

    expect((await client.GET('/v4/me')).response.status).toBe(200);
    expect(apiResponses(401)).toBe(1);
    expect(tokenRequests()).toBe(2);
    expect((await auth.getToken()).token).not.toBe(revoked.token);

    expect((await client.GET('/v4/me')).response.status).toBe(200);
    expect(tokenRequests()).toBe(2);
  });

  it('a shared token another instance got rejected (401) is dropped from the store and replaced once', async () => {
    const { connect, tokenRequests, revoke } = await startEmulator();
    const store = new MemoryTokenStore<AccessToken>();
    const first = connect(store);
    const second = connect(store);
    await first.client.GET('/v4/me');
    await revoke((await first.auth.getToken()).token);

    expect((await second.client.GET('/v4/me')).response.status).toBe(200);

    expect(tokenRequests()).toBe(2);
    const replacement = await second.auth.getToken();
    expect((await store.get(second.auth.storeKey))?.token).toBe(replacement.token);
  });
});

import { describe, expect, test } from 'vitest';
import { loadSpec, schemaProblems } from './spec.js';
import { getMe, useMsw, webAppTokens } from './support.js';

const { startMock } = useMsw();
const UNAUTHORIZED = {
  errors: [{ title: 'Unauthorized', detail: 'Invalid or missing authorization token' }],
};

function expectRateLimitHeaders(response: Response) {
  expect({
    limit: response.headers.get('x-ratelimit-limit'),
    remaining: response.headers.get('x-ratelimit-remaining'),
    window: response.headers.get('x-ratelimit-window'),
  }).toEqual({
    limit: expect.stringMatching(/^\d+$/),
    remaining: expect.stringMatching(/^\d+$/),
    window: '60000',
  });
}

describe('API authentication', () => {
  test('no, malformed or unknown credentials get the V4 401 body with rate-limit headers', async () => {
    const mock = startMock();
    const otherMock = startMock({ apiBaseUrl: 'https://other-api.example' });
    const foreign = await otherMock.issueAccessToken({
      clientId: mock.credentials.webApp.clientId,
      scopes: 'openid',
    });
    const responses = [
      await getMe(mock),
      await fetch(`${mock.apiBaseUrl}/v4/me`, { headers: { authorization: 'Basic abc' } }),
      await getMe(mock, 'eyJhbGciOiJub25lIn0.e30.'),
      // A token from another emulator instance looks right but was not issued here.
      await getMe(mock, foreign),
    ];
    for (const response of responses) {
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual(UNAUTHORIZED);
      expectRateLimitHeaders(response);
    }
  });

  test('an access token works until it expires on the emulator clock', async () => {
    const mock = startMock({ accessTokenTtlMs: 60_000, now: () => 1_700_000_000_000 });
    const tokens = await webAppTokens(mock);
    expect(tokens.body.expires_in).toBe(60);
    mock.clock.advance(59_999);
    expect((await getMe(mock, tokens.body.access_token)).status).toBe(200);
    mock.clock.advance(1);
    expect((await getMe(mock, tokens.body.access_token)).status).toBe(401);
  });

  test('the legacy developer token works only with x-frameio-legacy-token-auth: true', async () => {
    const mock = startMock();
    const token = mock.credentials.legacyToken;
    const withHeader = await getMe(mock, token, { 'x-frameio-legacy-token-auth': 'true' });
    expect(withHeader.status).toBe(200);
    expect((await withHeader.json()).data.email).toBe(mock.state.legacyUser.email);
    expect((await getMe(mock, token)).status).toBe(401);
  });

  test('issueAccessToken mints tokens for a chosen user, the S2S account by default for the S2S client', async () => {
    const mock = startMock();
    const s2s = await mock.issueAccessToken({
      clientId: mock.credentials.serverToServer.clientId,
      scopes: ['openid'],
    });
    const me = await (await getMe(mock, s2s)).json();
    expect(me.data.email).toBe(`${mock.credentials.serverToServer.clientId}@techacct.adobe.com`);

    const bob = await mock.issueAccessToken({
      clientId: mock.credentials.spa.clientId,
      userId: 'bob@example.com',
      scopes: 'openid,AdobeID',
      expiresInMs: 1_000,
    });
    expect((await (await getMe(mock, bob)).json()).data.email).toBe('bob@example.com');
    mock.clock.advance(1_000);
    expect((await getMe(mock, bob)).status).toBe(401);

    await expect(mock.issueAccessToken({ clientId: 'nobody', scopes: [] })).rejects.toThrow(
      /unknown clientId 'nobody'/,
    );
    await expect(
      mock.issueAccessToken({ clientId: mock.credentials.spa.clientId, userId: 'carol', scopes: [] }),
    ).rejects.toThrow(/no user 'carol'/);
  });
});

describe('GET /v4/me', () => {
  test("matches the spec's ProfileResponse schema for every kind of principal", async () => {
    const spec = loadSpec();
    const schema = spec.paths['/v4/me'].get.responses['200'].content['application/json'].schema;
    const mock = startMock();
    const tokens = [
      (await webAppTokens(mock)).body.access_token,
      await mock.issueAccessToken({ clientId: mock.credentials.serverToServer.clientId, scopes: 'openid' }),
    ];
    const bodies = [
      ...(await Promise.all(tokens.map(async (token) => (await getMe(mock, token)).json()))),
      await (
        await getMe(mock, mock.credentials.legacyToken, { 'x-frameio-legacy-token-auth': 'true' })
      ).json(),
    ];
    for (const body of bodies) expect(schemaProblems(spec, schema, body)).toEqual([]);
  });

  test('seeded users are configurable', async () => {
    const mock = startMock({ users: [{ email: 'carol@example.com', name: 'Carol' }] });
    const body = await (await getMe(mock, (await webAppTokens(mock)).body.access_token)).json();
    expect(body.data).toMatchObject({ email: 'carol@example.com', name: 'Carol', avatar_url: null });
  });
});

test('an unknown /v4 route is a V4 404 with rate-limit headers', async () => {
  const mock = startMock();
  const response = await fetch(`${mock.apiBaseUrl}/v4/not-a-route`, { method: 'POST' });
  expect(response.status).toBe(404);
  const body = await response.json();
  expect(body.errors[0]).toMatchObject({ title: 'Not Found' });
  expect(body.errors[0].detail).toContain('POST /v4/not-a-route');
  expectRateLimitHeaders(response);
});

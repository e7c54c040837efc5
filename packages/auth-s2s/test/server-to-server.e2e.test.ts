import { describe, expect, it } from 'vitest';
import { type AccessToken, ImsError, MemoryTokenStore, type TokenStore } from '../src/index.js';
import { rejectionOf, START, useEmulator } from './support.js';

const emulator = useEmulator();

const HOUR_MS = 60 * 60 * 1000;
const TOKEN_TTL_MS = 24 * HOUR_MS; // the emulator's default, as IMS
const MARGIN_MS = 5 * 60 * 1000; // ServerToServerAuth's default refreshMarginMs

describe('ServerToServerAuth end to end: createFrameioClient({ auth }).GET("/v4/me")', () => {
  it('mints a token with client_secret_post and the default scopes on the first call, as the S2S account', async () => {
    const { client, clientId, clientSecret, imsRequests, tokenRequests } = emulator();

    const { data, response } = await client.GET('/v4/me');

    expect(response.status).toBe(200);
    expect(data?.data.email).toBe(`${clientId}@techacct.adobe.com`);
    expect(tokenRequests()).toBe(1);
    const [sent] = imsRequests;
    expect(sent?.url).toBe('https://ims-na1.adobelogin.com/ims/token/v3');
    expect(Object.fromEntries(sent?.form ?? [])).toEqual({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: 'openid AdobeID frame.s2s.all',
    });
    expect(sent?.headers.get('authorization')).toBeNull();
  });

  it('reuses the cached token on the next calls', async () => {
    const { client, tokenRequests } = emulator();

    for (let call = 0; call < 3; call += 1) {
      expect((await client.GET('/v4/me')).response.status).toBe(200);
    }
    expect(tokenRequests()).toBe(1);
  });

  it('sends comma-separated custom scopes normalised and space-separated', async () => {
    const { client, imsRequests, mock } = emulator({ scopes: 'openid, AdobeID,frame.s2s.all,openid' });

    expect((await client.GET('/v4/me')).response.status).toBe(200);
    expect(imsRequests[0]?.form.get('scope')).toBe('openid AdobeID frame.s2s.all');
    expect(mock.state.accessTokens()[0]?.scopes).toEqual(['openid', 'AdobeID', 'frame.s2s.all']);
  });

  it('keeps the token until expiry minus the margin, then re-mints it transparently', async () => {
    const { client, mock, tokenRequests, apiResponses } = emulator();
    await client.GET('/v4/me');

    mock.clock.advance(TOKEN_TTL_MS - MARGIN_MS - 1000);
    expect((await client.GET('/v4/me')).response.status).toBe(200);
    expect(tokenRequests()).toBe(1);

    mock.clock.advance(2000);
    expect((await client.GET('/v4/me')).response.status).toBe(200);
    expect(tokenRequests()).toBe(2);
    expect(apiResponses(401)).toBe(0);
  });

  it('re-mints a token that has expired (S2S has no refresh token) without sending the expired one', async () => {
    const { client, mock, tokenRequests, apiResponses, imsRequests } = emulator({ refreshMarginMs: 0 });
    await client.GET('/v4/me');

    mock.clock.advance(TOKEN_TTL_MS);
    expect((await client.GET('/v4/me')).response.status).toBe(200);

    expect(tokenRequests()).toBe(2);
    expect(imsRequests.map((request) => request.form.get('grant_type'))).toEqual([
      'client_credentials',
      'client_credentials',
    ]);
    expect(apiResponses(401)).toBe(0);
  });

  it('100 concurrent calls on a cold token, then on an expired one, each cause exactly one token request', async () => {
    const { client, mock, tokenRequests } = emulator();
    const hundredCalls = () => Promise.all(Array.from({ length: 100 }, () => client.GET('/v4/me')));

    const cold = await hundredCalls();
    expect(cold.every(({ response }) => response.status === 200)).toBe(true);
    expect(tokenRequests()).toBe(1);

    mock.clock.advance(TOKEN_TTL_MS + 1);
    const expired = await hundredCalls();
    expect(expired.every(({ response }) => response.status === 200)).toBe(true);
    expect(tokenRequests()).toBe(2);
  });
});

describe('ServerToServerAuth with a shared token store', () => {
  /** A MemoryTokenStore that records the keys it is asked for. */
  function recordingStore(): { store: TokenStore<AccessToken>; keys: Set<string> } {
    const inner = new MemoryTokenStore<AccessToken>();
    const keys = new Set<string>();
    return {
      keys,
      store: {
        get(key) {
          keys.add(key);
          return inner.get(key);
        },
        set(key, value) {
          keys.add(key);
          return inner.set(key, value);
        },
        delete(key) {
          keys.add(key);
          return inner.delete(key);
        },
      },
    };
  }

  it('two instances on the same store use one token request', async () => {
    const store = new MemoryTokenStore<AccessToken>();
    const first = emulator({ store });
    const second = first.connect({ store });

    expect((await first.client.GET('/v4/me')).response.status).toBe(200);
    expect((await second.client.GET('/v4/me')).response.status).toBe(200);

    expect(first.tokenRequests()).toBe(1);
    expect((await second.auth.getToken()).token).toBe((await first.auth.getToken()).token);
  });

  it('keys the entry by IMS URL, client ID and sorted scopes, never by the secret', async () => {
    const { store, keys } = recordingStore();
    const scenario = emulator({ store, scopes: 'frame.s2s.all,openid,AdobeID' });
    const reordered = scenario.connect({ store, scopes: ['openid', 'AdobeID', 'frame.s2s.all'] });
    const narrower = scenario.connect({ store, scopes: 'openid frame.s2s.all' });

    await scenario.client.GET('/v4/me');
    await reordered.client.GET('/v4/me');
    await narrower.client.GET('/v4/me');

    expect([...keys]).toEqual([
      `frameio-v4:s2s:https://ims-na1.adobelogin.com:${scenario.clientId}:AdobeID frame.s2s.all openid`,
      `frameio-v4:s2s:https://ims-na1.adobelogin.com:${scenario.clientId}:frame.s2s.all openid`,
    ]);
    expect(scenario.auth.storeKey).toBe([...keys][0]);
    expect(scenario.tokenRequests()).toBe(2);
    for (const key of keys) expect(key).not.toContain(scenario.clientSecret);
  });
});

describe('ServerToServerAuth IMS failures', () => {
  it('a wrong client secret is an ImsError invalid_client pointing to the Developer Console, not retried', async () => {
    const wrongSecret = 'p8e-WRONG-secret-0123456789abcdef';
    const { client, tokenRequests, apiResponses, mock } = emulator({ clientSecret: wrongSecret });

    const error = await rejectionOf(client.GET('/v4/me'));

    expect(error).toBeInstanceOf(ImsError);
    expect(error).toMatchObject({ code: 'invalid_client', status: 401, retryable: false, attempts: 1 });
    expect((error as ImsError).message).toContain('Adobe Developer Console');
    expect((error as ImsError).message).toContain('client secret');
    expect((error as ImsError).message).not.toContain(wrongSecret);
    expect((error as ImsError).message).not.toContain(mock.credentials.serverToServer.clientSecret);
    expect(tokenRequests()).toBe(1);
    expect(apiResponses(200) + apiResponses(401)).toBe(0);
  });

  it('custom scopes without frame.s2s.all are accepted, and IMS invalid_scope lists the scopes sent', async () => {
    const { client, tokenRequests } = emulator({ scopes: ['openid', 'AdobeID', 'offline_access'] });

    const error = await rejectionOf(client.GET('/v4/me'));

    expect(error).toBeInstanceOf(ImsError);
    expect(error).toMatchObject({
      code: 'invalid_scope',
      retryable: false,
      scopes: ['openid', 'AdobeID', 'offline_access'],
    });
    expect((error as ImsError).message).toContain('Scopes sent: "openid AdobeID offline_access"');
    expect((error as ImsError).message).toContain('openid AdobeID frame.s2s.all');
    expect(tokenRequests()).toBe(1);
  });

  it('succeeds after IMS answers 503 twice', async () => {
    const { client, mock, tokenRequests } = emulator();
    mock.faults.add({
      match: { host: 'ims', path: '/ims/token/v3' },
      fault: { kind: 'status', status: 503 },
      times: 2,
    });

    expect((await client.GET('/v4/me')).response.status).toBe(200);
    expect(tokenRequests()).toBe(3);
  });

  it('IMS down: a retryable ImsError after the bounded retries, and a later call succeeds once IMS is back', async () => {
    const { client, mock, tokenRequests } = emulator({ retries: 1 });
    mock.faults.add({
      match: { host: 'ims', path: '/ims/token/v3' },
      fault: { kind: 'status', status: 503 },
      times: Number.POSITIVE_INFINITY,
    });

    const error = await rejectionOf(client.GET('/v4/me'));

    expect(error).toBeInstanceOf(ImsError);
    expect(error).toMatchObject({ status: 503, retryable: true, attempts: 2 });
    expect((error as ImsError).message).toContain('Try again later');
    expect(tokenRequests()).toBe(2);

    mock.faults.clear();
    expect((await client.GET('/v4/me')).response.status).toBe(200);
    expect(tokenRequests()).toBe(3);
  });

  it.each([
    {
      name: 'a dropped connection',
      fault: { kind: 'reset' },
      expected: { code: 'network_error', status: 0, retryable: true },
      hint: 'check that this machine can reach https://ims-na1.adobelogin.com',
    },
    {
      name: 'an HTML error page',
      fault: { kind: 'non-json', status: 502 },
      expected: { code: 'invalid_response', status: 502, retryable: true },
      hint: 'Try again later',
    },
    {
      name: 'invalid_request',
      fault: { kind: 'ims-error', error: 'invalid_request', description: 'scope is malformed' },
      expected: { code: 'invalid_request', status: 400, retryable: false },
      hint: 'the parameters this grant type requires are present',
    },
    {
      name: 'unauthorized_client',
      fault: { kind: 'ims-error', error: 'unauthorized_client' },
      expected: { code: 'unauthorized_client', status: 400, retryable: false },
      hint: 'client_credentials needs an OAuth Server-to-Server credential',
    },
  ] as const)('$name becomes a typed ImsError with what to do', async ({ fault, expected, hint }) => {
    const { client, mock } = emulator({ retries: 0 });
    mock.faults.add({
      match: { host: 'ims', path: '/ims/token/v3' },
      fault,
      times: Number.POSITIVE_INFINITY,
    });

    const error = await rejectionOf(client.GET('/v4/me'));

    expect(error).toBeInstanceOf(ImsError);
    expect(error).toMatchObject(expected);
    expect((error as ImsError).message).toContain(hint);
  });

  it('a token request that outlasts timeoutMs is a retryable ImsError timeout', async () => {
    const { client, mock } = emulator(
      { timeoutMs: 50, retries: 0 },
      // The emulator's delay never ends; the auth's timeout must end the request.
      { sleep: () => new Promise<void>(() => {}) },
    );
    mock.faults.add({ match: { host: 'ims' }, fault: { kind: 'delay', ms: 60_000 } });

    const error = await rejectionOf(client.GET('/v4/me'));

    expect(error).toBeInstanceOf(ImsError);
    expect(error).toMatchObject({ code: 'timeout', status: 0, retryable: true });
    expect((error as ImsError).message).toContain('timed out after 50 ms');
  });

  it('uses the clock it is given: the token expiry is measured on the injected now()', async () => {
    const { auth } = emulator();
    const token = await auth.getToken();
    expect(token.expiresAt).toBe(START + TOKEN_TTL_MS);
  });
});

import { useMswServer } from '@frameio-v4/test-support/msw';
import { delay, HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  AuthError,
  accessTokenFromResponse,
  type ImsClient,
  ImsError,
  imsEndpoints,
  ReauthenticationRequiredError,
  type RequestImsTokenOptions,
  requestImsToken,
  revokeImsToken,
} from '../src/index.js';
import { imsErrorResponse, imsTokenEndpoint, REVOKE_URL, tokenResponse } from './support.js';

const server = useMswServer();

const S2S_CLIENT: ImsClient = {
  clientId: 'client-s2s',
  clientSecret: 'p8e-secret',
  authMethod: 'client_secret_post',
};
const S2S_SCOPES = 'openid,AdobeID,frame.s2s.all';

/** Records retry waits instead of sleeping, so retry tests run instantly. */
function recordedSleep(): { delays: number[]; sleep: (ms: number) => Promise<void> } {
  const delays: number[] = [];
  return { delays, sleep: async (ms) => void delays.push(ms) };
}

function s2sRequest(overrides: Partial<RequestImsTokenOptions> = {}): Promise<unknown> {
  return requestImsToken({
    grantType: 'client_credentials',
    client: S2S_CLIENT,
    scopes: S2S_SCOPES,
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<ImsError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the IMS request to fail');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ImsError);
  return error as ImsError;
}

describe('IMS endpoints', () => {
  it('builds absolute endpoint URLs, keeping a base path and dropping a trailing slash', () => {
    expect(imsEndpoints()).toEqual({
      authorize: 'https://ims-na1.adobelogin.com/ims/authorize/v2',
      token: 'https://ims-na1.adobelogin.com/ims/token/v3',
      revoke: 'https://ims-na1.adobelogin.com/ims/revoke',
    });
    expect(imsEndpoints('http://localhost:8080/proxy/').token).toBe(
      'http://localhost:8080/proxy/ims/token/v3',
    );
    expect(() => imsEndpoints('ims-na1.adobelogin.com')).toThrow(/absolute http\(s\) URL/);
  });
});

describe('requestImsToken request shape', () => {
  it('client_secret_post sends a form body with client credentials, grant type and space-separated scopes', async () => {
    const ims = imsTokenEndpoint(tokenResponse('access-1'));
    server.use(ims.handler);

    const response = await s2sRequest();

    expect(response).toMatchObject({ access_token: 'access-1', expires_in: 86399 });
    const [request] = ims.requests;
    expect(request?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(request?.headers.get('authorization')).toBeNull();
    expect(Object.fromEntries(request?.form ?? [])).toEqual({
      grant_type: 'client_credentials',
      client_id: 'client-s2s',
      client_secret: 'p8e-secret',
      scope: 'openid AdobeID frame.s2s.all',
    });
  });

  it('client_secret_basic form-encodes id and secret in the Basic header (RFC 6749 §2.3.1), not in the body', async () => {
    const ims = imsTokenEndpoint(tokenResponse('access-2'));
    server.use(ims.handler);
    const clientId = 'web app:1';
    const clientSecret = 'p8e-a+b/c=d%e ~é:!';

    await requestImsToken({
      grantType: 'authorization_code',
      client: { clientId, clientSecret, authMethod: 'client_secret_basic' },
      params: { code: 'auth-code', redirect_uri: 'https://app.example/callback', code_verifier: undefined },
    });

    const [request] = ims.requests;
    const header = request?.headers.get('authorization') ?? '';
    expect(header).toMatch(/^Basic [A-Za-z0-9+/]+=*$/);
    const decoded = atob(header.slice('Basic '.length));
    expect(decoded).toBe('web+app%3A1:p8e-a%2Bb%2Fc%3Dd%25e+~%C3%A9%3A%21');
    const [encodedId = '', encodedSecret = ''] = decoded.split(':');
    const formDecode = (value: string): string => decodeURIComponent(value.replace(/\+/g, ' '));
    expect([formDecode(encodedId), formDecode(encodedSecret)]).toEqual([clientId, clientSecret]);
    expect(Object.fromEntries(request?.form ?? [])).toEqual({
      grant_type: 'authorization_code',
      code: 'auth-code',
      redirect_uri: 'https://app.example/callback',
    });
  });

  it('a public client (none) sends only client_id and no Authorization header', async () => {
    const ims = imsTokenEndpoint(tokenResponse('access-3'));
    server.use(ims.handler);

    await requestImsToken({
      grantType: 'refresh_token',
      client: { clientId: 'spa-client', authMethod: 'none' },
      params: { refresh_token: 'refresh-1' },
    });

    const [request] = ims.requests;
    expect(request?.headers.get('authorization')).toBeNull();
    expect(Object.fromEntries(request?.form ?? [])).toEqual({
      grant_type: 'refresh_token',
      client_id: 'spa-client',
      refresh_token: 'refresh-1',
    });
  });

  it('refuses a confidential auth method without a secret before sending anything', async () => {
    const error = await requestImsToken({
      grantType: 'client_credentials',
      client: { clientId: 'c', authMethod: 'client_secret_basic' },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'invalid_options' });
    expect((error as Error).message).toMatch(/needs client.clientSecret/);
  });

  it('refuses a retry count or timeout that would never end before sending anything', async () => {
    await expect(s2sRequest({ retries: Number.NaN })).rejects.toMatchObject({ code: 'invalid_options' });
    await expect(s2sRequest({ timeoutMs: 0 })).rejects.toMatchObject({ code: 'invalid_options' });
  });

  it('turns the response into an AccessToken with expiresAt from the local clock', () => {
    expect(accessTokenFromResponse({ access_token: 'a', expires_in: 86399 }, 1_000)).toEqual({
      token: 'a',
      expiresAt: 1_000 + 86_399_000,
    });
    expect(accessTokenFromResponse({ access_token: 'a' }, 1_000)).toEqual({ token: 'a' });
  });
});

describe('requestImsToken errors', () => {
  it.each([
    {
      error: 'invalid_client',
      hint: /client ID and client secret of the credential in the Adobe Developer Console/,
    },
    {
      error: 'invalid_scope',
      hint: /Scopes sent: "openid AdobeID frame\.s2s\.all"\..*Frame\.io API must be added.*must not request "frame\.s2s\.all"/,
    },
    { error: 'invalid_request', hint: /redirect_uri matches the credential's Redirect URI pattern/ },
    { error: 'unauthorized_client', hint: /may not use grant_type "client_credentials"/ },
  ])('$error → ImsError with the fields and what to do', async ({ error, hint }) => {
    const ims = imsTokenEndpoint(imsErrorResponse(400, error, `IMS says ${error}`));
    server.use(ims.handler);

    const caught = await failure(s2sRequest());

    expect(caught).not.toBeInstanceOf(ReauthenticationRequiredError);
    expect(caught).toMatchObject({
      code: error,
      error,
      errorDescription: `IMS says ${error}`,
      status: 400,
      retryable: false,
      attempts: 1,
      endpoint: 'https://ims-na1.adobelogin.com/ims/token/v3',
    });
    expect(caught.message).toContain(
      `token request (grant_type=client_credentials) to https://ims-na1.adobelogin.com/ims/token/v3 failed (HTTP 400, error "${error}")`,
    );
    expect(caught.message).toMatch(hint);
    expect(ims.requests).toHaveLength(1);
  });

  it('invalid_grant → ReauthenticationRequiredError, never retried', async () => {
    const ims = imsTokenEndpoint(imsErrorResponse(400, 'invalid_grant', 'refresh token expired'));
    server.use(ims.handler);

    const caught = await failure(
      requestImsToken({
        grantType: 'refresh_token',
        client: { clientId: 'web', clientSecret: 's', authMethod: 'client_secret_basic' },
        params: { refresh_token: 'old-refresh' },
        retries: 5,
      }),
    );

    expect(caught).toBeInstanceOf(ReauthenticationRequiredError);
    expect(caught).toMatchObject({
      name: 'ReauthenticationRequiredError',
      error: 'invalid_grant',
      retryable: false,
    });
    expect(caught.message).toMatch(/The user must sign in again/);
    expect(ims.requests).toHaveLength(1);
  });

  it('a non-JSON error body → invalid_response with the status, not retried', async () => {
    const ims = imsTokenEndpoint(
      () =>
        new HttpResponse('<html><title>Bad request</title></html>', {
          status: 400,
          headers: { 'content-type': 'text/html' },
        }),
    );
    server.use(ims.handler);

    const caught = await failure(s2sRequest());

    expect(caught).toMatchObject({ error: 'invalid_response', status: 400, retryable: false });
    expect(caught.errorDescription).toContain(
      'unexpected text/html body: <html><title>Bad request</title></html>',
    );
    expect(caught.message).toMatch(/Check that imsBaseUrl points to Adobe IMS/);
    expect(ims.requests).toHaveLength(1);
  });

  it('a 200 without access_token → invalid_response naming the fields, not their values', async () => {
    const ims = imsTokenEndpoint(() => HttpResponse.json({ refresh_token: 'leaky-refresh', expires_in: 10 }));
    server.use(ims.handler);

    const caught = await failure(s2sRequest());

    expect(caught).toMatchObject({ error: 'invalid_response', status: 200, retryable: false });
    expect(caught.message).toContain('no access_token (fields: refresh_token, expires_in)');
    expect(caught.message).not.toContain('leaky-refresh');
  });

  it('retries 5xx with capped exponential backoff and full jitter, then succeeds', async () => {
    const ims = imsTokenEndpoint(
      () => new HttpResponse('upstream error', { status: 503 }),
      imsErrorResponse(502, 'server_error'),
      tokenResponse('after-retries'),
    );
    server.use(ims.handler);
    const { delays, sleep } = recordedSleep();

    const response = await s2sRequest({ sleep });

    expect(response).toMatchObject({ access_token: 'after-retries' });
    expect(ims.requests).toHaveLength(3);
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThanOrEqual(0);
    expect(delays[0]).toBeLessThanOrEqual(250);
    expect(delays[1]).toBeLessThanOrEqual(500);
  });

  it('5xx on every attempt → a retryable ImsError that counts the attempts', async () => {
    const ims = imsTokenEndpoint(imsErrorResponse(500, 'server_error', 'try later'));
    server.use(ims.handler);
    const { sleep } = recordedSleep();

    const caught = await failure(s2sRequest({ sleep, retries: 2 }));

    expect(caught).toMatchObject({ error: 'server_error', status: 500, retryable: true, attempts: 3 });
    expect(caught.message).toMatch(
      /failed after 3 attempts .*Adobe IMS is unavailable or unreachable \(tried 3 times\)/,
    );
    expect(ims.requests).toHaveLength(3);
  });

  it('waits as long as Retry-After asks on 429, and gives up at once when it asks too much', async () => {
    const ims = imsTokenEndpoint(
      () =>
        HttpResponse.json({ error: 'too_many_requests' }, { status: 429, headers: { 'retry-after': '2' } }),
      tokenResponse('after-429'),
    );
    server.use(ims.handler);
    const { delays, sleep } = recordedSleep();
    await s2sRequest({ sleep });
    expect(delays).toEqual([2000]);

    server.use(
      imsTokenEndpoint(() =>
        HttpResponse.json({ error: 'too_many_requests' }, { status: 429, headers: { 'retry-after': '120' } }),
      ).handler,
    );
    const caught = await failure(s2sRequest({ sleep }));
    expect(caught).toMatchObject({ status: 429, retryable: true, attempts: 1, retryAfterMs: 120_000 });
    expect(caught.message).toMatch(/Adobe IMS is throttling this client/);
  });

  it('retries a network error and reports network_error with status 0', async () => {
    const ims = imsTokenEndpoint(() => HttpResponse.error());
    server.use(ims.handler);
    const { sleep } = recordedSleep();

    const caught = await failure(s2sRequest({ sleep, retries: 1 }));

    expect(caught).toMatchObject({ error: 'network_error', status: 0, retryable: true, attempts: 2 });
    expect(caught.message).toMatch(
      /network error, no HTTP response.*check that this machine can reach https:\/\/ims-na1\.adobelogin\.com/,
    );
    expect(ims.requests).toHaveLength(2);
  });

  it('times out a request that never answers → timeout with status 0', async () => {
    const ims = imsTokenEndpoint(async () => {
      await delay('infinite');
      return HttpResponse.json({});
    });
    server.use(ims.handler);

    const caught = await failure(s2sRequest({ timeoutMs: 50, retries: 0 }));

    expect(caught).toMatchObject({ error: 'timeout', status: 0, retryable: true, attempts: 1 });
    expect(caught.message).toContain('timed out after 50 ms');
  });

  it("the caller's signal aborts a wait between retries with its own reason", async () => {
    const controller = new AbortController();
    const reason = new Error('shutting down');
    const ims = imsTokenEndpoint(() => {
      // Abort once this response is on its way, i.e. during the 10 s Retry-After wait.
      setTimeout(() => controller.abort(reason), 20);
      return HttpResponse.json({ error: 'server_error' }, { status: 503, headers: { 'retry-after': '10' } });
    });
    server.use(ims.handler);

    await expect(s2sRequest({ signal: controller.signal })).rejects.toBe(reason);
    expect(ims.requests).toHaveLength(1);
  });
});

describe('Retry-After (RFC 9110 §10.2.3)', () => {
  const NOW = Date.UTC(1994, 10, 6, 8, 49, 0);

  async function retryAfterOf(value: string, now = NOW): Promise<number | undefined> {
    server.use(
      imsTokenEndpoint(() =>
        HttpResponse.json({ error: 'too_many_requests' }, { status: 429, headers: { 'retry-after': value } }),
      ).handler,
    );
    return (await failure(s2sRequest({ retries: 0, now: () => now }))).retryAfterMs;
  }

  it.each([
    ['delta-seconds', '37', NOW, 37_000],
    ['an IMF-fixdate', 'Sun, 06 Nov 1994 08:49:37 GMT', NOW, 37_000],
    ['an RFC 850 date', 'Sunday, 06-Nov-94 08:49:37 GMT', NOW, 37_000],
    ['an asctime date', 'Sun Nov  6 08:49:37 1994', NOW, 37_000],
    ['a date in the past (no wait)', 'Sun, 06 Nov 1994 08:48:00 GMT', NOW, 0],
    // A two-digit year more than 50 years ahead is in the past century (RFC 9110 §5.6.7).
    ['an RFC 850 date of this century', 'Tuesday, 01-Jan-30 00:00:10 GMT', Date.UTC(2030, 0, 1), 10_000],
    ['an RFC 850 date of the last century', 'Friday, 01-Jan-99 00:00:10 GMT', Date.UTC(2030, 0, 1), 0],
  ])('reads %s', async (_form, value, now, expected) => {
    expect(await retryAfterOf(value, now)).toBe(expected);
  });

  it.each([
    ['a decimal (Date.parse reads it as a 2001 date)', '1.5'],
    ['a negative number', '-3'],
    ['an ISO 8601 timestamp', '1994-11-06T08:49:37Z'],
    ['an IMF-fixdate without GMT', 'Sun, 06 Nov 1994 08:49:37'],
    ['an impossible date', 'Thu, 31 Feb 1994 08:49:37 GMT'],
    ['words', 'in a minute'],
  ])('ignores %s', async (_what, value) => {
    expect(await retryAfterOf(value)).toBeUndefined();
  });
});

describe('authorization_code exchange (a code works once, RFC 6749 §4.1.2)', () => {
  const WEB_CLIENT: ImsClient = {
    clientId: 'web',
    clientSecret: 'web-secret',
    authMethod: 'client_secret_basic',
  };

  function exchange(overrides: Partial<RequestImsTokenOptions> = {}): Promise<unknown> {
    return requestImsToken({
      grantType: 'authorization_code',
      client: WEB_CLIENT,
      params: { code: 'the-code-0123456789', redirect_uri: 'https://app.example/callback' },
      retries: 2,
      ...overrides,
    });
  }

  it.each([
    [
      'a 5xx',
      () => imsErrorResponse(503, 'server_error', 'upstream down')(),
      { status: 503, error: 'server_error' },
    ],
    ['a network error', () => HttpResponse.error(), { status: 0, error: 'network_error' }],
  ])(
    '%s is not retried: a retryable ImsError says to start the sign-in again',
    async (_what, respond, fields) => {
      const ims = imsTokenEndpoint(respond, tokenResponse('never-sent'));
      server.use(ims.handler);
      const { delays, sleep } = recordedSleep();

      const caught = await failure(exchange({ sleep }));

      expect(caught).not.toBeInstanceOf(ReauthenticationRequiredError);
      expect(caught).toMatchObject({
        ...fields,
        retryable: true,
        attempts: 1,
        grantType: 'authorization_code',
      });
      expect(caught.message).toMatch(/single-use.*start the sign-in again/);
      expect(caught.message).toMatch(/https:\/\/status\.adobe\.com/);
      expect(caught.message).not.toContain('the-code-0123456789');
      expect(ims.requests).toHaveLength(1);
      expect(delays).toEqual([]);
    },
  );

  it('a timeout is not retried', async () => {
    const ims = imsTokenEndpoint(async () => {
      await delay('infinite');
      return HttpResponse.json({});
    });
    server.use(ims.handler);

    const caught = await failure(exchange({ timeoutMs: 50 }));

    expect(caught).toMatchObject({ error: 'timeout', status: 0, retryable: true, attempts: 1 });
    expect(caught.message).toMatch(/timed out after 50 ms.*start the sign-in again/);
    expect(ims.requests).toHaveLength(1);
  });

  it('a 429 with Retry-After (refused unprocessed) is retried as asked', async () => {
    const ims = imsTokenEndpoint(
      () =>
        HttpResponse.json({ error: 'too_many_requests' }, { status: 429, headers: { 'retry-after': '2' } }),
      tokenResponse('after-429'),
    );
    server.use(ims.handler);
    const { delays, sleep } = recordedSleep();

    expect(await exchange({ sleep })).toMatchObject({ access_token: 'after-429' });
    expect(delays).toEqual([2000]);
    expect(ims.requests.map(({ form }) => form.get('code'))).toEqual([
      'the-code-0123456789',
      'the-code-0123456789',
    ]);
  });

  it('a 429 without Retry-After is not retried and keeps the throttling advice', async () => {
    const ims = imsTokenEndpoint(imsErrorResponse(429, 'too_many_requests'), tokenResponse('never-sent'));
    server.use(ims.handler);

    const caught = await failure(exchange({ sleep: recordedSleep().sleep }));

    expect(caught).toMatchObject({ status: 429, retryable: true, attempts: 1 });
    expect(caught.message).toMatch(/Adobe IMS is throttling this client/);
    expect(ims.requests).toHaveLength(1);
  });

  it('the refresh_token grant is still retried', async () => {
    const ims = imsTokenEndpoint(imsErrorResponse(503, 'server_error'), tokenResponse('renewed'));
    server.use(ims.handler);

    const response = await requestImsToken({
      grantType: 'refresh_token',
      client: WEB_CLIENT,
      params: { refresh_token: 'refresh-0123456789' },
      sleep: recordedSleep().sleep,
    });

    expect(response).toMatchObject({ access_token: 'renewed' });
    expect(ims.requests).toHaveLength(2);
  });
});

describe('revokeImsToken', () => {
  it('posts the token and hint with client authentication and accepts IMS’s empty 200', async () => {
    const forms: URLSearchParams[] = [];
    const authorizations: (string | null)[] = [];
    server.use(
      http.post(REVOKE_URL, async ({ request }) => {
        forms.push(new URLSearchParams(await request.text()));
        authorizations.push(request.headers.get('authorization'));
        return new HttpResponse(null, { status: 200 });
      }),
    );

    await revokeImsToken({
      token: 'refresh-to-revoke',
      tokenTypeHint: 'refresh_token',
      client: { clientId: 'web', clientSecret: 'shh', authMethod: 'client_secret_basic' },
    });

    expect(Object.fromEntries(forms[0] ?? [])).toEqual({
      token: 'refresh-to-revoke',
      token_type_hint: 'refresh_token',
    });
    expect(authorizations[0]).toBe(`Basic ${btoa('web:shh')}`);
  });

  it('reports a refusal as an ImsError about the revocation', async () => {
    server.use(http.post(REVOKE_URL, () => HttpResponse.json({ error: 'invalid_client' }, { status: 401 })));

    const caught = await failure(
      revokeImsToken({ token: 't', client: { clientId: 'spa', authMethod: 'none' } }),
    );

    expect(caught).toMatchObject({ error: 'invalid_client', status: 401, endpoint: REVOKE_URL });
    expect(caught.message).toMatch(
      /^Adobe IMS token revocation to https:\/\/ims-na1\.adobelogin\.com\/ims\/revoke failed/,
    );
  });
});

describe('errors for a local reason', () => {
  it('ReauthenticationRequiredError.local: the message as given, status 0, never retryable', () => {
    const error = ReauthenticationRequiredError.local(
      'not_signed_in',
      'Nobody is signed in. Sign the user in.',
      'https://ims-na1.adobelogin.com/ims/token/v3',
    );

    expect(error).toBeInstanceOf(ImsError);
    expect(error).toMatchObject({
      name: 'ReauthenticationRequiredError',
      code: 'not_signed_in',
      error: 'not_signed_in',
      status: 0,
      retryable: false,
      endpoint: 'https://ims-na1.adobelogin.com/ims/token/v3',
      message: 'Nobody is signed in. Sign the user in.',
    });
    expect(error.stack?.split('\n')[0]).toBe(
      'ReauthenticationRequiredError: Nobody is signed in. Sign the user in.',
    );
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      message: 'Nobody is signed in. Sign the user in.',
    });
  });

  it('ImsErrorInit.message replaces the generated wording and is scrubbed of the secrets like it', () => {
    const error = new ImsError({
      error: 'access_denied',
      status: 302,
      endpoint: 'https://ims-na1.adobelogin.com/ims/authorize/v2',
      message: 'The user declined (code the-code-0123456789). Offer to sign in again.',
      secrets: ['the-code-0123456789'],
    });

    expect(error.message).toBe('The user declined (code [redacted]). Offer to sign in again.');
    expect(error.retryable).toBe(false);
  });
});

import { describe, expect, test } from 'vitest';
import { type FrameioMock, seededRandom } from '../src/index.js';
import { basic, getMe, postForm, useMsw, webAppTokens } from './support.js';

const { startMock } = useMsw();

function s2sToken(mock: FrameioMock) {
  const { clientId, clientSecret } = mock.credentials.serverToServer;
  return postForm(mock.imsBaseUrl, {
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
    scope: 'openid',
  });
}

function refresh(mock: FrameioMock, refreshToken: string) {
  const { clientId, clientSecret } = mock.credentials.webApp;
  return postForm(
    mock.imsBaseUrl,
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    { authorization: basic(clientId, clientSecret) },
  );
}

describe('fault injection', () => {
  test('status: a 503 with Retry-After on one grant type, once by default, IMS-shaped', async () => {
    const mock = startMock();
    const tokens = await webAppTokens(mock);
    const rule = mock.faults.add({
      match: { host: 'ims', path: '/ims/token/v3', grantType: 'refresh_token' },
      fault: { kind: 'status', status: 503, retryAfter: 2 },
    });

    expect((await s2sToken(mock)).status).toBe(200); // other grant types are untouched
    const failed = await refresh(mock, tokens.body.refresh_token);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('2');
    expect(failed.body.error).toBe('temporarily_unavailable');
    // The faulted request never reached the emulator, so the refresh token was not rotated.
    expect((await refresh(mock, tokens.body.refresh_token)).status).toBe(200);
    expect(rule.hits).toBe(1);
    expect(rule.remaining).toBe(0);
    expect(mock.state.tokenRequests.refresh_token).toBe(2);
  });

  test('status on the API: 429 with the V4 body, Retry-After and no remaining budget', async () => {
    const mock = startMock();
    const token = await mock.issueAccessToken({
      clientId: mock.credentials.webApp.clientId,
      scopes: 'openid',
    });
    mock.faults.add({
      match: { host: 'api', method: 'GET', path: '/v4/me' },
      fault: { kind: 'status', status: 429, retryAfter: 1 },
    });
    const response = await getMe(mock, token);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(response.headers.get('x-ratelimit-limit')).toBe('100');
    expect((await response.json()).errors[0].title).toBe('Too Many Requests');
    expect((await getMe(mock, token)).status).toBe(200);
  });

  test('status with a custom body', async () => {
    const mock = startMock();
    mock.faults.add({
      match: { path: '/v4/me' },
      fault: { kind: 'status', status: 500, body: { oops: true } },
    });
    expect(await (await getMe(mock)).json()).toEqual({ oops: true });
  });

  test('reset: the request fails with a network error, then the next one succeeds', async () => {
    const mock = startMock();
    mock.faults.add({ match: { path: '/ims/token/v3' }, fault: { kind: 'reset' } });
    await expect(s2sToken(mock)).rejects.toThrow(TypeError);
    expect((await s2sToken(mock)).status).toBe(200);
  });

  test('ims-error with times: the first N requests get the OAuth error', async () => {
    const mock = startMock();
    mock.faults.add({
      match: { grantType: 'client_credentials' },
      fault: { kind: 'ims-error', error: 'invalid_client' },
      times: 2,
    });
    const replies = [await s2sToken(mock), await s2sToken(mock), await s2sToken(mock)];
    expect(replies.map((reply) => [reply.status, reply.body.error ?? 'ok'])).toEqual([
      [401, 'invalid_client'],
      [401, 'invalid_client'],
      [200, 'ok'],
    ]);
  });

  test('ims-error with an explicit status and description', async () => {
    const mock = startMock();
    mock.faults.add({
      match: {},
      fault: { kind: 'ims-error', error: 'invalid_grant', status: 400, description: 'custom' },
    });
    const reply = await s2sToken(mock);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: 'invalid_grant', error_description: 'custom' });
  });

  test('non-json: an HTML gateway page that JSON parsing rejects', async () => {
    const mock = startMock();
    mock.faults.add({ match: { host: 'ims' }, fault: { kind: 'non-json', status: 502 } });
    const reply = await s2sToken(mock);
    expect(reply.status).toBe(502);
    expect(reply.headers.get('content-type')).toBe('text/html');
    expect(() => JSON.parse(reply.text)).toThrow(SyntaxError);
  });

  test('delay: the answer waits for the injected sleep, then is the normal one', async () => {
    const sleeps: number[] = [];
    let release: () => void = () => {};
    const sleeping = new Promise<void>((resolve) => {
      release = resolve;
    });
    let sleepStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      sleepStarted = resolve;
    });
    const mock = startMock({
      sleep: (ms) => {
        sleeps.push(ms);
        sleepStarted();
        return sleeping;
      },
    });
    mock.faults.add({ match: { path: '/ims/token/v3' }, fault: { kind: 'delay', ms: 1500 } });

    let settled = false;
    const pending = s2sToken(mock).then((reply) => {
      settled = true;
      return reply;
    });
    await started;
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    release();
    expect((await pending).status).toBe(200);
    expect(sleeps).toEqual([1500]);
  });

  test('delay composes with a later answering fault', async () => {
    const sleeps: number[] = [];
    const mock = startMock({ sleep: async (ms) => void sleeps.push(ms) });
    mock.faults.add({ match: {}, fault: { kind: 'delay', ms: 10 } });
    mock.faults.add({ match: {}, fault: { kind: 'status', status: 504 } });
    expect((await s2sToken(mock)).status).toBe(504);
    expect(sleeps).toEqual([10]);
    expect(mock.state.requests.at(-1)?.faults).toEqual(['delay', 'status']);
  });

  test('probability draws from the seeded RNG: same seed, same failures, as the RNG predicts', async () => {
    async function run(): Promise<boolean[]> {
      const mock = startMock({ random: seededRandom(42) });
      mock.faults.add({
        match: { path: '/v4/me' },
        fault: { kind: 'status', status: 500 },
        times: Infinity,
        probability: 0.5,
      });
      const failed: boolean[] = [];
      for (let index = 0; index < 20; index++) failed.push((await getMe(mock)).status === 500);
      return failed;
    }
    const first = await run();
    const second = await run();
    const rng = seededRandom(42);
    const predicted = Array.from({ length: 20 }, () => rng() < 0.5);
    expect(first).toEqual(predicted);
    expect(second).toEqual(first);
    expect(first).toContain(true);
    expect(first).toContain(false);
  });

  test('probability 0 never applies and does not use up times', async () => {
    const mock = startMock({ random: seededRandom(1) });
    const rule = mock.faults.add({ match: {}, fault: { kind: 'reset' }, probability: 0 });
    expect((await getMe(mock)).status).toBe(401);
    expect(rule.remaining).toBe(1);
  });

  test('matching by path template, RegExp and method', async () => {
    const mock = startMock();
    mock.faults.add({
      match: { path: '/v4/accounts/{account_id}/projects' },
      fault: { kind: 'status', status: 502 },
      times: Infinity,
    });
    mock.faults.add({
      match: { path: /^\/v4\/files\//, method: 'DELETE' },
      fault: { kind: 'status', status: 503 },
    });
    const api = mock.apiBaseUrl;
    expect((await fetch(`${api}/v4/accounts/a-1/projects`)).status).toBe(502);
    expect((await fetch(`${api}/v4/accounts/a-2/projects`)).status).toBe(502);
    // A longer path is another route (projects.show): it reaches the emulator, which wants a token.
    expect((await fetch(`${api}/v4/accounts/a-2/projects/p-1`)).status).toBe(401);
    expect((await fetch(`${api}/v4/files/f-1`)).status).toBe(404);
    expect((await fetch(`${api}/v4/files/f-1`, { method: 'DELETE' })).status).toBe(503);
  });

  test('remove(), clear() and mock.reset() stop rules', async () => {
    const mock = startMock();
    const rule = mock.faults.add({
      match: { path: '/v4/me' },
      fault: { kind: 'status', status: 500 },
      times: Infinity,
    });
    rule.remove();
    expect((await getMe(mock)).status).toBe(401);
    mock.faults.add({ match: { path: '/v4/me' }, fault: { kind: 'status', status: 500 }, times: Infinity });
    mock.faults.clear();
    expect((await getMe(mock)).status).toBe(401);
    mock.faults.add({ match: { path: '/v4/me' }, fault: { kind: 'status', status: 500 }, times: Infinity });
    mock.reset();
    expect(mock.faults.list()).toEqual([]);
    expect((await getMe(mock)).status).toBe(401);
    expect(mock.state.requests).toHaveLength(1);
  });

  test('invalid rules are rejected with a message saying what to pass', () => {
    const mock = startMock();
    expect(() =>
      // @ts-expect-error 404 is not an injectable status
      mock.faults.add({ match: {}, fault: { kind: 'status', status: 404 } }),
    ).toThrow(/429, 500, 502, 503 or 504/);
    expect(() => mock.faults.add({ match: {}, fault: { kind: 'reset' }, times: 0 })).toThrow(
      /positive integer/,
    );
    expect(() => mock.faults.add({ match: {}, fault: { kind: 'reset' }, probability: 2 })).toThrow(
      /between 0 and 1/,
    );
    expect(() => mock.faults.add({ match: { path: 'ims/token/v3' }, fault: { kind: 'reset' } })).toThrow(
      /start with '\/'/,
    );
    expect(() => mock.faults.add({ match: {}, fault: { kind: 'delay', ms: -1 } })).toThrow(/ms/);
  });
});
